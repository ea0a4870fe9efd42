package org.deeplowrank.ij1;

import java.awt.GraphicsEnvironment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.macro.Interpreter;
import ij.plugin.PlugIn;
import ij.plugin.frame.Recorder;

import org.deeplowrank.command.CompleteMaskedImage;
import org.deeplowrank.command.SolverParameters;
import org.deeplowrank.ij1.CommandBridge.Outcome;
import org.deeplowrank.solver.kernels.Kernels;
import org.scijava.plugin.Plugin;

/**
 * The ImageJ 1.x menu entry of a Deep Low-Rank command: ONE thin PlugIn for all of them,
 * told which SciJava command to run by its argument in {@code plugins.config}:
 *
 * <pre>
 * Plugins&gt;Deep Low-Rank, "Complete Masked Image", org.deeplowrank.ij1.CommandPlugIn("org.deeplowrank.command.CompleteMaskedImage")
 * </pre>
 *
 * Adding a command to ImageJ 1.x is that one line. Interactive: a short dialog and an
 * optional advanced one ({@link KeyDialog}) in plain words, which record the command's keys
 * that differ from their defaults; from a macro: the macro options, same keys
 * ({@link CommandBridge#parseOptions}), and no dialog or question.
 * Then the command runs on this thread with progress in ImageJ's status and progress bars;
 * Esc stops it and the last iterate is shown as a partial result, labelled so. The result
 * image is shown, the log goes to the "Deep Low-Rank Log" table and the loss plot
 * ({@link LogDisplay}), the summary line to the Log window. Problems are reported with
 * {@code IJ.error} (in a macro: the macro stops with that message), never a stack trace.
 */
public class CommandPlugIn implements PlugIn {

