package org.deeplowrank.ij1;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

import ij.ImagePlus;
import ij.WindowManager;
import net.imglib2.RandomAccessibleInterval;
import org.deeplowrank.command.CommandKeys.Key;
import org.deeplowrank.command.CommandKeys;
import org.deeplowrank.command.SolverCommand;
import org.deeplowrank.command.SolverParameters;
import org.deeplowrank.image.StackResult;
import org.deeplowrank.io.ImagePlusImages;
import org.deeplowrank.io.LogTable;
import org.deeplowrank.keys.OptionStrings;
import org.deeplowrank.solver.ReconstructionResult;

/**
 * Runs a Deep Low-Rank command inside ImageJ 1.x, given its keys as text: the same keys,
 * the same conversions and messages as the headless runner ({@link CommandKeys},
 * {@link OptionStrings}), the same command code as Fiji. Nothing here knows a particular
 * command: inputs and outputs are read from the command's {@code @Parameter} fields.
 * <p>
 * ImageJ 1.x conventions: the key {@code image} is the active image (or the open image
 * with that title, if given); other image keys name open images by title, or
 * {@value #NONE}; a key named {@code mask} also accepts {@value #SELECTION}, the area
 * selection of the input image (inside = missing). Without a mask, NaN pixels are
 * missing. The result is a new image titled after the input with the input's
 * calibration; the input is never modified (it is locked while the command runs).
 */
public final class CommandBridge {

	/** The choice for "no image" in an optional image key. */
	public static final String NONE = CommandKeys.NONE;
	/** The choice for "the area selection of the input image" in the key {@code mask}. */
	public static final String SELECTION = "*Selection*";
	/** The key of the input image. */
	public static final String IMAGE_KEY = CommandKeys.IMAGE_KEY;
	/** The key that may be a selection. */
	public static final String MASK_KEY = "mask";

	private CommandBridge() {}

	/** The open images, as the bridge sees them. */
	public interface Images {

		/** The active image, or null. */
		ImagePlus active();

		/** The open image with this title, or null. */
		ImagePlus byTitle(String title);

		/** The titles of the open images. */
		List<String> titles();
	}

	/** ImageJ's WindowManager (also sees the images of a macro in batch mode). */
	public static Images windowManager() {
		return new Images() {

			@Override
			public ImagePlus active() {
				return WindowManager.getCurrentImage();
			}

			@Override
			public ImagePlus byTitle(final String title) {
				return WindowManager.getImage(title);
			}

			@Override
			public List<String> titles() {
				final String[] t = WindowManager.getImageTitles();
				return t == null ? List.of() : List.of(t);
			}
		};
	}

	/** What a run produced: an error message, or the command with its outputs and the result image. */
	public static final class Outcome {

		/** The user-level problem, or null. */
		public final String error;
		public final SolverParameters command;
		/** The reconstruction as a new ImagePlus (image commands), or null. */
		public final ImagePlus result;
		public final LogTable log;
		/** The command's other tables (GLRL phases, a study's summary), by output label. */
		public final java.util.Map<String, LogTable> tables;
		public final String summary;

		Outcome(final String error, final SolverParameters command, final ImagePlus result, final LogTable log,
			final java.util.Map<String, LogTable> tables, final String summary)
		{
			this.error = error;
			this.command = command;
			this.result = result;
			this.log = log;
			this.tables = tables;
			this.summary = summary;
		}

		static Outcome failed(final String error) {
			return new Outcome(error, null, null, null, java.util.Map.of(), null);
		}

		public boolean isPartial() {
			return command instanceof SolverCommand && ((SolverCommand) command).getStackResult() != null &&
				((SolverCommand) command).getStackResult().isPartial();
		}
	}

	/** Whether the command takes an input image (the key {@value #IMAGE_KEY}). */
	public static boolean needsImage(final Class<? extends SolverParameters> type) {
		for (final Key k : CommandKeys.inputs(type))
			if (k.name.equals(IMAGE_KEY) && k.isImage()) return true;
		return false;
	}

