package org.deeplowrank.solver.gd;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One row of the diagnostics log (METHOD.md §4), taken every {@code logEvery}
 * iterations and at the last iterate.
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

	public LogRecord(final int iteration, final double loss, final double regularizer, final double rmse,
		final double relError, final double valRmse, final double gradNorm, final double step, final double[] singularValues,
		final double effectiveRank, final double nuclearNorm, final double maxImbalance, final double seconds)
	{
		this.iteration = iteration;
		this.loss = loss;
		this.regularizer = regularizer;
		this.rmse = rmse;
		this.relError = relError;
		this.valRmse = valRmse;
		this.gradNorm = gradNorm;
		this.step = step;
		this.singularValues = singularValues.clone();
		this.effectiveRank = effectiveRank;
		this.nuclearNorm = nuclearNorm;
		this.maxImbalance = maxImbalance;
		this.seconds = seconds;
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
}
