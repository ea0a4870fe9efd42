package org.deeplowrank.solver.baseline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.deeplowrank.solver.TestMatrices;
import org.deeplowrank.solver.linalg.Matrix;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/** Harmonic and biharmonic inpainting (the classical baseline). */
class SmoothInpaintingTest {

	private interface Surface {

		double at(int y, int x);
	}

	private static Matrix surface(final int rows, final int cols, final Surface f) {
		final Matrix m = Matrix.real(rows, cols);
		for (int y = 0; y < rows; y++) for (int x = 0; x < cols; x++) m.set(y, x, f.at(y, x));
		return m;
	}

	/** About {@code fraction} of the pixels at least {@code margin} from the border, seeded. */
	private static boolean[] interiorMask(final int rows, final int cols, final int margin, final double fraction,
		final long seed)
	{
		final Random rnd = new Random(seed);
		final boolean[] m = new boolean[rows * cols];
		for (int y = margin; y < rows - margin; y++) {
			for (int x = margin; x < cols - margin; x++) m[y * cols + x] = rnd.nextDouble() < fraction;
		}
		return m;
	}

	private static double maxErrorOnMissing(final Matrix a, final Matrix truth, final boolean[] missing) {
		double e = 0;
		for (int k = 0; k < missing.length; k++) if (missing[k]) e = Math.max(e, Math.abs(a.re[k] - truth.re[k]));
		return e;
	}

	private static Matrix withNaN(final Matrix m, final boolean[] missing) {
		final Matrix c = m.copy();
		for (int k = 0; k < missing.length; k++) if (missing[k]) c.re[k] = Double.NaN;
		return c;
	}

	private static int count(final boolean[] b) {
		int n = 0;
		for (final boolean v : b) if (v) n++;
		return n;
	}

	@Test
	void biharmonicIsExactOnQuadraticSurfaces() {
		final int rows = 40, cols = 36;
		final Matrix truth = surface(rows, cols, (y, x) -> 3 + 0.5 * x - 0.7 * y + 0.02 * x * x - 0.015 * x * y + 0.03 *
			y * y);
		final boolean[] missing = interiorMask(rows, cols, 2, 0.5, 1);
		assertTrue(count(missing) > 0.4 * (rows - 4) * (cols - 4));
		final SmoothInpainting.Result r = SmoothInpainting.solve(withNaN(truth, missing), missing, true, 0, 1e-12);
		assertTrue(r.converged && r.relativeResidual < 1e-10, r.summaryLine());
		assertTrue(maxErrorOnMissing(r.image, truth, missing) < 1e-6, "max error " + maxErrorOnMissing(r.image, truth,
			missing) + " " + r.summaryLine());
		// harmonic is not exact on a quadratic with a nonzero Laplacian (2d + 2f ≠ 0)
		final Matrix h = SmoothInpainting.inpaint(truth, missing, false, 0, 1e-12);
		assertTrue(maxErrorOnMissing(h, truth, missing) > 1e-3);
		// observed pixels are returned unchanged
		for (int k = 0; k < missing.length; k++) if (!missing[k]) assertEquals(truth.re[k], r.image.re[k], 0.0);
	}

	@Test
	void harmonicIsExactOnDiscreteHarmonicSurfaces() {
		final int rows = 33, cols = 47;
		final boolean[] missing = interiorMask(rows, cols, 1, 0.5, 2);
		final Surface[] surfaces = { (y, x) -> 10 + 0.3 * x - 0.8 * y, (y, x) -> 0.01 * (x * x - y * y) + 2, (y,
			x) -> 0.02 * x * y - 1 };
		for (final Surface f : surfaces) {
			final Matrix truth = surface(rows, cols, f);
			final Matrix h = SmoothInpainting.inpaint(withNaN(truth, missing), missing, false, 0, 1e-12);
			assertTrue(maxErrorOnMissing(h, truth, missing) < 1e-6, "harmonic error " + maxErrorOnMissing(h, truth,
				missing));
			// a harmonic surface is a quadratic with 2d + 2f = 0: biharmonic is exact too
			final boolean[] deep = interiorMask(rows, cols, 2, 0.5, 3);
			final Matrix b = SmoothInpainting.inpaint(withNaN(truth, deep), deep, true, 0, 1e-12);
			assertTrue(maxErrorOnMissing(b, truth, deep) < 1e-6);
		}
	}

