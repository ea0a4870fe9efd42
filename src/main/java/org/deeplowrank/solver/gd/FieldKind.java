package org.deeplowrank.solver.gd;

import java.util.Locale;

import org.deeplowrank.keys.KeyValues;

/** The number field of the layers: the value of the key {@code field}. */
public enum FieldKind {
	/** Real layers. */
	REAL,
	/** Complex layers: the real part of the product is fitted and returned. */
	COMPLEX;

	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}

	public boolean isComplex() {
		return this == COMPLEX;
	}

	public static FieldKind parse(final String s) {
		return KeyValues.parseEnum(FieldKind.class, "field", s);
	}
}
