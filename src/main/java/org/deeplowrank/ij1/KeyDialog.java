package org.deeplowrank.ij1;

import java.awt.Checkbox;
import java.awt.Choice;
import java.awt.GridBagConstraints;
import java.awt.GridBagLayout;
import java.awt.Insets;
import java.awt.Panel;
import java.io.File;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import ij.ImagePlus;
import ij.gui.GenericDialog;
import ij.plugin.frame.Recorder;

import org.deeplowrank.command.CommandKeys;
import org.deeplowrank.command.CommandKeys.Key;
import org.deeplowrank.command.SolverParameters;
import org.deeplowrank.ij1.DialogLayout.Entry;
import org.deeplowrank.ij1.DialogLayout.MethodChoice;
import org.deeplowrank.ij1.DialogLayout.Section;
import org.deeplowrank.ij1.DialogLayout.Solver;
import org.deeplowrank.ij1.FieldPanel.HintLabel;
import org.deeplowrank.keys.KeyValues;

/**
 * The ImageJ 1.x dialogs of a command: a short main dialog (the images, the method in
 * plain words, a quality / speed preset, the result options) and, when asked for, a second
 * one with the other keys that matter for the chosen method, under headings, each field
 * with a plain label and a one-line hint ({@link DialogLayout}).
 * <p>
 * <b>Keys.</b> What the dialogs return, and what the macro recorder gets, are the
 * command's keys, exactly those of macros and of the headless runner: the input image,
 * then every key whose value differs from its default (in the order of
 * {@link CommandKeys#inputsInUserOrder}), numbers as typed, a set checkbox as a bare flag
 * ({@code keep_type}), a cleared one whose default is set as {@code key=false}. The labels
 * are for people only: the fields are read directly, never through GenericDialog's
 * recording getters, and recorded with {@link Recorder#recordOption} under their keys. The
 * run then parses exactly the recorded string ({@link #optionsString}), so a recorded line
 * replays the run it records, in ImageJ and in the runner.
 * <p>
 * The last values are remembered for the next dialog of the session (not in macros, which
 * never show these dialogs: they start from the defaults so that they are reproducible).
 */
public final class KeyDialog {

	/** Ids of the fields that are not keys. */
	static final String METHOD_ID = "*method", QUALITY_ID = "*quality", ADVANCED_ID = "*advanced";

	/** The quality entry for values set by hand in the advanced dialog. */
	static final String CUSTOM = "Custom (as in the advanced options)";

	/** A main dialog must stay short: at most this many fields. */
	static final int MAX_MAIN_FIELDS = 12;

	/** Above this many fields and headings the advanced dialog has two columns, so that it fits a laptop screen. */
	static final int ONE_COLUMN_ROWS = 12;

	private static final Map<Class<?>, Map<String, String>> REMEMBERED = new HashMap<>();

	private KeyDialog() {}

	/** The keys a dialog can set besides the input image, in display order ({@link CommandKeys#inputsInUserOrder}). */
	public static List<Key> keys(final Class<? extends SolverParameters> type) {
		final List<Key> keys = new ArrayList<>();
		for (final Key k : CommandKeys.inputsInUserOrder(type))
			if (!isInputImage(k)) keys.add(k);
		return keys;
	}

	private static boolean isInputImage(final Key k) {
		return k.name.equals(CommandBridge.IMAGE_KEY) && k.isImage();
	}

	/**
	 * Shows the dialogs; returns the options, key -> value text (the input image and the
	 * keys that differ from their defaults), or null if the user cancelled.
	 *
	 * @param input the active image (the default image, and the one whose selection may be
	 *          the mask), or null
	 * @throws IllegalArgumentException for a value that is not valid for its key (the
	 *           runner's message)
	 */
	public static Map<String, String> show(final Class<? extends SolverParameters> type, final String label,
		final ImagePlus input, final CommandBridge.Images images)
	{
		final Form form = new Form(type, REMEMBERED.get(type));
		if (!form.showMain(label, input, images)) return null;
		if (form.advanced && !form.showAdvanced(label)) return null;
		final Map<String, String> options = form.options();
		REMEMBERED.put(type, new HashMap<>(form.values));
		return options;
	}

