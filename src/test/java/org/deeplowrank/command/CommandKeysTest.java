package org.deeplowrank.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.deeplowrank.batch.BatchCompleteFolder;
import org.deeplowrank.command.CommandKeys.Key;
import org.junit.jupiter.api.Test;

/** The key table read from the commands' fields, the one text conversion, and the one option syntax. */
class CommandKeysTest {

	private static List<String> names(final List<Key> keys) {
		final List<String> n = new ArrayList<>();
		for (final Key k : keys)
			n.add(k.name);
		return n;
	}

	@Test
	void keysInUserOrderImageFirstThenOwnThenShared() {
		assertEquals(List.of("image", "mask", "reference", "method", "lifting", "patch", "stride", "tile", "overlap", "lambda", "epsilon", "max_rank", "phase_steps",
			"depth", "width", "init", "scale", "center", "field", "optimizer", "lr", "iterations", "tolerance",
			"regularization", "seed", "log_every", "keep_observed", "validation", "patience", "backend", "precision", "threads", "stack", "keep_type"),
			names(CommandKeys.inputsInUserOrder(CompleteMaskedImage.class)));
		assertEquals(List.of("input", "output", "mask_suffix", "overwrite", "tile", "overlap", "depth"), names(CommandKeys
			.inputsInUserOrder(BatchCompleteFolder.class)).subList(0, 7));
		assertEquals(List.of("reconstruction", "log", "summary", "rel_error"), names(CommandKeys.outputs(
			SenseAndReconstructImage.class)));
	}

	@Test
	void defaultsLabelsAndKinds() {
		final Key depth = CommandKeys.input(CompleteMaskedImage.class, "depth");
		assertEquals(SolverParameters.DEFAULTS.depth, depth.defaultValue);
		assertEquals("Depth (layers)", depth.label);
		assertTrue(CommandKeys.input(CompleteMaskedImage.class, "mask").isImage());
		assertTrue(CommandKeys.input(BatchCompleteFolder.class, "input").isDirectory());
		assertTrue(CommandKeys.input(BatchCompleteFolder.class, "overwrite").isBoolean());
		assertEquals("_mask", CommandKeys.input(BatchCompleteFolder.class, "mask_suffix").defaultValue);
		assertEquals(List.of("slices", "casorati"), CommandKeys.input(CompleteMaskedImage.class, "stack").choices);
	}

	@Test
	void parseGivesTheRunnersMessages() {
		final Key depth = CommandKeys.input(CompleteMaskedImage.class, "depth");
		assertEquals(4, depth.parse(" 4 "));
		assertEquals("bad value for 'depth': 'abc' (expected an integer)", assertThrows(IllegalArgumentException.class,
			() -> depth.parse("abc")).getMessage());
		assertEquals("missing value for 'depth'", assertThrows(IllegalArgumentException.class, () -> depth.parse(""))
			.getMessage());
		assertEquals("casorati", CommandKeys.input(CompleteMaskedImage.class, "stack").parse("CASORATI"));
		assertEquals(true, CommandKeys.input(CompleteMaskedImage.class, "keep_type").parse("true"));
		assertEquals(1e-7, CommandKeys.input(CompleteMaskedImage.class, "tolerance").parse("1E-7"));
		assertEquals(new File("/a b"), CommandKeys.input(BatchCompleteFolder.class, "input").parse("/a b"));
		assertEquals("bad value for 'stack': 'cube' (expected one of slices|casorati)", assertThrows(
			IllegalArgumentException.class, () -> CommandKeys.input(CompleteMaskedImage.class, "stack").parse("cube"))
				.getMessage());
	}

	@Test
	void formatIsExactAndShort() {
		for (final double v : new double[] { 0.1, 1e-7, 3000, 0.03, 1.0 / 3, -2.5, 1e20 })
			assertEquals(v, Double.parseDouble(CommandKeys.format(v)), CommandKeys.format(v));
		assertEquals("0.1", CommandKeys.format(0.1));
		assertEquals("1E-7", CommandKeys.format(1e-7));
		assertEquals("3000", CommandKeys.format(3000.0));
		assertEquals("7", CommandKeys.format(7));
	}

	@Test
	void optionSyntaxWithRecorderFlags() {
		final Map<String, String> m = KeyOptions.parse("mask=[my mask.tif] depth=3 keep_type stack=casorati", Set.of(
			"keep_type", "overwrite"));
		assertEquals(Map.of("mask", "my mask.tif", "depth", "3", "keep_type", "true", "stack", "casorati"), m);
		assertEquals("true", KeyOptions.parse("image=a b.tif keep_type", Set.of("keep_type")).get("keep_type"));
		assertEquals("a b.tif", KeyOptions.parse("image=a b.tif keep_type", Set.of("keep_type")).get("image"));
		assertEquals("expected key=value, got 'depth'", assertThrows(IllegalArgumentException.class, () -> KeyOptions
			.parse("depth", Set.of("keep_type"))).getMessage());
		assertEquals("unknown key 'dpeth' for 'X' (did you mean 'depth'?); valid keys: depth, mask", KeyOptions
			.unknownKey("dpeth", "X", List.of("depth", "mask")));
	}
}
