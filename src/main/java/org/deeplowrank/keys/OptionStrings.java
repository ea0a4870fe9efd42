package org.deeplowrank.keys;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Parses option strings into an ordered key -> value map: the ONE syntax of the headless
 * runner's {@code --run} options and of ImageJ 1.x macro options
 * ({@code run("Complete Masked Image", "mask=m.tif depth=3 keep_type")}).
 * <p>
 * Accepted:
 * <ul>
 * <li>comma-separated: {@code image=a.tif,mask=m.tif,depth=3}</li>
 * <li>space-separated, macro style: {@code image=a.tif depth=3}, with
 * {@code key=[value with spaces]}</li>
 * <li>quoted values: {@code image="my file.tif"} or {@code image='my file.tif'}</li>
 * <li>boolean flags as ImageJ's recorder writes them: a bare {@code keep_type} means
 * {@code keep_type=true} (only for the keys given as flags)</li>
 * </ul>
 * A bare value runs to the next comma or to the next whitespace that is followed by
 * another {@code key=} or a flag; so {@code image=my file.tif mask=m.tif} also does what
 * it says. Use brackets or quotes for values containing commas.
 */
public final class OptionStrings {

	private OptionStrings() {}

	/** Parses each part and merges them; a key given twice is an error. */
	public static Map<String, String> parse(final List<String> parts, final Set<String> flags) {
		final Map<String, String> map = new LinkedHashMap<>();
		for (final String part : parts) parse(part, flags, map);
		return map;
	}

	/** Parses one option string. */
	public static Map<String, String> parse(final String s, final Set<String> flags) {
		final Map<String, String> map = new LinkedHashMap<>();
		parse(s, flags, map);
		return map;
	}

	private static void parse(final String s, final Set<String> flags, final Map<String, String> map) {
		final int n = s.length();
		int i = 0;
		while (true) {
			while (i < n && isSeparator(s.charAt(i)))
				i++;
			if (i >= n) return;
			final int keyStart = i;
			while (i < n && s.charAt(i) != '=' && !isSeparator(s.charAt(i)))
				i++;
			final String key = s.substring(keyStart, i);
			if (i >= n || s.charAt(i) != '=') {
				if (flags.contains(key)) {
					put(map, key, "true");
					continue;
				}
				throw new IllegalArgumentException("expected key=value, got '" + key + "'");
			}
			if (!isKey(key)) throw new IllegalArgumentException("bad key '" + key + "' (keys are names like depth or log_every)");
			i++; // '='
			final String value;
			if (i < n && (s.charAt(i) == '[' || s.charAt(i) == '"' || s.charAt(i) == '\'')) {
				final char open = s.charAt(i);
				final char close = open == '[' ? ']' : open;
				final int end = s.indexOf(close, i + 1);
				if (end < 0) throw new IllegalArgumentException("unclosed " + open + " in the value of '" + key + "'");
				value = s.substring(i + 1, end);
				i = end + 1;
				if (i < n && !isSeparator(s.charAt(i))) {
					throw new IllegalArgumentException("unexpected text after the value of '" + key + "': '" + s.substring(i) +
						"'");
				}
			}
			else {
				final int start = i;
				int end = n;
				while (i < n) {
					final char c = s.charAt(i);
					if (c == ',') {
						end = i;
						break;
					}
					if (Character.isWhitespace(c)) {
						int j = i;
						while (j < n && Character.isWhitespace(s.charAt(j)))
							j++;
						if (j >= n || s.charAt(j) == ',' || keyAt(s, j) || flagAt(s, j, flags)) {
							end = i;
							i = j;
							break;
						}
						i = j;
						continue;
					}
					i++;
				}
				value = s.substring(start, Math.min(end, n)).trim();
			}
			put(map, key, value);
		}
	}

	private static void put(final Map<String, String> map, final String key, final String value) {
		if (map.containsKey(key)) throw new IllegalArgumentException("key '" + key + "' is given twice");
		map.put(key, value);
	}

	private static boolean isSeparator(final char c) {
		return c == ',' || Character.isWhitespace(c);
	}

	/** True if a {@code key=} starts at {@code j}. */
	private static boolean keyAt(final String s, final int j) {
		int k = j;
		while (k < s.length() && (Character.isLetterOrDigit(s.charAt(k)) || s.charAt(k) == '_'))
			k++;
		return k > j && k < s.length() && s.charAt(k) == '=' && isKey(s.substring(j, k));
	}

	/** True if one of the flags stands alone at {@code j}. */
	private static boolean flagAt(final String s, final int j, final Set<String> flags) {
		int k = j;
		while (k < s.length() && !isSeparator(s.charAt(k)))
			k++;
		return flags.contains(s.substring(j, k));
	}

	private static boolean isKey(final String key) {
		if (key.isEmpty() || !(Character.isLetter(key.charAt(0)) || key.charAt(0) == '_')) return false;
		for (int i = 1; i < key.length(); i++) {
			final char c = key.charAt(i);
			if (!(Character.isLetterOrDigit(c) || c == '_')) return false;
		}
		return true;
	}

	/** The valid key within edit distance 2 of a misspelled one, if there is one best. */
	public static String nearest(final String key, final Collection<String> valid) {
		String best = null;
		int bestDistance = 3;
		for (final String v : valid) {
			final int d = distance(key.toLowerCase(Locale.ROOT), v);
			if (d < bestDistance) {
				bestDistance = d;
				best = v;
			}
		}
		return best;
	}

	/** The message for an unknown key, with a suggestion and the valid keys. */
	public static String unknownKey(final String key, final String command, final Collection<String> valid) {
		final String near = nearest(key, valid);
		return "unknown key '" + key + "' for '" + command + "'" + (near == null ? "" : " (did you mean '" + near +
			"'?)") + "; valid keys: " + String.join(", ", valid);
	}

	private static int distance(final String a, final String b) {
		final int[] prev = new int[b.length() + 1], cur = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++)
			prev[j] = j;
		for (int i = 1; i <= a.length(); i++) {
			cur[0] = i;
			for (int j = 1; j <= b.length(); j++) {
				final int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
				cur[j] = Math.min(sub, Math.min(prev[j], cur[j - 1]) + 1);
			}
			System.arraycopy(cur, 0, prev, 0, cur.length);
		}
		return prev[b.length()];
	}
}
