package org.deeplowrank.ij1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import ij.IJ;
import ij.ImagePlus;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A macro option string with many keys works in ImageJ 1.x and in the headless runner with
 * the same keys, and gives the same pixels: the command's own keys, then the shared ones,
 * numbers as typed, as macros written before the short dialog record them (the dialog's
 * recorder now writes only the keys that differ from their defaults, see {@link GuiIT});
 * in ImageJ image keys are titles, in the runner file names, so with the files in the
 * current folder the string is the same.
 */
class RecordedMacroIT {

	static final String RECORDED = "mask=weave_mask.tif reference=weave.tif depth=3 width=0 init=gaussian scale=0.1 " +
		"center=auto field=real optimizer=gd lr=1 iterations=150 tolerance=1E-7 regularization=0 seed=0 log_every=10 " +
		"stack=slices";

	@TempDir
	Path dir;

	@Test
	void sameStringSameKeysSamePixels() throws Exception {
		for (final String name : new String[] { "weave.tif", "weave_mask.tif" })
			Files.copy(Paths.get("examples", name), dir.resolve(name));
		final String macro = "open(getDirectory('cwd') + 'weave.tif');\n" +
			"open(getDirectory('cwd') + 'weave_mask.tif');\n" + "selectImage('weave.tif');\n" +
			"run(\"Complete Masked Image\", \"" + RECORDED + "\");\n" +
			"saveAs('Tiff', getDirectory('cwd') + 'from_imagej.tif');\n";
		Files.write(dir.resolve("recorded.ijm"), macro.getBytes(StandardCharsets.UTF_8));
		final String jar = MacrosIT.FAT_JAR.toString();
		final Forked ij1 = Forked.java(dir, dir.resolve("tmp"), "-jar", jar, "-batch", "recorded.ijm");
		assertEquals(0, ij1.code, ij1::toString);
		final Forked runner = Forked.java(dir, dir.resolve("tmp"), "-jar", jar, "--run", "Complete Masked Image",
			"image=weave.tif " + RECORDED + " output=from_runner.tif");
		assertEquals(0, runner.code, runner::toString);
		assertTrue(runner.out.startsWith("steps="), runner.out);
		System.out.printf("recorded macro: ImageJ 1.x %.1f s, runner %.1f s%n", ij1.seconds, runner.seconds);
		final ImagePlus a = IJ.openImage(dir.resolve("from_imagej.tif").toString());
		final ImagePlus b = IJ.openImage(dir.resolve("from_runner.tif").toString());
		assertEquals(32, a.getBitDepth());
		assertArrayEquals((float[]) b.getProcessor().getPixels(), (float[]) a.getProcessor().getPixels(),
			"same keys, same seed: the same reconstruction");
	}
}