	/** The values and the layout of one dialog session. */
	static final class Form {

		final Class<? extends SolverParameters> type;
		final List<Key> keys;
		final Map<String, Key> byName = new LinkedHashMap<>();
		/** The defaults as text, by key. */
		final Map<String, String> defaults = new LinkedHashMap<>();
		/** The current values as text, by key (every key). */
		final Map<String, String> values = new LinkedHashMap<>();
		final boolean hasMethod, hasLifting;
		boolean advanced;

		Form(final Class<? extends SolverParameters> type, final Map<String, String> remembered) {
			this.type = type;
			this.keys = CommandKeys.inputsInUserOrder(type);
			for (final Key k : keys) {
				byName.put(k.name, k);
				defaults.put(k.name, k.isImage() ? CommandBridge.NONE : text(k.defaultValue));
			}
			values.putAll(defaults);
			if (remembered != null) values.putAll(remembered);
			hasMethod = byName.containsKey(DialogLayout.METHOD_KEY) && !Solver.of(type, "gd").isGreedy();
			hasLifting = byName.containsKey(DialogLayout.LIFTING_KEY);
		}

		Solver solver() {
			return Solver.of(type, values.get(DialogLayout.METHOD_KEY), lifting());
		}

		/** The value of the key lifting ("none" for commands without it). */
		String lifting() {
			return values.getOrDefault(DialogLayout.LIFTING_KEY, "none").trim();
		}

		/** The keys of the main dialog's sections, in order. */
		List<Key> mainKeys(final Section section) {
			final List<Key> k = new ArrayList<>();
			for (final Key key : keys)
				if (!DialogLayout.isMethodKey(key.name) && DialogLayout.entry(key, solver()).section == section) k.add(key);
			return k;
		}

		/** The keys of the advanced dialog for the current method, by section. */
		Map<Section, List<Key>> advancedKeys() {
			final Map<Section, List<Key>> bySection = new EnumMap<>(Section.class);
			final Solver solver = solver();
			for (final Key key : keys) {
				if (DialogLayout.isMethodKey(key.name)) continue;
				final Entry e = DialogLayout.entry(key, solver);
				if (e.section.isMain() || !e.appliesTo(solver, lifting())) continue;
				bySection.computeIfAbsent(e.section, s -> new ArrayList<>()).add(key);
			}
			return bySection;
		}

		/** How many fields the main dialog has: its keys, the method and quality choices, the advanced checkbox. */
		int mainFields() {
			return mainKeys(Section.IMAGES).size() + mainKeys(Section.MAIN_METHOD).size() + mainKeys(Section.RESULT)
				.size() + (methods().isEmpty() ? 0 : 1) + 2;
		}

		List<MethodChoice> methods() {
			if (!hasMethod && !hasLifting) return List.of();
			return MethodChoice.offered(hasMethod, hasLifting, defaults.getOrDefault(DialogLayout.METHOD_KEY, "gd"));
		}

		MethodChoice method() {
			return MethodChoice.of(values.getOrDefault(DialogLayout.METHOD_KEY, "gd"), values.getOrDefault(
				DialogLayout.LIFTING_KEY, "none"));
		}

