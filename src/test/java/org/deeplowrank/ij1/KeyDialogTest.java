package org.deeplowrank.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import ij.Macro;

import org.deeplowrank.command.CommandKeys.Key;
import org.deeplowrank.command.SolverParameters;
import org.junit.jupiter.api.Test;

/**
 * The dialog's fields ARE the keys: ImageJ's recorder turns a field's label into the
 * recorded key with {@link Macro#trimKey}, and reads macro options with
 * {@link Macro#getValue}, which finds "key=" anywhere not preceded by a letter. So every
 * label must survive trimKey unchanged, and no key may be found inside another
 * ("mask=" inside "my_mask=" would be). Checked for every command of plugins.config, so a
 * new key or command that breaks the macro syntax fails here.
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
