package org.deeplowrank.solver.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;

import org.junit.jupiter.api.Test;

class SubspaceIterationTest {

	/** A rows x cols matrix with singular values 10·0.7^i (real or complex), from orthonormal factors. */
	private static Matrix decaying(final int rows, final int cols, final boolean complex, final long seed) {
		final Random rnd = new Random(seed);
		final int k = Math.min(rows, cols);
		final Matrix u = Orthonormal.haarColumns(rows, k, complex, rnd);
		final Matrix v = Orthonormal.haarColumns(cols, k, complex, rnd);
		final Matrix a = new Matrix(rows, cols, complex);
		for (int i = 0; i < rows; i++) {
			for (int j = 0; j < cols; j++) {
				double re = 0, im = 0;
				for (int c = 0; c < k; c++) {
					final double s = 10 * Math.pow(0.7, c);
					// u_ic s conj(v_jc)
					final double ur = u.re[i * k + c], ui = complex ? u.im[i * k + c] : 0;
					final double vr = v.re[j * k + c], vi = complex ? -v.im[j * k + c] : 0;
					re += s * (ur * vr - ui * vi);
					im += s * (ur * vi + ui * vr);
				}
				a.re[i * cols + j] = re;
				if (complex) a.im[i * cols + j] = im;
			}
		}
		return a;
	}

	private static SubspaceIteration.BlockOperator of(final Matrix a) {
		return new SubspaceIteration.BlockOperator() {
			@Override
			public void apply(final Matrix x, final Matrix y) {
				multiply(a, false, x, y);
			}

			@Override
			public void applyAdjoint(final Matrix y, final Matrix x) {
				multiply(a, true, y, x);
			}
		};
	}

	/** out = op(a) b with op = identity or conjugate transpose (plain loops: the test's own reference). */
	private static void multiply(final Matrix a, final boolean adjoint, final Matrix b, final Matrix out) {
		final int m = out.rows, n = out.cols, inner = b.rows;
		for (int i = 0; i < m; i++) {
			for (int j = 0; j < n; j++) {
				double re = 0, im = 0;
				for (int p = 0; p < inner; p++) {
					final int idx = adjoint ? p * a.cols + i : i * a.cols + p;
					final double ar = a.re[idx], ai = a.im == null ? 0 : adjoint ? -a.im[idx] : a.im[idx];
					final double br = b.re[p * n + j], bi = b.im == null ? 0 : b.im[p * n + j];
					re += ar * br - ai * bi;
					im += ar * bi + ai * br;
				}
				out.re[i * n + j] = re;
				if (out.im != null) out.im[i * n + j] = im;
			}
		}
	}

	@Test
	void topValuesMatchTheFullDecompositionRealAndComplex() {
		for (final boolean complex : new boolean[] { false, true }) {
			final Matrix a = decaying(70, 50, complex, 3);
			final double[] exact = Svd.singularValues(a);
			final SubspaceIteration it = new SubspaceIteration(70, 50, SubspaceIteration.blockFor(5, 70, 50), complex, 1);
			assertEquals(15, it.blockSize());
			double[] got = null;
			for (int call = 0; call < 4; call++) got = it.update(of(a), 2);
			for (int i = 0; i < 5; i++) assertEquals(exact[i], got[i], 1e-9 * exact[0], "complex=" + complex + " sigma_" + i);
		}
	}

	/** Warm start: after the block has found A's subspace, two sweeps per call follow a slowly changing A. */
	@Test
	void warmStartFollowsASlowlyChangingMatrix() {
		final Matrix a = decaying(60, 60, false, 5);
		final SubspaceIteration it = new SubspaceIteration(60, 60, 15, false, 2);
		for (int call = 0; call < 4; call++) it.update(of(a), 2);
		final Matrix b = a.copy();
		final Random rnd = new Random(9);
		for (int k = 0; k < b.re.length; k++) b.re[k] += 1e-3 * rnd.nextGaussian();
		final double[] got = it.update(of(b), 2), exact = Svd.singularValues(b);
		for (int i = 0; i < 5; i++) assertEquals(exact[i], got[i], 1e-8 * exact[0], "sigma_" + i);
	}

	@Test
	void aZeroMatrixHasZeroValuesAndABadBlockIsRefused() {
		final SubspaceIteration it = new SubspaceIteration(8, 6, 3, false, 1);
		final double[] z = it.update(of(Matrix.real(8, 6)), 2);
		for (final double s : z) assertEquals(0, s, 0);
		assertThrows(IllegalArgumentException.class, () -> new SubspaceIteration(8, 6, 7, false, 1));
	}
}
