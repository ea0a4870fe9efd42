package org.deeplowrank.headless;

import static org.deeplowrank.headless.TestFiles.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import org.deeplowrank.command.CompleteMaskedImage;
import org.deeplowrank.headless.TestFiles.Run;
import org.deeplowrank.image.StackReconstruction;
import org.deeplowrank.io.ImageFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code method=auto} (the default of Complete Masked Image) and {@code lifting=nonlocal}
 * through the runner: the summary says what ran, the same seed gives the same bytes, bad
 * nonlocal keys are refused with a message and exit 2 before anything runs (the recorded
 * macro string of method=auto: {@code ij1.AutoRecordedMacroTest}).
 */
class AutoAndNonlocalRunnerTest {

	private static final String COMPLETE = CompleteMaskedImage.LABEL;

	@TempDir
	Path dir;

	/** A periodic texture (periods 8, 6, 12), w x h, 32-bit. */
	static Path texture(final Path path, final int w, final int h) throws IOException {
		final float[] px = new float[w * h];
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < w; x++) {
				px[y * w + x] = (float) (100 + 40 * Math.sin(2 * Math.PI * x / 8) + 30 * Math.cos(2 * Math.PI * y / 6) +
					20 * Math.sin(2 * Math.PI * (x + y) / 12));
			}
		}
		ImageFiles.saveTiff(new ImagePlus("texture", new FloatProcessor(w, h, px)), path);
		return path;
	}

	/** An 8-bit mask, 255 (missing) at a seeded ~fraction of the pixels. */
	static Path randomMask(final Path path, final int w, final int h, final double fraction, final long seed)
		throws IOException
	{
		final byte[] px = new byte[w * h];
		final java.util.Random rnd = new java.util.Random(seed);
		for (int q = 0; q < px.length; q++) px[q] = (byte) (rnd.nextDouble() < fraction ? 255 : 0);
		ImageFiles.saveTiff(new ImagePlus("mask", new ByteProcessor(w, h, px)), path);
		return path;
	}

	private static void assertBadInput(final Run r, final String message) {
		assertEquals(2, r.code, r::toString);
		assertEquals("error: " + message + System.lineSeparator(), r.err, r::toString);
		assertEquals("", r.out, r::toString);
	}

	@Test
	void autoIsTheDefaultAndTheSummarySaysWhatWasChosenSameSeedSameBytes() throws IOException {
		final Path img = texture(dir.resolve("tex.tif"), 40, 36);
		final Path mask = randomMask(dir.resolve("mask.tif"), 40, 36, 0.5, 1);
		final String common = "image=" + img + ",mask=" + mask + ",reference=" + img + ",iterations=200,seed=5";
		final Run a = run("--run", COMPLETE, common + ",output=" + dir.resolve("a.tif"));
		assertEquals(0, a.code, a::toString);
		assertTrue(a.out.contains(" method=auto("), a.out);
		// a texture of periods 8, 6 and 12 (along x, y and the diagonal: rank 5 as a matrix): the
		// summary names one of the candidates
		assertTrue(a.out.matches("(?s).* method=auto\\((whole-matrix|nonlocal-softimpute|biharmonic)[,+)a-z-]*.*"), a.out);
		final Run b = run("--run", COMPLETE, common + ",threads=1,output=" + dir.resolve("b.tif"));
		assertEquals(0, b.code, b::toString);
		assertArrayEquals(Files.readAllBytes(dir.resolve("a.tif")), Files.readAllBytes(dir.resolve("b.tif")),
			"same seed, same bytes (whatever the thread count)");
		final Run explicit = run("--run", COMPLETE, common + ",method=auto,output=" + dir.resolve("c.tif"));
		assertEquals(0, explicit.code, explicit::toString);
		assertArrayEquals(Files.readAllBytes(dir.resolve("a.tif")), Files.readAllBytes(dir.resolve("c.tif")));
	}

	@Test
	void nonlocalWithEachGroupMethodSameSeedSameBytes() throws IOException {
		final Path img = texture(dir.resolve("tex.tif"), 40, 36);
		final Path mask = randomMask(dir.resolve("mask.tif"), 40, 36, 0.5, 2);
		for (final String method : new String[] { "gd", "softimpute" }) {
			final String common = "image=" + img + ",mask=" + mask + ",reference=" + img + ",lifting=nonlocal,method=" +
				method + ",rounds=2,seed=3";
			final Path a = dir.resolve(method + "_a.tif"), b = dir.resolve(method + "_b.tif");
			final Run r = run("--run", COMPLETE, common + ",output=" + a);
			assertEquals(0, r.code, r::toString);
			assertTrue(r.out.contains(" method=nonlocal-" + method + " "), r.out);
			final java.util.regex.Matcher rel = java.util.regex.Pattern.compile("rel_error=([0-9.eE+-]+)").matcher(r.out);
			assertTrue(rel.find(), r.out);
			assertTrue(Double.parseDouble(rel.group(1)) < 0.05, r.out);
			assertEquals(0, run("--run", COMPLETE, common + ",threads=1,output=" + b).code);
			assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b), method + ": same seed, same bytes");
		}
	}

	@Test
	void badNonlocalKeysAreRefusedWithAMessage() throws IOException {
		final Path img = texture(dir.resolve("tex.tif"), 24, 20);
		final Path mask = randomMask(dir.resolve("mask.tif"), 24, 20, 0.3, 5);
		final String base = "image=" + img + ",mask=" + mask + ",output=" + dir.resolve("out.tif");
		assertBadInput(run("--run", COMPLETE, base + ",lifting=nonlocal,method=biharmonic"),
			"lifting=nonlocal works with method=gd, glrl or softimpute (the solver of each patch group), not " +
				"'biharmonic': smooth inpainting has no groups; use lifting=none with method=biharmonic");
		assertBadInput(run("--run", COMPLETE, base + ",lifting=hankel"),
			"method=auto chooses the model itself (the whole matrix, nonlocal patch groups or biharmonic inpainting) " +
				"and does not take lifting=hankel: use lifting=none with method=auto, or lifting=hankel with method=gd " +
				"or method=glrl");
		assertBadInput(run("--run", COMPLETE, base + ",lifting=nonlocal,method=gd,search=2"),
			"'group' 32 is more than the 25 patches of a search window of ±2: use a larger 'search' (at least 3) or a " +
				"smaller 'group'");
		assertBadInput(run("--run", COMPLETE, base + ",lifting=nonlocal,method=gd,group=0"),
			"bad value for 'group': 0 (expected an integer in [1, 1024], e.g. 32)");
		assertBadInput(run("--run", COMPLETE, base + ",lifting=nonlocal,method=gd,rounds=0"),
			"bad value for 'rounds': 0 (expected an integer >= 1, e.g. 3)");
		assertBadInput(run("--run", COMPLETE, base + ",lifting=nonlocal,method=gd,patch=30"),
			"the image (24 x 20) is smaller than 'patch' 30: use patch=20 or less");
		assertFalse(Files.exists(dir.resolve("out.tif")), "nothing written");
	}

	@Test
	void casoratiStacksRefuseNonlocalAndAutoCompletesThemAsAWholeMatrix() throws IOException {
		final int w = 20, h = 16, t = 4;
		final ImageStack s = new ImageStack(w, h);
		for (int k = 0; k < t; k++) {
			final float[] px = new float[w * h];
			for (int q = 0; q < px.length; q++) px[q] = (float) (50 + 10 * Math.sin(0.3 * q) * (1 + 0.2 * k));
			s.addSlice(new FloatProcessor(w, h, px));
		}
		final Path stack = dir.resolve("stack.tif");
		ImageFiles.saveTiff(new ImagePlus("stack", s), stack);
		final ImageStack ms = new ImageStack(w, h);
		for (int k = 0; k < t; k++) {
			final byte[] px = new byte[w * h];
			for (int q = 0; q < px.length; q++) px[q] = (byte) ((q + 7 * k) % 5 == 0 ? 255 : 0);
			ms.addSlice(new ByteProcessor(w, h, px));
		}
		final Path mask = dir.resolve("stack_mask.tif");
		ImageFiles.saveTiff(new ImagePlus("mask", ms), mask);
		final String base = "image=" + stack + ",mask=" + mask + ",stack=casorati,iterations=300,output=" + dir.resolve(
			"out.tif");
		assertBadInput(run("--run", COMPLETE, base + ",lifting=nonlocal,method=gd"), StackReconstruction
			.planesOnlyMessage("nonlocal"));
		final Run auto = run("--run", COMPLETE, base);
		assertEquals(0, auto.code, auto::toString);
		assertTrue(auto.out.contains(" method=auto(whole-matrix) "), auto.out);
	}
}
