package org.deeplowrank.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import ij.ImagePlus;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import ij.process.ShortProcessor;

import org.junit.jupiter.api.Test;

/** Which open image the dialog takes for the mask, and when it says that nothing is missing. */
class DialogDefaultsTest {

	static ImagePlus binary(final String title, final int w, final int h) {
		final ByteProcessor ip = new ByteProcessor(w, h);
		ip.set(3, 2, 255);
		return new ImagePlus(title, ip);
	}

	static ImagePlus grey(final String title, final int w, final int h) {
		final ShortProcessor ip = new ShortProcessor(w, h);
		for (int i = 0; i < w * h; i++)
			ip.set(i, i % 7);
		return new ImagePlus(title, ip);
	}

	@Test
	void aMaskIsAnOpenImageOfTheSameSizeNamedLikeOneOrBinary() {
		final ImagePlus input = grey("cells.tif", 40, 30);
		final ImagePlus named = grey("cells_MASK.tif", 40, 30), holes = binary("holes", 40, 30);
		final ImagePlus small = binary("small_mask", 20, 30), other = grey("other.tif", 40, 30);
		final CommandBridge.Images open = CommandBridgeTest.images(input, other, holes, small, named);
		final List<String> titles = open.titles();
		assertEquals("cells_MASK.tif", DialogDefaults.likelyMask(input, titles, open), "a name wins over binary pixels");
		final CommandBridge.Images noName = CommandBridgeTest.images(input, other, small, holes);
		assertEquals("holes", DialogDefaults.likelyMask(input, noName.titles(), noName), "then binary pixels");
		final CommandBridge.Images none = CommandBridgeTest.images(input, other, small);
		assertNull(DialogDefaults.likelyMask(input, none.titles(), none), "a mask of another size is not this one's");
		final ImagePlus binaryInput = binary("input_mask.tif", 40, 30);
		final CommandBridge.Images self = CommandBridgeTest.images(binaryInput);
		assertNull(DialogDefaults.likelyMask(binaryInput, self.titles(), self), "never the image itself");
	}

	@Test
	void binaryMeansZeroAndOneOtherValue() {
		assertTrue(DialogDefaults.isBinary(binary("m", 5, 4)));
		assertFalse(DialogDefaults.isBinary(grey("g", 5, 4)));
		final FloatProcessor ones = new FloatProcessor(5, 4);
		ones.set(1);
		assertFalse(DialogDefaults.isBinary(new ImagePlus("ones", ones)), "no zero: nothing is observed, or all is");
		final FloatProcessor nan = new FloatProcessor(5, 4);
		nan.setf(2, Float.NaN);
		assertFalse(DialogDefaults.isBinary(new ImagePlus("nan", nan)));
	}

	@Test
	void onlyNaNPixelsOfFloatImagesAreMissingWithoutAMask() {
		final FloatProcessor fp = new FloatProcessor(6, 5);
		assertFalse(DialogDefaults.hasNaN(new ImagePlus("f", fp)));
		fp.setf(4, 3, Float.NaN);
		assertTrue(DialogDefaults.hasNaN(new ImagePlus("f", fp)));
		assertFalse(DialogDefaults.hasNaN(grey("g", 6, 5)));
		assertEquals("Nothing is missing in cells.tif: this will only fit a low-rank approximation.\n" +
			"(Choose a mask image or *Selection* as Missing pixels to fill pixels in.)\n \nContinue?", DialogDefaults
				.nothingMissingQuestion("cells.tif"));
	}
}
