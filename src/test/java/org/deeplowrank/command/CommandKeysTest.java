package org.deeplowrank.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

import org.deeplowrank.batch.BatchCompleteFolder;
import org.deeplowrank.command.CommandKeys.Key;
import org.deeplowrank.solver.SolverSettings;
import org.junit.jupiter.api.Test;

/** The key table read from the commands' fields, and its keys' text conversion. */
class CommandKeysTest {

	private static List<String> names(final List<Key> keys) {
		final List<String> n = new ArrayList<>();
		for (final Key k : keys)
			n.add(k.name);
		return n;
	}

	@Test
	void keysInUserOrderImageFirstThenOwnThenShared() {
		assertEquals(List.of("image", "mask", "reference", "method", "lifting", "patch", "stride", "group", "search", "rounds", "tile", "overlap", "lambda", "epsilon", "max_rank", "phase_steps",
			"depth", "width", "init", "scale", "center", "units", "field", "optimizer", "lr", "iterations", "max_seconds", "tolerance",
			"regularization", "seed", "log_every", "keep_observed", "validation", "patience", "backend", "precision", "threads", "stack", "keep_type"),
			names(CommandKeys.inputsInUserOrder(CompleteMaskedImage.class)));
		// the batch: its own keys, then the completion keys it shares with Complete Masked Image
		assertEquals(List.of("input", "output", "mask_suffix", "overwrite", "method", "lifting", "patch", "stride", "group",
			"search", "rounds", "tile", "overlap", "lambda", "epsilon", "max_rank", "phase_steps", "depth"), names(CommandKeys
				.inputsInUserOrder(BatchCompleteFolder.class)).subList(0, 18));
		assertEquals(List.of("reconstruction", "log", "summary", "rel_error"), names(CommandKeys.outputs(
			SenseAndReconstructImage.class)));
	}

	@Test
	void defaultsLabelsAndKinds() {
		final Key depth = CommandKeys.input(CompleteMaskedImage.class, "depth");
		assertEquals(SolverSettings.DEFAULTS.gd().depth(), depth.defaultValue);
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
}
