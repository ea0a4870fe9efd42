package org.deeplowrank.solver;

/** Why a run ended. */
public enum StopReason {
	/** The iteration cap was reached. */
	MAX_ITERATIONS,
	/** Relative loss change fell below the tolerance, or the loss reached round-off level. */
	CONVERGED,
	/** The user cancelled; the result is the last iterate (a partial result). */
	CANCELLED,
	/** Loss became non-finite or exploded; the result is the last finite iterate. */
	DIVERGED;

	public String key() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}
}
