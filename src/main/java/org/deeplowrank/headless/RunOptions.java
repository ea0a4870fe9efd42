package org.deeplowrank.headless;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.deeplowrank.keys.OptionStrings;

/**
 * The runner's option strings: {@link OptionStrings} (the syntax shared with ImageJ 1.x
 * macro options), with errors as {@link BadInputException}.
 */
final class RunOptions {

	private RunOptions() {}

	/** Parses each argument and merges them; a key given twice is an error. */
	static Map<String, String> parse(final List<String> parts) throws BadInputException {
		return parse(parts, Set.of());
	}

	/** As {@link #parse(List)}, with the command's boolean keys allowed as bare flags. */
	static Map<String, String> parse(final List<String> parts, final Set<String> flags) throws BadInputException {
		try {
			return OptionStrings.parse(parts, flags);
		}
		catch (final IllegalArgumentException e) {
			throw new BadInputException(e.getMessage());
		}
	}

	static Map<String, String> parse(final String s) throws BadInputException {
		return parse(List.of(s));
	}
}
