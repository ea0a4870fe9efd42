package org.deeplowrank.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import net.imglib2.RandomAccess;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import org.deeplowrank.solver.linalg.Matrix;
import org.junit.jupiter.api.Test;

/** Results back into the input's shape and type: round trip, Casorati columns, NaN for unwritten planes, keep_type. */
class OutputPlanesTest {

	@Test
	void aPlaneRoundTripKeepsSizeAndValues() {
		final Img<FloatType> ramp = ImagePlanesTest.ramp(7, 4);
		final ImagePlanes in = ImagePlanes.of(ramp, -1, "image");
		final OutputPlanes out = new OutputPlanes(in);
		out.write(in.matrix(0, 0), 0, 0);
		final Img<?> back = out.image(ramp, false);
		assertEquals(7, back.dimension(0));
		assertEquals(4, back.dimension(1));
		final RandomAccess<?> ra = back.randomAccess();
		for (int y = 0; y < 4; y++)
			for (int x = 0; x < 7; x++)
				assertEquals(100 * y + x, ((FloatType) ra.setPositionAndGet(x, y)).get());
	}

	@Test
	void theRealPartOfAComplexResultIsWritten() {
		final Img<FloatType> img = ArrayImgs.floats(2, 1);
		final OutputPlanes out = new OutputPlanes(ImagePlanes.of(img, -1, "image"));
		final Matrix m = Matrix.complex(1, 2);
		m.re[0] = 1.5;
		m.re[1] = -2;
		m.im[0] = 9;
		out.write(m, 0, 0);
		final RandomAccess<?> ra = out.image(img, false).randomAccess();
		assertEquals(1.5f, ((FloatType) ra.setPositionAndGet(0, 0)).get());
		assertEquals(-2f, ((FloatType) ra.setPositionAndGet(1, 0)).get());
	}

	@Test
	void casoratiColumnsGoBackToTheirPlanesAndUnwrittenPlanesAreNaN() {
		final Img<FloatType> stack = StackReconstructionTest.stack(3, 2, 4);
		final ImagePlanes in = ImagePlanes.of(stack, -1, "image");
		final OutputPlanes out = new OutputPlanes(in);
		assertTrue(Float.isNaN(StackReconstructionTest.at(out.image(stack, false), 0, 0, 0)), "nothing written yet");
		out.write(in.matrix(0, ImagePlanes.ALL_PLANES), 0, ImagePlanes.ALL_PLANES);
		final Img<?> back = out.image(stack, false);
		for (int p = 0; p < 4; p++)
			assertEquals(2 + 10 + 100 * p, StackReconstructionTest.at(back, 2, 1, p));
	}

	@Test
	void keepTypeClampsAndRoundsHalfUpAndNaNBecomesTheMinimum() {
		final Img<UnsignedShortType> img = ArrayImgs.unsignedShorts(4, 1);
		final OutputPlanes out = new OutputPlanes(ImagePlanes.of(img, -1, "image"));
		out.write(new Matrix(1, 4, new double[] { -3, 2.5, 70000, Double.NaN }, null), 0, 0);
		final List<Integer> v = new ArrayList<>();
		for (final Object t : out.image(img, true)) v.add(((UnsignedShortType) t).get());
		assertEquals(List.of(0, 3, 65535, 0), v);
		assertEquals(-4, OutputPlanes.clampRound(-4.5, -10, 10), 0, "half up: -4.5 -> -4");
	}

	@Test
	void rgbIsMergedBackWithItsColoursClamped() {
		final Img<ARGBType> rgb = ArrayImgs.argbs(1, 1);
		final ImagePlanes in = ImagePlanes.of(rgb, -1, "image");
		final OutputPlanes out = new OutputPlanes(in);
		out.write(new Matrix(1, 1, new double[] { 300 }, null), 0, 0);
		out.write(new Matrix(1, 1, new double[] { 20.4 }, null), 1, 0);
		out.write(new Matrix(1, 1, new double[] { -1 }, null), 2, 0);
		final int v = ((ARGBType) out.image(rgb, false).firstElement()).get();
		assertEquals(255, ARGBType.red(v));
		assertEquals(20, ARGBType.green(v));
		assertEquals(0, ARGBType.blue(v));
	}
}
