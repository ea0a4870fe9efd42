package org.deeplowrank.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** The benchmarks' {@code key=value} arguments. */
final class BenchmarkArgs {

	private BenchmarkArgs() {}

	/** The arguments as a map in their order; an argument without '=' is refused with a message. */
	static Map<String, String> parse(final String[] args) {
		final Map<String, String> a = new LinkedHashMap<>();
		for (final String s : args) {
			final int eq = s.indexOf('=');
			if (eq < 0) throw new IllegalArgumentException("expected key=value, got '" + s + "'");
			a.put(s.substring(0, eq), s.substring(eq + 1));
		}
		return a;
	}
}
