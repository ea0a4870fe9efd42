package org.deeplowrank.solver.baseline;

import java.util.function.BooleanSupplier;

import org.deeplowrank.solver.kernels.JavaBackend;
import org.deeplowrank.solver.linalg.Matrix;
import org.deeplowrank.solver.linalg.MatrixOps;
import org.deeplowrank.solver.linalg.Svd;

/**
 * SoftImpute (Mazumder, Hastie and Tibshirani 2010), the nuclear-norm baseline: iterate
 * Z ← S_λ(P_Ω(Y) + P_Ω^⊥(Z)), where S_λ shrinks every singular value by λ (soft
 * thresholding), until the relative change of Z is below the tolerance. Its fixed point
 * minimizes ½‖P_Ω(Z − Y)‖_F² + λ‖Z‖_*. One full SVD per iteration: a baseline for
 * moderate sizes, not the fast path.
 */
public final class SoftImpute {

	public static final class Result {
		public final Matrix completed;
		public final int iterations;
		public final boolean converged;
		/** ½‖P_Ω(Z − Y)‖² at the result. */
		public final double dataLoss;

		Result(final Matrix completed, final int iterations, final boolean converged, final double dataLoss) {
			this.completed = completed;
			this.iterations = iterations;
			this.converged = converged;
			this.dataLoss = dataLoss;
		}
	}

	private SoftImpute() {}

	/** S_λ(X) = U max(Σ − λ, 0) V^T (real matrices). */
	public static Matrix shrink(final Matrix x, final double lambda) {
		final Svd svd = Svd.of(x);
		final int k = svd.s.length;
		final Matrix us = svd.u.copy();
		for (int i = 0; i < us.rows; i++) {
			for (int c = 0; c < k; c++) us.re[i * k + c] *= Math.max(svd.s[c] - lambda, 0);
		}
		final Matrix out = Matrix.real(x.rows, x.cols);
		new JavaBackend(1).gemm(false, us, true, svd.v, 1, 0, out);
		return out;
	}

	/**
	 * @param missing true = unobserved (null: all observed, one shrinkage step)
	 * @param lambda absolute threshold λ ≥ 0
	 */
	public static Result complete(final Matrix y, final boolean[] missing, final double lambda, final int maxIterations,
		final double tolerance, final BooleanSupplier cancel)
	{
		if (!(lambda >= 0)) throw new IllegalArgumentException("bad value for 'lambda': " + lambda + " (expected >= 0)");
		Matrix z = Matrix.real(y.rows, y.cols);
		final Matrix x = Matrix.real(y.rows, y.cols);
		int it = 0;
		boolean converged = false;
		while (it < maxIterations) {
			for (int k = 0; k < x.re.length; k++) x.re[k] = (missing != null && missing[k]) ? z.re[k] : y.re[k];
			final Matrix next = shrink(x, lambda);
			it++;
			final double change = MatrixOps.distanceF(next, z);
			final double norm = MatrixOps.normF(next);
			z = next;
			if (missing == null || change <= tolerance * Math.max(norm, Double.MIN_NORMAL)) {
				converged = true;
				break;
			}
			if (cancel != null && cancel.getAsBoolean()) break;
		}
		double f = 0;
		for (int k = 0; k < y.re.length; k++) {
			if (missing == null || !missing[k]) f += 0.5 * (z.re[k] - y.re[k]) * (z.re[k] - y.re[k]);
		}
		return new Result(z, it, converged, f);
	}
}