		/** The main dialog; false if cancelled. */
		boolean showMain(final String label, final ImagePlus input, final CommandBridge.Images images) {
			if (mainFields() > MAX_MAIN_FIELDS) throw new IllegalStateException(label + ": " + mainFields() +
				" fields in the main dialog");
			final GenericDialog gd = new GenericDialog(label);
			final FieldPanel p = new FieldPanel(gd);
			final List<String> titles = images.titles();
			final List<Key> imageKeys = mainKeys(Section.IMAGES);
			if (!imageKeys.isEmpty()) p.addHeading(Section.IMAGES.heading);
			for (final Key k : imageKeys) {
				addMainField(p, k, input, titles, images);
			}
			final List<Key> methodKeys = mainKeys(Section.MAIN_METHOD);
			final List<MethodChoice> methods = methods();
			final List<String> presets = presets();
			p.addHeading(Section.MAIN_METHOD.heading);
			if (!methods.isEmpty()) {
				final List<String> labels = new ArrayList<>();
				for (final MethodChoice m : methods)
					labels.add(m.label);
				final MethodChoice current = method() != null && methods.contains(method()) ? method() : methods.get(0);
				final Choice ch = p.addChoice(METHOD_ID, "Method", labels, current.label, current.hint);
				final HintLabel hint = (HintLabel) p.hint(METHOD_ID);
				final List<String> hints = new ArrayList<>();
				for (final MethodChoice m : methods)
					hints.add(m.hint);
				hint.reserve(hints);
				ch.addItemListener(e -> {
					final MethodChoice m = methods.get(ch.getSelectedIndex());
					hint.setText(m.hint);
					applyMethod(m);
					describeQuality(p);
				});
			}
			for (final Key k : methodKeys) {
				addMainField(p, k, input, titles, images);
			}
			final QualityPreset matching = QualityPreset.matching(solver(), values, defaults);
			p.addChoice(QUALITY_ID, "Quality / speed", presets, matching == null ? CUSTOM : matching.label, "");
			reserveQualityHints(p, methods);
			describeQuality(p);
			((Choice) p.field(QUALITY_ID)).addItemListener(e -> describeQuality(p));
			final List<Key> resultKeys = mainKeys(Section.RESULT);
			p.addHeading(Section.RESULT.heading);
			for (final Key k : resultKeys) {
				addMainField(p, k, input, titles, images);
			}
			p.addCheckbox(ADVANCED_ID, "Advanced options... (a second dialog)", false, changedSummary());
			gd.addPanel(p);
			gd.addHelp(help(label, keys));
			gd.showDialog();
			if (gd.wasCanceled()) return false;
			readMain(p, methods);
			return true;
		}

		private List<String> presets() {
			final List<String> l = new ArrayList<>();
			for (final QualityPreset q : QualityPreset.values())
				l.add(q.label);
			if (QualityPreset.matching(solver(), values, defaults) == null) l.add(CUSTOM);
			return l;
		}

		private void reserveQualityHints(final FieldPanel p, final List<MethodChoice> methods) {
			final List<String> texts = new ArrayList<>();
			final List<Solver> solvers = new ArrayList<>();
			solvers.add(solver());
			for (final MethodChoice m : methods)
				solvers.add(Solver.of(type, m.method));
			for (final Solver s : solvers)
				for (final QualityPreset q : QualityPreset.values())
					texts.add(q.describe(s, defaults));
			((HintLabel) p.hint(QUALITY_ID)).reserve(texts);
		}

		/** The quality hint says what the chosen preset sets for the chosen method. */
		private void describeQuality(final FieldPanel p) {
			final String chosen = p.value(QUALITY_ID);
			final QualityPreset q = preset(chosen);
			p.hint(QUALITY_ID).setText(q == null ? "the values of the advanced options" : q.describe(solver(), defaults));
		}

		private static QualityPreset preset(final String label) {
			for (final QualityPreset q : QualityPreset.values())
				if (q.label.equals(label)) return q;
			return null;
		}

		private void applyMethod(final MethodChoice m) {
			if (hasMethod) values.put(DialogLayout.METHOD_KEY, m.method);
			if (hasLifting) values.put(DialogLayout.LIFTING_KEY, m.lifting);
		}

