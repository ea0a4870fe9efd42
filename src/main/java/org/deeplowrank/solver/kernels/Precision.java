package org.deeplowrank.solver.kernels;

import java.util.Locale;

import org.deeplowrank.keys.KeyValues;

/**
 * Precision of the solver's iterates (key {@code precision}). FLOAT halves the memory
 * traffic and doubles the SIMD width of every product; 8- and 16-bit pixels have at most
 * 16 significant bits, well inside float's 24. DOUBLE is for research targets and identity
 * checks. AUTO: float when every observed value is an integer (8-, 16-bit and RGB images),
 * double otherwise (32-bit and text images, synthetic targets).
 */
public enum Precision {
	AUTO, FLOAT, DOUBLE;

	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static Precision parse(final String s) {
		return KeyValues.parseEnum(Precision.class, "precision", s);
	}
}