	@Test
	void constantsAreExactEverywhereAndHarmonicObeysTheMaximumPrinciple() {
		final int rows = 25, cols = 30;
		final boolean[] missing = TestMatrices.missingExcept(rows * cols, 200, 4); // borders included
		final Matrix constant = surface(rows, cols, (y, x) -> 1234.5);
		for (final boolean bi : new boolean[] { false, true }) {
			final Matrix out = SmoothInpainting.inpaint(withNaN(constant, missing), missing, bi);
			assertTrue(maxErrorOnMissing(out, constant, missing) < 1e-9);
		}
		final Random rnd = new Random(5);
		final Matrix noise = Matrix.real(rows, cols);
		double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
		for (int k = 0; k < noise.size(); k++) {
			noise.re[k] = rnd.nextGaussian();
			if (!missing[k]) {
				lo = Math.min(lo, noise.re[k]);
				hi = Math.max(hi, noise.re[k]);
			}
		}
		final Matrix h = SmoothInpainting.inpaint(noise, missing, false);
		for (int k = 0; k < missing.length; k++) {
			assertTrue(h.re[k] >= lo - 1e-9 && h.re[k] <= hi + 1e-9, "maximum principle at " + k);
		}
	}

	/** The matrix-free operator against a dense direct solve of the documented systems. */
	@Test
	void matchesDenseSolveOfTheDocumentedSystem() {
		final int rows = 9, cols = 11, n = rows * cols;
		final boolean[] missing = TestMatrices.missingExcept(n, 55, 6); // 44 missing, borders included
		final Random rnd = new Random(7);
		final Matrix image = Matrix.real(rows, cols);
		for (int k = 0; k < n; k++) image.re[k] = rnd.nextDouble() * 100;
		// Neumann 5-point Laplacian = graph Laplacian of the grid
		final DMatrixRMaj lap = new DMatrixRMaj(n, n);
		for (int y = 0; y < rows; y++) for (int x = 0; x < cols; x++) {
			final int k = y * cols + x;
			final int[][] nb = { { y - 1, x }, { y + 1, x }, { y, x - 1 }, { y, x + 1 } };
			for (final int[] q : nb) {
				if (q[0] < 0 || q[0] >= rows || q[1] < 0 || q[1] >= cols) continue;
				lap.add(k, k, 1);
				lap.add(k, q[0] * cols + q[1], -1);
			}
		}
		final DMatrixRMaj lap2 = new DMatrixRMaj(n, n);
		CommonOps_DDRM.mult(lap, lap, lap2);
		for (final boolean bi : new boolean[] { false, true }) {
			final DMatrixRMaj a = bi ? lap2 : lap;
			final int[] m = new int[count(missing)];
			int c = 0;
			for (int k = 0; k < n; k++) if (missing[k]) m[c++] = k;
			final DMatrixRMaj amm = new DMatrixRMaj(m.length, m.length), b = new DMatrixRMaj(m.length, 1);
			for (int i = 0; i < m.length; i++) {
				for (int j = 0; j < m.length; j++) amm.set(i, j, a.get(m[i], m[j]));
				double s = 0;
				for (int k = 0; k < n; k++) if (!missing[k]) s -= a.get(m[i], k) * image.re[k];
				b.set(i, 0, s);
			}
			final DMatrixRMaj xs = new DMatrixRMaj(m.length, 1);
			assertTrue(CommonOps_DDRM.solve(amm, b, xs));
			final Matrix out = SmoothInpainting.inpaint(image, missing, bi, 0, 1e-13);
			for (int i = 0; i < m.length; i++) assertEquals(xs.get(i, 0), out.re[m[i]], 1e-8, "biharmonic=" + bi);
		}
	}

