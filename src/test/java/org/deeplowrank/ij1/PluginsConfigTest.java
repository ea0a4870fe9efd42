package org.deeplowrank.ij1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;

import ij.plugin.PlugIn;

import org.deeplowrank.command.SolverParameters;
import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;

/**
 * plugins.config and the SciJava commands must describe the same menu, so that each
 * command appears once in plain ImageJ 1.x (from plugins.config) and once in Fiji (where
 * the SciJava command with the same label and menu path takes over the ImageJ 1.x entry).
 */
class PluginsConfigTest {

	/** label -> "menu|class(arg)" of every entry, parsed as ImageJ 1.x's Menus.installJarPlugin does. */
	static Map<String, String[]> entries() throws IOException {
		final Map<String, String[]> e = new LinkedHashMap<>();
		for (final String line : Files.readAllLines(Paths.get("plugins.config"), StandardCharsets.UTF_8)) {
			if (line.startsWith("#") || line.trim().length() < 3) continue;
			// ImageJ 1.x: the submenu is between "Plugins>" and the first comma, the label between the
			// first quote and the quote before the last comma, the class after the last comma
			assertTrue(line.startsWith("Plugins>"), line);
			final String menu = line.substring(0, line.indexOf(','));
			final int q1 = line.indexOf('"'), lastComma = line.lastIndexOf(',');
			final String label = line.substring(q1 + 1, lastComma - 1);
			final String cls = line.substring(lastComma + 1).trim();
			// ImageJ2's legacy layer reads the same file with its own pattern: it must agree
			final Matcher m = HeadlessImageJ.CONFIG_LINE.matcher(line);
			assertTrue(m.matches(), line);
			assertEquals(menu, m.group(1));
			assertEquals(label, m.group(2));
			assertEquals(cls, m.group(3));
			assertTrue(e.put(label, new String[] { menu, cls }) == null, "duplicate label " + label);
		}
		return e;
	}

	@Test
	void oneEntryPerSciJavaCommandWithItsLabelAndMenu() throws Exception {
		final Map<String, String[]> entries = entries();
		final Map<String, String> commands = new TreeMap<>();
		try (Context context = new Context(CommandService.class)) {
			for (final CommandInfo info : context.service(CommandService.class).getCommands()) {
				if (!info.getClassName().startsWith("org.deeplowrank.") || info.getMenuPath() == null || info
					.getMenuPath().isEmpty()) continue;
				if (!SolverParameters.class.isAssignableFrom(info.loadClass())) continue; // test-only commands
				commands.put(info.getTitle(), info.getMenuPath().getMenuString().replace(" > ", ">"));
				final String[] e = entries.get(info.getTitle());
				assertNotNull(e, "no plugins.config entry for " + info.getTitle());
				assertEquals(info.getMenuPath().getMenuString().replace(" > ", ">"), e[0] + ">" + info.getTitle());
				assertEquals("org.deeplowrank.ij1.CommandPlugIn(\"" + info.getClassName() + "\")", e[1]);
			}
		}
		assertEquals(commands.keySet(), new TreeMap<>(entries).keySet());
		assertTrue(commands.keySet().containsAll(List.of("Complete Masked Image", "Sense and Reconstruct Image",
			"Batch Complete Folder")), commands.toString());
	}

	@Test
	void everyEntryNamesAPlugInAndACommandItCanLoad() throws Exception {
		for (final Map.Entry<String, String[]> e : entries().entrySet()) {
			final String cls = e.getValue()[1];
			final String pluginClass = cls.substring(0, cls.indexOf('('));
			final String arg = cls.substring(cls.indexOf("(\"") + 2, cls.length() - 2);
			assertTrue(PlugIn.class.isAssignableFrom(Class.forName(pluginClass)), pluginClass);
			assertEquals(e.getKey(), CommandPlugIn.label(CommandPlugIn.commandClass(arg)));
		}
	}

	@Test
	void theFileIsPackagedAtTheJarRoot() throws IOException {
		final List<byte[]> found = new ArrayList<>();
		try (InputStream in = PluginsConfigTest.class.getClassLoader().getResourceAsStream("plugins.config")) {
			assertNotNull(in, "plugins.config is a resource at the root");
			found.add(in.readAllBytes());
		}
		assertArrayEquals(Files.readAllBytes(Paths.get("plugins.config")), found.get(0));
	}
}
