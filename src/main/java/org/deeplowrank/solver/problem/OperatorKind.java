package org.deeplowrank.solver.problem;

import java.util.Locale;

import org.deeplowrank.keys.KeyValues;

/** Sensing operators: dense Gaussian (small matrices) or the fast structured one. */
public enum OperatorKind {
	GAUSSIAN, FAST;

	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static OperatorKind parse(final String s) {
		return KeyValues.parseEnum(OperatorKind.class, "operator", s);
	}
}
