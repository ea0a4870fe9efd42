package org.deeplowrank.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import net.imglib2.img.Img;
import org.deeplowrank.image.ImagePlanes;
import org.deeplowrank.image.MaskPlanes;
import org.deeplowrank.io.LogTable;
import org.deeplowrank.solver.SolverSettings;
import org.deeplowrank.solver.dynamics.FactorizationDynamics.Run;
import org.deeplowrank.solver.dynamics.FactorizationDynamics;
import org.deeplowrank.solver.gd.LogRecord;
import org.deeplowrank.solver.gd.StopReason;
import org.deeplowrank.solver.linalg.Matrix;
import org.scijava.ItemIO;
import org.scijava.ItemVisibility;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Research command: the training dynamics the papers study, on one target, for every
 * (depth, init scale) pair of two lists ({@link FactorizationDynamics}). Every run fits all
 * observed entries (no validation hold-out, no keep_observed), so what is reported is the
 * optimization itself: loss curves, iterations to a loss threshold, effective rank,
 * imbalance, and, where their hypotheses hold, ACGH's deficiency margin (eq. 6) and MVM's
 * λ_min bounds (§3–4).
 * <p>
 * The keys {@code depth} and {@code scale} of the shared key table are replaced here by
 * the lists {@code depths} and {@code scales}; every other solver key applies to all runs.
 */
@Plugin(type = Command.class, headless = true, label = FactorizationDynamicsStudy.LABEL,
	menuPath = "Plugins>Deep Low-Rank>" + FactorizationDynamicsStudy.LABEL,
	description = "Research: runs the solver on one target for every depth in 'depths' and every initial scale in " +
		"'scales'; one log per run, a summary row per run (final loss, iterations to a loss threshold, effective " +
		"rank, imbalance, deficiency margin, lambda_min bounds) and the loss curves of all runs in one plot.")
public class FactorizationDynamicsStudy extends SolverParameters {

	public static final String LABEL = "Factorization Dynamics";

	/** A heading of SciJava's dialog (not a key: runner, macros and CommandKeys skip messages). */
	@Parameter(visibility = ItemVisibility.MESSAGE, persist = false, required = false)
	private String targetHeading = "<html><b>Target and study</b>";

	@Parameter(label = "Target",
		description = "The target matrix: one 2-D grayscale plane (a text image gives exact values).")
	private Img<?> image;

	@Parameter(label = "Mask (nonzero = missing)", required = false,
		description = "Missing entries (nonzero = missing); without a mask the target is fully observed (and NaN " +
			"pixels are missing).")
	private Img<?> mask;

	@Parameter(label = "Reference (optional)", required = false,
		description = "Ground truth of the target's shape, for the rel_error column.")
	private Img<?> reference;

	@Parameter(label = "Depths",
		description = "The depths N to run, separated by spaces, commas or semicolons (replaces 'depth'), e.g. 1 2 3.")
	private String depths = "1 2 3";

	@Parameter(label = "Initial scales",
		description = "The initial scales s to run, separated by spaces, commas or semicolons (replaces 'scale'), " +
			"e.g. 0.3 0.1 0.03.")
	private String scales = "0.3 0.1 0.03";

	@Parameter(label = "Loss threshold (relative)", style = "format:0.####E0",
		description = "iterations_to_threshold = first logged iteration whose loss is at most this fraction of the " +
			"initial loss; in (0, 1).")
	private double threshold = 1e-3;

	@Parameter(label = "Log", type = ItemIO.OUTPUT,
		description = "Every run's log, one after the other; leading columns run (1-based), depth and scale.")
	private LogTable log;

	@Parameter(label = "Study", type = ItemIO.OUTPUT,
		description = "One row per run: depth, scale, final loss, iterations, iterations to the threshold, effective " +
			"rank, max imbalance, rel_error, deficiency margins and lambda_min bounds (NaN where they do not apply).")
	private LogTable study;

	@Parameter(label = "Summary", type = ItemIO.OUTPUT,
		description = "One line: runs done, the fastest run to the threshold, and why a run stopped early.")
	private String summary;

	@Override
	public void run() {
		try {
			if (image == null) throw new IllegalArgumentException("missing value for 'image' (the target)");
			final int[] ds = parseDepths(depths);
			final double[] ss = parseScales(scales);
			if (!(threshold > 0 && threshold < 1)) {
				throw new IllegalArgumentException("bad value for 'threshold': " + threshold + " (expected a number in (0, 1), " +
					"e.g. 1e-3)");
			}
			final ImagePlanes targetPlane = ImagePlanes.singlePlane(image, "image");
			final Matrix target = targetPlane.matrix(0, 0);
			final boolean[] missing = MaskPlanes.singlePlane(mask, targetPlane).missing(target, 0, 0);
			MaskPlanes.requireObserved(missing);
			Matrix ref = null;
			if (reference != null) {
				final ImagePlanes refPlane = ImagePlanes.singlePlane(reference, "reference");
				if (refPlane.width() != targetPlane.width() || refPlane.height() != targetPlane.height()) {
					throw new IllegalArgumentException("'reference' is " + refPlane.width() + " x " + refPlane.height() +
						" but 'image' is " + targetPlane.width() + " x " + targetPlane.height() +
						": give a reference of the same size");
				}
				ref = refPlane.matrix(0, 0);
			}
			final SolverSettings base = settings();
			final String name = title();
			final int total = ds.length * ss.length;
			final FactorizationDynamics.RunListener listener = new FactorizationDynamics.RunListener() {

				private int index, depth;
				private double scale;

				@Override
				public void runStarted(final int i, final int d, final double s) {
					index = i;
					depth = d;
					scale = s;
				}

				@Override
				public void progress(final int iteration, final int max) {
					final int done = index, d = depth;
					final double s = scale;
					reportProgress((int) Math.min(999, Math.round(1000.0 * (done + (max > 0 ? (double) iteration / max : 1)) /
						total)), 1000, () -> String.format(Locale.ROOT, "%s: run %d/%d (depth %d, scale %s), iteration %d/%d",
							name, done + 1, total, d, s, iteration, max));
				}
			};
			final List<Run> runs = FactorizationDynamics.run(target, missing, ref, ds, ss, base, threshold, listener,
				this::isCanceled);
			log = runLog(runs);
			study = studyTable(runs);
			summary = summaryLine(runs, total);
			finishProgress(name + ": " + summary);
		}
		catch (final IllegalArgumentException e) {
			cancel(e.getMessage());
		}
	}

