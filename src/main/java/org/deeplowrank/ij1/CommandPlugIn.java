package org.deeplowrank.ij1;

import java.awt.GraphicsEnvironment;
import java.util.Map;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.macro.Interpreter;
import ij.plugin.PlugIn;

import org.deeplowrank.command.SolverParameters;
import org.deeplowrank.ij1.CommandBridge.Outcome;
import org.scijava.plugin.Plugin;

/**
 * The ImageJ 1.x menu entry of a Deep Low-Rank command: ONE thin PlugIn for all of them,
 * told which SciJava command to run by its argument in {@code plugins.config}:
 *
 * <pre>
 * Plugins&gt;Deep Low-Rank, "Complete Masked Image", org.deeplowrank.ij1.CommandPlugIn("org.deeplowrank.command.CompleteMaskedImage")
 * </pre>
 *
 * Adding a command to ImageJ 1.x is that one line. Interactive: a dialog
 * ({@link KeyDialog}) whose fields are the command's keys, so the macro recorder records
 * them; from a macro: the macro options, same keys ({@link CommandBridge#parseOptions}).
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
		try {
			String options = Macro.getOptions();
			if (options == null && GraphicsEnvironment.isHeadless()) options = ""; // no dialog without a screen
			final CommandBridge.Images images = CommandBridge.windowManager();
			ImagePlus input = null;
			final Map<String, String> values;
			if (options != null) values = CommandBridge.parseOptions(type, label, options);
			else {
				if (CommandBridge.needsImage(type)) {
					input = images.active();
					if (input == null) {
						IJ.noImage();
						return;
					}
				}
				values = KeyDialog.show(type, label, input, images);
				if (values == null) return; // the user cancelled the dialog
			}
			if (input == null && CommandBridge.needsImage(type)) input = images.active();
			IJ.resetEscape();
			final Outcome o = CommandBridge.run(type, values, input, images, progressSink(), IJ::escapePressed);
			if (o.error != null) {
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

	/** Shows what a run produced: the result image, the log and plot, the summary. */
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