	/** The boolean keys, which macro options may give as bare flags. */
	public static Set<String> flags(final Class<? extends SolverParameters> type) {
		final Set<String> f = new HashSet<>();
		for (final Key k : CommandKeys.inputs(type))
			if (k.isBoolean()) f.add(k.name);
		return f;
	}

	/**
	 * The key values of macro options ({@code Macro.getOptions()}); keys not given keep
	 * their defaults, unknown keys are an error (ImageJ would silently ignore a typo).
	 */
	public static Map<String, String> parseOptions(final Class<? extends SolverParameters> type, final String label,
		final String options)
	{
		final Map<String, String> values = OptionStrings.parse(options == null ? "" : options, flags(type));
		final Set<String> valid = new LinkedHashSet<>();
		for (final Key k : CommandKeys.inputs(type))
			valid.add(k.name);
		for (final String key : values.keySet())
			if (!valid.contains(key)) throw new IllegalArgumentException(OptionStrings.unknownKey(key, label, valid));
		return values;
	}

	/**
	 * Creates the command, sets its keys from {@code values} (text, as in a macro), runs it
	 * on this thread and collects its outputs.
	 *
	 * @param input the input image for image commands (required for them), else ignored
	 * @param sink where progress goes, or null
	 * @param cancel an extra cancel condition (Esc), or null
	 */
	public static Outcome run(final Class<? extends SolverParameters> type, final Map<String, String> values,
		final ImagePlus input, final Images images, final SolverParameters.ProgressSink sink,
		final BooleanSupplier cancel)
	{
		final SolverParameters command;
		try {
			command = type.getDeclaredConstructor().newInstance();
		}
		catch (final ReflectiveOperationException e) {
			return Outcome.failed("cannot create the command " + type.getName() + ": " + e);
		}
		final String label = command.title();
		ImagePlus source = input;
		try {
			for (final Key key : CommandKeys.inputs(type)) {
				final String text = values.get(key.name);
				if (key.name.equals(IMAGE_KEY) && key.isImage()) {
					if (text != null && !text.isEmpty()) {
						source = images.byTitle(text);
						if (source == null) throw noImage(key, text, images);
					}
					if (source == null) throw new IllegalArgumentException("no image is open: open the image first");
					final ImagePlusImages.Wrapped w = ImagePlusImages.wrap(source, IMAGE_KEY);
					key.set(command, w.img);
					if (command instanceof SolverCommand) ((SolverCommand) command).setChannelAxis(w.channelAxis);
					continue;
				}
				if (text == null) continue; // the default
				if (key.isImage()) key.set(command, image(key, text, source, images));
				else key.set(command, key.parse(text));
			}
		}
		catch (final IllegalArgumentException e) {
			return Outcome.failed(e.getMessage());
		}
		if (sink != null) command.setProgressSink(sink);
		if (cancel != null) command.addCancelCheck(cancel);
		// threads=0 in ImageJ: its own thread count (Edit > Options > Memory & Threads)
		if (command.getThreads() == 0 && ij.IJ.getInstance() != null) command.setThreads(Math.max(1, ij.Prefs
			.getThreads()));
		final boolean locked = source != null && source.lockSilently();
		try {
			command.run();
		}
		finally {
			if (locked) source.unlock();
		}
		if (command instanceof SolverCommand && ((SolverCommand) command).getStackResult() == null || command
			.getCancelReason() != null && !(command instanceof SolverCommand))
		{
			final String reason = command.getCancelReason();
			return Outcome.failed(reason == null || reason.isEmpty() ? label + " was cancelled" : reason);
		}
		LogTable log = null;
		final java.util.Map<String, LogTable> tables = new java.util.LinkedHashMap<>();
		String summary = null;
		ImagePlus result = null;
		for (final Key out : CommandKeys.outputs(type)) {
			final Object v = out.get(command);
			if (v instanceof LogTable && out.name.equals("log")) log = (LogTable) v;
			else if (v instanceof LogTable) tables.put(out.label, (LogTable) v);
			else if (v instanceof String && out.name.equals("summary")) summary = (String) v;
		}
		if (command instanceof SolverCommand) result = resultImage((SolverCommand) command, source);
		return new Outcome(null, command, result, log, tables, summary);
	}

