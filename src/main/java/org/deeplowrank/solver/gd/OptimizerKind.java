package org.deeplowrank.solver.gd;

import java.util.Locale;

import org.deeplowrank.keys.KeyValues;

/**
 * Step rule: fixed-step gradient descent (the papers' dynamics), the adaptive global step of
 * GLRL App. C.1, the fast engine ({@code scaled}: per-layer ScaledGD(λ) with a width that
 * grows as the residual asks, {@link org.deeplowrank.solver.fast.ScaledDeepFactorization};
 * real completion only), or {@code auto}: the fast engine where it applies, the data have
 * enough observations for the width it finds and its held-out fit is not poor, else
 * {@code gd} as well, the better of the two on the held-out pixels returned
 * ({@link org.deeplowrank.solver.Reconstruction}). Everywhere outside a whole-matrix
 * completion (sensing, GLRL's phases, lifted matrices, the dynamics study) auto is gd.
 */
public enum OptimizerKind {
	AUTO, GD, ADAPTIVE, SCALED;

	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static OptimizerKind parse(final String s) {
		return KeyValues.parseEnum(OptimizerKind.class, "optimizer", s);
	}
}
