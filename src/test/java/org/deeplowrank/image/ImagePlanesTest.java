package org.deeplowrank.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import net.imglib2.Cursor;
import net.imglib2.RandomAccess;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;
import org.deeplowrank.solver.linalg.Matrix;
import org.junit.jupiter.api.Test;

/** The matrix layouts (rows = y; Casorati columns = planes), the plane order, channels, and the 2-D checks. */
class ImagePlanesTest {

	/** A w x h image whose pixel (x, y) is 100 y + x, so a transposition would show. */
	static ArrayImg<FloatType, FloatArray> ramp(final int w, final int h) {
		final ArrayImg<FloatType, FloatArray> img = ArrayImgs.floats(w, h);
		final Cursor<FloatType> c = img.localizingCursor();
		while (c.hasNext()) {
			c.fwd();
			c.get().setReal(100 * c.getIntPosition(1) + c.getIntPosition(0));
		}
		return img;
	}

	private static Matrix single(final net.imglib2.RandomAccessibleInterval<?> img) {
		return ImagePlanes.singlePlane(img, "image").matrix(0, 0);
	}

	@Test
	void rowsAreLinesAndEntryYXIsPixelXY() {
		final Matrix m = single(ramp(5, 3));
		assertEquals(3, m.rows);
		assertEquals(5, m.cols);
		for (int y = 0; y < 3; y++)
			for (int x = 0; x < 5; x++)
				assertEquals(100 * y + x, m.re[y * m.cols + x]);
		assertNull(m.im);
	}

	@Test
	void integerImagesAreReadAsTheirValues() {
		final ArrayImg<UnsignedShortType, ShortArray> img = ArrayImgs.unsignedShorts(new short[] { 0, (short) 65535, 7,
			8 }, 2, 2);
		assertArrayEquals(new double[] { 0, 65535, 7, 8 }, single(img).re);
	}

	@Test
	void anOffsetIntervalIsReadFromItsMin() {
		assertArrayEquals(new double[] { 0, 1, 2, 100, 101, 102 }, single(Views.translate(ramp(3, 2), 10, 20)).re);
		// a stack view with offsets: plane p is counted from the min of each dimension
		final ImagePlanes p = ImagePlanes.of(Views.translate(StackReconstructionTest.stack(2, 2, 3), 5, 6, 7), -1,
			"image");
		assertArrayEquals(new double[] { 200, 201, 210, 211 }, p.matrix(0, 2).re);
	}

	@Test
	void trailingSingletonDimensionsAreAccepted() {
		final ImagePlanes p = ImagePlanes.singlePlane(ArrayImgs.floats(6, 4, 1), "image");
		assertEquals(6, p.width());
		assertEquals(4, p.height());
		final Matrix m = p.matrix(0, 0);
		assertEquals(4, m.rows);
		assertEquals(6, m.cols);
	}

