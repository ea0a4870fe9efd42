package org.deeplowrank.solver;

import java.util.Locale;

import org.deeplowrank.keys.KeyValues;

/**
 * What completes a matrix: the value of the key {@code method}. {@link Methods} maps each
 * to its solver.
 */
public enum Method {
	/** Gradient descent on the deep factorization ({@link Reconstruction#complete}). */
	GD,
	/** Greedy Low-Rank Learning, GLRL §5 Alg. 1/2 ({@link Reconstruction#completeGreedy}). */
	GLRL,
	/** The nuclear-norm baseline ({@link Reconstruction#softImpute}). */
	SOFTIMPUTE,
	/** Harmonic inpainting of the missing pixels ({@link Reconstruction#inpaint}). */
	HARMONIC,
	/** Biharmonic inpainting of the missing pixels ({@link Reconstruction#inpaint}). */
	BIHARMONIC;

	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * Whether the method completes a patch matrix ({@link Lifting#HANKEL}): the
	 * factorization methods do; the baselines work on pixels only.
	 */
	public boolean liftable() {
		return this == GD || this == GLRL;
	}

	public static Method parse(final String s) {
		return KeyValues.parseEnum(Method.class, "method", s);
	}
}
