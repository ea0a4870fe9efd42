package org.deeplowrank.solver.fast;

import java.util.Locale;

/** Which rule ended a {@link ScaledDeepFactorization} run. */
public enum ScaledStop {
	/** The layers' relative change per step fell below the tolerance at a settled width. */
	CONVERGED,
	/** The held-out error stopped improving for {@link ScaledOptions#patience()} checks. */
	VALIDATION,
	/** {@link ScaledOptions#maxSteps()} steps were taken. */
	MAX_STEPS,
	/** {@link ScaledOptions#maxSeconds()} elapsed. */
	MAX_SECONDS,
	/** The loss became non-finite or exploded; the best (or initial) iterate is returned. */
	DIVERGED,
	/** The caller's cancel flag was raised. */
	CANCELLED;

	/** The lower-case key of the summary's {@code stop=}. */
	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}
}