	@Test
	void stacksAreRefusedWithTheirDimensions() {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImagePlanes.singlePlane(
			ArrayImgs.floats(64, 64, 20), "image"));
		assertEquals("image has 3 dimensions (64 x 64 x 20); this command takes a 2-D image", e.getMessage());
		final IllegalArgumentException m = assertThrows(IllegalArgumentException.class, () -> ImagePlanes.singlePlane(
			ArrayImgs.floats(8, 8, 1, 3), "reference"));
		assertEquals("reference has 4 dimensions (8 x 8 x 1 x 3); this command takes a 2-D image", m.getMessage());
	}

	@Test
	void oneDimensionalImagesAreRefused() {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImagePlanes.singlePlane(
			ArrayImgs.floats(64), "image"));
		assertEquals("image has 1 dimension (64); this command takes a 2-D image", e.getMessage());
		assertEquals("mask has 1 dimension(s); expected at least x and y", assertThrows(IllegalArgumentException.class,
			() -> ImagePlanes.of(ArrayImgs.floats(64), -1, "mask")).getMessage());
	}

	@Test
	void aSinglePlaneMustBeGrayscale() {
		assertEquals("'image' must be a grayscale image (8-, 16- or 32-bit), not 3 x 2", assertThrows(
			IllegalArgumentException.class, () -> ImagePlanes.singlePlane(ArrayImgs.argbs(3, 2), "image")).getMessage());
	}

	@Test
	void planesFollowImageJStackOrder() {
		// (x, y, z, t) = 2 x 1 x 2 x 3: plane p = z + 2 t
		final Img<FloatType> img = ArrayImgs.floats(2, 1, 2, 3);
		final RandomAccess<FloatType> ra = img.randomAccess();
		for (int t = 0; t < 3; t++)
			for (int z = 0; z < 2; z++)
				ra.setPositionAndGet(1, 0, z, t).set(10 * t + z);
		final ImagePlanes p = ImagePlanes.of(img, -1, "image");
		assertEquals(6, p.planes());
		assertEquals(6, ImagePlanes.planeCount(img));
		assertEquals(21, p.matrix(0, 5).re[1], "plane 5 = (z 1, t 2)");
		assertEquals(10, p.matrix(0, 2).re[1], "plane 2 = (z 0, t 1)");
	}

	@Test
	void casoratiColumnTIsPlaneTReadLineByLine() {
		final ImagePlanes p = ImagePlanes.of(StackReconstructionTest.stack(3, 2, 4), -1, "image");
		final Matrix m = p.matrix(0, ImagePlanes.ALL_PLANES);
		assertEquals(6, m.rows);
		assertEquals(4, m.cols);
		assertEquals(2 + 10 * 1 + 100 * 3, m.get(5, 3), 0, "pixel (x 2, y 1) of plane 3");
		assertEquals(1 + 100 * 2, m.get(1, 2), 0);
	}

	@Test
	void channelsAreSeparateAndRgbIsRedGreenBlue() {
		final Img<FloatType> img = ArrayImgs.floats(2, 2, 3, 2); // x, y, c, z
		img.randomAccess().setPositionAndGet(1, 0, 2, 1).set(7);
		final ImagePlanes p = ImagePlanes.of(img, 2, "image");
		assertEquals(3, p.channels());
		assertEquals(2, p.planes());
		assertEquals(7, p.matrix(2, 1).re[1]);
		assertEquals(0, p.matrix(1, 1).re[1]);

		final Img<ARGBType> rgb = ArrayImgs.argbs(2, 1);
		rgb.firstElement().set(ARGBType.rgba(10, 20, 30, 255));
		final ImagePlanes c = ImagePlanes.of(rgb, -1, "image");
		assertEquals(3, c.channels());
		assertEquals(1, c.planes());
		assertEquals(10, c.matrix(0, 0).re[0]);
		assertEquals(20, c.matrix(1, 0).re[0]);
		assertEquals(30, c.matrix(2, 0).re[0]);
		assertEquals("image is RGB: its channels are its pixel type", assertThrows(IllegalArgumentException.class,
			() -> ImagePlanes.of(rgb, 2, "image")).getMessage());
		assertEquals("bad channel axis 1 for image 2 x 2 x 3 x 2", assertThrows(IllegalArgumentException.class,
			() -> ImagePlanes.of(img, 1, "image")).getMessage());
	}

	@Test
	void namesOfShapes() {
		assertEquals("64 x 64 x 20", ImagePlanes.describe(ArrayImgs.floats(64, 64, 20)));
		assertEquals("3 x 2 (RGB)", ImagePlanes.describe(ArrayImgs.argbs(3, 2)));
		assertEquals("3 x 2", ImagePlanes.dimensions(ArrayImgs.argbs(3, 2)));
		assertEquals("64x64x20", ImagePlanes.size(ArrayImgs.floats(64, 64, 20, 1)));
		assertEquals("3x2x3", ImagePlanes.size(ArrayImgs.argbs(3, 2)));
	}
}
