package org.deeplowrank.headless;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class RunOptionsTest {

	private static Map<String, String> map(final String... kv) {
		final Map<String, String> m = new LinkedHashMap<>();
		for (int i = 0; i < kv.length; i += 2)
			m.put(kv[i], kv[i + 1]);
		return m;
	}

	@Test
	void commaSeparated() throws Exception {
		assertEquals(map("image", "a.tif", "mask", "m.tif", "depth", "3"), RunOptions.parse(
			"image=a.tif,mask=m.tif,depth=3"));
	}

	@Test
	void spaceSeparatedMacroStyleWithBrackets() throws Exception {
		assertEquals(map("image", "my images/a b.tif", "depth", "3", "init", "haar"), RunOptions.parse(
			"image=[my images/a b.tif] depth=3  init=haar"));
	}

	@Test
	void quotedValues() throws Exception {
		assertEquals(map("image", "a, b.tif", "mask", "m m.tif"), RunOptions.parse("image=\"a, b.tif\",mask='m m.tif'"));
	}

	@Test
	void bareValuesWithSpacesRunToTheNextKey() throws Exception {
		assertEquals(map("image", "my file.tif", "mask", "m.tif"), RunOptions.parse("image=my file.tif mask=m.tif"));
		assertEquals(map("image", "my file.tif", "depth", "2"), RunOptions.parse(" image=my file.tif , depth=2 "));
	}

	@Test
	void severalArguments() throws Exception {
		assertEquals(map("image", "a.tif", "depth", "2", "lr", "0.5"), RunOptions.parse(List.of("image=a.tif",
			"depth=2,lr=0.5")));
	}

	@Test
	void emptyValueIsKept() throws Exception {
		assertEquals(map("depth", "", "lr", "1"), RunOptions.parse("depth=,lr=1"));
	}

	@Test
	void errors() {
		assertEquals("expected key=value, got 'depth'", assertThrows(BadInputException.class, () -> RunOptions.parse(
			"depth")).getMessage());
		assertEquals("key 'depth' is given twice", assertThrows(BadInputException.class, () -> RunOptions.parse(List.of(
			"depth=1", "depth=2"))).getMessage());
		assertEquals("unclosed [ in the value of 'image'", assertThrows(BadInputException.class, () -> RunOptions.parse(
			"image=[a.tif")).getMessage());
		assertEquals("unexpected text after the value of 'image': 'x'", assertThrows(BadInputException.class,
			() -> RunOptions.parse("image=[a.tif]x")).getMessage());
		assertThrows(BadInputException.class, () -> RunOptions.parse("=3"));
	}
}
