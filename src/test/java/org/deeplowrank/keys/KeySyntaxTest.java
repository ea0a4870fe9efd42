package org.deeplowrank.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The one text conversion of key values and the one option-string syntax. */
class KeySyntaxTest {

	@Test
	void formatIsExactAndShort() {
		for (final double v : new double[] { 0.1, 1e-7, 3000, 0.03, 1.0 / 3, -2.5, 1e20 })
			assertEquals(v, Double.parseDouble(KeyValues.format(v)), KeyValues.format(v));
		assertEquals("0.1", KeyValues.format(0.1));
		assertEquals("1E-7", KeyValues.format(1e-7));
		assertEquals("3000", KeyValues.format(3000.0));
		assertEquals("7", KeyValues.format(7));
	}

	@Test
	void optionSyntaxWithRecorderFlags() {
		final Map<String, String> m = OptionStrings.parse("mask=[my mask.tif] depth=3 keep_type stack=casorati", Set.of(
			"keep_type", "overwrite"));
		assertEquals(Map.of("mask", "my mask.tif", "depth", "3", "keep_type", "true", "stack", "casorati"), m);
		assertEquals("true", OptionStrings.parse("image=a b.tif keep_type", Set.of("keep_type")).get("keep_type"));
		assertEquals("a b.tif", OptionStrings.parse("image=a b.tif keep_type", Set.of("keep_type")).get("image"));
		assertEquals("expected key=value, got 'depth'", assertThrows(IllegalArgumentException.class, () -> OptionStrings
			.parse("depth", Set.of("keep_type"))).getMessage());
		assertEquals("unknown key 'dpeth' for 'X' (did you mean 'depth'?); valid keys: depth, mask", OptionStrings
			.unknownKey("dpeth", "X", List.of("depth", "mask")));
	}

	@Test
	void enumChoicesAreCaseInsensitiveAndListedInTheMessage() {
		assertEquals(Thread.State.RUNNABLE, KeyValues.parseEnum(Thread.State.class, "state", " Runnable "));
		assertEquals("bad value for 'state': 'asleep' (expected one of new|runnable|blocked|waiting|timed_waiting|" +
			"terminated)", assertThrows(IllegalArgumentException.class, () -> KeyValues.parseEnum(Thread.State.class,
				"state", "asleep")).getMessage());
		assertEquals("bad value for 'state': 'null' (expected one of new|runnable|blocked|waiting|timed_waiting|" +
			"terminated)", assertThrows(IllegalArgumentException.class, () -> KeyValues.parseEnum(Thread.State.class,
				"state", null)).getMessage());
	}
}
