package org.deeplowrank.solver.problem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Both sensing operators: exact adjoints (the gradient ∇f = 𝒜*(𝒜W − y) is only right if
 * they are), the E[𝒜*𝒜] = I normalization that lets them be swapped, determinism per
 * seed, the SRHT structure of the fast one, and argument checking.
 */
class SensingOperatorTest {

	private static SensingOperator make(final String kind, final int rows, final int cols, final int m,
		final long seed)
	{
		return kind.equals("gaussian") ? new GaussianSensingOperator(rows, cols, m, seed)
			: new FastSensingOperator(rows, cols, m, seed);
	}

	private static double[] randomVector(final int n, final Random rng) {
		final double[] v = new double[n];
		for (int i = 0; i < n; i++) v[i] = rng.nextGaussian();
		return v;
	}

	private static double dot(final double[] a, final double[] b) {
		double s = 0;
		for (int i = 0; i < a.length; i++) s += a[i] * b[i];
		return s;
	}

	private static double norm(final double[] a) {
		return Math.sqrt(dot(a, a));
	}

	/** The operator as an explicit m x n matrix, column k = apply(e_k). */
	private static double[][] denseFromApply(final SensingOperator op) {
		final int n = op.rows() * op.cols();
		final int m = op.measurements();
		final double[][] dense = new double[m][n];
		final double[] e = new double[n];
		final double[] col = new double[m];
		for (int k = 0; k < n; k++) {
			e[k] = 1;
			op.apply(e, col);
			e[k] = 0;
			for (int i = 0; i < m; i++) dense[i][k] = col[i];
		}
		return dense;
	}

	/** Entry (r, c) of the unnormalized Sylvester Hadamard matrix: (−1)^popcount(r &amp; c). */
	private static int hadamard(final int r, final int c) {
		return (Integer.bitCount(r & c) & 1) == 0 ? 1 : -1;
	}

	@ParameterizedTest(name = "{0} {1}x{2} m={3}")
	@CsvSource({ "gaussian,20,15,1", "gaussian,20,15,60", "gaussian,20,15,300", "gaussian,20,15,450",
		"gaussian,37,29,200", "gaussian,1,1,3", "gaussian,128,128,40", "fast,20,15,1", "fast,20,15,75",
		"fast,20,15,300", "fast,20,15,512", "fast,37,29,200", "fast,37,29,2048", "fast,1,1,1", "fast,128,128,4915",
		"fast,128,128,16384", "fast,3,1,4" })
	void adjointIdentity(final String kind, final int rows, final int cols, final int m) {
		final Random rng = new Random(rows * 1000L + cols * 10L + m);
		final SensingOperator op = make(kind, rows, cols, m, 42);
		final int n = rows * cols;
		assertEquals(rows, op.rows());
		assertEquals(cols, op.cols());
		assertEquals(m, op.measurements());
		final double[] ax = new double[m];
		final double[] aty = new double[n];
		for (int trial = 0; trial < 3; trial++) {
			final double[] x = randomVector(n, rng);
			final double[] y = randomVector(m, rng);
			op.apply(x, ax);
			op.adjoint(y, aty);
			final double lhs = dot(ax, y);
			final double rhs = dot(x, aty);
			final double scale = norm(ax) * norm(y) + norm(x) * norm(aty);
			assertTrue(scale > 0, "operator is not identically zero");
			assertTrue(Math.abs(lhs - rhs) <= 1e-12 * scale, kind + ": <Ax,y> = " + lhs + " but <x,A*y> = " + rhs);
		}
	}

	/**
	 * E[𝒜*𝒜] = I means E ||𝒜x||² = ||x||². Averaged over 40 seeds with m = 400 the ratio
	 * has standard deviation about 1% for the Gaussian operator (χ²_m / m), less for the
	 * SRHT, so 5% is a safe bound that still catches a wrong scale (e.g. sqrt(Npad/m)
	 * forgotten or applied twice).
	 */
	@ParameterizedTest(name = "{0} {1}x{2} m={3}")
	@CsvSource({ "gaussian,20,20,400", "gaussian,25,13,400", "fast,20,20,400", "fast,25,13,400",
		"fast,64,48,400", "fast,64,48,2000" })
	void nearIsometryInExpectation(final String kind, final int rows, final int cols, final int m) {
		final Random rng = new Random(7);
		final int n = rows * cols;
		final double[] ax = new double[m];
		final int seeds = 40;
		for (int trial = 0; trial < 2; trial++) {
			final double[] x = randomVector(n, rng);
			if (trial == 1) {
				// a spiky vector: the Hadamard part must spread it, the signs must not matter
				Arrays.fill(x, 0);
				x[n / 3] = 2;
				x[n - 1] = -1;
			}
			final double xx = dot(x, x);
			double mean = 0;
			for (int s = 0; s < seeds; s++) {
				final SensingOperator op = make(kind, rows, cols, m, 1000 + s);
				op.apply(x, ax);
				mean += dot(ax, ax) / xx / seeds;
			}
			assertEquals(1, mean, 0.05, kind + " trial " + trial + ": mean ||Ax||²/||x||²");
		}
	}

