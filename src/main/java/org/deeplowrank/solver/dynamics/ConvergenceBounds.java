package org.deeplowrank.solver.dynamics;

import org.deeplowrank.solver.gd.DeepFactorization;
import org.deeplowrank.solver.kernels.JavaBackend;
import org.deeplowrank.solver.linalg.Matrix;
import org.deeplowrank.solver.linalg.MatrixOps;
import org.deeplowrank.solver.linalg.Svd;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * The convergence certificates of the papers, evaluated on actual layers (real field):
 * <ul>
 * <li>deficiency margin (ACGH eq. 6): c = σ_min(Φ) − ‖W − Φ‖_F for a full-observation
 * target Φ of full rank; c > 0 plus approximate balance gives ACGH Theorem 1's linear
 * convergence;</li>
 * <li>λ_min of MVM's operator 𝒯 = Σ_l (R_l^T R_l) ⊗ (P_l P_l^T), whose value bounds the
 * loss decay rate: exactly λ_n(W_1W_1^T) + λ_m(W_2^TW_2) for two layers; MVM's lower bound
 * λ_n(W_1W_2W_2^TW_1^T) + λ_n(W_1W_1^T) λ_m(W_3^TW_3) + λ_m(W_3^TW_2^TW_2W_3) for three
 * (proof of MVM Thm. 2). MVM writes the product W_1 ⋯ W_L; here W = W_L ⋯ W_1, so MVM's
 * W_1 is our W_L, and so on.</li>
 * <li>for balanced layers of any depth, λ_min(𝒯) = L σ_min(W)^{2−2/L} (Arora et al.,
 * quoted in MVM §3).</li>
 * </ul>
 * NaN where a quantity's hypotheses do not apply.
 */
public final class ConvergenceBounds {

	private ConvergenceBounds() {}

	/** ACGH eq. 6 deficiency margin; NaN unless Φ is square and W has Φ's shape. */
	public static double deficiencyMargin(final Matrix w, final Matrix phi) {
		if (phi.rows != phi.cols || !w.sameShape(phi)) return Double.NaN;
		final double[] s = Svd.singularValues(phi);
		return s[s.length - 1] - MatrixOps.distanceF(w, phi);
	}

	/** MVM: exact for depth 2, the Thm. 2 lower bound for depth 3; NaN otherwise (real only). */
	public static double lambdaMinLowerBound(final DeepFactorization f, final JavaBackend be) {
		if (f.isComplex()) return Double.NaN;
		final int depth = f.depth();
		if (depth == 2) {
			final Matrix a = f.layer(2), b = f.layer(1); // MVM's W_1 (n x h), W_2 (h x m)
			return minEig(gram(a, false, be)) + minEig(gram(b, true, be));
		}
		if (depth == 3) {
			final Matrix a = f.layer(3), b = f.layer(2), c = f.layer(1); // MVM's W_1, W_2, W_3
			final Matrix ab = Matrix.real(a.rows, b.cols);
			be.mult(a, b, ab);
			final Matrix bc = Matrix.real(b.rows, c.cols);
			be.mult(b, c, bc);
			return minEig(gram(ab, false, be)) + minEig(gram(a, false, be)) * minEig(gram(c, true, be)) + minEig(gram(bc,
				true, be));
		}
		return Double.NaN;
	}

	/** Balanced case (any depth): L σ_min(W)^{2−2/L}; meaningful when the imbalance is ~0. */
	public static double balancedLambdaMin(final Matrix product, final int depth) {
		final double[] s = Svd.singularValues(product);
		return depth * Math.pow(s[s.length - 1], 2 - 2.0 / depth);
	}

	/** A A^T (transposed = false) or A^T A. */
	private static Matrix gram(final Matrix a, final boolean transposed, final JavaBackend be) {
		final int n = transposed ? a.cols : a.rows;
		final Matrix g = Matrix.real(n, n);
		be.gemm(transposed, a, !transposed, a, 1, 0, g);
		return g;
	}

	private static double minEig(final Matrix sym) {
		final DMatrixRMaj m = new DMatrixRMaj(sym.rows, sym.cols);
		System.arraycopy(sym.re, 0, m.data, 0, sym.re.length);
		final EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(sym.rows, false, true);
		if (!eig.decompose(m)) return Double.NaN;
		double min = Double.POSITIVE_INFINITY;
		for (int i = 0; i < sym.rows; i++) min = Math.min(min, eig.getEigenvalue(i).real);
		return min;
	}
}
