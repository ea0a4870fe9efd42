package org.deeplowrank.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import ij.IJ;
import ij.ImagePlus;
import ij.Menus;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ImageJ 1.x macros without a screen, in this JVM: the command table, ImageJ's own
 * commands, ours, and errors as messages.
 */
class HeadlessImageJTest {

	@TempDir
	Path dir;

	@BeforeAll
	static void install() throws IOException {
		HeadlessImageJ.install(null);
	}

	private HeadlessImageJ.MacroOutcome macro(final String text, final String arg) throws IOException {
		final Path file = Files.write(dir.resolve("test.ijm"), text.getBytes(StandardCharsets.UTF_8));
		return HeadlessImageJ.runMacro(file, arg);
	}

	@Test
	void theCommandTableHasImageJsCommandsAndOurs() {
		final Map<?, ?> table = Menus.getCommands();
		assertEquals("org.deeplowrank.ij1.CommandPlugIn(\"org.deeplowrank.command.CompleteMaskedImage\")", table.get(
			"Complete Masked Image"));
		assertTrue(table.containsKey("Batch Complete Folder"));
		assertTrue(table.containsKey("Gaussian Blur..."), "from IJ_Props.txt");
		assertTrue(table.containsKey("Crop"), "added in code by ImageJ, listed by us");
		assertTrue(table.containsKey("Image..."), "shortcut removed from 'Image...[n]'");
	}

	@Test
	void aMacroRunsOurCommandWithTheRunnersKeys() throws IOException {
		final Path out = dir.resolve("out.tif");
		final HeadlessImageJ.MacroOutcome o = macro("newImage('img', '32-bit ramp', 24, 20, 1);\n" +
			"setPixel(3, 4, NaN);\n" + "run('Gaussian Blur...', 'sigma=1');\n" +
			"run('Complete Masked Image', 'mask=*None* method=gd depth=2 iterations=40 seed=3');\n" +
			"if (getTitle() != 'img_completed') exit('title ' + getTitle());\n" +
			"if (isNaN(getPixel(3, 4))) exit('not filled');\n" + "saveAs('Tiff', getArgument());\n" +
			"return getInfo('steps');", out.toString());
		assertNull(o.error, o.error);
		assertEquals("40", o.returned);
		final ImagePlus r = IJ.openImage(out.toString());
		assertEquals(32, r.getBitDepth());
	}

	@Test
	void errorsStopTheMacroWithAMessageAndALine() throws IOException {
		final HeadlessImageJ.MacroOutcome bad = macro("newImage('img', '32-bit ramp', 24, 20, 1);\n" +
			"run('Complete Masked Image', 'depth=abc');\nprint('not reached');\n", null);
		assertEquals("bad value for 'depth': 'abc' (expected an integer) (line 2 of test.ijm)", bad.error);
		final HeadlessImageJ.MacroOutcome typo = macro("x = 1;\ny = undefinedThing + 2;\n", null);
		assertTrue(typo.error.contains("line 2 of test.ijm"), typo.error);
		final HeadlessImageJ.MacroOutcome noImage = macro("run('Complete Masked Image', 'depth=2');\n", null);
		assertEquals("no image is open: open the image first (line 1 of test.ijm)", noImage.error);
	}

	@Test
	void pluginJarsFollowImageJsRule() throws IOException {
		final Path plugins = Files.createDirectories(dir.resolve("ImageJ/plugins"));
		jar(plugins.resolve("Deep_Low_Rank.jar"), "Plugins>X, \"Jar Command\", some.Plugin_(\"arg\")\n");
		jar(plugins.resolve("no-underscore.jar"), "Plugins>X, \"Ignored\", other.Plugin\n");
		Files.createDirectories(plugins.resolve("sub"));
		jar(plugins.resolve("sub/Other_Plugin.jar"), "# comment\nPlugins, \"Sub Command\", sub.Cmd_\n");
		assertEquals(List.of(plugins.resolve("Deep_Low_Rank.jar"), plugins.resolve("sub/Other_Plugin.jar")),
			HeadlessImageJ.pluginJars(plugins));
		final String before = System.getProperty("plugins.dir");
		try {
			final Map<String, String> added = HeadlessImageJ.install(dir.resolve("ImageJ"));
			assertEquals("some.Plugin_(\"arg\")", added.get("Jar Command"));
			assertEquals("sub.Cmd_", added.get("Sub Command"));
			assertTrue(!added.containsKey("Ignored"));
			assertEquals("sub.Cmd_", Menus.getCommands().get("Sub Command"));
		}
		finally {
			if (before == null) System.clearProperty("plugins.dir");
			else System.setProperty("plugins.dir", before);
		}
	}

	private static void jar(final Path path, final String config) throws IOException {
		try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(path))) {
			out.putNextEntry(new JarEntry("plugins.config"));
			out.write(config.getBytes(StandardCharsets.UTF_8));
			out.closeEntry();
		}
	}
}
