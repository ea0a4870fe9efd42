package org.deeplowrank.ij1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import ij.ImagePlus;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import org.deeplowrank.command.CompleteMaskedImage;
import org.deeplowrank.headless.HeadlessRunner;
import org.deeplowrank.io.ImageFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The macro string the ImageJ 1.x dialog records for the default method=auto runs
 * unchanged in the headless runner: the default is not written, the keys that matter for
 * auto are, and the string given with or without an explicit {@code method=auto} gives the
 * same bytes. The nonlocal group keys are recorded only with lifting=nonlocal.
 */
class AutoRecordedMacroTest {

	@TempDir
	Path dir;

	private static String[] run(final String options) {
		final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
		final int code = HeadlessRunner.run(new String[] { "--run", CompleteMaskedImage.LABEL, options }, new PrintStream(
			out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
		return new String[] { Integer.toString(code), out.toString(StandardCharsets.UTF_8), err.toString(
			StandardCharsets.UTF_8) };
	}

	@Test
	void theRecordedStringOfMethodAutoRunsUnchangedHeadless() throws Exception {
		final int w = 32, h = 28;
		final float[] px = new float[w * h];
		final byte[] m = new byte[w * h];
		final java.util.Random rnd = new java.util.Random(4);
		for (int q = 0; q < px.length; q++) {
			px[q] = (float) (100 + 40 * Math.sin(2 * Math.PI * (q % w) / 8) + 30 * Math.cos(2 * Math.PI * (q / w) / 6));
			m[q] = (byte) (rnd.nextDouble() < 0.4 ? 255 : 0);
		}
		ImageFiles.saveTiff(new ImagePlus("tex", new FloatProcessor(w, h, px)), dir.resolve("tex.tif"));
		ImageFiles.saveTiff(new ImagePlus("tex_mask", new ByteProcessor(w, h, m)), dir.resolve("tex_mask.tif"));
		final String image = dir.resolve("tex.tif").toString(), mask = dir.resolve("tex_mask.tif").toString();
		final KeyDialog.Form auto = KeyDialogTest.form(CompleteMaskedImage.class, "image", image, "mask", mask,
			"method", "auto", "iterations", "400", "rounds", "2");
		final String recorded = KeyDialog.optionsString(auto.options(), CommandBridge.flags(CompleteMaskedImage.class));
		assertEquals("image=" + image + " mask=" + mask + " iterations=400", recorded,
			"auto is the default (not recorded); rounds matters only with lifting=nonlocal");
		assertEquals(DialogLayout.MethodChoice.AUTO, auto.method());
		final String[] a = run(recorded + " output=" + dir.resolve("a.tif"));
		assertEquals("0", a[0], a[1] + a[2]);
		assertTrue(a[1].contains(" method=auto("), a[1]);
		final String[] b = run(recorded + " method=auto output=" + dir.resolve("b.tif"));
		assertEquals("0", b[0], b[1] + b[2]);
		assertArrayEquals(Files.readAllBytes(dir.resolve("a.tif")), Files.readAllBytes(dir.resolve("b.tif")));
		// with lifting=nonlocal the group keys are recorded, and the string runs too
		final String nonlocal = KeyDialog.optionsString(KeyDialogTest.form(CompleteMaskedImage.class, "image", image,
			"mask", mask, "method", "softimpute", "lifting", "nonlocal", "rounds", "2", "iterations", "400").options(),
			CommandBridge.flags(CompleteMaskedImage.class));
		assertEquals("image=" + image + " mask=" + mask + " method=softimpute lifting=nonlocal rounds=2", nonlocal,
			"iterations does not matter for the groups");
		final String[] c = run(nonlocal + " output=" + dir.resolve("c.tif"));
		assertEquals("0", c[0], c[1] + c[2]);
		assertTrue(c[1].contains(" method=nonlocal-softimpute "), c[1]);
		assertFalse(c[1].contains("auto"), c[1]);
	}
}
