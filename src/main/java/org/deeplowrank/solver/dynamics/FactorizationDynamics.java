package org.deeplowrank.solver.dynamics;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.deeplowrank.solver.Reconstruction;
import org.deeplowrank.solver.ReconstructionResult;
import org.deeplowrank.solver.SolverSettings;
import org.deeplowrank.solver.gd.DeepFactorization;
import org.deeplowrank.solver.gd.LogRecord;
import org.deeplowrank.solver.gd.SolverListener;
import org.deeplowrank.solver.kernels.JavaBackend;
import org.deeplowrank.solver.linalg.Matrix;

/**
 * A study of the training dynamics the papers describe: the same target solved for every
 * (depth, init scale) pair, each run's log kept, and one summary row per run. Runs fit
 * every observed entry (no validation hold-out) and report the fit itself.
 */
public final class FactorizationDynamics {

	private FactorizationDynamics() {}

	/** A listener that is also told when each run starts (for progress over the whole study). */
	public interface RunListener extends SolverListener {

		/** Run {@code index} (0-based, depth-major order) starts. */
		default void runStarted(final int index, final int depth, final double scale) {}
	}

	/** One run of the study. */
	public static final class Run {
		public final int depth;
		public final double scale;
		public final ReconstructionResult result;
		/** Summary values in the order of {@link #columns()}. */
		public final double[] summary;

		Run(final int depth, final double scale, final ReconstructionResult result, final double[] summary) {
			this.depth = depth;
			this.scale = scale;
			this.result = result;
			this.summary = summary;
		}
	}

	/**
	 * Summary columns. {@code iterations_to_threshold}: first logged iteration whose loss is
	 * at most {@code threshold} times the initial loss (NaN if never). Margins and bounds
	 * ({@link ConvergenceBounds}) are evaluated on the normalized problem at the
	 * initialization and at the end; the deficiency margin is only defined for fully
	 * observed square targets, the MVM bounds for depth 2 (exact) and 3, the balanced
	 * value for every depth (it is λ_min only when the imbalance is ~0).
	 */
	public static List<String> columns() {
		return List.of("depth", "scale", "final_loss", "iterations", "iterations_to_threshold", "final_effective_rank",
			"max_imbalance", "rel_error", "deficiency_margin_init", "deficiency_margin_final", "lambda_min_bound_init",
			"lambda_min_bound_final", "balanced_lambda_min_final");
	}

	public static List<Run> run(final Matrix target, final boolean[] missing, final Matrix reference,
		final int[] depths, final double[] scales, final SolverSettings base, final double threshold,
		final SolverListener listener, final BooleanSupplier cancel)
	{
		if (depths.length == 0 || scales.length == 0) {
			throw new IllegalArgumentException("give at least one depth and one scale");
		}
		if (!(threshold > 0) || !(threshold < 1)) {
			throw new IllegalArgumentException("bad value for 'threshold': " + threshold + " (expected in (0, 1))");
		}
		boolean full = true;
		if (missing != null) for (final boolean m : missing) full &= !m;
		final List<Run> runs = new ArrayList<>();
		final JavaBackend be = new JavaBackend(1);
		for (final int depth : depths) {
			for (final double scale : scales) {
				if (cancel != null && cancel.getAsBoolean()) return runs;
				if (listener instanceof RunListener) ((RunListener) listener).runStarted(runs.size(), depth, scale);
				// the study is about the dynamics on the given target: fit all of it, report the fit
				final SolverSettings s = base.withAutoOptimizerAsGd().toBuilder().validation(0).keepObserved(false).depth(depth).scale(scale).build();
				final ReconstructionResult r = Reconstruction.complete(target, missing, reference, s, listener, cancel);
				runs.add(new Run(depth, scale, r, summarize(depth, scale, r, target, full, threshold, be)));
			}
		}
		return runs;
	}

	private static double[] summarize(final int depth, final double scale, final ReconstructionResult r, final Matrix target, final boolean full,
		final double threshold, final JavaBackend be)
	{
		final List<LogRecord> log = r.log;
		final double loss0 = log.isEmpty() ? Double.NaN : log.get(0).loss;
		double toThreshold = Double.NaN, maxImbalance = 0;
		for (final LogRecord rec : log) {
			if (Double.isNaN(toThreshold) && rec.loss <= threshold * loss0) toThreshold = rec.iteration;
			// rows between imbalance evaluations carry NaN (GradientDescent.IMBALANCE_EVERY)
			if (!Double.isNaN(rec.maxImbalance)) maxImbalance = Math.max(maxImbalance, rec.maxImbalance);
		}
		final LogRecord last = log.isEmpty() ? null : log.get(log.size() - 1);
		double marginInit = Double.NaN, marginFinal = Double.NaN;
		final DeepFactorization init = r.initialFactors(), fin = r.factors();
		if (full && target.rows == target.cols && init != null) {
			// Φ in normalized units; margins reported in image units (the margin scales linearly)
			final Matrix phi = Matrix.real(target.rows, target.cols);
			for (int k = 0; k < phi.re.length; k++) phi.re[k] = (target.re[k] - r.normalizationMean()) / r
				.normalizationScale();
			marginInit = ConvergenceBounds.deficiencyMargin(realPart(init.product(be)), phi) * r.normalizationScale();
			marginFinal = ConvergenceBounds.deficiencyMargin(realPart(fin.product(be)), phi) * r.normalizationScale();
		}
		final double boundInit = init == null ? Double.NaN : ConvergenceBounds.lambdaMinLowerBound(init, be);
		final double boundFinal = fin == null ? Double.NaN : ConvergenceBounds.lambdaMinLowerBound(fin, be);
		final double balanced = fin == null || fin.isComplex() ? Double.NaN : ConvergenceBounds.balancedLambdaMin(fin
			.product(be), fin.depth());
		return new double[] { depth, scale, r.finalLoss, r.steps(),
			toThreshold, last == null ? Double.NaN : last.effectiveRank, maxImbalance, r.relError, marginInit,
			marginFinal, boundInit, boundFinal, balanced };
	}

	private static Matrix realPart(final Matrix m) {
		return m.isComplex() ? new Matrix(m.rows, m.cols, m.re, null) : m;
	}
}
