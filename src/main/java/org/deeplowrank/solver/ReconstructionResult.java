package org.deeplowrank.solver;

import java.util.Collections;
import java.util.List;
import java.util.Locale;

import org.deeplowrank.solver.gd.DeepFactorization;
import org.deeplowrank.solver.gd.LogRecord;
import org.deeplowrank.solver.gd.StopReason;
import org.deeplowrank.solver.glrl.GreedyLowRank;
import org.deeplowrank.solver.linalg.Matrix;

/** The outcome of a {@link Reconstruction}: the image in the input's units and the log. */
public final class ReconstructionResult {

	/** Real reconstruction, same shape and units as the input. */
	public final Matrix reconstruction;
	/** Diagnostics rows (input units where it applies, see {@link LogRecord}). */
	public final List<LogRecord> log;
	/** Number of singular value columns in each log row. */
	public final int singularValueColumns;
	public final StopReason stopReason;
	/** Human-readable explanation of the stop (for DIVERGED: what to change). */
	public final String message;
	/** Gradient steps taken to reach the returned iterate. */
	public final int iterations;
	/** Data term f at the returned iterate, in input units squared. */
	public final double finalLoss;
	/** Relative error to the reference (NaN without one). */
	public final double relError;
	public final double seconds;
	/** The kernels used: {@code native/float}, {@code java/double}, … ({@link DenseKernels#description()}). */
	public final String backend;
	/**
	 * How the completion residual was computed, {@code dense} or {@code omega} (on Ω only,
	 * {@link DeepObjective.Residual}); null when not a completion with missing entries.
	 */
	String residual;
	/** GLRL's per-phase table (empty for the other methods). */
	public final List<GreedyLowRank.Phase> phases;
	/**
	 * Initial and final layers in the solver's normalized units (data = (image − mean)/scale),
	 * for research diagnostics; null for methods without layers.
	 */
	DeepFactorization initialFactors, factors;
	/** Iteration of the best validation error (the returned iterate); -1 without validation. */
	int bestIteration = -1;
	/** The normalization: image = scale · W + mean. */
	double mean, scale = 1;

	public ReconstructionResult(final Matrix reconstruction, final List<LogRecord> log, final int singularValueColumns,
		final StopReason stopReason, final String message, final int iterations, final double finalLoss,
		final double relError, final double seconds, final String backend)
	{
		this(reconstruction, log, singularValueColumns, stopReason, message, iterations, finalLoss, relError, seconds,
			backend, List.of());
	}

	public ReconstructionResult(final Matrix reconstruction, final List<LogRecord> log, final int singularValueColumns,
		final StopReason stopReason, final String message, final int iterations, final double finalLoss,
		final double relError, final double seconds, final String backend, final List<GreedyLowRank.Phase> phases)
	{
		this.phases = Collections.unmodifiableList(phases);
		this.reconstruction = reconstruction;
		this.log = Collections.unmodifiableList(log);
		this.singularValueColumns = singularValueColumns;
		this.stopReason = stopReason;
		this.message = message;
		this.iterations = iterations;
		this.finalLoss = finalLoss;
		this.relError = relError;
		this.seconds = seconds;
		this.backend = backend;
	}

	/** {@code dense} or {@code omega} for completion with missing entries, else null. */
	public String residual() {
		return residual;
	}

	public int bestIteration() {
		return bestIteration;
	}

	/** A copy with another relative error (after post-processing the reconstruction). */
	ReconstructionResult withRelError(final double rel) {
		final ReconstructionResult r = new ReconstructionResult(reconstruction, log, singularValueColumns, stopReason,
			message, iterations, finalLoss, rel, seconds, backend, phases);
		r.initialFactors = initialFactors;
		r.factors = factors;
		r.mean = mean;
		r.scale = scale;
		r.bestIteration = bestIteration;
		r.residual = residual;
		return r;
	}

	public DeepFactorization initialFactors() {
		return initialFactors;
	}

	public DeepFactorization factors() {
		return factors;
	}

	public double normalizationMean() {
		return mean;
	}

	public double normalizationScale() {
		return scale;
	}

	/** True when the result is usable as a finished reconstruction (not cancelled or diverged). */
	public boolean isComplete() {
		return stopReason == StopReason.MAX_ITERATIONS || stopReason == StopReason.CONVERGED ||
			stopReason == StopReason.MAX_RANK;
	}

	/** One line: iterations, final loss, rel_error if known, seconds, how it stopped. */
	public String summaryLine() {
		final StringBuilder sb = new StringBuilder();
		sb.append(String.format(Locale.ROOT, "iterations=%d loss=%.6g", iterations, finalLoss));
		if (!Double.isNaN(relError)) sb.append(String.format(Locale.ROOT, " rel_error=%.6g", relError));
		if (bestIteration >= 0) sb.append(" best_validation_iteration=").append(bestIteration);
		sb.append(String.format(Locale.ROOT, " seconds=%.3f stop=%s", seconds, stopReason.key()));
		if (stopReason == StopReason.CANCELLED) sb.append(" (partial result)");
		if (backend != null && !backend.isEmpty()) sb.append(" backend=").append(backend);
		if (residual != null) sb.append(" residual=").append(residual);
		return sb.toString();
	}
}
