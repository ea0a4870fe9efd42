package org.deeplowrank.solver;

import java.util.List;
import java.util.Locale;

import org.deeplowrank.solver.gd.DeepFactorization;
import org.deeplowrank.solver.gd.LogRecord;
import org.deeplowrank.solver.gd.StopReason;
import org.deeplowrank.solver.glrl.GreedyLowRank;
import org.deeplowrank.solver.linalg.Matrix;

/**
 * The outcome of a {@link Reconstruction}: the image in the input's units and the log.
 * Immutable (the lists are copies; the matrices are the solver's own and not copied);
 * built by a {@link Builder}, and changed by {@link #toBuilder()}.
 */
public final class ReconstructionResult {

	/**
	 * Real reconstruction, same shape and units as the input; null for a result of several
	 * parts, and in an image run's results once the part is in the output image.
	 */
	public final Matrix reconstruction;
	/** Diagnostics rows (input units where it applies, see {@link LogRecord}). */
	public final List<LogRecord> log;
	/** Number of singular value columns in each log row. */
	public final int singularValueColumns;
	public final StopReason stopReason;
	/** Human-readable explanation of the stop (for DIVERGED: what to change); may be null. */
	public final String message;
	/** Data term f at the returned iterate, in input units squared; NaN for methods without one. */
	public final double finalLoss;
	/** Relative error to the reference (NaN without one). */
	public final double relError;
	public final double seconds;
	/** The kernels used: {@code native/float}, {@code java/double}, … ({@code DenseKernels.description()}). */
	public final String backend;
	/** GLRL's per-phase table (empty for the other methods). */
	public final List<GreedyLowRank.Phase> phases;
	/**
	 * What completed the matrix when the settings do not say it alone: {@code auto(nonlocal-gd)}
	 * (what {@code method=auto} chose), {@code nonlocal-softimpute}; null for the other methods.
	 * Parts and tiles that chose differently are merged by {@link #mergeMethods}.
	 */
	public final String method;
	private final String residual;
	private final DeepFactorization initialFactors, factors;
	private final int steps, returnedIteration, width;
	private final double mean, scale;

	private ReconstructionResult(final Builder b) {
		if (b.stopReason == null) throw new IllegalStateException("a result needs a stop reason");
		reconstruction = b.reconstruction;
		log = List.copyOf(b.log);
		singularValueColumns = b.singularValueColumns;
		stopReason = b.stopReason;
		message = b.message;
		finalLoss = b.finalLoss;
		relError = b.relError;
		seconds = b.seconds;
		backend = b.backend;
		phases = List.copyOf(b.phases);
		method = b.method;
		residual = b.residual;
		initialFactors = b.initialFactors;
		factors = b.factors;
		steps = b.steps;
		returnedIteration = b.returnedIteration;
		width = b.width;
		mean = b.mean;
		scale = b.scale;
	}

	/** A builder with nothing set but the defaults of {@link Builder}. */
	public static Builder builder() {
		return new Builder();
	}

	/** A builder holding this result's values (the matrices are shared, not copied). */
	public Builder toBuilder() {
		final Builder b = new Builder();
		b.reconstruction = reconstruction;
		b.log = log;
		b.singularValueColumns = singularValueColumns;
		b.stopReason = stopReason;
		b.message = message;
		b.finalLoss = finalLoss;
		b.relError = relError;
		b.seconds = seconds;
		b.backend = backend;
		b.phases = phases;
		b.method = method;
		b.residual = residual;
		b.initialFactors = initialFactors;
		b.factors = factors;
		b.steps = steps;
		b.returnedIteration = returnedIteration;
		b.width = width;
		b.mean = mean;
		b.scale = scale;
		return b;
	}

	/**
	 * How the completion residual was computed, {@code dense} or {@code omega} (on Ω only,
	 * {@code DeepObjective.Residual}); null when not a completion with missing entries.
	 */
	public String residual() {
		return residual;
	}

	/**
	 * Iterations actually taken (gradient steps; GLRL: over all phases; several parts or
	 * tiles: the most any part took).
	 */
	public int steps() {
		return steps;
	}

	/**
	 * The iteration of the returned iterate: the best validation iterate when validating,
	 * else the last one ({@link #steps()}); -1 for methods that return no iterate of their
	 * own (several parts: the parts' own lines say it).
	 */
	public int returnedIteration() {
		return returnedIteration;
	}

	/** The hidden width the run ended with (optimizer=scaled grows it); −1 when not reported. */
	public int width() {
		return width;
	}

	/**
	 * Initial layers in the solver's normalized units (data = (image − mean)/scale), for
	 * research diagnostics; null for methods without layers.
	 */
	public DeepFactorization initialFactors() {
		return initialFactors;
	}

	/** Final layers, as {@link #initialFactors()}. */
	public DeepFactorization factors() {
		return factors;
	}

	/** The normalization: image = scale · W + mean. */
	public double normalizationMean() {
		return mean;
	}

	public double normalizationScale() {
		return scale;
	}

	/** True when the result is usable as a finished reconstruction (not cancelled or diverged). */
	public boolean isComplete() {
		return stopReason.complete();
	}