	@Test
	void deterministicBitIdenticalAndLargeHolesConverge() {
		final int rows = 64, cols = 64;
		final Matrix truth = surface(rows, cols, (y, x) -> Math.sin(0.1 * x) * Math.cos(0.07 * y) * 100 + 200);
		final boolean[] missing = TestMatrices.missingExcept(rows * cols, rows * cols / 2, 8);
		for (int y = 20; y < 40; y++) for (int x = 25; x < 45; x++) missing[y * cols + x] = true; // a 20 x 20 hole
		final double[] errors = new double[2];
		for (final boolean bi : new boolean[] { false, true }) {
			final SmoothInpainting.Result a = SmoothInpainting.solve(withNaN(truth, missing), missing, bi, 0, 1e-12);
			final SmoothInpainting.Result b = SmoothInpainting.solve(withNaN(truth, missing), missing, bi, 0, 1e-12);
			assertArrayEquals(a.image.re, b.image.re); // exact equality, no seed anywhere
			assertEquals(a.iterations, b.iterations);
			assertTrue(a.converged && a.relativeResidual < 1e-10, a.summaryLine());
			errors[bi ? 1 : 0] = maxErrorOnMissing(a.image, truth, missing);
			System.out.println("64 x 64, 50 % + 20 x 20 hole, biharmonic=" + bi + ": " + a.summaryLine() + " max error " +
				errors[bi ? 1 : 0]);
		}
		// amplitude 100 (measured: harmonic 10.8, biharmonic 4.9, the latter largest at the border, where the
		// reflecting condition flattens the surface): harmonic sags in the big hole, biharmonic follows the curvature
		assertTrue(errors[0] < 15 && errors[1] < 0.6 * errors[0], java.util.Arrays.toString(errors));
	}

	@Test
	void cancelReturnsThePartialIterate() {
		final int rows = 40, cols = 40;
		final Matrix truth = surface(rows, cols, (y, x) -> x * 0.5 + y);
		final boolean[] missing = new boolean[rows * cols];
		for (int y = 5; y < 35; y++) for (int x = 5; x < 35; x++) missing[y * cols + x] = true;
		final int[] polls = { 0 };
		final SmoothInpainting.Result r = SmoothInpainting.solve(truth, missing, true, 0, 1e-12, () -> ++polls[0] > 2);
		assertTrue(r.cancelled && !r.converged, r.summaryLine());
		assertTrue(r.iterations > 0 && r.iterations <= 48, r.summaryLine());
		for (int k = 0; k < missing.length; k++) {
			assertTrue(Double.isFinite(r.image.re[k]));
			if (!missing[k]) assertEquals(truth.re[k], r.image.re[k], 0.0);
		}
		// the iteration cap also stops it, unconverged
		final SmoothInpainting.Result capped = SmoothInpainting.solve(truth, missing, true, 5, 1e-12);
		assertTrue(!capped.converged && !capped.cancelled && capped.iterations == 5, capped.summaryLine());
	}

	@Test
	void badInputsAreExplained() {
		final Matrix image = Matrix.real(4, 5);
		final boolean[] all = new boolean[20];
		java.util.Arrays.fill(all, true);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SmoothInpainting.inpaint(image,
			all, true));
		assertTrue(e.getMessage().startsWith("every pixel is missing"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> SmoothInpainting.inpaint(image, new boolean[19], false));
		assertEquals("mask has 19 pixels but the image has 20", e.getMessage());
		final Matrix nan = image.copy();
		nan.set(2, 3, Double.NaN);
		e = assertThrows(IllegalArgumentException.class, () -> SmoothInpainting.inpaint(nan, new boolean[20], false));
		assertTrue(e.getMessage().startsWith("pixel (x=3, y=2) is NaN but not marked missing"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> SmoothInpainting.inpaint(image, null, false, 10, 0));
		assertTrue(e.getMessage().startsWith("bad value for 'tolerance'"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> SmoothInpainting.inpaint(image, null, false, -1, 1e-12));
		assertTrue(e.getMessage().startsWith("bad value for 'iterations'"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> SmoothInpainting.inpaint(Matrix.complex(4, 5), null, false));
		assertThrows(IllegalArgumentException.class, () -> SmoothInpainting.inpaint(Matrix.real(0, 0), null, false));
		// nothing missing: a copy, equal and not the same object
		final Matrix r = Matrix.real(3, 3);
		r.set(1, 1, 7);
		final Matrix out = SmoothInpainting.inpaint(r, null, true);
		assertArrayEquals(r.re, out.re);
		assertTrue(out != r);
		// one observed pixel is enough (SPD): everything takes its value
		final boolean[] allButOne = all.clone();
		allButOne[7] = false;
		final Matrix one = Matrix.real(4, 5);
		one.re[7] = 42;
		for (final boolean bi : new boolean[] { false, true }) {
			final Matrix o = SmoothInpainting.inpaint(one, allButOne, bi);
			for (final double v : o.re) assertEquals(42, v, 1e-9);
		}
	}
}
