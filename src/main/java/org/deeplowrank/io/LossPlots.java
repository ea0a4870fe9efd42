package org.deeplowrank.io;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ij.ImagePlus;
import ij.gui.Plot;

/**
 * The loss plot of a log: built here once, for ImageJ's plot window and for the PNG files
 * of the runner, the batch and the macros alike; rendered off screen, so it works headless.
 */
public final class LossPlots {

	public static final String TITLE = "Deep Low-Rank Loss";

	/**
	 * The part of each axis' range (in decades on the log y axis) left free on both sides:
	 * GD from a small initialization starts and often ends on a plateau, and with limits of
	 * exactly [min, max] both plateaus would lie on the frame, so that the curve would seem
	 * to start late and stop early.
	 */
	static final double MARGIN = 0.04;
	/** The y margin, in decades, of a (nearly) flat curve, whose range gives no scale. */
	static final double MIN_Y_MARGIN_DECADES = 0.05;
	/** The x margin, in iterations, of a curve of one logged iteration. */
	static final double MIN_X_MARGIN = 1;

	private static final Color[] COLORS = { Color.BLUE, Color.RED, new Color(0, 150, 0), Color.MAGENTA, Color.ORANGE,
		Color.CYAN.darker(), Color.GRAY, Color.BLACK, Color.PINK.darker(), new Color(128, 0, 0), new Color(128, 128, 0),
		new Color(0, 0, 128) };

	private LossPlots() {}

	/**
	 * The loss (1/2 sum of squared residuals, image units) against the iteration, y on a
	 * log scale, one curve per part of the image (plane, colour, Casorati matrix) or per run
	 * of a study; values that are not positive are left out. The limits are the range of
	 * the curves with a margin on every side ({@link #MARGIN}). The subtitle (e.g. the
	 * summary) goes under the x axis.
	 */
	public static Plot plot(final LogTable log, final String subtitle) {
		final Plot plot = new Plot(TITLE, subtitle == null || subtitle.isEmpty() ? "iteration" : "iteration    (" +
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
		final double[] range = { Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY,
			Double.NEGATIVE_INFINITY };
		for (final Map.Entry<String, List<double[]>> e : curves.entrySet()) {
			final double[] x = new double[e.getValue().size()], y = new double[x.length];
			for (int k = 0; k < x.length; k++) {
				x[k] = e.getValue().get(k)[0];
				y[k] = e.getValue().get(k)[1];
				range[0] = Math.min(range[0], x[k]);
				range[1] = Math.max(range[1], x[k]);
				range[2] = Math.min(range[2], y[k]);
				range[3] = Math.max(range[3], y[k]);
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
		if (curves.isEmpty()) plot.setLimitsToFit(false);
		else {
			final double[] limits = limits(range[0], range[1], range[2], range[3]);
			plot.setLimits(limits[0], limits[1], limits[2], limits[3]);
		}
		return plot;
	}

	/**
	 * The plot limits {xMin, xMax, yMin, yMax} of curves spanning [x0, x1] × [y0, y1]
	 * (0 < y0 ≤ y1): each range widened on both sides by {@link #MARGIN} of itself, the y
	 * range in decades.
	 */
	static double[] limits(final double x0, final double x1, final double y0, final double y1) {
		final double dx = x1 > x0 ? MARGIN * (x1 - x0) : MIN_X_MARGIN;
		final double decades = Math.log10(y1 / y0);
		final double dy = Math.max(MARGIN * decades, MIN_Y_MARGIN_DECADES);
		final double factor = Math.pow(10, dy);
		return new double[] { x0 - dx, x1 + dx, y0 / factor, y1 * factor };
	}

	/** The plot as an image (rendered off screen; works headless). */
	public static ImagePlus render(final Plot plot) {
		return plot.getImagePlus();
	}

	/** Writes the plot as PNG, atomically. */
	public static void savePng(final Plot plot, final Path path) throws IOException {
		ImageFiles.savePng(render(plot), path);
	}
}
