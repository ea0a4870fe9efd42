package org.deeplowrank.headless;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Paths;

import ij.IJ;
import ij.ImagePlus;

import org.junit.jupiter.api.Test;

/**
 * The shipped example files are exactly what {@link ExampleImages} generates (pixels,
 * size and bit depth; the TIFF header also holds ij.jar's version, which may change).
 */
class ExampleImagesTest {

	private static ImagePlus shipped(final String name) {
		final ImagePlus imp = IJ.openImage(Paths.get("examples", name).toAbsolutePath().toString());
		assertTrue(imp != null, "examples/" + name + " is missing; run ExampleImages.main");
		return imp;
	}

	@Test
	void weaveMatchesTheGenerator() {
		final ImagePlus file = shipped("weave.tif"), fresh = ExampleImages.weave();
		assertEquals(16, file.getBitDepth());
		assertEquals(ExampleImages.WIDTH, file.getWidth());
		assertEquals(ExampleImages.HEIGHT, file.getHeight());
		assertArrayEquals((short[]) fresh.getProcessor().getPixels(), (short[]) file.getProcessor().getPixels());
	}

	@Test
	void maskMatchesTheGenerator() {
		final ImagePlus file = shipped("weave_mask.tif"), fresh = ExampleImages.mask();
		assertEquals(8, file.getBitDepth());
		assertArrayEquals((byte[]) fresh.getProcessor().getPixels(), (byte[]) file.getProcessor().getPixels());
		int missing = 0;
		for (final byte b : (byte[]) file.getProcessor().getPixels()) {
			assertTrue(b == 0 || b == (byte) 255);
			if (b != 0) missing++;
		}
		final double fraction = missing / (double) (ExampleImages.WIDTH * ExampleImages.HEIGHT);
		assertTrue(fraction > 0.48 && fraction < 0.55, "missing fraction " + fraction);
	}

	@Test
	void cleanWeaveIsWellInsideThe16BitRange() {
		final double[] clean = ExampleImages.cleanWeave();
		double min = Double.MAX_VALUE, max = -Double.MAX_VALUE;
		for (final double v : clean) {
			min = Math.min(min, v);
			max = Math.max(max, v);
		}
		assertTrue(min > 2000 && max < 60000, min + ".." + max);
	}
}