	/** The reconstruction as an ImagePlus titled after the input, labelled when partial. */
	private static ImagePlus resultImage(final SolverCommand command, final ImagePlus source) {
		final StackResult r = command.getStackResult();
		final ReconstructionResult c = r.combined;
		String title = baseName(source.getTitle()) + command.resultSuffix();
		if (r.isPartial()) title += " (partial)";
		final ImagePlus imp = ImagePlusImages.toImagePlus((RandomAccessibleInterval<?>) r.output, title, source);
		final java.util.Map<String, String> props = new java.util.LinkedHashMap<>();
		props.put("command", command.title());
		props.put("stop", c.stopReason.key());
		props.put("steps", Integer.toString(c.steps()));
		if (c.returnedIteration() >= 0) props.put("returned_iteration", Integer.toString(c.returnedIteration()));
		props.put("loss", Double.toString(c.finalLoss));
		if (!Double.isNaN(c.relError)) props.put("rel_error", Double.toString(c.relError));
		if (r.parts.size() > 1) props.put("parts", Integer.toString(r.parts.size()));
		if (r.isPartial()) {
			props.put("partial", "true");
			props.put("note", "PARTIAL RESULT: " + command.title() + " was cancelled at iteration " + c.steps() + (c
				.message == null ? "" : "; " + c.message));
		}
		props.put("summary", r.stableSummary());
		imp.setProperty("Info", info(props));
		for (final java.util.Map.Entry<String, String> e : props.entrySet()) imp.setProp(e.getKey(), e.getValue());
		return imp;
	}

	private static Object image(final Key key, final String text, final ImagePlus source, final Images images) {
		if (text.isEmpty() || text.equalsIgnoreCase(NONE)) {
			if (key.required) throw new IllegalArgumentException("missing value for '" + key.name + "' (an open image)");
			return null;
		}
		if (key.name.equals(MASK_KEY) && text.equalsIgnoreCase(SELECTION)) {
			final Object mask = source == null ? null : SelectionMask.of(source);
			if (mask == null) {
				throw new IllegalArgumentException("mask=" + SELECTION + " but the image has no area selection; " +
					"draw the missing region, or choose a mask image or " + NONE + " (NaN pixels)");
			}
			return mask;
		}
		final ImagePlus imp = images.byTitle(text);
		if (imp == null) throw noImage(key, text, images);
		return ImagePlusImages.wrap(imp, key.name).img;
	}

	private static IllegalArgumentException noImage(final Key key, final String title, final Images images) {
		return new IllegalArgumentException("no open image titled '" + title + "' for '" + key.name + "'; open images: " +
			(images.titles().isEmpty() ? "none" : String.join(", ", images.titles())));
	}

	/**
	 * Image properties as ImageJ's "Info" text, "key: value" per line, which is what the
	 * macro function {@code getInfo("rel_error")} reads.
	 */
	static String info(final java.util.Map<String, String> props) {
		final StringBuilder sb = new StringBuilder("Deep Low-Rank\n");
		for (final java.util.Map.Entry<String, String> e : props.entrySet())
			sb.append(e.getKey()).append(": ").append(e.getValue().replace('\n', ' ')).append('\n');
		return sb.toString();
	}

	/** "cells.tif" -> "cells". */
	public static String baseName(final String title) {
		final int dot = title.lastIndexOf('.');
		return dot > 0 && title.length() - dot <= 5 ? title.substring(0, dot) : title;
	}

	/** The image keys other than the input, for dialogs. */
	static List<Key> otherImageKeys(final Class<? extends SolverParameters> type) {
		final List<Key> k = new ArrayList<>();
		for (final Key key : CommandKeys.inputs(type))
			if (key.isImage() && !key.name.equals(IMAGE_KEY)) k.add(key);
		return k;
	}
}