		/** "changed: depth=4, seed=3", the advanced values that are not the defaults. */
		String changedSummary() {
			final StringBuilder sb = new StringBuilder();
			final List<String> presetKeys = QualityPreset.keys(solver());
			for (final List<Key> section : advancedKeys().values())
				for (final Key k : section) {
					if (presetKeys.contains(k.name) || isDefault(k, values.get(k.name))) continue;
					sb.append(sb.length() == 0 ? "changed: " : ", ").append(k.name).append('=').append(values.get(k.name));
				}
			if (sb.length() == 0) return "the other settings are at their defaults";
			return sb.length() > 60 ? sb.substring(0, 57) + "..." : sb.toString();
		}

		private void addMainField(final FieldPanel p, final Key k, final ImagePlus input, final List<String> titles,
			final CommandBridge.Images images)
		{
			final Entry e = DialogLayout.entry(k, solver());
			final String v = values.get(k.name);
			if (isInputImage(k)) {
				final List<String> choices = new ArrayList<>(titles);
				final String selected = input != null ? input.getTitle() : choices.isEmpty() ? null : choices.get(0);
				if (choices.isEmpty()) choices.add(CommandBridge.NONE);
				final Choice ch = p.addChoice(k.name, e.label, choices, selected, e.hint);
				ch.addItemListener(ev -> {
					// another image: its own mask, if one is open
					final Choice mask = (Choice) p.field(CommandBridge.MASK_KEY);
					if (mask == null) return;
					final String guess = DialogDefaults.likelyMask(images.byTitle(ch.getSelectedItem()), titles, images);
					mask.select(guess != null ? guess : CommandBridge.NONE);
				});
			}
			else if (k.isImage()) {
				final List<String> choices = imageChoices(k, input, titles);
				String selected = choices.contains(v) && !v.equals(CommandBridge.NONE) ? v : null;
				if (selected == null && k.name.equals(CommandBridge.MASK_KEY)) {
					// an area selection is an explicit choice; else a mask-like open image
					if (choices.contains(CommandBridge.SELECTION)) selected = CommandBridge.SELECTION;
					else selected = DialogDefaults.likelyMask(input, titles, images);
				}
				p.addChoice(k.name, e.label, choices, selected != null ? selected : CommandBridge.NONE, e.hint);
			}
			else addField(p, k, e, v);
		}

		/** A field for a key that is not an image: folder, checkbox, choice or text. */
		private void addField(final FieldPanel p, final Key k, final Entry e, final String v) {
			if (k.isFile()) {
				if (k.isDirectory()) p.addFolder(k.name, e.label, v, e.hint);
				else p.addField(k.name, e.label, v, 24, e.hint);
			}
			else if (k.isBoolean()) p.addCheckbox(k.name, e.label, Boolean.parseBoolean(v), e.hint);
			else if (!k.choices.isEmpty()) {
				final List<String> texts = new ArrayList<>();
				for (final String c : k.choices)
					texts.add(e.choiceText(c));
				String selected = e.choiceText(k.choices.get(0));
				for (final String c : k.choices)
					if (c.equalsIgnoreCase(v)) selected = e.choiceText(c);
				p.addChoice(k.name, e.label, texts, selected, e.hint);
			}
			else p.addField(k.name, e.label, v, isNumber(k) ? 8 : 14, e.hint);
		}

		private void readMain(final FieldPanel p, final List<MethodChoice> methods) {
			for (final String id : p.ids()) {
				if (id.equals(METHOD_ID)) applyMethod(methods.get(((Choice) p.field(id)).getSelectedIndex()));
				else if (id.equals(QUALITY_ID)) {
					final QualityPreset q = preset(p.value(id));
					if (q != null) values.putAll(q.values(solver(), defaults));
				}
				else if (id.equals(ADVANCED_ID)) advanced = ((Checkbox) p.field(id)).getState();
				else read(p, id);
			}
		}

