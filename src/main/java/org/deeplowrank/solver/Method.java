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
	BIHARMONIC,
	/**
	 * The best of the whole-matrix deep factorization, the nonlocal patch groups and
	 * biharmonic inpainting on held-out observed pixels ({@code solver.auto.AutoCompletion});
	 * the default of Complete Masked Image and of the batch.
	 */
	AUTO;

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

	/**
	 * Whether the method completes nonlocal patch groups ({@link Lifting#NONLOCAL}): gd,
	 * glrl and softimpute, as the solver of each group.
	 */
	public boolean groupable() {
		return this == GD || this == GLRL || this == SOFTIMPUTE;
	}

	public static Method parse(final String s) {
		return KeyValues.parseEnum(Method.class, "method", s);
	}
}
