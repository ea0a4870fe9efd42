package org.deeplowrank.ij1;

import java.awt.GraphicsEnvironment;

import ij.IJ;

import org.deeplowrank.command.SolverParameters;
import org.deeplowrank.io.LogTable;
import org.scijava.Priority;
import org.scijava.module.Module;
import org.scijava.module.process.AbstractPostprocessorPlugin;
import org.scijava.module.process.AbstractPreprocessorPlugin;
import org.scijava.module.process.PostprocessorPlugin;
import org.scijava.module.process.PreprocessorPlugin;
import org.scijava.plugin.Plugin;

/**
 * The Fiji side of the commands, as SciJava module processors, so that the commands
 * themselves stay free of ImageJ 1.x: when Fiji runs a Deep Low-Rank command with its
 * ImageJ 1.x user interface present, Esc cancels it (the last iterate is kept as a partial
 * result), {@code threads=0} uses Fiji's thread count, and afterwards the log is shown as the "Deep Low-Rank Log" table with the loss
 * plot. Headless (the runner, Fiji --headless) both do nothing, and the runner does not
 * run module processors at all.
 */
public final class FijiIntegration {

	private FijiIntegration() {}

	/** An ImageJ 1.x window on a screen: Fiji's (or ImageJ's) user interface is up. */
	static boolean hasUserInterface() {
		return !GraphicsEnvironment.isHeadless() && IJ.getInstance() != null;
	}

	/** Esc cancels a running command. */
	@Plugin(type = PreprocessorPlugin.class, priority = Priority.LOW)
	public static class EscapeCancels extends AbstractPreprocessorPlugin {

		@Override
		public void process(final Module module) {
			final Object command = module.getDelegateObject();
			if (!(command instanceof SolverParameters) || !hasUserInterface()) return;
			IJ.resetEscape();
			((SolverParameters) command).addCancelCheck(IJ::escapePressed);
		}
	}

	/**
	 * {@code threads=0} (all processors) means Fiji's own thread count, as set in Edit >
	 * Options > Memory &amp; Threads ({@code Prefs.getThreads()}), for the java pool and OpenBLAS
	 * alike.
	 */
	@Plugin(type = PreprocessorPlugin.class, priority = Priority.LOW)
	public static class FijiThreads extends AbstractPreprocessorPlugin {

		@Override
		public void process(final Module module) {
			final Object command = module.getDelegateObject();
			if (!(command instanceof SolverParameters) || IJ.getInstance() == null) return;
			final SolverParameters c = (SolverParameters) command;
			if (c.getThreads() == 0) c.setThreads(Math.max(1, ij.Prefs.getThreads()));
		}
	}

	/**
	 * Shows the log table and the loss plot, and marks the log output as handled so that
	 * Fiji does not also show it as text (runs before SciJava's display postprocessor).
	 */
	@Plugin(type = PostprocessorPlugin.class, priority = Priority.NORMAL)
	public static class ShowLog extends AbstractPostprocessorPlugin {

		@Override
		public void process(final Module module) {
			if (!(module.getDelegateObject() instanceof SolverParameters) || !hasUserInterface()) return;
			final Object log = module.getOutput("log");
			if (!(log instanceof LogTable)) return;
			final Object summary = module.getOutput("summary");
			LogDisplay.publish((LogTable) log, summary == null ? null : summary.toString());
			module.resolveOutput("log");
		}
	}
}
