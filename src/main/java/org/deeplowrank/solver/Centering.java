package org.deeplowrank.solver;

import java.util.Locale;

import org.deeplowrank.keys.KeyValues;

/**
 * Whether the mean is subtracted before factorizing (see {@link SolverSettings#center()}).
 * AUTO centers when the mean dominates: μ² larger than the variance of the observed
 * values, as in positive images, where the mean is a rank-one component far above the
 * rest. It leaves zero-mean data (research targets) as they are, since centering an
 * exact rank-r matrix makes it rank r+1.
 */
public enum Centering {
	AUTO, ON, OFF;

	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** Accepts auto|on|off and the booleans true|false. */
	public static Centering parse(final String s) {
		if (s != null) {
			final String v = s.trim().toLowerCase(Locale.ROOT);
			if (v.equals("true")) return ON;
			if (v.equals("false")) return OFF;
		}
		return KeyValues.parseEnum(Centering.class, "center", s);
	}

	/** Decides for data with this mean and variance. */
	boolean applies(final double mean, final double variance) {
		return this == ON || (this == AUTO && mean * mean > variance);
	}
}
