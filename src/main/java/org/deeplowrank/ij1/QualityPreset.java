package org.deeplowrank.ij1;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.deeplowrank.ij1.DialogLayout.Solver;

/**
 * The quality / speed choice of the main dialog: a preset of existing keys, never a key
 * of its own (the recorder writes the keys it sets, when they differ from the defaults).
 * <table>
 * <caption>What each preset sets</caption>
 * <tr><th>solver</th><th>Fast preview</th><th>Balanced</th><th>Best quality</th></tr>
 * <tr><td>gradient descent, automatic (its whole-matrix model), SoftImpute, sensing, dynamics, batch</td><td>iterations=1000
 * tolerance=1E-4</td><td>the defaults (100000, 1E-5)</td><td>iterations=300000 tolerance=1E-6</td></tr>
 * <tr><td>method=glrl</td><td>phase_steps=2000</td><td>the default (10000)</td><td>phase_steps=30000</td></tr>
 * <tr><td>Greedy Low-Rank Learning</td><td>phase_steps=2000 tolerance=1E-3</td><td>the defaults
 * (10000, 1E-4)</td><td>phase_steps=30000 tolerance=1E-5</td></tr>
 * <tr><td>smooth inpainting, nonlocal patch groups</td><td colspan="3">nothing (fixed budgets)</td></tr>
 * </table>
 * With early stopping on held-out pixels (the default {@code validation}), more iterations
 * cannot make a completion worse: the best iterate is returned.
 */
enum QualityPreset {

	FAST("Fast preview"), BALANCED("Balanced (default)"), BEST("Best quality (slow)");

	final String label;

	QualityPreset(final String label) {
		this.label = label;
	}

	/** The keys a preset sets for this solver (empty: the choice does nothing there). */
	static List<String> keys(final Solver solver) {
		switch (solver) {
			case SMOOTH:
			case NONLOCAL:
				return List.of();
			case GLRL:
				return List.of("phase_steps");
			case GLRL_COMMAND:
				return List.of("phase_steps", "tolerance");
			default:
				return List.of("iterations", "tolerance");
		}
	}

	/**
	 * The key values of this preset for a solver, as text; {@link #BALANCED} is the
	 * command's defaults.
	 *
	 * @param defaults the command's default values as text, by key
	 */
	Map<String, String> values(final Solver solver, final Map<String, String> defaults) {
		final Map<String, String> v = new LinkedHashMap<>();
		for (final String key : keys(solver)) {
			final String value = this == BALANCED ? defaults.get(key) : value(solver, key);
			if (value != null) v.put(key, value);
		}
		return v;
	}

	private String value(final Solver solver, final String key) {
		final boolean fast = this == FAST;
		switch (key) {
			case "iterations":
				return fast ? "1000" : "300000";
			case "phase_steps":
				return fast ? "2000" : "30000";
			case "tolerance":
				if (solver == Solver.GLRL_COMMAND) return fast ? "1E-3" : "1E-5";
				return fast ? "1E-4" : "1E-6";
			default:
				throw new IllegalArgumentException(key);
		}
	}

	/** A one-line description of what the preset sets, for the dialog's hint. */
	String describe(final Solver solver, final Map<String, String> defaults) {
		final Map<String, String> v = values(solver, defaults);
		if (v.isEmpty()) return "no effect on this method";
		final StringBuilder sb = new StringBuilder();
		for (final Map.Entry<String, String> e : v.entrySet()) {
			if (sb.length() > 0) sb.append(", ");
			sb.append(e.getKey().replace('_', ' ')).append(' ').append(e.getValue());
		}
		return sb.toString();
	}

	/** The preset whose values these are, or null (values set by hand in the advanced dialog). */
	static QualityPreset matching(final Solver solver, final Map<String, String> values,
		final Map<String, String> defaults)
	{
		for (final QualityPreset p : values()) {
			boolean all = true;
			for (final Map.Entry<String, String> e : p.values(solver, defaults).entrySet())
				all &= sameNumber(e.getValue(), values.get(e.getKey()));
			if (all) return p;
		}
		return null;
	}

	private static boolean sameNumber(final String a, final String b) {
		if (a == null || b == null) return a == b;
		try {
			return Double.parseDouble(a.trim()) == Double.parseDouble(b.trim());
		}
		catch (final NumberFormatException e) {
			return a.trim().equals(b.trim());
		}
	}
}