	@Override
	public void run(final String arg) {
		final Class<? extends SolverParameters> type;
		try {
			type = commandClass(arg);
		}
		catch (final IllegalArgumentException e) {
			error("Deep Low-Rank", e.getMessage());
			return;
		}
		final String label = label(type);
		// the native library (about 0.25 s to link in a fresh JVM) loads while the dialog is open
		Kernels.preloadNative();
		try {
			String options = Macro.getOptions();
			if (options == null && GraphicsEnvironment.isHeadless()) options = ""; // no dialog without a screen
			final CommandBridge.Images images = CommandBridge.windowManager();
			final boolean interactive = options == null;
			ImagePlus input = null;
			final Map<String, String> values;
			if (!interactive) values = CommandBridge.parseOptions(type, label, options);
			else {
				if (CommandBridge.needsImage(type)) {
					input = images.active();
					if (input == null) {
						IJ.noImage();
						return;
					}
				}
				final Map<String, String> chosen;
				try {
					chosen = KeyDialog.show(type, label, input, images);
				}
				catch (final IllegalArgumentException e) {
					notRecorded();
					throw e;
				}
				if (chosen == null) { // the user cancelled a dialog
					notRecorded();
					return;
				}
				// the run parses exactly the string the recorder gets, so a recorded line replays it
				final Set<String> flags = CommandBridge.flags(type);
				values = CommandBridge.parseOptions(type, label, KeyDialog.optionsString(chosen, flags));
				if (!somethingMissingOrConfirmed(type, label, values, input, images)) {
					notRecorded();
					return;
				}
				KeyDialog.record(chosen, flags);
			}
			if (input == null && CommandBridge.needsImage(type)) input = images.active();
			IJ.resetEscape();
			final Outcome o = CommandBridge.run(type, values, input, images, progressSink(), IJ::escapePressed);
			if (o.error != null) {
				if (interactive) notRecorded();
				error(label, o.error);
				return;
			}
			publish(label, o);
		}
		catch (final IllegalArgumentException e) {
			error(label, e.getMessage());
		}
		catch (final RuntimeException | OutOfMemoryError e) {
			if (Macro.MACRO_CANCELED.equals(e.getMessage())) throw e;
			if (IJ.debugMode) IJ.handleException(e);
			error(label, "unexpected " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e
				.getMessage()));
		}
	}

	/**
	 * A completion without a mask on an image without NaN pixels has nothing to fill in:
	 * asks whether to go on with a plain low-rank fit (dialogs only: a macro is never
	 * stopped by a question).
	 */
	static boolean somethingMissingOrConfirmed(final Class<? extends SolverParameters> type, final String label,
		final Map<String, String> values, final ImagePlus active, final CommandBridge.Images images)
	{
		if (!CompleteMaskedImage.class.isAssignableFrom(type)) return true;
		final String mask = values.get(CommandBridge.MASK_KEY);
		if (mask != null && !mask.isEmpty() && !mask.equalsIgnoreCase(CommandBridge.NONE)) return true;
		final String title = values.get(CommandBridge.IMAGE_KEY);
		final ImagePlus imp = title != null && !title.isEmpty() ? images.byTitle(title) : active;
		if (imp == null || DialogDefaults.hasNaN(imp)) return true;
		return IJ.showMessageWithCancel(label, DialogDefaults.nothingMissingQuestion(imp.getTitle()));
	}

	/** The dialog was cancelled or the run failed: the recorder writes nothing for it. */
	private static void notRecorded() {
		if (Recorder.record) Recorder.disableCommandRecording();
	}

	/**
	 * Shows what a run produced: the result image, the log and plot, the summary; then
	 * puts these windows side by side ({@link ResultWindows}).
	 */
	static void publish(final String label, final Outcome o) {
		if (o.result != null) {
			o.result.show();
			if (o.isPartial()) {
				IJ.showStatus(label + ": cancelled; '" + o.result.getTitle() + "' is the partial result");
			}
		}
		if (o.log != null) LogDisplay.publish(o.log, o.result != null ? o.result.getTitle() : label);
		LogDisplay.publishTables(o.tables);
		if (o.summary != null) IJ.log(label + ": " + o.summary + (o.isPartial() ? "  [PARTIAL: cancelled]" : ""));
		final List<String> windows = new ArrayList<>();
		if (o.log != null) windows.addAll(List.of(LogDisplay.PLOT_TITLE, LogDisplay.TABLE_TITLE));
		for (final String table : o.tables.keySet())
			windows.add("Deep Low-Rank " + table);
		if (o.summary != null) windows.add("Log");
		ResultWindows.arrange(o.result, windows);
	}

	/** Status and progress in ImageJ's bars; headless (the runner's -batch), throttled lines on stderr. */
	static SolverParameters.ProgressSink progressSink() {
		return new SolverParameters.ProgressSink() {

			@Override
			public void status(final String message) {
				if (GraphicsEnvironment.isHeadless()) HeadlessImageJ.progress(message);
				else IJ.showStatus(message);
			}

			@Override
			public void progress(final int value, final int max) {
				if (!GraphicsEnvironment.isHeadless()) IJ.showProgress(value, max);
			}
		};
	}

	/**
	 * Reports a user-level problem: {@code IJ.error} with a screen (a running macro stops
	 * with the message); headless, the running macro is stopped with the message for the
	 * runner to print (ImageJ's own error path would open a dialog there and fail).
	 */
	static void error(final String title, final String message) {
		if (!GraphicsEnvironment.isHeadless()) {
			IJ.error(title, message);
			return;
		}
		final Interpreter interp = Interpreter.getInstance();
		if (interp != null) {
			interp.setIgnoreErrors(true);
			interp.abort(message);
		}
		else System.err.println("error: " + message);
	}

	/** The command class named by the plugin argument. */
	@SuppressWarnings("unchecked")
	static Class<? extends SolverParameters> commandClass(final String arg) {
		final String name = arg == null ? "" : arg.trim();
		if (name.isEmpty()) throw new IllegalArgumentException("no command given (plugins.config names the command class)");
		try {
			final Class<?> c = Class.forName(name, true, CommandPlugIn.class.getClassLoader());
			if (!SolverParameters.class.isAssignableFrom(c)) {
				throw new IllegalArgumentException(name + " is not a Deep Low-Rank command");
			}
			return (Class<? extends SolverParameters>) c;
		}
		catch (final ClassNotFoundException e) {
			throw new IllegalArgumentException("no command class " + name);
		}
	}

	/** The command's label (its SciJava label, which is also its menu entry). */
	static String label(final Class<?> type) {
		final Plugin p = type.getAnnotation(Plugin.class);
		return p != null && !p.label().isEmpty() ? p.label() : type.getSimpleName();
	}
}
