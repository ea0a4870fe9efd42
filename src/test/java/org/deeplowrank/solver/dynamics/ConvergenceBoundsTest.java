package org.deeplowrank.solver.dynamics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.deeplowrank.solver.gd.DeepFactorization;
import org.deeplowrank.solver.gd.Initializers;
import org.deeplowrank.solver.kernels.JavaBackend;
import org.deeplowrank.solver.linalg.Matrix;
import org.deeplowrank.solver.linalg.MatrixOps;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.junit.jupiter.api.Test;

class ConvergenceBoundsTest {

	private static final JavaBackend BE = new JavaBackend(1);

	/**
	 * λ_min of 𝒯(G) = Σ_j (S_j S_j^T) G (P_{j-1}^T P_{j-1}) (the map from ∇f to −dW/dt under
	 * gradient flow), built as an explicit (rows·cols)² matrix.
	 */
	private static double lambdaMinOfT(final DeepFactorization f) {
		final Matrix w = f.product(BE);
		final int rows = w.rows, cols = w.cols, n = rows * cols, depth = f.depth();
		final DMatrixRMaj t = new DMatrixRMaj(n, n);
		for (int k = 0; k < n; k++) {
			final Matrix g = Matrix.real(rows, cols);
			g.re[k] = 1;
			final Matrix sum = Matrix.real(rows, cols);
			for (int j = 1; j <= depth; j++) {
				Matrix s = Matrix.identity(rows, false);
				for (int i = depth; i > j; i--) {
					final Matrix next = Matrix.real(rows, f.layer(i).cols);
					BE.mult(s, f.layer(i), next);
					s = next;
				}
				Matrix p = Matrix.identity(cols, false);
				for (int i = 1; i < j; i++) {
					final Matrix next = Matrix.real(f.layer(i).rows, cols);
					BE.mult(f.layer(i), p, next);
					p = next;
				}
				final Matrix ssT = Matrix.real(rows, rows), pTp = Matrix.real(cols, cols), tmp = Matrix.real(rows, cols),
					term = Matrix.real(rows, cols);
				BE.gemm(false, s, true, s, 1, 0, ssT);
				BE.gemm(true, p, false, p, 1, 0, pTp);
				BE.mult(ssT, g, tmp);
				BE.mult(tmp, pTp, term);
				MatrixOps.axpy(1, term, sum);
			}
			for (int i = 0; i < n; i++) t.set(i, k, sum.re[i]);
		}
		final EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, false, true);
		assertTrue(eig.decompose(t));
		double min = Double.POSITIVE_INFINITY;
		for (int i = 0; i < n; i++) min = Math.min(min, eig.getEigenvalue(i).real);
		return min;
	}

	@Test
	void twoLayerValueIsExact() {
		final DeepFactorization f = Initializers.gaussian(new int[] { 3, 5, 4 }, false, 1, new Random(1));
		assertEquals(lambdaMinOfT(f), ConvergenceBounds.lambdaMinLowerBound(f, BE), 1e-10);
	}

	@Test
	void threeLayerBoundHolds() {
		for (int seed = 0; seed < 5; seed++) {
			final DeepFactorization f = Initializers.gaussian(new int[] { 3, 4, 4, 3 }, false, 1, new Random(seed));
			final double exact = lambdaMinOfT(f);
			final double bound = ConvergenceBounds.lambdaMinLowerBound(f, BE);
			assertTrue(bound > 0 && bound <= exact + 1e-10, "bound " + bound + " vs " + exact);
		}
	}

	@Test
	void balancedLayersGiveLSigmaMinPower() {
		final Matrix a = Initializers.gaussianMatrix(3, 3, false, 1, new Random(4));
		for (final int depth : new int[] { 2, 3, 4 }) {
			final DeepFactorization f = Initializers.balancedFrom(a, DeepFactorization.dims(3, 3, depth, 0));
			assertEquals(lambdaMinOfT(f), ConvergenceBounds.balancedLambdaMin(f.product(BE), depth), 1e-9);
		}
	}

	@Test
	void deficiencyMarginFollowsAcghEquation6() {
		final Matrix phi = Matrix.identity(3, false);
		final Matrix w = Matrix.identity(3, false);
		w.set(0, 0, 0.8);
		assertEquals(1 - 0.2, ConvergenceBounds.deficiencyMargin(w, phi), 1e-12);
		assertTrue(Double.isNaN(ConvergenceBounds.deficiencyMargin(Matrix.real(2, 3), Matrix.real(2, 3))));
	}
}