		/** Reads one key's field into {@link #values}. */
		private void read(final FieldPanel p, final String id) {
			final Key k = byName.get(id);
			final String v = p.value(id);
			if (k != null && !k.isImage() && !k.choices.isEmpty()) {
				final Entry e = DialogLayout.entry(k, solver());
				for (final String c : k.choices)
					if (e.choiceText(c).equals(v)) values.put(id, c);
			}
			else values.put(id, k != null && isNumber(k) ? number(k, v) : v);
		}

		/** The advanced dialog; false if cancelled. */
		boolean showAdvanced(final String label) {
			final Map<Section, List<Key>> sections = advancedKeys();
			final GenericDialog gd = new GenericDialog(label + ": advanced options");
			final MethodChoice m = method();
			if (m != null && !methods().isEmpty()) gd.addMessage("Method: " + m.label, FieldPanel.HEADING_FONT);
			if (sections.isEmpty()) gd.addMessage("There are no other settings.");
			final List<FieldPanel> columns = new ArrayList<>();
			int rows = 0; // fields and headings
			for (final List<Key> s : sections.values())
				rows += s.size() + 1;
			FieldPanel column = new FieldPanel(gd);
			columns.add(column);
			int inColumn = 0;
			final Solver solver = solver();
			for (final Map.Entry<Section, List<Key>> s : sections.entrySet()) {
				// two columns, split between sections, when one would not fit a laptop screen
				if (rows > ONE_COLUMN_ROWS && columns.size() == 1 && inColumn > 0 && inColumn + s.getValue().size() /
					2 >= (rows + 1) / 2)
				{
					column = new FieldPanel(gd);
					columns.add(column);
				}
				inColumn += s.getValue().size() + 1;
				column.addHeading(s.getKey().heading);
				for (final Key k : s.getValue())
					addField(column, k, DialogLayout.entry(k, solver), values.get(k.name));
			}
			final Panel both = new Panel(new GridBagLayout());
			final GridBagConstraints c = new GridBagConstraints();
			c.anchor = GridBagConstraints.NORTHWEST;
			c.insets = new Insets(0, 0, 0, 24);
			for (final FieldPanel col : columns)
				both.add(col, c);
			gd.addPanel(both);
			gd.addHelp(help(label, keys));
			gd.showDialog();
			if (gd.wasCanceled()) return false;
			for (final FieldPanel col : columns)
				for (final String id : col.ids())
					read(col, id);
			return true;
		}

		/**
		 * The options of these values: the input image, then the keys that matter for the
		 * chosen method and differ from their defaults.
		 *
		 * @throws IllegalArgumentException for a value its key does not accept
		 */
		Map<String, String> options() {
			final Map<String, String> options = new LinkedHashMap<>();
			final Solver solver = solver();
			for (final Key k : keys) {
				final String v = isNumber(k) ? number(k, values.get(k.name)) : values.get(k.name);
				if (isInputImage(k)) {
					if (v != null && !v.isEmpty() && !v.equals(CommandBridge.NONE)) options.put(k.name, v);
					continue;
				}
				final boolean matters = DialogLayout.isMethodKey(k.name) || DialogLayout.entry(k, solver).appliesTo(solver,
					lifting());
				if (matters && !isDefault(k, v)) options.put(k.name, k.isBoolean() || k.isImage() || k.isFile() ? v
					: formatted(k, v));
			}
			return options;
		}
	}

	/** The choices of an image key: *None*, *Selection* for the mask, the open images (the input only for the reference). */
	private static List<String> imageChoices(final Key k, final ImagePlus input, final List<String> titles) {
		final List<String> choices = new ArrayList<>();
		choices.add(CommandBridge.NONE);
		final boolean mask = k.name.equals(CommandBridge.MASK_KEY);
		if (mask && input != null && SelectionMask.of(input) != null) choices.add(CommandBridge.SELECTION);
		for (final String t : titles)
			if (!(mask && input != null && t.equals(input.getTitle()))) choices.add(t);
		return choices;
	}

	private static boolean isNumber(final Key k) {
		final Class<?> t = k.type();
		return t == int.class || t == Integer.class || t == long.class || t == Long.class || t == double.class ||
			t == Double.class || t == float.class || t == Float.class;
	}

