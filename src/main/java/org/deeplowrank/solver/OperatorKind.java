package org.deeplowrank.solver;

import java.util.Locale;

/** Sensing operators: dense Gaussian (small matrices) or the fast structured one. */
public enum OperatorKind {
	GAUSSIAN, FAST;

	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static OperatorKind parse(final String s) {
		return Keys.parseEnum(OperatorKind.class, "operator", s);
	}
}
