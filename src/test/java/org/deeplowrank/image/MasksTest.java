package org.deeplowrank.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import net.imglib2.img.array.ArrayImgs;
import org.deeplowrank.solver.linalg.Matrix;
import org.junit.jupiter.api.Test;

/** Mask semantics: nonzero = missing, NaN image pixels are missing, sizes must match. */
class MasksTest {

	private static Matrix image(final double... values) {
		return new Matrix(2, 3, values, null);
	}

	@Test
	void nonzeroMaskPixelsAreMissing() {
		final boolean[] missing = Masks.missing(image(1, 2, 3, 4, 5, 6), ArrayImgs.unsignedBytes(new byte[] { 0,
			(byte) 255, 0, 1, 0, 0 }, 3, 2));
		assertArrayEquals(new boolean[] { false, true, false, true, false, false }, missing);
		assertEquals(2, Masks.count(missing));
	}

	@Test
	void maskLayoutFollowsTheImageLayout() {
		// pixel (x=2, y=0) of a 3 x 2 mask is entry 2; (x=0, y=1) is entry 3
		final float[] mask = new float[6];
		mask[2] = 1;
		mask[3] = -1;
		final boolean[] missing = Masks.missing(image(1, 2, 3, 4, 5, 6), ArrayImgs.floats(mask, 3, 2));
		assertArrayEquals(new boolean[] { false, false, true, true, false, false }, missing);
	}

	@Test
	void nanImagePixelsAreMissingWithAndWithoutMask() {
		final Matrix img = image(1, Double.NaN, 3, 4, 5, Double.NaN);
		assertArrayEquals(new boolean[] { false, true, false, false, false, true }, Masks.missing(img, null));
		assertArrayEquals(new boolean[] { true, true, false, false, false, true }, Masks.missing(img, ArrayImgs.floats(
			new float[] { 1, 0, 0, 0, 0, 0 }, 3, 2)));
	}

	@Test
	void nanMaskPixelsAreMissing() {
		assertArrayEquals(new boolean[] { true, false, false, false, false, false }, Masks.missing(image(1, 2, 3, 4, 5,
			6), ArrayImgs.floats(new float[] { Float.NaN, 0, 0, 0, 0, 0 }, 3, 2)));
	}

	@Test
	void withoutMaskAndNaNNothingIsMissing() {
		assertEquals(0, Masks.count(Masks.missing(image(1, 2, 3, 4, 5, 6), null)));
	}

	@Test
	void sizeMismatchNamesBothSizes() {
		final Matrix img = Matrix.real(128, 128);
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Masks.missing(img,
			ArrayImgs.unsignedBytes(100, 80)));
		assertEquals("mask is 100 x 80 but image is 128 x 128", e.getMessage());
	}

	@Test
	void transposedMaskIsAMismatch() {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Masks.missing(Matrix.real(
			2, 3), ArrayImgs.unsignedBytes(2, 3)));
		assertEquals("mask is 2 x 3 but image is 3 x 2", e.getMessage());
	}

	@Test
	void maskStackIsRefused() {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Masks.missing(Matrix.real(
			4, 4), ArrayImgs.unsignedBytes(4, 4, 2)));
		assertEquals("mask has 3 dimensions (4 x 4 x 2); this command takes a 2-D image", e.getMessage());
	}

	@Test
	void allMissingIsRefusedWithTheConventionReminder() {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Masks.requireObserved(
			new boolean[] { true, true, true }));
		assertEquals("every pixel is missing: nothing to complete from (check the mask: nonzero marks MISSING pixels)",
			e.getMessage());
		assertDoesNotThrow(() -> Masks.requireObserved(new boolean[] { true, false, true }));
	}
}
