package org.deeplowrank.headless;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the runner's option strings into an ordered key -> value map.
 * <p>
 * Accepted, so that what users paste from Fiji's macro recorder or write for a cluster
 * script both work:
 * <ul>
 * <li>comma-separated: {@code image=a.tif,mask=m.tif,depth=3}</li>
 * <li>space-separated, macro style: {@code image=a.tif depth=3}, with
 * {@code key=[value with spaces]}</li>
 * <li>quoted values: {@code image="my file.tif"} or {@code image='my file.tif'}</li>
 * <li>several command-line arguments, each holding one or more pairs</li>
 * </ul>
 * A bare value runs to the next comma or to the next whitespace that is followed by
 * another {@code key=}; so {@code image=my file.tif mask=m.tif} also does what it says.
 * Use brackets or quotes for values containing commas.
 */
final class RunOptions {

	private RunOptions() {}

	/** Parses each argument and merges them; a key given twice is an error. */
	static Map<String, String> parse(final List<String> parts) throws BadInputException {
		final Map<String, String> map = new LinkedHashMap<>();
		for (final String part : parts) parse(part, map);
		return map;
	}

	static Map<String, String> parse(final String s) throws BadInputException {
		final Map<String, String> map = new LinkedHashMap<>();
		parse(s, map);
		return map;
	}

	private static void parse(final String s, final Map<String, String> map) throws BadInputException {
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
				throw new BadInputException("expected key=value, got '" + key + "'");
			}
			if (!isKey(key)) throw new BadInputException("bad key '" + key + "' (keys are names like depth or log_every)");
			i++; // '='
			final String value;
			if (i < n && (s.charAt(i) == '[' || s.charAt(i) == '"' || s.charAt(i) == '\'')) {
				final char open = s.charAt(i);
				final char close = open == '[' ? ']' : open;
				final int end = s.indexOf(close, i + 1);
				if (end < 0) throw new BadInputException("unclosed " + open + " in the value of '" + key + "'");
				value = s.substring(i + 1, end);
				i = end + 1;
				if (i < n && !isSeparator(s.charAt(i))) {
					throw new BadInputException("unexpected text after the value of '" + key + "': '" + s.substring(i) + "'");
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
						if (j >= n || s.charAt(j) == ',' || keyAt(s, j)) {
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
			if (map.containsKey(key)) throw new BadInputException("key '" + key + "' is given twice");
			map.put(key, value);
		}
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

	private static boolean isKey(final String key) {
		if (key.isEmpty() || !(Character.isLetter(key.charAt(0)) || key.charAt(0) == '_')) return false;
		for (int i = 1; i < key.length(); i++) {
			final char c = key.charAt(i);
			if (!(Character.isLetterOrDigit(c) || c == '_')) return false;
		}
		return true;
	}
}
