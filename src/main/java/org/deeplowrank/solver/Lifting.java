package org.deeplowrank.solver;

import java.util.Locale;

import org.deeplowrank.keys.KeyValues;

/** Which matrix a plane is completed as: the value of the key {@code lifting}. */
public enum Lifting {
	/** The image itself is the matrix. */
	NONE,
	/** The patch (block-Hankel) matrix of the image ({@link LiftedCompletion}). */
	HANKEL,
	/**
	 * Nonlocal patch groups ({@code solver.nonlocal.NonlocalCompletion}): each reference
	 * patch and its most similar neighbours form a small matrix completed on its own.
	 */
	NONLOCAL;

	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static Lifting parse(final String s) {
		return KeyValues.parseEnum(Lifting.class, "lifting", s);
	}
}