	/** With m = Npad every row of H is kept: 𝒜 = H D P exactly, so 𝒜*𝒜 = I exactly. */
	@Test
	void fastWithAllRowsIsExactIsometry() {
		final FastSensingOperator op = new FastSensingOperator(37, 29, 2048, 3);
		assertEquals(2048, op.paddedLength());
		final Random rng = new Random(5);
		final double[] x = randomVector(37 * 29, rng);
		final double[] ax = new double[2048];
		final double[] back = new double[x.length];
		op.apply(x, ax);
		op.adjoint(ax, back);
		assertEquals(dot(x, x), dot(ax, ax), 1e-10 * dot(x, x));
		for (int k = 0; k < x.length; k++) assertEquals(x[k], back[k], 1e-12);
	}

	@ParameterizedTest
	@CsvSource({ "gaussian", "fast" })
	void deterministicPerSeed(final String kind) {
		final int rows = 17;
		final int cols = 11;
		final int m = 90;
		final Random rng = new Random(9);
		final double[] x = randomVector(rows * cols, rng);
		final double[] y = randomVector(m, rng);
		final double[] a1 = new double[m];
		final double[] a2 = new double[m];
		final double[] a3 = new double[m];
		make(kind, rows, cols, m, 123).apply(x, a1);
		make(kind, rows, cols, m, 123).apply(x, a2);
		make(kind, rows, cols, m, 124).apply(x, a3);
		assertArrayEquals(a1, a2, 0, "same seed, same measurements");
		assertFalse(Arrays.equals(a1, a3), "different seeds, different measurements");
		// seeds that differ only in the high bits (dropped by a raw java.util.Random seed)
		make(kind, rows, cols, m, 123L | (1L << 60)).apply(x, a3);
		assertFalse(Arrays.equals(a1, a3), "seeds differing in bit 60 give different operators");

		final double[] b1 = new double[rows * cols];
		final double[] b2 = new double[rows * cols];
		final SensingOperator op = make(kind, rows, cols, m, 123);
		op.adjoint(y, b1);
		op.apply(x, a2); // reusing the workspace must not change later results
		op.adjoint(y, b2);
		assertArrayEquals(b1, b2, 0, "adjoint is a pure function of y");
	}

	/**
	 * The fast operator against its definition: built column by column, its matrix must
	 * be (1/sqrt(m)) · rows `selected` of the Sylvester Hadamard matrix times a ±1 column
	 * sign, and adjoint() must be exactly its transpose.
	 */
	@Test
	void fastMatchesExplicitDenseMatrix() {
		final int rows = 6;
		final int cols = 5;
		final int n = rows * cols;
		final int m = 11;
		final FastSensingOperator op = new FastSensingOperator(rows, cols, m, 77);
		assertEquals(32, op.paddedLength());
		final int[] sel = op.selectedRows();
		assertEquals(m, sel.length);
		for (int i = 1; i < m; i++) assertTrue(sel[i - 1] < sel[i], "selected rows strictly increasing");
		assertTrue(sel[0] >= 0 && sel[m - 1] < 32);

		final double[][] dense = denseFromApply(op);
		final double amp = 1 / Math.sqrt(m);
		for (int k = 0; k < n; k++) {
			final double sign = dense[0][k] * hadamard(sel[0], k) / amp;
			assertEquals(1, Math.abs(sign), 1e-14, "column " + k + " has a ±1 sign");
			for (int i = 0; i < m; i++) {
				assertEquals(sign * amp * hadamard(sel[i], k), dense[i][k], 1e-14, "entry (" + i + ", " + k + ")");
			}
		}

		// apply on a random x equals the dense product
		final Random rng = new Random(1);
		final double[] x = randomVector(n, rng);
		final double[] ax = new double[m];
		op.apply(x, ax);
		for (int i = 0; i < m; i++) assertEquals(dot(dense[i], x), ax[i], 1e-12);

		// adjoint(e_i) is row i of the dense matrix, and adjoint(y) = denseᵀ y
		final double[] e = new double[m];
		final double[] row = new double[n];
		for (int i = 0; i < m; i++) {
			e[i] = 1;
			op.adjoint(e, row);
			e[i] = 0;
			assertArrayEquals(dense[i], row, 1e-14, "adjoint(e_" + i + ") = row " + i);
		}
		final double[] y = randomVector(m, rng);
		final double[] aty = new double[n];
		op.adjoint(y, aty);
		for (int k = 0; k < n; k++) {
			double s = 0;
			for (int i = 0; i < m; i++) s += dense[i][k] * y[i];
			assertEquals(s, aty[k], 1e-12);
		}
	}