	/**
	 * One line: steps taken, the returned iterate's iteration, final loss, rel_error if known,
	 * seconds, which stopping rule fired, the mean subtracted when the data were centered
	 * ({@code centered=}), the width found (optimizer=scaled).
	 */
	public String summaryLine() {
		final StringBuilder sb = new StringBuilder();
		sb.append("steps=").append(steps);
		if (returnedIteration >= 0) sb.append(" returned_iteration=").append(returnedIteration);
		sb.append(String.format(Locale.ROOT, " loss=%.6g", finalLoss));
		if (!Double.isNaN(relError)) sb.append(String.format(Locale.ROOT, " rel_error=%.6g", relError));
		if (width >= 0) sb.append(" width=").append(width);
		sb.append(String.format(Locale.ROOT, " seconds=%.3f stop=%s", seconds, stopReason.key()));
		if (stopReason == StopReason.CANCELLED) sb.append(" (partial result)");
		// center=auto decides by itself: say when it subtracted the mean (added back in the result)
		if (mean != 0 && Double.isFinite(mean)) sb.append(String.format(Locale.ROOT, " centered=%.6g", mean));
		if (method != null) sb.append(" method=").append(method);
		if (backend != null && !backend.isEmpty()) sb.append(" backend=").append(backend);
		if (residual != null) sb.append(" residual=").append(residual);
		return sb.toString();
	}

	/**
	 * The method of several parts or tiles in one: null when neither says; the one when they
	 * agree; {@code auto(a,b)} when both are {@code method=auto} choices; else {@code a/b}.
	 * Names already merged are not repeated, so parts can be folded in one at a time.
	 */
	public static String mergeMethods(final String a, final String b) {
		if (a == null) return b;
		if (b == null || a.equals(b)) return a;
		final String auto = "auto(";
		if (a.startsWith(auto) && a.endsWith(")") && b.startsWith(auto) && b.endsWith(")")) {
			final java.util.LinkedHashSet<String> names = new java.util.LinkedHashSet<>();
			names.addAll(List.of(a.substring(auto.length(), a.length() - 1).split(",")));
			names.addAll(List.of(b.substring(auto.length(), b.length() - 1).split(",")));
			return auto + String.join(",", names) + ")";
		}
		final java.util.LinkedHashSet<String> names = new java.util.LinkedHashSet<>();
		names.addAll(List.of(a.split("/")));
		names.addAll(List.of(b.split("/")));
		return String.join("/", names);
	}

	/**
	 * Builds a {@link ReconstructionResult}. Required: the stop reason. Defaults: no
	 * reconstruction, an empty log and phase table, 0 steps and singular value
	 * columns, no returned iteration (−1), loss 0, no reference (relError NaN), backend "",
	 * no residual path, no layers, the identity normalization.
	 */
	public static final class Builder {

		private Matrix reconstruction;
		private List<LogRecord> log = List.of();
		private int singularValueColumns;
		private StopReason stopReason;
		private String message;
		private double finalLoss, relError = Double.NaN, seconds;
		private String backend = "";
		private List<GreedyLowRank.Phase> phases = List.of();
		private String method;
		private String residual;
		private DeepFactorization initialFactors, factors;
		private int steps, returnedIteration = -1, width = -1;
		private double mean, scale = 1;

		private Builder() {}

		public ReconstructionResult build() {
			return new ReconstructionResult(this);
		}

		/** Steps taken (the summary's {@code steps=}). */
		public Builder steps(final int v) {
			steps = v;
			return this;
		}

		/** The step of the returned iterate (the summary's {@code returned_iteration=}). */
		public Builder returnedIteration(final int v) {
			returnedIteration = v;
			return this;
		}

		/** The hidden width found (the summary's {@code width=}). */
		public Builder width(final int v) {
			width = v;
			return this;
		}

		public Builder reconstruction(final Matrix v) {
			reconstruction = v;
			return this;
		}

		/** The log rows (copied when built). */
		public Builder log(final List<LogRecord> v) {
			log = v;
			return this;
		}

		public Builder singularValueColumns(final int v) {
			singularValueColumns = v;
			return this;
		}

		public Builder stopReason(final StopReason v) {
			stopReason = v;
			return this;
		}

		public Builder message(final String v) {
			message = v;
			return this;
		}



		public Builder finalLoss(final double v) {
			finalLoss = v;
			return this;
		}

		public Builder relError(final double v) {
			relError = v;
			return this;
		}

		public Builder seconds(final double v) {
			seconds = v;
			return this;
		}

		public Builder backend(final String v) {
			backend = v;
			return this;
		}

		public Builder phases(final List<GreedyLowRank.Phase> v) {
			phases = v;
			return this;
		}

		/** What completed the matrix when the settings do not say it alone (see {@link ReconstructionResult#method}). */
		public Builder method(final String v) {
			method = v;
			return this;
		}

		public Builder residual(final String v) {
			residual = v;
			return this;
		}

		public Builder initialFactors(final DeepFactorization v) {
			initialFactors = v;
			return this;
		}

		public Builder factors(final DeepFactorization v) {
			factors = v;
			return this;
		}

		/** The normalization image = scale · W + mean. */
		public Builder normalization(final double mu, final double c) {
			mean = mu;
			scale = c;
			return this;
		}
	}
}