	/** The per-run logs, stacked, with leading {@code run, depth, scale} columns. */
	static LogTable runLog(final List<Run> runs) {
		int sv = 0;
		for (final Run r : runs) sv = Math.max(sv, r.result.singularValueColumns);
		final List<String> columns = new ArrayList<>(List.of("run", "depth", "scale"));
		columns.addAll(LogRecord.columns(sv));
		final List<double[]> rows = new ArrayList<>();
		for (int k = 0; k < runs.size(); k++) {
			final Run run = runs.get(k);
			for (final LogRecord rec : run.result.log) {
				final double[] v = rec.values();
				final double[] row = new double[columns.size()];
				java.util.Arrays.fill(row, Double.NaN);
				row[0] = k + 1;
				row[1] = run.depth;
				row[2] = run.scale;
				System.arraycopy(v, 0, row, 3, Math.min(v.length, row.length - 3));
				rows.add(row);
			}
		}
		return new LogTable(columns, rows);
	}

	static LogTable studyTable(final List<Run> runs) {
		final List<String> columns = new ArrayList<>(List.of("run"));
		columns.addAll(FactorizationDynamics.columns());
		final List<double[]> rows = new ArrayList<>();
		for (int k = 0; k < runs.size(); k++) {
			final double[] s = runs.get(k).summary;
			final double[] row = new double[s.length + 1];
			row[0] = k + 1;
			System.arraycopy(s, 0, row, 1, s.length);
			rows.add(row);
		}
		return new LogTable(columns, rows);
	}

	private static String summaryLine(final List<Run> runs, final int total) {
		final StringBuilder b = new StringBuilder();
		b.append("runs=").append(runs.size()).append('/').append(total);
		final int col = FactorizationDynamics.columns().indexOf("iterations_to_threshold");
		Run fastest = null;
		for (final Run r : runs) {
			final double t = r.summary[col];
			if (!Double.isNaN(t) && (fastest == null || t < fastest.summary[col])) fastest = r;
		}
		if (fastest != null) b.append(String.format(Locale.ROOT, " fastest_to_threshold=depth %d scale %s (%d iterations)",
			fastest.depth, fastest.scale, (int) fastest.summary[col]));
		else if (!runs.isEmpty()) b.append(" fastest_to_threshold=none");
		int diverged = 0;
		for (final Run r : runs) if (r.result.stopReason == StopReason.DIVERGED) diverged++;
		if (diverged > 0) b.append(" diverged=").append(diverged).append(" (smaller lr)");
		if (runs.size() < total) b.append(" cancelled");
		return b.toString();
	}

	/** Depths from a list such as "1 2 3" or "1,2,3": integers in 1..10, at least one. */
	static int[] parseDepths(final String text) {
		final String[] parts = split(text, "depths");
		final int[] d = new int[parts.length];
		for (int i = 0; i < parts.length; i++) {
			try {
				d[i] = Integer.parseInt(parts[i]);
			}
			catch (final NumberFormatException e) {
				throw new IllegalArgumentException("bad value for 'depths': '" + parts[i] + "' is not an integer (expected " +
					"a list such as 1 2 3)");
			}
			if (d[i] < 1 || d[i] > 10) {
				throw new IllegalArgumentException("bad value for 'depths': " + d[i] + " (expected depths from 1 to 10)");
			}
		}
		return d;
	}

	/** Scales from a list such as "0.3 0.1 0.03": positive finite numbers, at least one. */
	static double[] parseScales(final String text) {
		final String[] parts = split(text, "scales");
		final double[] s = new double[parts.length];
		for (int i = 0; i < parts.length; i++) {
			try {
				s[i] = Double.parseDouble(parts[i]);
			}
			catch (final NumberFormatException e) {
				throw new IllegalArgumentException("bad value for 'scales': '" + parts[i] + "' is not a number (expected a " +
					"list such as 0.3 0.1 0.03)");
			}
			if (!(s[i] > 0) || !Double.isFinite(s[i])) {
				throw new IllegalArgumentException("bad value for 'scales': " + parts[i] + " (expected positive scales)");
			}
		}
		return s;
	}

	private static String[] split(final String text, final String key) {
		final String t = text == null ? "" : text.trim();
		if (t.isEmpty()) throw new IllegalArgumentException("missing value for '" + key + "' (a list such as " + (key
			.equals("depths") ? "1 2 3" : "0.3 0.1 0.03") + ")");
		return t.split("[\\s,;]+");
	}
}
