package org.deeplowrank.solver.kernels;

import java.util.Locale;

import org.deeplowrank.keys.KeyValues;

/**
 * Where the solver's products run (key {@code backend}): NATIVE = OpenBLAS through
 * JavaCPP (off-heap matrices), JAVA = the pure-Java kernels, AUTO = native when its
 * library loads on this platform, else java (with one log line saying why).
 */
public enum BackendKind {
	AUTO, NATIVE, JAVA;

	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static BackendKind parse(final String s) {
		return KeyValues.parseEnum(BackendKind.class, "backend", s);
	}
}
