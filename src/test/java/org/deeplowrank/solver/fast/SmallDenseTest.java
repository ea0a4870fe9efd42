package org.deeplowrank.solver.fast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.junit.jupiter.api.Test;

public class SmallDenseTest {

	/** n random symmetric positive semidefinite k x k blocks B Bᵀ, packed upper triangles and full. */
	private static double[][] blocks(final int n, final int k, final long seed, final double[] packed) {
		final Random rnd = new Random(seed);
		final double[][] full = new double[n][k * k];
		int o = 0;
		for (int t = 0; t < n; t++) {
			final double[] b = new double[k * k];
			for (int e = 0; e < b.length; e++) b[e] = rnd.nextGaussian();
			for (int i = 0; i < k; i++) {
				for (int j = 0; j < k; j++) {
					double s = 0;
					for (int q = 0; q < k; q++) s += b[i * k + q] * b[j * k + q];
					full[t][i * k + j] = s;
				}
			}
			for (int i = 0; i < k; i++) for (int j = i; j < k; j++) packed[o++] = full[t][i * k + j];
		}
		return full;
	}

	@Test
	void packedFactorsSolveAsTheDenseCholesky() {
		final int n = 7, k = 5;
		final double lambda = 0.3;
		final double[] packed = new double[n * k * (k + 1) / 2];
		final double[][] full = blocks(n, k, 1, packed);
		final Random rnd = new Random(2);
		// row layout (block t at t·k, stride 1) and column layout (block t at t, stride n)
		for (final boolean rows : new boolean[] { true, false }) {
			final double[] b = new double[n * k];
			for (int e = 0; e < b.length; e++) b[e] = rnd.nextGaussian();
			final double[] expected = b.clone(), rhs = b.clone();
			final int step = rows ? k : 1, stride = rows ? 1 : n;
			for (int t = 0; t < n; t++) {
				final double[] a = full[t].clone();
				SmallDense.cholesky(a, 0, k, lambda);
				SmallDense.solve(a, 0, k, expected, t * step, stride);
			}
			final double[] factors = packed.clone();
			SmallDense.factorPacked(factors, k, lambda, 0, n);
			SmallDense.solveFactored(factors, k, b, step, stride, 0, n, new double[k]);
			// the factors solve again (the row-wise steps reuse them while the layers barely move)
			final double[] again = rhs.clone();
			SmallDense.solveFactored(factors, k, again, step, stride, 0, n, new double[k]);
			assertArrayEquals(b, again, 0);
			// the same factorization (the packed one multiplies by 1/d where the dense one divides)
			for (int e = 0; e < b.length; e++) assertEquals(expected[e], b[e], 1e-14 * (1 + Math.abs(expected[e])));
			// and the solution solves the damped system to rounding
			for (int t = 0; t < n; t++) {
				for (int i = 0; i < k; i++) {
					double s = lambda * b[t * step + i * stride];
					for (int j = 0; j < k; j++) s += full[t][i * k + j] * b[t * step + j * stride];
					assertEquals(rhs[t * step + i * stride], s, 1e-10 * (1 + Math.abs(s)));
				}
			}
		}
	}

	@Test
	void aBlockThatIsNotPositiveDefiniteIsLeftUnsolved() {
		final int k = 3;
		final double[] packed = { -1, 0, 0, 1, 0, 1, /* second block: 2 I */ 2, 0, 0, 2, 0, 2 };
		final double[] b = { 1, 2, 3, 4, 6, 8 };
		SmallDense.factorPacked(packed, k, 0, 0, 2);
		SmallDense.solveFactored(packed, k, b, k, 1, 0, 2, new double[k]);
		assertArrayEquals(new double[] { 1, 2, 3, 2, 3, 4 }, b, 1e-15);
	}
}
