package org.deeplowrank.solver.gd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.deeplowrank.solver.TestMatrices;
import org.deeplowrank.solver.kernels.JavaBackend;
import org.deeplowrank.solver.linalg.Matrix;
import org.deeplowrank.solver.linalg.MatrixOps;
import org.deeplowrank.solver.linalg.Orthonormal;
import org.deeplowrank.solver.linalg.Svd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InitializersTest {

	private static final JavaBackend BE = new JavaBackend(1);

	private static double maxImbalance(final DeepFactorization w) {
		double max = 0;
		for (int j = 1; j < w.depth(); j++) {
			final Matrix d = new Matrix(w.layer(j).rows, w.layer(j).rows, w.isComplex());
			w.imbalance(j, BE, d);
			max = Math.max(max, MatrixOps.normF(d));
		}
		return max;
	}

	/** ACGH Procedure 1: the product is exactly A and Δ_{j,j+1} = 0. */
	@ParameterizedTest(name = "{0}x{1} depth={2} width={3} complex={4}")
	@CsvSource({ "6,4,3,0,false", "4,7,4,0,false", "5,5,2,0,false", "6,4,3,6,false", "5,3,3,0,true", "3,6,4,5,true",
		"8,8,5,0,false" })
	void balancedProcedure1GivesProductAAndZeroImbalance(final int rows, final int cols, final int depth,
		final int width, final boolean complex)
	{
		final int[] dims = DeepFactorization.dims(rows, cols, depth, width);
		final Matrix a = Initializers.gaussianMatrix(rows, cols, complex, 0.8, new Random(11));
		final DeepFactorization w = Initializers.balancedFrom(a, dims);
		final Matrix p = w.product(BE);
		assertTrue(TestMatrices.maxAbsDiff(p, a) < 1e-12, "product = A, diff " + TestMatrices.maxAbsDiff(p, a));
		assertTrue(maxImbalance(w) < 1e-12, "balanced, imbalance " + maxImbalance(w));
		// layers have the requested shapes
		for (int j = 1; j <= depth; j++) {
			assertEquals(dims[j], w.layer(j).rows);
			assertEquals(dims[j - 1], w.layer(j).cols);
		}
	}

	@Test
	void balancedRandomProductHasTheDocumentedEntryScale() {
		final int[] dims = DeepFactorization.dims(60, 80, 3, 0);
		final double s = 0.3;
		final Matrix p = Initializers.balanced(dims, false, s, new Random(1)).product(BE);
		final double rms = Math.sqrt(MatrixOps.normF2(p) / p.size());
		assertEquals(Math.pow(s, 3) / Math.sqrt(80), rms, 0.05 * rms);
	}

	/**
	 * 4L eq. 6: W_j = ε Q_{j,j+1} G^{(H)} Q_{j-1,j}^H gives Δ = 0 and a product
	 * ε^N Q_{N,N+1} (G^H G)^{N/2} Q_{0,1}^H for even N (G (G^H G)^{(N-1)/2} for odd N).
	 */
	@ParameterizedTest(name = "d={0} depth={1} complex={2}")
	@CsvSource({ "6,4,false", "6,4,true", "5,3,true", "7,2,false", "4,5,true" })
	void haarBalancedInitIsBalancedWithTheSpecifiedProduct(final int d, final int depth, final boolean complex) {
		final int[] dims = DeepFactorization.dims(d, d, depth, 0);
		final double s = 0.9;
		final DeepFactorization w = Initializers.haar(dims, complex, s, new Random(5));
		assertTrue(maxImbalance(w) < 1e-12, "imbalance " + maxImbalance(w));
		// reconstruct Q_{0,1} and Q_{N,N+1} from the same random stream and check the product
		final Random rnd = new Random(5);
		final Matrix g = Initializers.gaussianMatrix(d, d, complex, 1, rnd);
		final Matrix[] q = new Matrix[depth + 1];
		for (int j = 0; j <= depth; j++) q[j] = Orthonormal.haarColumns(d, d, complex, rnd);
		final Matrix gh = new Matrix(d, d, complex);
		MatrixOps.conjTranspose(g, gh);
		Matrix core = g.copy();
		for (int j = 2; j <= depth; j++) {
			final Matrix next = new Matrix(d, d, complex);
			BE.mult(j % 2 == 0 ? gh : g, core, next);
			core = next;
		}
		final double eps = s / Math.sqrt(d);
		final Matrix left = new Matrix(d, d, complex);
		BE.gemm(false, q[depth], false, core, Math.pow(eps, depth), 0, left);
		final Matrix expected = new Matrix(d, d, complex);
		BE.gemm(false, left, true, q[0], 1, 0, expected);
		final Matrix p = w.product(BE);
		assertTrue(TestMatrices.maxAbsDiff(p, expected) < 1e-12 * Math.max(1, MatrixOps.normF(expected)));
		// the Q's are unitary
		final Matrix qq = new Matrix(d, d, complex);
		BE.gemm(true, q[1], false, q[1], 1, 0, qq);
		assertTrue(TestMatrices.maxAbsDiff(qq, Matrix.identity(d, complex)) < 1e-12);
	}

	@Test
	void haarInitOnRectangularTargetsIsBalanced() {
		for (final int depth : new int[] { 2, 3, 4 }) {
			final DeepFactorization w = Initializers.haar(DeepFactorization.dims(7, 4, depth, 0), true, 0.5, new Random(
				depth));
			assertTrue(maxImbalance(w) < 1e-12);
			assertEquals(7, w.product(BE).rows);
		}
	}

	@Test
	void gaussianLayersHaveOperatorNormAboutTwiceTheScale() {
		final double s = 0.01;
		final DeepFactorization w = Initializers.gaussian(DeepFactorization.dims(200, 200, 3, 0), false, s, new Random(
			2));
		for (int j = 1; j <= 3; j++) {
			final double top = Svd.singularValues(w.layer(j))[0];
			assertEquals(2 * s, top, 0.15 * s, "layer " + j);
		}
	}

	@Test
	void orthogonalAndIdentityLayersHaveAllSingularValuesEqualToTheScale() {
		for (final InitKind kind : new InitKind[] { InitKind.ORTHOGONAL, InitKind.IDENTITY }) {
			for (final boolean complex : new boolean[] { false, true }) {
				final DeepFactorization w = Initializers.create(kind, DeepFactorization.dims(5, 8, 3, 0), complex, 0.25,
					new Random(3));
				for (int j = 1; j <= 3; j++) {
					for (final double sv : Svd.singularValues(w.layer(j))) assertEquals(0.25, sv, 1e-12, kind + " " + j);
				}
			}
		}
	}

	@Test
	void complexSvdReconstructsTheMatrix() {
		for (final int[] shape : new int[][] { { 6, 4 }, { 3, 7 }, { 5, 5 } }) {
			final Matrix a = Initializers.gaussianMatrix(shape[0], shape[1], true, 1, new Random(shape[0]));
			final Svd svd = Svd.of(a);
			final int k = svd.s.length;
			final Matrix us = svd.u.copy();
			for (int i = 0; i < us.rows; i++) {
				for (int c = 0; c < k; c++) {
					us.re[i * k + c] *= svd.s[c];
					us.im[i * k + c] *= svd.s[c];
				}
			}
			final Matrix back = new Matrix(a.rows, a.cols, true);
			BE.gemm(false, us, true, svd.v, 1, 0, back);
			assertTrue(TestMatrices.maxAbsDiff(back, a) < 1e-12);
			for (int c = 1; c < k; c++) assertTrue(svd.s[c - 1] >= svd.s[c]);
		}
	}
}
