package org.deeplowrank.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import org.deeplowrank.solver.linalg.Matrix;
import org.junit.jupiter.api.Test;

/** Mask semantics: nonzero = missing, NaN image pixels are missing, sizes and layouts must match. */
class MaskPlanesTest {

	/** A 3 x 2 image (row-major values). */
	private static RandomAccessibleInterval<?> image(final double... values) {
		return ArrayImgs.doubles(values, 3, 2);
	}

	/** The missing flags of a single-plane image with an optional mask, as the dynamics command reads them. */
	private static boolean[] missing(final RandomAccessibleInterval<?> image, final RandomAccessibleInterval<?> mask) {
		final ImagePlanes planes = ImagePlanes.singlePlane(image, "image");
		return MaskPlanes.singlePlane(mask, planes).missing(planes.matrix(0, 0), 0, 0);
	}

	@Test
	void nonzeroMaskPixelsAreMissing() {
		final boolean[] missing = missing(image(1, 2, 3, 4, 5, 6), ArrayImgs.unsignedBytes(new byte[] { 0, (byte) 255,
			0, 1, 0, 0 }, 3, 2));
		assertArrayEquals(new boolean[] { false, true, false, true, false, false }, missing);
		assertEquals(2, MaskPlanes.count(missing));
	}

	@Test
	void maskLayoutFollowsTheImageLayout() {
		// pixel (x=2, y=0) of a 3 x 2 mask is entry 2; (x=0, y=1) is entry 3
		final float[] mask = new float[6];
		mask[2] = 1;
		mask[3] = -1;
		assertArrayEquals(new boolean[] { false, false, true, true, false, false }, missing(image(1, 2, 3, 4, 5, 6),
			ArrayImgs.floats(mask, 3, 2)));
	}

	@Test
	void nanImagePixelsAreMissingWithAndWithoutMask() {
		final RandomAccessibleInterval<?> img = image(1, Double.NaN, 3, 4, 5, Double.NaN);
		assertArrayEquals(new boolean[] { false, true, false, false, false, true }, missing(img, null));
		assertArrayEquals(new boolean[] { true, true, false, false, false, true }, missing(img, ArrayImgs.floats(
			new float[] { 1, 0, 0, 0, 0, 0 }, 3, 2)));
	}

	@Test
	void nanMaskPixelsAreMissing() {
		assertArrayEquals(new boolean[] { true, false, false, false, false, false }, missing(image(1, 2, 3, 4, 5, 6),
			ArrayImgs.floats(new float[] { Float.NaN, 0, 0, 0, 0, 0 }, 3, 2)));
	}

	@Test
	void withoutMaskAndNaNNothingIsMissing() {
		assertEquals(0, MaskPlanes.count(missing(image(1, 2, 3, 4, 5, 6), null)));
	}

	@Test
	void sizeMismatchNamesBothSizes() {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> missing(ArrayImgs.floats(
			128, 128, 1), ArrayImgs.unsignedBytes(100, 80)));
		assertEquals("mask is 100 x 80 but image is 128 x 128", e.getMessage());
	}

	@Test
	void transposedMaskIsAMismatch() {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> missing(ArrayImgs.floats(
			3, 2), ArrayImgs.unsignedBytes(2, 3)));
		assertEquals("mask is 2 x 3 but image is 3 x 2", e.getMessage());
	}

	@Test
	void maskStackIsRefusedForASinglePlane() {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> missing(ArrayImgs.floats(
			4, 4), ArrayImgs.unsignedBytes(4, 4, 2)));
		assertEquals("mask has 3 dimensions (4 x 4 x 2); this command takes a 2-D image", e.getMessage());
	}

	@Test
	void allMissingIsRefusedWithTheConventionReminder() {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MaskPlanes.requireObserved(
			new boolean[] { true, true, true }));
		assertEquals("every pixel is missing: nothing to complete from (check the mask: nonzero marks MISSING pixels)",
			e.getMessage());
		assertDoesNotThrow(() -> MaskPlanes.requireObserved(new boolean[] { true, false, true }));
	}

	@Test
	void aOnePlaneMaskMarksThePixelInEveryCasoratiColumn() {
		final ImagePlanes planes = ImagePlanes.of(StackReconstructionTest.stack(2, 2, 3), -1, "image");
		final Img<UnsignedByteType> mask = ArrayImgs.unsignedBytes(2, 2);
		mask.randomAccess().setPositionAndGet(1, 1).set(1); // pixel 3
		final MaskPlanes m = MaskPlanes.of(mask, planes, planes.data());
		final boolean[] missing = m.missing(planes.matrix(0, ImagePlanes.ALL_PLANES), 0, ImagePlanes.ALL_PLANES);
		assertEquals(12, missing.length);
		for (int k = 0; k < 12; k++) assertEquals(k / 3 == 3, missing[k], "entry " + k);
	}

	@Test
	void aMaskOfTheImagesShapeIsPerChannel() {
		final Img<UnsignedByteType> mask = ArrayImgs.unsignedBytes(2, 1, 2, 3); // x, y, c, z
		mask.randomAccess().setPositionAndGet(0, 0, 1, 2).set(1);
		final ImagePlanes planes = ImagePlanes.of(ArrayImgs.floats(2, 1, 2, 3), 2, "image");
		final MaskPlanes m = MaskPlanes.of(mask, planes, planes.data());
		final Matrix plane = planes.matrix(1, 2);
		assertArrayEquals(new boolean[] { true, false }, m.missing(plane, 1, 2));
		assertArrayEquals(new boolean[] { false, false }, m.missing(plane, 0, 2));
		assertArrayEquals(new boolean[] { false, false }, m.missing(plane, 1, 1));
	}

	@Test
	void anRgbMaskMarksAPixelWithAnyNonzeroColour() {
		final Img<ARGBType> mask = ArrayImgs.argbs(3, 1);
		mask.randomAccess().setPositionAndGet(1, 0).set(ARGBType.rgba(0, 0, 1, 255));
		mask.randomAccess().setPositionAndGet(2, 0).set(ARGBType.rgba(0, 0, 0, 255)); // alpha alone is no mark
		final ImagePlanes planes = ImagePlanes.of(ArrayImgs.floats(3, 1), -1, "image");
		assertArrayEquals(new boolean[] { false, true, false }, MaskPlanes.of(mask, planes, planes.data()).missing(
			planes.matrix(0, 0), 0, 0));
	}

	@Test
	void aMaskWithTheWrongPlanesSaysWhichShapesFit() {
		final ImagePlanes planes = ImagePlanes.of(ArrayImgs.floats(4, 3, 3), -1, "image");
		assertEquals("mask is 4 x 3 x 2 but image is 4 x 3 x 3 (a mask is one plane for all, or has the image's planes)",
			assertThrows(IllegalArgumentException.class, () -> MaskPlanes.of(ArrayImgs.unsignedBytes(4, 3, 2), planes,
				planes.data())).getMessage());
	}
}
