package org.deeplowrank.ij1;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;

import org.deeplowrank.io.LogTable;
import org.deeplowrank.io.LossPlots;

/**
 * Helpers for macros, through ImageJ's {@code call()}; they work with and without a
 * screen (named tables cannot be reached from a headless macro):
 *
 * <pre>
 * run("Complete Masked Image", "mask=m.tif depth=3");
 * call("org.deeplowrank.ij1.DeepLowRankMacros.saveLog", dir + "log.csv");   // the run's log as CSV
 * call("org.deeplowrank.ij1.DeepLowRankMacros.savePlot", dir + "loss.png"); // its loss plot as PNG
 * call("org.deeplowrank.ij1.DeepLowRankMacros.saveTable", "Study", dir + "study.csv"); // another table of the run
 * err = parseFloat(getInfo("rel_error"));  // the result image's properties: rel_error, loss, iterations, stop ...
 * call("org.deeplowrank.ij1.DeepLowRankMacros.makeFolders", dir);  // the folder and its parents
 * call("org.deeplowrank.ij1.DeepLowRankMacros.fail", "could not write " + path); // stops the macro: exit status 2
 * </pre>
 *
 * All return "" (a statement-level {@code call} would print anything else); a failure
 * stops the macro with the message (in the runner's -batch: one {@code error:} line and
 * exit status 2; ImageJ's own {@code exit("...")} would end the macro as a success).
 */
public final class DeepLowRankMacros {

	private DeepLowRankMacros() {}

	/** Writes the log of the last run as CSV (same columns as the runner's table=). */
	public static String saveLog(final String path) {
		final LogTable log = LogDisplay.lastLog();
		if (log == null) return fail("saveLog: no Deep Low-Rank command has run yet");
		try {
			log.writeCsv(Paths.get(path));
			return "";
		}
		catch (final IOException | RuntimeException e) {
			return fail("saveLog: cannot write '" + path + "': " + e.getMessage());
		}
	}

	/**
	 * Writes one of the other tables of the last run as CSV, by its output label: "Phases"
	 * (Greedy Low-Rank Learning), "Study" (Factorization Dynamics).
	 */
	public static String saveTable(final String label, final String path) {
		final LogTable t = LogDisplay.lastTables().get(label);
		if (t == null) {
			return fail("saveTable: the last Deep Low-Rank run has no table '" + label + "'" + (LogDisplay.lastTables()
				.isEmpty() ? "" : " (it has: " + String.join(", ", LogDisplay.lastTables().keySet()) + ")"));
		}
		try {
			t.writeCsv(Paths.get(path));
			return "";
		}
		catch (final IOException | RuntimeException e) {
			return fail("saveTable: cannot write '" + path + "': " + e.getMessage());
		}
	}

	/** Writes the loss plot of the last run as PNG. */
	public static String savePlot(final String path) {
		if (LogDisplay.lastPlot() == null) return fail("savePlot: no Deep Low-Rank command has run yet");
		try {
			LossPlots.savePng(LogDisplay.lastPlot(), Paths.get(path));
			return "";
		}
		catch (final IOException | RuntimeException e) {
			return fail("savePlot: cannot write '" + path + "': " + e.getMessage());
		}
	}

	/**
	 * Creates a folder and the folders above it (the macro language's File.makeDirectory
	 * makes one level only, silently).
	 */
	public static String makeFolders(final String path) {
		try {
			Files.createDirectories(Paths.get(path));
			return "";
		}
		catch (final IOException | RuntimeException e) {
			return fail("makeFolders: cannot create the folder '" + path + "' (" + e.getMessage() + ")");
		}
	}

	/** Stops the running macro with this message, as an error. */
	public static String fail(final String message) {
		CommandPlugIn.error("Deep Low-Rank", message);
		return "";
	}
}
