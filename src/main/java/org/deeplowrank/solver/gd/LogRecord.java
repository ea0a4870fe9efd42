package org.deeplowrank.solver.gd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * One row of the diagnostics log (METHOD.md §4), taken every {@code logEvery}
 * iterations and at the last iterate; immutable, built by name ({@link #builder()}). A
 * quantity a method does not have (the layers' gradient of an inpainting, say) is NaN.
 * <p>
 * Units: {@code loss}, {@code rmse}, singular values and nuclear norm are in the
 * units of the data handed to the user-facing call (image units; the solver rescales its
 * internal normalized values back); {@code regularizer}, {@code gradNorm}, {@code step}
 * and {@code maxImbalance} are in the solver's normalized units (they describe the
 * layers, which only exist there).
 */
public final class LogRecord {

	public final int iteration;
	/** Data term f (½ Σ squared residuals). */
	public final double loss;
	/** Balanced regularizer L_reg = (a/4) Σ ‖Δ_{j,j+1}‖² (0 when a = 0). */
	public final double regularizer;
	/** Root mean squared residual over the observations, sqrt(2f / count). */
	public final double rmse;
	/** ‖W − R‖_F / ‖R‖_F against the reference, NaN without one. */
	public final double relError;
	/** RMSE on the held-out validation pixels (input units), NaN without validation. */
	public final double valRmse;
	/** sqrt(Σ_j ‖∇_{W_j} L‖²). */
	public final double gradNorm;
	/** The step size η used for the step leaving this iterate. */
	public final double step;
	/** Top singular values of the product, descending. */
	public final double[] singularValues;
	/** Entropy effective rank exp(-Σ p_i log p_i), p_i = σ_i / Σσ (Roy and Vetterli). */
	public final double effectiveRank;
	/** Nuclear norm of the product. */
	public final double nuclearNorm;
	/** max_j ‖Δ_{j,j+1}‖_F, Δ_{j,j+1} = W_j W_j^H − W_{j+1}^H W_{j+1} (0 for depth 1). */
	public final double maxImbalance;
	/** Wall-clock seconds since the run started. */
	public final double seconds;

	private LogRecord(final Builder b) {
		iteration = b.iteration;
		loss = b.loss;
		regularizer = b.regularizer;
		rmse = b.rmse;
		relError = b.relError;
		valRmse = b.valRmse;
		gradNorm = b.gradNorm;
		step = b.step;
		singularValues = b.singularValues.clone();
		effectiveRank = b.effectiveRank;
		nuclearNorm = b.nuclearNorm;
		maxImbalance = b.maxImbalance;
		seconds = b.seconds;
	}

	/** A builder: every quantity NaN (does not exist) until set, no singular values, iteration 0. */
	public static Builder builder() {
		return new Builder();
	}

	/** A builder holding this row's values (to shift its iteration or time, as GLRL's phases do). */
	public Builder toBuilder() {
		return new Builder()
			.iteration(iteration)
			.loss(loss)
			.regularizer(regularizer)
			.rmse(rmse)
			.relError(relError)
			.valRmse(valRmse)
			.gradNorm(gradNorm)
			.step(step)
			.singularValues(singularValues)
			.effectiveRank(effectiveRank)
			.nuclearNorm(nuclearNorm)
			.maxImbalance(maxImbalance)
			.seconds(seconds);
	}

	/**
	 * The row whose {@link #values()} are {@code v}, with {@code k} singular values (what a
	 * row written out as numbers, e.g. into a tile file, reads back as).
	 */
	public static LogRecord fromValues(final double[] v, final int k) {
		if (v.length != 12 + k) {
			throw new IllegalArgumentException("a log row with " + k + " singular values has " + (12 + k) +
				" values, not " + v.length);
		}
		return builder()
			.iteration((int) v[0])
			.loss(v[1])
			.regularizer(v[2])
			.rmse(v[3])
			.relError(v[4])
			.valRmse(v[5])
			.gradNorm(v[6])
			.step(v[7])
			.singularValues(Arrays.copyOfRange(v, 8, 8 + k))
			.effectiveRank(v[8 + k])
			.nuclearNorm(v[9 + k])
			.maxImbalance(v[10 + k])
			.seconds(v[11 + k])
			.build();
	}

	/** Column names, in the order of {@link #values()}; {@code k} singular value columns. */
	public static List<String> columns(final int k) {
		final List<String> c = new ArrayList<>(List.of("iteration", "loss", "regularizer", "rmse", "rel_error",
			"val_rmse", "grad_norm", "step"));
		for (int i = 1; i <= k; i++) c.add("sv" + i);
		c.addAll(List.of("effective_rank", "nuclear_norm", "max_imbalance", "seconds"));
		return Collections.unmodifiableList(c);
	}

	/** The row's values in the order of {@link #columns(int)} with {@code k} = number of singular values. */
	public double[] values() {
		final int k = singularValues.length;
		final double[] v = new double[12 + k];
		int i = 0;
		v[i++] = iteration;
		v[i++] = loss;
		v[i++] = regularizer;
		v[i++] = rmse;
		v[i++] = relError;
		v[i++] = valRmse;
		v[i++] = gradNorm;
		v[i++] = step;
		for (final double s : singularValues) v[i++] = s;
		v[i++] = effectiveRank;
		v[i++] = nuclearNorm;
		v[i++] = maxImbalance;
		v[i] = seconds;
		return v;
	}

	/** Builds a {@link LogRecord} by named values; see {@link LogRecord#builder()} for the defaults. */
	public static final class Builder {

		private int iteration;
		private double loss = Double.NaN, regularizer = Double.NaN, rmse = Double.NaN, relError = Double.NaN,
			valRmse = Double.NaN, gradNorm = Double.NaN, step = Double.NaN, effectiveRank = Double.NaN,
			nuclearNorm = Double.NaN, maxImbalance = Double.NaN, seconds = Double.NaN;
		private double[] singularValues = new double[0];

		private Builder() {}

		public LogRecord build() {
			return new LogRecord(this);
		}

		public Builder iteration(final int v) {
			iteration = v;
			return this;
		}

		public Builder loss(final double v) {
			loss = v;
			return this;
		}

		public Builder regularizer(final double v) {
			regularizer = v;
			return this;
		}

		public Builder rmse(final double v) {
			rmse = v;
			return this;
		}

		public Builder relError(final double v) {
			relError = v;
			return this;
		}

		public Builder valRmse(final double v) {
			valRmse = v;
			return this;
		}

		public Builder gradNorm(final double v) {
			gradNorm = v;
			return this;
		}

		public Builder step(final double v) {
			step = v;
			return this;
		}

		/** The top singular values, descending (copied when built). */
		public Builder singularValues(final double[] v) {
			singularValues = v;
			return this;
		}

		public Builder effectiveRank(final double v) {
			effectiveRank = v;
			return this;
		}

		public Builder nuclearNorm(final double v) {
			nuclearNorm = v;
			return this;
		}

		public Builder maxImbalance(final double v) {
			maxImbalance = v;
			return this;
		}

		public Builder seconds(final double v) {
			seconds = v;
			return this;
		}
	}
}
