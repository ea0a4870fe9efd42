package org.deeplowrank.solver.gd;

import java.util.Locale;

import org.deeplowrank.keys.KeyValues;

/** Step rule: fixed-step gradient descent, or the adaptive global step of GLRL App. C.1. */
public enum OptimizerKind {
	GD, ADAPTIVE;

	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static OptimizerKind parse(final String s) {
		return KeyValues.parseEnum(OptimizerKind.class, "optimizer", s);
	}
}
