package org.deeplowrank.solver.linalg;

import java.util.Arrays;
import java.util.Random;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Top eigenpairs of a symmetric linear operator by Lanczos with full
 * re-orthogonalization: only operator applications, never a dense eigendecomposition of
 * the operator (GLRL §5 needs λ_1, λ_2 and u_1 of −∇f(W) every phase). With
 * {@code steps >= dim} the Krylov space is the whole space and the result is exact to
 * round-off.
 */
public final class Lanczos {

	/** y = A x for the symmetric operator A. */
	public interface Operator {
		int dim();

		void apply(double[] x, double[] y);
	}

	/** Algebraically largest eigenvalues, descending (at most the Krylov dimension). */
	public final double[] values;
	/** Unit eigenvector of values[0]. */
	public final double[] top;

	private Lanczos(final double[] values, final double[] top) {
		this.values = values;
		this.top = top;
	}

	public static Lanczos largest(final Operator op, final int maxSteps, final long seed) {
		final int n = op.dim();
		final int k = Math.max(1, Math.min(n, maxSteps));
		final double[][] q = new double[k + 1][];
		final double[] alpha = new double[k], beta = new double[k];
		final Random rnd = new Random(seed);
		double[] v = new double[n];
		for (int i = 0; i < n; i++) v[i] = rnd.nextGaussian();
		normalize(v);
		q[0] = v;
		final double[] w = new double[n];
		int m = 0;
		double scale = 0;
		for (int j = 0; j < k; j++) {
			op.apply(q[j], w);
			alpha[j] = dot(q[j], w);
			// full re-orthogonalization (twice is enough)
			for (int pass = 0; pass < 2; pass++) {
				for (int i = 0; i <= j; i++) {
					final double c = dot(q[i], w);
					for (int t = 0; t < n; t++) w[t] -= c * q[i][t];
				}
			}
			m = j + 1;
			final double b = Math.sqrt(dot(w, w));
			scale = Math.max(scale, Math.abs(alpha[j]) + b);
			if (j == k - 1 || b <= 1e-13 * Math.max(scale, Double.MIN_NORMAL)) break;
			beta[j] = b;
			q[j + 1] = new double[n];
			for (int t = 0; t < n; t++) q[j + 1][t] = w[t] / b;
		}
		// eigenpairs of the m x m tridiagonal T
		final DMatrixRMaj t = new DMatrixRMaj(m, m);
		for (int j = 0; j < m; j++) {
			t.set(j, j, alpha[j]);
			if (j + 1 < m) {
				t.set(j, j + 1, beta[j]);
				t.set(j + 1, j, beta[j]);
			}
		}
		final EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(m, true, true);
		if (!eig.decompose(t)) throw new IllegalStateException("Lanczos: tridiagonal eigensolver failed");
		final Integer[] order = new Integer[m];
		for (int i = 0; i < m; i++) order[i] = i;
		Arrays.sort(order, (a, b) -> Double.compare(eig.getEigenvalue(b).real, eig.getEigenvalue(a).real));
		final double[] values = new double[m];
		for (int i = 0; i < m; i++) values[i] = eig.getEigenvalue(order[i]).real;
		final DMatrixRMaj y = eig.getEigenVector(order[0]);
		final double[] u = new double[n];
		for (int j = 0; j < m; j++) {
			final double c = y.get(j, 0);
			for (int i = 0; i < n; i++) u[i] += c * q[j][i];
		}
		normalize(u);
		return new Lanczos(values, u);
	}

	public static double dot(final double[] a, final double[] b) {
		double s = 0;
		for (int i = 0; i < a.length; i++) s += a[i] * b[i];
		return s;
	}

	private static void normalize(final double[] v) {
		final double nv = Math.sqrt(dot(v, v));
		if (nv > 0) for (int i = 0; i < v.length; i++) v[i] /= nv;
	}
}
