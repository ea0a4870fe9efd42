package org.deeplowrank.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ij.Macro;
import ij.plugin.frame.Recorder;

import org.deeplowrank.command.CommandKeys;
import org.deeplowrank.command.CommandKeys.Key;
import org.deeplowrank.command.CompleteMaskedImage;
import org.deeplowrank.command.GreedyLowRankLearning;
import org.deeplowrank.command.SenseAndReconstructImage;
import org.deeplowrank.command.SolverParameters;
import org.junit.jupiter.api.Test;

/**
 * The dialogs show plain labels but record and return the keys: ImageJ's macro options
 * are read with {@link Macro#getValue}, which finds "key=" anywhere not preceded by a
 * letter, so every key must survive {@link Macro#trimKey} unchanged and no key may be
 * found inside another ("mask=" inside "my_mask=" would be). Checked for every command of
 * plugins.config, so a new key or command that breaks the macro syntax fails here. The
 * options a dialog session gives ({@link KeyDialog.Form}) are the image and the keys that
 * differ from their defaults, the string the recorder gets.
 */
class KeyDialogTest {

	@SuppressWarnings("unchecked")
	static List<Class<? extends SolverParameters>> commands() throws Exception {
		final List<Class<? extends SolverParameters>> c = new ArrayList<>();
		for (final String[] e : PluginsConfigTest.entries().values()) {
			final String cls = e[1];
			c.add(CommandPlugIn.commandClass(cls.substring(cls.indexOf("(\"") + 2, cls.length() - 2)));
		}
		return c;
	}

	@Test
	void labelsAreTheKeysAsTheRecorderWritesThem() throws Exception {
		for (final Class<? extends SolverParameters> type : commands()) {
			final List<Key> keys = KeyDialog.keys(type);
			assertFalse(keys.isEmpty());
			for (final Key k : keys) {
				assertEquals(k.name, Macro.trimKey(k.name), type.getSimpleName() + "." + k.name);
				assertTrue(k.name.matches("[a-z][a-z0-9_]*"), k.name);
			}
		}
	}

	@Test
	void noKeyIsFoundInsideAnother() throws Exception {
		for (final Class<? extends SolverParameters> type : commands()) {
			final List<Key> keys = KeyDialog.keys(type);
			for (final Key a : keys)
				for (final Key b : keys) {
					if (a == b) continue;
					final String options = b.name + "=12345 ";
					assertNull(Macro.getValue(options, a.name, null), type.getSimpleName() + ": '" + a.name +
						"' is found in '" + options + "'");
				}
		}
	}

	@Test
	void theInputImageIsNotAFieldAndOwnKeysComeFirst() {
		final List<String> names = new ArrayList<>();
		for (final Key k : KeyDialog.keys(org.deeplowrank.command.CompleteMaskedImage.class))
			names.add(k.name);
		assertFalse(names.contains("image"));
		assertEquals(List.of("mask", "reference", "method"), names.subList(0, 3));
	}

	/** A form of the dialogs as a user left them: these values over the defaults. */
	static KeyDialog.Form form(final Class<? extends SolverParameters> type, final String... keyValues) {
		final Map<String, String> values = new HashMap<>();
		for (int i = 0; i < keyValues.length; i += 2)
			values.put(keyValues[i], keyValues[i + 1]);
		return new KeyDialog.Form(type, values);
	}

	@Test
	void theRecordedOptionsAreTheImageAndTheKeysThatDifferFromTheirDefaults() {
		assertEquals(Map.of("image", "cells.tif", "mask", "cells_mask.tif"), form(CompleteMaskedImage.class, "image",
			"cells.tif", "mask", "cells_mask.tif", "reference", "*None*", "iterations", "100000.0", "tolerance", "1e-5")
				.options(), "defaults, *None* and a default typed differently are not recorded");
		final Map<String, String> options = form(CompleteMaskedImage.class, "image", "cells.tif", "mask",
			"cells_mask.tif", "method", "GD", "depth", "4", "keep_observed", "false", "keep_type", "true", "stack",
			"casorati").options();
		// method=gd differs from the default (auto), so it is recorded
		assertEquals("image=cells.tif mask=cells_mask.tif method=gd depth=4 keep_observed=false stack=casorati keep_type",
			KeyDialog.optionsString(options, CommandBridge.flags(CompleteMaskedImage.class)));
	}

