package org.deeplowrank.solver.gd;

/** Why a run ended. */
public enum StopReason {
	/** The iteration cap was reached. */
	MAX_ITERATIONS,
	/** Relative loss change fell below the tolerance, or the loss reached round-off level. */
	CONVERGED,
	/** GLRL reached its rank cap ({@code max_rank}) before the optimality test passed. */
	MAX_RANK,
	/** The user cancelled; the result is the last iterate (a partial result). */
	CANCELLED,
	/** Loss became non-finite or exploded; the result is the last finite iterate. */
	DIVERGED,
	/** The held-out error stopped improving (the patience ran out); the best iterate is returned. */
	VALIDATION,
	/** The wall-clock cap elapsed. */
	MAX_SECONDS;

	public String key() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}
}
