package org.deeplowrank.solver.nonlocal;

import java.util.Locale;

/** How each patch group is completed. */
public enum GroupMethod {
	/** SoftImpute: singular value soft thresholding at λ·σ₁ of the group, iterated on the observed entries. */
	SOFT_IMPUTE("softimpute"),
	/** The deep factorization W_N ⋯ W_1 by gradient descent from a small initialization. */
	GD("gd"),
	/** Greedy Low-Rank Learning: the depth-2 factorization grown one rank per phase (GLRL §5 Alg. 1). */
	GLRL("glrl");

	/** The value of the key, as a user types it. */
	public final String key;

	GroupMethod(final String key) {
		this.key = key;
	}

	/** Parses a key value (case-insensitive); the message lists the choices. */
	public static GroupMethod parse(final String value) {
		for (final GroupMethod m : values()) if (m.key.equals(value.trim().toLowerCase(Locale.ROOT))) return m;
		throw new IllegalArgumentException("bad value for 'group_method': " + value + " (expected softimpute, gd or glrl)");
	}
}
