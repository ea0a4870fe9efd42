package org.deeplowrank.solver.fast;

/**
 * How the fast engine preconditions its outer layers W_N (one row per image row) and W_1 (one
 * column per image column): with the global Gram of the adjacent factor, scaled by the fitted
 * fraction, or with each row's (column's) own Gram over its observed entries, the exact
 * Gauss–Newton block of that layer under the mask (what alternating least squares solves).
 */
public enum OuterGram {

	/**
	 * Row-wise on a side whose rows (columns) have fewer than
	 * {@value ScaledDeepFactorization#ROWWISE_OBSERVATIONS} · k fitted entries on average, global
	 * on the other: there the sampled Gram of a row is far from p times the global one (its
	 * relative error is about 2·sqrt(k/n) for n entries), so the global step corrects that row
	 * by a wrong amount and the run slows to the rate of its worst rows (a pixels × 40 frames
	 * Casorati matrix: 20 entries per pixel row); with many entries the global Gram is as good
	 * and the row-wise one costs rows·cols·k(k+1)/2 more per step.
	 */
	AUTO,
	/** Row-wise on both sides (where the Grams fit in memory). */
	ROWWISE,
	/** Global on both sides (ScaledGD(λ)'s preconditioner). */
	GLOBAL
}
