package org.deeplowrank.solver.problem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.deeplowrank.solver.linalg.Matrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Full observation is the completion with nothing missing (which is how the solver uses
 * it): the same loss and gradient, to the last bit, so either term gives the same run.
 */
class FullObservationTest {

	private static Matrix random(final int rows, final int cols, final boolean complex, final long seed) {
		final Random rnd = new Random(seed);
		final Matrix m = new Matrix(rows, cols, complex);
		for (int k = 0; k < m.re.length; k++) m.re[k] = rnd.nextGaussian() * 1e3;
		if (complex) for (int k = 0; k < m.im.length; k++) m.im[k] = rnd.nextGaussian() * 1e-3;
		return m;
	}

	@ParameterizedTest
	@ValueSource(booleans = { false, true })
	void sameBitsAsMaskedCompletionWithNothingMissing(final boolean complexLayers) {
		final Matrix y = random(7, 5, false, 1), w = random(7, 5, complexLayers, 2);
		final FullObservation full = new FullObservation(y);
		final MaskedCompletion masked = new MaskedCompletion(y, new boolean[y.size()]);
		final Matrix gFull = w.like(), gMasked = w.like();
		assertEquals(Double.doubleToLongBits(masked.evaluate(w, gMasked)), Double.doubleToLongBits(full.evaluate(w,
			gFull)));
		assertArrayEquals(gMasked.re, gFull.re);
		if (complexLayers) assertArrayEquals(gMasked.im, gFull.im);
		assertEquals(Double.doubleToLongBits(masked.valueAtZero()), Double.doubleToLongBits(full.valueAtZero()));
		assertEquals(masked.observationCount(), full.observationCount());
	}

	@Test
	void lossIsHalfTheSquaredDistance() {
		final Matrix y = new Matrix(1, 2, new double[] { 1, 2 }, new double[] { 0, 1 });
		final Matrix w = new Matrix(1, 2, new double[] { 4, 2 }, new double[] { 0, -1 });
		final Matrix g = w.like();
		assertEquals(0.5 * (9 + 4), new FullObservation(y).evaluate(w, g));
		assertArrayEquals(new double[] { 3, 0 }, g.re);
		assertArrayEquals(new double[] { 0, -2 }, g.im);
	}
}
