package org.deeplowrank.ij1;

import java.io.File;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ij.ImagePlus;
import ij.gui.GenericDialog;

import org.deeplowrank.command.CommandKeys;
import org.deeplowrank.command.CommandKeys.Key;
import org.deeplowrank.command.SolverParameters;
import org.deeplowrank.keys.KeyValues;

/**
 * The ImageJ 1.x dialog of a command, built from its keys: one field per key, whose label
 * IS the key, because ImageJ's macro recorder derives the recorded key from the label
 * (its first word, lower-cased). So the recorder writes
 * {@code run("Complete Masked Image", "mask=m.tif depth=3 ...")} with exactly the keys of
 * the headless runner. The descriptions are in the dialog's Help.
 * <p>
 * Field kinds: other images -> a choice of the open images (plus {@value CommandBridge#NONE},
 * and {@value CommandBridge#SELECTION} for the mask); folders -> a directory field;
 * booleans -> a checkbox (recorded as a bare flag when set); choices -> a choice;
 * integers -> a numeric field; other numbers and text -> a text field holding the exact
 * value ("1E-7" survives the round trip, which a numeric field with fixed decimals
 * would not). The last values are remembered for the next dialog of the session (not in
 * macros, which start from the defaults so that they are reproducible).
 */
public final class KeyDialog {

	private static final Map<Class<?>, Map<String, String>> REMEMBERED = new HashMap<>();

	private KeyDialog() {}

	/** The dialog's keys in display order ({@link CommandKeys#inputsInUserOrder}), without the input image. */
	public static List<Key> keys(final Class<? extends SolverParameters> type) {
		final List<Key> keys = new ArrayList<>();
		for (final Key k : CommandKeys.inputsInUserOrder(type))
			if (!(k.name.equals(CommandBridge.IMAGE_KEY) && k.isImage())) keys.add(k);
		return keys;
	}

	/**
	 * Shows the dialog; returns the key values as text, or null if the user cancelled.
	 *
	 * @param input the input image (for the selection choice), or null
	 */
	public static Map<String, String> show(final Class<? extends SolverParameters> type, final String label,
		final ImagePlus input, final CommandBridge.Images images)
	{
		final Map<String, String> last = REMEMBERED.getOrDefault(type, Map.of());
		final GenericDialog gd = new GenericDialog(label);
		final List<Key> keys = keys(type);
		if (input != null) gd.addMessage("Image: " + input.getTitle());
		for (final Key k : keys) {
			final String dflt = last.containsKey(k.name) ? last.get(k.name) : text(k.defaultValue);
			if (k.isImage()) {
				final List<String> choices = imageChoices(k, input, images);
				String d = last.getOrDefault(k.name, "");
				if (!choices.contains(d)) d = choices.get(0);
				if (k.name.equals(CommandBridge.MASK_KEY) && choices.contains(CommandBridge.SELECTION) && !last.containsKey(
					k.name)) d = CommandBridge.SELECTION;
				gd.addChoice(k.name, choices.toArray(new String[0]), d);
			}
			else if (k.isFile()) {
				if (k.isDirectory()) gd.addDirectoryField(k.name, dflt);
				else gd.addFileField(k.name, dflt);
			}
			else if (k.isBoolean()) gd.addCheckbox(k.name, Boolean.parseBoolean(dflt));
			else if (!k.choices.isEmpty()) gd.addChoice(k.name, k.choices.toArray(new String[0]), k.choices.contains(dflt)
				? dflt : k.choices.get(0));
			else if (k.type() == int.class || k.type() == Integer.class) {
				gd.addNumericField(k.name, Double.parseDouble(dflt), 0);
			}
			else gd.addStringField(k.name, dflt, 12);
		}
		gd.addHelp(help(label, keys));
		gd.showDialog();
		if (gd.wasCanceled()) return null;
		final Map<String, String> values = new LinkedHashMap<>();
		for (final Key k : keys) {
			final String v;
			if (k.isImage()) v = gd.getNextChoice();
			else if (k.isFile()) v = gd.getNextString();
			else if (k.isBoolean()) v = Boolean.toString(gd.getNextBoolean());
			else if (!k.choices.isEmpty()) v = gd.getNextChoice();
			else if (k.type() == int.class || k.type() == Integer.class) {
				final double d = gd.getNextNumber();
				v = Double.isNaN(d) ? "?" : d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
			}
			else v = gd.getNextString();
			values.put(k.name, v);
		}
		REMEMBERED.put(type, new HashMap<>(values));
		return values;
	}

	private static List<String> imageChoices(final Key k, final ImagePlus input, final CommandBridge.Images images) {
		final List<String> choices = new ArrayList<>();
		choices.add(CommandBridge.NONE);
		if (k.name.equals(CommandBridge.MASK_KEY) && input != null && SelectionMask.of(input) != null) {
			choices.add(CommandBridge.SELECTION);
		}
		for (final String t : images.titles())
			if (input == null || !t.equals(input.getTitle())) choices.add(t);
		return choices;
	}

	/** A default value as dialog text. */
	static String text(final Object v) {
		if (v == null) return "";
		if (v instanceof File) return ((File) v).getPath();
		return KeyValues.format(v);
	}

	/** The dialog's Help: every key with its description, as HTML. */
	static String help(final String label, final List<Key> keys) {
		final StringBuilder sb = new StringBuilder("<html><h2>").append(escape(label)).append("</h2>");
		sb.append("<p>Each field's name is its macro and headless-runner key.</p><table>");
		for (final Key k : keys) {
			sb.append("<tr><td valign='top'><b>").append(escape(k.name)).append("</b></td><td>").append(escape(k.label))
				.append(": ").append(escape(k.description)).append("</td></tr>");
		}
		return sb.append("</table></html>").toString();
	}

	private static String escape(final String s) {
		return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
	}
}
