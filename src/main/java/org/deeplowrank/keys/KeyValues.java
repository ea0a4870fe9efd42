package org.deeplowrank.keys;

import java.io.File;
import java.util.List;
import java.util.Locale;

/**
 * A key's value from its text and back: the ONE conversion of {@code depth=3},
 * {@code init=haar}, {@code keep_type=true} ... into typed values, with the messages every
 * front end prints ("missing value for 'key'", "bad value for 'key': 'text' (expected ...)").
 * Enum choices ({@link #parseEnum}) are parsed here too, by the solver's own enums
 * ({@code InitKind.parse}, {@code Method.parse}, ...), so a choice key has the same message
 * wherever it is read.
 */
public final class KeyValues {

	private KeyValues() {}

	/**
	 * The constant of {@code type} named by {@code value} (case-insensitive, trimmed).
	 *
	 * @throws IllegalArgumentException "bad value for 'key': 'value' (expected one of a|b|c)",
	 *           the choices being the constants' names in lower case
	 */
	public static <E extends Enum<E>> E parseEnum(final Class<E> type, final String key, final String value) {
		if (value != null) {
			final String v = value.trim().toUpperCase(Locale.ROOT);
			for (final E e : type.getEnumConstants()) {
				if (e.name().equals(v)) return e;
			}
		}
		final StringBuilder sb = new StringBuilder();
		for (final E e : type.getEnumConstants()) {
			if (sb.length() > 0) sb.append('|');
			sb.append(e.name().toLowerCase(Locale.ROOT));
		}
		throw new IllegalArgumentException("bad value for '" + key + "': '" + value + "' (expected one of " + sb + ")");
	}

	/**
	 * Converts a key's text value to its type: integers, numbers, {@code true|false},
	 * one of the choices (case-insensitive, returned as declared), a file path, or text.
	 *
	 * @throws IllegalArgumentException "missing value for 'key'" or
	 *           "bad value for 'key': 'text' (expected ...)"; "'key' cannot be given as text"
	 *           for other types
	 */
	public static Object parse(final String key, final Class<?> t, final List<String> choices, final String value) {
		final String v = value == null ? "" : value.trim();
		if (v.isEmpty()) throw new IllegalArgumentException("missing value for '" + key + "'");
		if (t == int.class || t == Integer.class) {
			try {
				return Integer.parseInt(v);
			}
			catch (final NumberFormatException e) {
				throw bad(key, value, "an integer");
			}
		}
		if (t == long.class || t == Long.class) {
			try {
				return Long.parseLong(v);
			}
			catch (final NumberFormatException e) {
				throw bad(key, value, "an integer");
			}
		}
		if (t == double.class || t == Double.class || t == float.class || t == Float.class) {
			try {
				final double d = Double.parseDouble(v);
				return t == float.class || t == Float.class ? (Object) (float) d : (Object) d;
			}
			catch (final NumberFormatException e) {
				throw bad(key, value, "a number");
			}
		}
		if (t == boolean.class || t == Boolean.class) {
			if (v.equalsIgnoreCase("true")) return true;
			if (v.equalsIgnoreCase("false")) return false;
			throw bad(key, value, "true or false");
		}
		if (choices != null && !choices.isEmpty()) {
			for (final String c : choices)
				if (c.equalsIgnoreCase(v)) return c;
			throw bad(key, value, "one of " + String.join("|", choices));
		}
		if (t == File.class) return new File(v);
		if (t == String.class) return value;
		throw new IllegalArgumentException("'" + key + "' cannot be given as text (type " + t.getSimpleName() + ")");
	}

	private static IllegalArgumentException bad(final String key, final String value, final String expected) {
		return new IllegalArgumentException("bad value for '" + key + "': '" + value + "' (expected " + expected + ")");
	}

	/** The shortest text that parses back to exactly {@code v} ("0.1", "1E-7", "3000"). */
	public static String format(final Object v) {
		if (v instanceof Double || v instanceof Float) {
			final double d = ((Number) v).doubleValue();
			if (!Double.isFinite(d)) return Double.toString(d);
			if (d == Math.rint(d) && Math.abs(d) < 1e15) return Long.toString((long) d);
			return new java.math.BigDecimal(Double.toString(d)).stripTrailingZeros().toString();
		}
		return String.valueOf(v);
	}
}