	/** An integer key's text as an integer ("3000.0" -> "3000"), as GenericDialog's numeric fields did. */
	private static String number(final Key k, final String v) {
		final Class<?> t = k.type();
		if (v == null || !(t == int.class || t == Integer.class || t == long.class || t == Long.class)) return v;
		try {
			final double d = Double.parseDouble(v);
			return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : v;
		}
		catch (final NumberFormatException e) {
			return v;
		}
	}

	/** A value's text as the user typed it, once it is known to parse (the runner's message otherwise). */
	private static String formatted(final Key k, final String v) {
		k.parse(v);
		if (!k.choices.isEmpty()) return (String) k.parse(v);
		return v.trim();
	}

	/** Whether a value is its key's default (so it is neither recorded nor passed). */
	static boolean isDefault(final Key k, final String v) {
		if (k.isImage()) return v == null || v.isEmpty() || v.equalsIgnoreCase(CommandBridge.NONE);
		if (k.isFile()) return (v == null || v.trim().isEmpty()) && k.defaultValue == null || v != null && k
			.defaultValue != null && new File(v.trim()).equals(k.defaultValue);
		if (v == null) return true;
		if (v.trim().isEmpty()) return k.defaultValue == null || text(k.defaultValue).isEmpty();
		return Objects.equals(k.parse(v), k.defaultValue);
	}

	/**
	 * The option string of these options, as the recorder writes it: {@code key=value},
	 * {@code key=[value]} for values with spaces or commas, a true flag alone.
	 */
	static String optionsString(final Map<String, String> options, final Set<String> flags) {
		final StringBuilder sb = new StringBuilder();
		for (final Map.Entry<String, String> e : options.entrySet()) {
			if (sb.length() > 0) sb.append(' ');
			if (flags.contains(e.getKey()) && e.getValue().equals("true")) sb.append(e.getKey());
			else sb.append(e.getKey()).append('=').append(bracketed(e.getValue()));
		}
		return sb.toString();
	}

	private static String bracketed(final String v) {
		return v.isEmpty() || v.indexOf(',') >= 0 || v.chars().anyMatch(Character::isWhitespace) ? "[" + v + "]" : v;
	}

	/** Hands the options to ImageJ's recorder, under their keys (the same string as {@link #optionsString}). */
	static void record(final Map<String, String> options, final Set<String> flags) {
		if (!Recorder.record) return;
		for (final Map.Entry<String, String> e : options.entrySet()) {
			final String v = e.getValue();
			if (flags.contains(e.getKey()) && v.equals("true")) Recorder.recordOption(e.getKey());
			// the recorder brackets values with spaces itself
			else Recorder.recordOption(e.getKey(), v.indexOf(' ') >= 0 ? v : bracketed(v));
		}
	}

	/** A default value as dialog text. */
	static String text(final Object v) {
		if (v == null) return "";
		if (v instanceof File) return ((File) v).getPath();
		return KeyValues.format(v);
	}

	/** The dialog's Help: every key with its plain label and description, as HTML. */
	static String help(final String label, final List<Key> keys) {
		final StringBuilder sb = new StringBuilder("<html><h2>").append(escape(label)).append("</h2>");
		sb.append("<p>In macros and the headless runner each setting is given by its key, in bold. The recorder " +
			"writes the keys that differ from their defaults.</p><table>");
		for (final Key k : keys) {
			final Entry e = DialogLayout.entry(k, Solver.GD);
			sb.append("<tr><td valign='top'><b>").append(escape(k.name)).append("</b></td><td>").append(escape(
				DialogLayout.isMethodKey(k.name) ? k.label : e.label)).append(": ").append(escape(k.description)).append(
					"</td></tr>");
		}
		return sb.append("</table></html>").toString();
	}

	private static String escape(final String s) {
		return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
	}
}
