package org.deeplowrank.solver.gd;

import java.util.Locale;

import org.deeplowrank.keys.KeyValues;

/** Initializations of the layers (METHOD.md §2); see {@link Initializers}. */
public enum InitKind {
	/** Small Gaussian: iid entries of std {@code scale/sqrt(d_in)} (4L eq. 13, rescaled). */
	GAUSSIAN,
	/** Balanced, ACGH Procedure 1: product A Gaussian, layers from its SVD, Δ = 0. */
	BALANCED,
	/** Balanced Gaussian with Haar factors (4L eq. 6), Δ = 0. */
	HAAR,
	/** Every layer {@code scale} times a random (Haar) partial isometry. */
	ORTHOGONAL,
	/** Every layer {@code scale} times the (padded) identity. */
	IDENTITY;

	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static InitKind parse(final String s) {
		return KeyValues.parseEnum(InitKind.class, "init", s);
	}
}
