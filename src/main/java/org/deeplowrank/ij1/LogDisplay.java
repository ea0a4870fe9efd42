package org.deeplowrank.ij1;

import java.awt.GraphicsEnvironment;
import java.awt.Window;
import java.util.List;
import java.util.Map;

import ij.WindowManager;
import ij.gui.Plot;
import ij.gui.PlotWindow;
import ij.macro.Interpreter;
import ij.measure.ResultsTable;

import org.deeplowrank.io.LogTable;
import org.deeplowrank.io.LossPlots;

/**
 * The diagnostics log in ImageJ: a ResultsTable named {@value #TABLE_TITLE} and the loss
 * plot ({@link LossPlots}, the same plot the PNG files show), shown in windows when there
 * is a screen and no batch mode, otherwise only kept (for {@link DeepLowRankMacros}).
 */
public final class LogDisplay {

	public static final String TABLE_TITLE = "Deep Low-Rank Log";
	public static final String PLOT_TITLE = LossPlots.TITLE;

	private static volatile LogTable lastLog;
	private static volatile ResultsTable lastTable;
	private static volatile Plot lastPlot;
	private static volatile Map<String, LogTable> lastTables = Map.of();

	private LogDisplay() {}

	/** The log as a ResultsTable titled {@value #TABLE_TITLE}, one row per logged iteration. */
	public static ResultsTable table(final LogTable log) {
		final ResultsTable rt = new ResultsTable();
		rt.setPrecision(-6); // scientific: losses span many orders of magnitude
		for (int r = 0; r < log.rowCount(); r++) {
			rt.incrementCounter();
			for (int c = 0; c < log.columnCount(); c++) rt.addValue(log.columns().get(c), log.get(r, c));
		}
		for (final String integer : List.of("channel", "slice", "iteration", "run", "depth", "phase")) {
			final int col = rt.getColumnIndex(integer);
			if (col != ResultsTable.COLUMN_NOT_FOUND) rt.setDecimalPlaces(col, 0);
		}
		rt.showRowNumbers(false);
		return rt;
	}

	/** Whether windows may be opened: a screen, and no macro in batch mode. */
	public static boolean canShow() {
		return !GraphicsEnvironment.isHeadless() && !Interpreter.isBatchMode();
	}

	/**
	 * Publishes a run's log: kept for {@link DeepLowRankMacros}; the table is shown whenever
	 * there is a screen (ImageJ shows tables in batch mode too), the plot only when
	 * {@link #canShow()}, reusing the previous plot window.
	 */
	public static void publish(final LogTable log, final String subtitle) {
		final ResultsTable rt = table(log);
		final Plot plot = LossPlots.plot(log, subtitle);
		lastLog = log;
		lastTable = rt;
		lastPlot = plot;
		if (GraphicsEnvironment.isHeadless()) return;
		rt.show(TABLE_TITLE);
		if (!canShow()) return;
		final Window win = WindowManager.getWindow(PLOT_TITLE);
		if (win instanceof PlotWindow) ((PlotWindow) win).drawPlot(plot);
		else plot.show();
	}

	/**
	 * Publishes a run's other tables (GLRL phases, a study's summary), titled
	 * "Deep Low-Rank &lt;label&gt;", kept for {@link DeepLowRankMacros#saveTable}.
	 */
	public static void publishTables(final Map<String, LogTable> tables) {
		lastTables = Map.copyOf(tables);
		if (GraphicsEnvironment.isHeadless()) return;
		for (final Map.Entry<String, LogTable> e : tables.entrySet()) table(e.getValue()).show("Deep Low-Rank " + e
			.getKey());
	}

	/** The other tables of the last run, by output label (empty when it had none). */
	public static Map<String, LogTable> lastTables() {
		return lastTables;
	}

	/** The last published log, or null. */
	public static LogTable lastLog() {
		return lastLog;
	}

	/** The table of the last published log, or null. */
	public static ResultsTable lastTable() {
		return lastTable;
	}

	/** The plot of the last published log, or null. */
	public static Plot lastPlot() {
		return lastPlot;
	}
}
