package org.deeplowrank.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.deeplowrank.batch.BatchCompleteFolder;
import org.deeplowrank.headless.HeadlessRunner;
import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.ItemVisibility;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.module.ModuleItem;

/**
 * What SciJava's own dialog (Fiji's when a script runs a command with a harvester, or a
 * SciJava host without ImageJ 1.x) shows: the fields grouped under headings (message
 * items), and those headings never leak into the keys of the runner, macros or help.
 */
class SciJavaDialogTest {

	/** The dialog's items in SciJava's order: a heading as "# text", a field as its name. */
	private static List<String> dialogItems(final Class<?> command) {
		try (Context context = new Context(CommandService.class)) {
			final CommandInfo info = context.service(CommandService.class).getCommand(command.getName());
			final List<String> items = new ArrayList<>();
			for (final ModuleItem<?> item : info.inputs()) {
				if (context.isInjectable(item.getType())) continue;
				if (item.getVisibility() == ItemVisibility.MESSAGE) {
					final Object text = item.getValue(info.createModule());
					items.add("# " + String.valueOf(text).replaceAll("<[^>]*>", ""));
				}
				else items.add(item.getName());
			}
			return items;
		}
		catch (final org.scijava.module.ModuleException e) {
			throw new AssertionError(e);
		}
	}

	/** The field right after the heading starting with this text. */
	private static String after(final List<String> items, final String heading) {
		for (int i = 0; i < items.size() - 1; i++)
			if (items.get(i).startsWith("# " + heading)) return items.get(i + 1);
		throw new AssertionError("no heading '" + heading + "' in " + items);
	}

	@Test
	void completeMaskedImageGroupsItsFieldsUnderHeadings() {
		final List<String> items = dialogItems(CompleteMaskedImage.class);
		assertEquals("depth", after(items, "Factorization"), items.toString());
		assertEquals("optimizer", after(items, "Gradient descent"), items.toString());
		assertEquals("keep_observed", after(items, "Observed pixels"), items.toString());
		assertEquals("backend", after(items, "Speed"), items.toString());
		assertEquals("stack", after(items, "Stacks"), items.toString());
		assertEquals("method", after(items, "Method"), items.toString());
		assertEquals("tile", after(items, "Large images"), items.toString());
		assertEquals("image", after(items, "Images"), items.toString());
		// the first item is a heading, so no field appears without one
		assertTrue(items.get(0).startsWith("# "), items.toString());
	}

	@Test
	void everyCommandStartsWithAHeadingAndHasOneForItsOwnInputs() {
		assertEquals("image", after(dialogItems(SenseAndReconstructImage.class), "Image and measurements"));
		assertEquals("input", after(dialogItems(BatchCompleteFolder.class), "Folders"));
		assertEquals("image", after(dialogItems(FactorizationDynamicsStudy.class), "Target"));
		for (final Class<?> c : List.of(CompleteMaskedImage.class, SenseAndReconstructImage.class,
			BatchCompleteFolder.class, FactorizationDynamicsStudy.class, GreedyLowRankLearning.class))
		{
			assertTrue(dialogItems(c).get(0).startsWith("# "), c.getSimpleName());
		}
	}

	@Test
	void headingsAreNotKeys() {
		for (final CommandKeys.Key k : CommandKeys.inputs(CompleteMaskedImage.class))
			assertFalse(k.name.endsWith("Heading"), k.name);
		final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
		final int help = HeadlessRunner.run(new String[] { "--help", CompleteMaskedImage.LABEL }, new PrintStream(out,
			true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
		assertEquals(0, help, err.toString(StandardCharsets.UTF_8));
		final String text = out.toString(StandardCharsets.UTF_8);
		assertTrue(text.contains("depth"), text);
		assertFalse(text.contains("Heading"), text);
		assertFalse(text.contains("<html>"), text);
		// a heading's name given as a key is an unknown key, with the usual message (exit 2)
		err.reset();
		final int bad = HeadlessRunner.run(new String[] { "--run", CompleteMaskedImage.LABEL,
			"image=nowhere.tif,methodHeading=x" }, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err,
				true, StandardCharsets.UTF_8));
		assertEquals(2, bad, err.toString(StandardCharsets.UTF_8));
		assertTrue(err.toString(StandardCharsets.UTF_8).contains("methodHeading"), err.toString(
			StandardCharsets.UTF_8));
	}
}