	/** S is uniform: over many seeds every row of H is kept with frequency m / Npad. */
	@Test
	void fastSelectionIsUniform() {
		final int seeds = 4000;
		final int[] counts = new int[32];
		for (int s = 0; s < seeds; s++) {
			for (final int r : new FastSensingOperator(6, 5, 8, s).selectedRows()) counts[r]++;
		}
		final double expected = seeds * 8.0 / 32; // 1000, standard deviation about 27
		for (int r = 0; r < 32; r++) {
			assertEquals(expected, counts[r], 150, "row " + r + " selected " + counts[r] + " times");
		}
	}

	/** The Gaussian entries have mean 0 and variance 1/m. */
	@Test
	void gaussianEntriesHaveVarianceOneOverM() {
		final int m = 200;
		final double[][] dense = denseFromApply(new GaussianSensingOperator(10, 12, m, 8));
		double sum = 0;
		double sumSq = 0;
		final int count = m * 120;
		for (final double[] row : dense) {
			for (final double v : row) {
				sum += v;
				sumSq += v * v;
			}
		}
		final double mean = sum / count;
		final double var = sumSq / count - mean * mean;
		// 24000 samples: standard errors about 0.0065 for mean*sqrt(m), 0.009 for var*m
		assertEquals(0, mean * Math.sqrt(m), 0.03, "mean");
		assertEquals(1, var * m, 0.05, "variance times m");
	}

	@Test
	void describe() {
		assertEquals("gaussian 560 x 300", new GaussianSensingOperator(20, 15, 560, 1).describe());
		assertEquals("fast (randomized Hadamard) 4915 of 16384", new FastSensingOperator(128, 128, 4915, 1)
			.describe());
		assertEquals("fast (randomized Hadamard) 75 of 512", new FastSensingOperator(20, 15, 75, 1).describe());
	}

	private static void assertRejects(final Executable call, final String... fragments) {
		final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, call);
		for (final String f : fragments) {
			assertTrue(ex.getMessage().contains(f), "message \"" + ex.getMessage() + "\" should mention \"" + f + "\"");
		}
	}

	@Test
	void badArgumentsAreRejectedWithUsefulMessages() {
		assertRejects(() -> new GaussianSensingOperator(20, 15, 0, 1), "m = 0", "at least 1");
		assertRejects(() -> new GaussianSensingOperator(0, 15, 10, 1), "0 x 15", "at least 1");
		assertRejects(() -> new GaussianSensingOperator(20, -3, 10, 1), "20 x -3", "at least 1");
		// 512 x 512 with m = 200: 52,428,800 entries, 400 MB
		assertRejects(() -> new GaussianSensingOperator(512, 512, 200, 1), "would need 400 MB", "operator=fast");
		assertRejects(() -> new GaussianSensingOperator(100_000, 100_000, 1000, 1), "MB", "operator=fast");

		assertRejects(() -> new FastSensingOperator(20, 15, 0, 1), "m = 0", "between 1 and 512");
		assertRejects(() -> new FastSensingOperator(20, 15, 513, 1), "m = 513", "between 1 and 512");
		assertRejects(() -> new FastSensingOperator(0, 4, 1, 1), "0 x 4", "at least 1");
		assertRejects(() -> new FastSensingOperator(5, -1, 1, 1), "5 x -1", "at least 1");
		assertRejects(() -> new FastSensingOperator(40_000, 40_000, 10, 1), "too large");

		final GaussianSensingOperator g = new GaussianSensingOperator(4, 3, 5, 1);
		final FastSensingOperator f = new FastSensingOperator(4, 3, 5, 1);
		for (final SensingOperator op : new SensingOperator[] { g, f }) {
			assertRejects(() -> op.apply(new double[11], new double[5]), "apply", "x has length 11", "expected 12");
			assertRejects(() -> op.apply(new double[12], new double[4]), "apply", "out has length 4", "expected 5");
			assertRejects(() -> op.adjoint(new double[6], new double[12]), "adjoint", "y has length 6",
				"expected 5");
			assertRejects(() -> op.adjoint(new double[5], new double[13]), "adjoint", "out has length 13",
				"expected 12");
		}
	}
}
