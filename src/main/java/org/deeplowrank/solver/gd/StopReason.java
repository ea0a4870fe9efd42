package org.deeplowrank.solver.gd;

/**
 * Why a run ended: which stopping rule fired (the summary line's {@code stop=} is {@link #key()}).
 */
public enum StopReason {
	/** The iteration cap ({@code iterations}, a safety cap) was reached. */
	MAX_ITERATIONS,
	/**
	 * Converged: the iterate stopped moving (relative change of W per iteration, over a window,
	 * below {@code tolerance}, and likewise the validation error when there is one) with no
	 * strong direction left in the data gradient; or the loss reached round-off level; GLRL:
	 * its optimality test passed.
	 */
	CONVERGED,
	/**
	 * Early stopping on the held-out entries: the validation error stayed above its best for
	 * {@code patience} log steps (and as long as it took to reach the best); the best
	 * validation iterate is returned.
	 */
	VALIDATION,
	/** The time budget ({@code max_seconds}) ran out; the result is a valid (best or last) iterate. */
	MAX_SECONDS,
	/** GLRL reached its rank cap ({@code max_rank}) before the optimality test passed. */
	MAX_RANK,
	/** The user cancelled; the result is the last iterate (a partial result). */
	CANCELLED,
	/** Loss became non-finite or exploded; the result is the last finite iterate. */
	DIVERGED;

	public String key() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

	/** True when the result is a finished reconstruction (not cancelled, not diverged). */
	public boolean complete() {
		return this != CANCELLED && this != DIVERGED;
	}
}
