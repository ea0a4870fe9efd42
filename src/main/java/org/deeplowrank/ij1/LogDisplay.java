package org.deeplowrank.ij1;

import java.awt.Color;
import java.awt.GraphicsEnvironment;
import java.awt.Window;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.Plot;
import ij.gui.PlotWindow;
import ij.macro.Interpreter;
import ij.measure.ResultsTable;

import org.deeplowrank.command.LogTable;

/**
 * The diagnostics log in ImageJ: a ResultsTable named {@value #TABLE_TITLE} and a loss
 * plot on a log scale ({@link Plot}), shown in a window when there is a screen and no
 * batch mode, otherwise only kept (for {@link DeepLowRankMacros}) or written as PNG.
 */
public final class LogDisplay {

	public static final String TABLE_TITLE = "Deep Low-Rank Log";
	public static final String PLOT_TITLE = "Deep Low-Rank Loss";

	private static final Color[] COLORS = { Color.BLUE, Color.RED, new Color(0, 150, 0), Color.MAGENTA, Color.ORANGE,
		Color.CYAN.darker(), Color.GRAY, Color.BLACK, Color.PINK.darker(), new Color(128, 0, 0), new Color(128, 128, 0),
		new Color(0, 0, 128) };

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

	/**
	 * The loss (1/2 sum of squared residuals, image units) against the iteration, y on a
	 * log scale, one curve per part of the image (plane, colour, Casorati matrix); values
	 * that are not positive are left out. The subtitle (e.g. the summary) goes under the
	 * x axis.
	 */
	public static Plot lossPlot(final LogTable log, final String subtitle) {
		final Plot plot = new Plot(PLOT_TITLE, subtitle == null || subtitle.isEmpty() ? "iteration" : "iteration    (" +
			subtitle + ")", "loss");
		final double[] it = log.column("iteration"), loss = log.column("loss");
		final boolean parts = log.columns().contains("channel");
		final boolean runs = log.columns().contains("run") && log.columns().contains("depth") && log.columns().contains(
			"scale");
		final double[] depth = runs ? log.column("depth") : null, scale = runs ? log.column("scale") : null;
		final Map<String, List<double[]>> curves = new LinkedHashMap<>();
		for (int r = 0; r < it.length; r++) {
			final String key = runs ? "depth " + (int) depth[r] + ", scale " + (float) scale[r] : parts ? "channel " +
				(int) log.get(r, 0) + ", slice " + (int) log.get(r, 1) : "loss";
			if (loss[r] > 0 && Double.isFinite(loss[r])) curves.computeIfAbsent(key, k -> new ArrayList<>()).add(
				new double[] { it[r], loss[r] });
		}
		plot.setLogScaleY();
		int i = 0;
		final StringBuilder legend = new StringBuilder();
		for (final Map.Entry<String, List<double[]>> e : curves.entrySet()) {
			final double[] x = new double[e.getValue().size()], y = new double[x.length];
			for (int k = 0; k < x.length; k++) {
				x[k] = e.getValue().get(k)[0];
				y[k] = e.getValue().get(k)[1];
			}
			plot.setColor(COLORS[i % COLORS.length]);
			plot.addPoints(x, y, Plot.LINE);
			if (legend.length() > 0) legend.append('\n');
			legend.append(e.getKey());
			i++;
		}
		if (curves.size() > 1 && curves.size() <= COLORS.length) {
			plot.setColor(Color.BLACK);
			plot.addLegend(legend.toString());
		}
		plot.setLimitsToFit(false);
		return plot;
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
		final Plot plot = lossPlot(log, subtitle);
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

	/** The plot as an image (rendered off screen; works headless). */
	public static ImagePlus render(final Plot plot) {
		return plot.getImagePlus();
	}

	/** Writes the plot as PNG, atomically. */
	public static void savePng(final Plot plot, final Path path) throws IOException {
		IjFiles.savePng(render(plot), path);
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
