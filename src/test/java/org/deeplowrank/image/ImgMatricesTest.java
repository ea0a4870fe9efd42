package org.deeplowrank.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import net.imglib2.Cursor;
import net.imglib2.RandomAccess;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;
import org.deeplowrank.solver.linalg.Matrix;
import org.junit.jupiter.api.Test;

/** The layout convention (rows = y) and the 2-D checks of the ImgLib2 adapters. */
class ImgMatricesTest {

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

	@Test
	void rowsAreLinesAndEntryYXIsPixelXY() {
		final Matrix m = ImgMatrices.toMatrix(ramp(5, 3));
		assertEquals(3, m.rows);
		assertEquals(5, m.cols);
		for (int y = 0; y < 3; y++)
			for (int x = 0; x < 5; x++)
				assertEquals(100 * y + x, m.re[y * m.cols + x]);
		assertEquals(null, m.im);
	}

	@Test
	void roundTripKeepsSizeAndValues() {
		final Img<FloatType> back = ImgMatrices.toImg(ImgMatrices.toMatrix(ramp(7, 4)));
		assertEquals(7, back.dimension(0));
		assertEquals(4, back.dimension(1));
		final RandomAccess<FloatType> ra = back.randomAccess();
		for (int y = 0; y < 4; y++)
			for (int x = 0; x < 7; x++) {
				ra.setPosition(new int[] { x, y });
				assertEquals(100 * y + x, ra.get().getRealDouble());
			}
	}

	@Test
	void toImgTakesTheRealPartOfAComplexMatrix() {
		final Matrix m = Matrix.complex(1, 2);
		m.re[0] = 1.5;
		m.re[1] = -2;
		m.im[0] = 9;
		final Cursor<FloatType> c = Views.flatIterable(ImgMatrices.toImg(m)).cursor();
		assertEquals(1.5f, c.next().get());
		assertEquals(-2f, c.next().get());
	}

	@Test
	void integerImagesAreReadAsTheirValues() {
		final ArrayImg<UnsignedShortType, ShortArray> img = ArrayImgs.unsignedShorts(new short[] { 0, (short) 65535, 7,
			8 }, 2, 2);
		assertArrayEquals(new double[] { 0, 65535, 7, 8 }, ImgMatrices.toMatrix(img).re);
	}

	@Test
	void anOffsetIntervalIsReadFromItsMin() {
		final Matrix m = ImgMatrices.toMatrix(Views.translate(ramp(3, 2), 10, 20));
		assertArrayEquals(new double[] { 0, 1, 2, 100, 101, 102 }, m.re);
	}

	@Test
	void trailingSingletonDimensionsAreAccepted() {
		final Matrix m = ImgMatrices.toMatrix(ArrayImgs.floats(6, 4, 1));
		assertEquals(4, m.rows);
		assertEquals(6, m.cols);
	}

	@Test
	void stacksAreRefusedWithTheirDimensions() {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImgMatrices.toMatrix(
			ArrayImgs.floats(64, 64, 20)));
		assertEquals("image has 3 dimensions (64 x 64 x 20); this command takes a 2-D image", e.getMessage());
		final IllegalArgumentException m = assertThrows(IllegalArgumentException.class, () -> ImgMatrices.toMatrix(
			ArrayImgs.floats(8, 8, 1, 3), "reference"));
		assertEquals("reference has 4 dimensions (8 x 8 x 1 x 3); this command takes a 2-D image", m.getMessage());
	}

	@Test
	void oneDimensionalImagesAreRefused() {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImgMatrices.toMatrix(
			ArrayImgs.floats(64)));
		assertEquals("image has 1 dimension (64); this command takes a 2-D image", e.getMessage());
	}
}