	@Test
	void keysThatDoNotMatterForTheChosenMethodAreNotRecorded() {
		// depth and scale mean nothing to SoftImpute; the patch keys only to the patch methods
		assertEquals(List.of("image", "method", "lambda"), List.copyOf(form(CompleteMaskedImage.class, "image", "a.tif",
			"method", "softimpute", "depth", "4", "lambda", "0.1", "patch", "5").options().keySet()));
		assertEquals(List.of("image", "method", "lifting", "patch", "depth"), List.copyOf(form(
			CompleteMaskedImage.class, "image", "a.tif", "method", "glrl", "lifting", "hankel", "depth", "4", "patch", "5",
			"scale", "0.3").options().keySet()));
		// Greedy Low-Rank Learning: its method is fixed (not recorded), its tolerance is GLRL's
		assertEquals(List.of("image", "tolerance"), List.copyOf(form(GreedyLowRankLearning.class, "image", "a.tif",
			"tolerance", "0.001").options().keySet()));
	}

	@Test
	void aBadValueGetsTheRunnersMessage() {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> form(
			CompleteMaskedImage.class, "image", "a.tif", "depth", "three").options());
		assertEquals("bad value for 'depth': 'three' (expected an integer)", e.getMessage());
	}

	@Test
	void theRecordedStringParsesBackToTheSameOptions() {
		final Map<String, String> options = form(CompleteMaskedImage.class, "image", "my cells, day 2.tif", "mask",
			"*Selection*", "reference", "ref.tif", "seed", "7", "keep_type", "true").options();
		final String recorded = KeyDialog.optionsString(options, CommandBridge.flags(CompleteMaskedImage.class));
		assertEquals("image=[my cells, day 2.tif] mask=*Selection* reference=ref.tif seed=7 keep_type", recorded);
		final Map<String, String> parsed = CommandBridge.parseOptions(CompleteMaskedImage.class, "Complete Masked Image",
			recorded);
		assertEquals(options, parsed);
	}

	@Test
	void imageJsRecorderGetsExactlyTheOptionsString() {
		final Map<String, String> options = form(CompleteMaskedImage.class, "image", "my cells.tif", "mask", "a,b.tif",
			"depth", "2", "keep_observed", "false", "keep_type", "true").options();
		final boolean was = Recorder.record;
		try {
			Recorder.record = true;
			Recorder.resetCommandOptions();
			KeyDialog.record(options, CommandBridge.flags(CompleteMaskedImage.class));
			assertEquals(KeyDialog.optionsString(options, CommandBridge.flags(CompleteMaskedImage.class)), Recorder
				.getCommandOptions().trim());
		}
		finally {
			Recorder.resetCommandOptions();
			Recorder.record = was;
		}
	}

	@Test
	void everyMainDialogIsShort() throws Exception {
		for (final Class<? extends SolverParameters> type : commands()) {
			final int fields = new KeyDialog.Form(type, null).mainFields();
			assertTrue(fields <= KeyDialog.MAX_MAIN_FIELDS, type.getSimpleName() + ": " + fields);
		}
		assertEquals(8, new KeyDialog.Form(CompleteMaskedImage.class, null).mainFields(),
			"image, mask, reference, method, quality, keep_observed, keep_type, advanced");
	}

	@Test
	void labelsArePlainWords() throws Exception {
		final Set<String> jargon = Set.of("lr", "epsilon", "lambda", "field", "center", "precision", "backend");
		for (final Class<? extends SolverParameters> type : commands())
			for (final Key k : KeyDialog.keys(type))
				for (final DialogLayout.Solver solver : DialogLayout.Solver.values()) {
					final String label = DialogLayout.entry(k, solver).label;
					assertFalse(label.equals(k.name), type.getSimpleName() + "." + k.name + " is labelled with its key");
					for (final String word : label.toLowerCase(java.util.Locale.ROOT).split("[^a-z]+"))
						assertFalse(jargon.contains(word), "'" + label + "' says '" + word + "'");
				}
		assertEquals("Step size (relative)", DialogLayout.entry(CommandKeys.input(CompleteMaskedImage.class, "lr"),
			DialogLayout.Solver.GD).label);
	}

	@Test
	void theAdvancedDialogShowsOnlyTheKeysOfTheChosenMethod() {
		final Map<DialogLayout.Section, List<Key>> smooth = form(CompleteMaskedImage.class, "method", "biharmonic")
			.advancedKeys();
		assertEquals(List.of("tile", "overlap", "stack"), names(smooth.get(DialogLayout.Section.LARGE)));
		assertEquals(Set.of(DialogLayout.Section.LARGE), smooth.keySet());
		final Map<DialogLayout.Section, List<Key>> patches = form(CompleteMaskedImage.class, "method", "gd", "lifting",
			"hankel").advancedKeys();
		assertEquals(List.of("patch", "stride"), names(patches.get(DialogLayout.Section.METHOD)));
		assertNull(form(CompleteMaskedImage.class).advancedKeys().get(DialogLayout.Section.METHOD),
			"plain gradient descent has no method settings");
	}

	private static List<String> names(final List<Key> keys) {
		final List<String> n = new ArrayList<>();
		for (final Key k : keys)
			n.add(k.name);
		return n;
	}

	@Test
	void presetsSetExistingKeysOnly() {
		final Map<String, String> defaults = new KeyDialog.Form(CompleteMaskedImage.class, null).defaults;
		assertEquals(Map.of("iterations", "1000", "tolerance", "1E-4"), QualityPreset.FAST.values(DialogLayout.Solver.GD,
			defaults));
		assertEquals(Map.of("iterations", "100000", "tolerance", "0.00001"), QualityPreset.BALANCED.values(
			DialogLayout.Solver.GD, defaults));
		assertEquals(Map.of("phase_steps", "30000"), QualityPreset.BEST.values(DialogLayout.Solver.GLRL, defaults));
		assertEquals(Map.of(), QualityPreset.FAST.values(DialogLayout.Solver.SMOOTH, defaults));
		final Map<DialogLayout.Solver, Class<? extends SolverParameters>> commandOf = Map.of(DialogLayout.Solver.GD,
			CompleteMaskedImage.class, DialogLayout.Solver.GLRL, CompleteMaskedImage.class,
			DialogLayout.Solver.SOFTIMPUTE, CompleteMaskedImage.class, DialogLayout.Solver.SMOOTH,
			CompleteMaskedImage.class, DialogLayout.Solver.GLRL_COMMAND, GreedyLowRankLearning.class,
			DialogLayout.Solver.SENSE, SenseAndReconstructImage.class, DialogLayout.Solver.DYNAMICS,
			org.deeplowrank.command.FactorizationDynamicsStudy.class, DialogLayout.Solver.AUTO, CompleteMaskedImage.class,
			DialogLayout.Solver.NONLOCAL, CompleteMaskedImage.class);
		for (final DialogLayout.Solver solver : DialogLayout.Solver.values())
			for (final String key : QualityPreset.keys(solver))
				assertNotNull(CommandKeys.input(commandOf.get(solver), key), solver + ": no key " + key);
		assertEquals(QualityPreset.FAST, QualityPreset.matching(DialogLayout.Solver.GD, Map.of("iterations", "1000.0",
			"tolerance", "0.0001"), defaults));
		assertNull(QualityPreset.matching(DialogLayout.Solver.GD, Map.of("iterations", "500", "tolerance", "1E-7"),
			defaults));
	}

	@Test
	void helpDescribesEveryKey() {
		final List<Key> keys = KeyDialog.keys(org.deeplowrank.batch.BatchCompleteFolder.class);
		final String html = KeyDialog.help("Batch Complete Folder", keys);
		for (final Key k : keys)
			assertTrue(html.contains("<b>" + k.name + "</b>"), k.name);
		assertTrue(html.contains("&lt;name&gt;") || html.contains("summary"), html);
	}

	@Test
	void dialogDefaultsAreTheCommandDefaultsAsText() {
		assertEquals("0.1", KeyDialog.text(0.1));
		assertEquals("1E-7", KeyDialog.text(1e-7));
		assertEquals("3000", KeyDialog.text(3000));
		assertEquals("", KeyDialog.text(null));
	}
}
