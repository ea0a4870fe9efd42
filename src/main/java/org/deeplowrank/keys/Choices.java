package org.deeplowrank.keys;

import java.util.Locale;

/** Parsing of user-facing enum keys with messages that list the valid choices. */
public final class Choices {

	private Choices() {}

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
}
