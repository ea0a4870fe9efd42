package org.deeplowrank.solver.fast;

/**
 * Small dense k x k kernels of the preconditioner, in double on row-major arrays: the
 * damped Gram (G + λI), its Cholesky factor and solves with it, products, and the
 * symmetric eigenvalues (cyclic Jacobi) used for the product's singular values. k is the
 * hidden width, so these cost O(k³) against the O(rows·cols·k) of a step.
 */
final class SmallDense {

	private SmallDense() {}

	/**
	 * In-place Cholesky of the symmetric positive definite k x k {@code a} (lower factor in
	 * the lower triangle) after adding λ to the diagonal; false when not positive definite.
	 */
	static boolean cholesky(final double[] a, final int off, final int k, final double lambda) {
		for (int i = 0; i < k; i++) a[off + i * k + i] += lambda;
		for (int j = 0; j < k; j++) {
			double d = a[off + j * k + j];
			for (int p = 0; p < j; p++) d -= a[off + j * k + p] * a[off + j * k + p];
			if (!(d > 0)) return false;
			d = Math.sqrt(d);
			a[off + j * k + j] = d;
			for (int i = j + 1; i < k; i++) {
				double s = a[off + i * k + j];
				for (int p = 0; p < j; p++) s -= a[off + i * k + p] * a[off + j * k + p];
				a[off + i * k + j] = s / d;
			}
		}
		return true;
	}

	/** Solves L Lᵀ x = b in place ({@code b} has stride {@code stride} between its k entries). */
	static void solve(final double[] l, final int off, final int k, final double[] b, final int boff,
		final int stride)
	{
		for (int i = 0; i < k; i++) {
			double s = b[boff + i * stride];
			for (int p = 0; p < i; p++) s -= l[off + i * k + p] * b[boff + p * stride];
			b[boff + i * stride] = s / l[off + i * k + i];
		}
		for (int i = k - 1; i >= 0; i--) {
			double s = b[boff + i * stride];
			for (int p = i + 1; p < k; p++) s -= l[off + p * k + i] * b[boff + p * stride];
			b[boff + i * stride] = s / l[off + i * k + i];
		}
	}

	/** {@code aᵀ a} for the m x k row-major {@code a} (k x k result). */
	static double[] gramOfColumns(final double[] a, final int m, final int k) {
		final double[] g = new double[k * k];
		for (int r = 0; r < m; r++) {
			final int o = r * k;
			for (int i = 0; i < k; i++) {
				final double ai = a[o + i];
				if (ai == 0) continue;
				for (int j = i; j < k; j++) g[i * k + j] += ai * a[o + j];
			}
		}
		symmetrize(g, k);
		return g;
	}

	/** {@code a aᵀ} for the k x n row-major {@code a} (k x k result). */
	static double[] gramOfRows(final double[] a, final int k, final int n) {
		final double[] g = new double[k * k];
		for (int i = 0; i < k; i++) {
			for (int j = i; j < k; j++) {
				double s = 0;
				for (int c = 0; c < n; c++) s += a[i * n + c] * a[j * n + c];
				g[i * k + j] = s;
			}
		}
		symmetrize(g, k);
		return g;
	}

	/** {@code a b} for row-major a (m x p) and b (p x n). */
	static double[] multiply(final double[] a, final double[] b, final int m, final int p, final int n) {
		final double[] c = new double[m * n];
		for (int i = 0; i < m; i++) {
			for (int q = 0; q < p; q++) {
				final double s = a[i * p + q];
				if (s == 0) continue;
				for (int j = 0; j < n; j++) c[i * n + j] += s * b[q * n + j];
			}
		}
		return c;
	}

	/** {@code aᵀ g a} for a k x k layer a and symmetric g (the suffix Gram recursion). */
	static double[] congruence(final double[] a, final double[] g, final int k) {
		final double[] ga = multiply(g, a, k, k, k);
		final double[] r = new double[k * k];
		for (int i = 0; i < k; i++) {
			for (int j = i; j < k; j++) {
				double s = 0;
				for (int q = 0; q < k; q++) s += a[q * k + i] * ga[q * k + j];
				r[i * k + j] = s;
			}
		}
		symmetrize(r, k);
		return r;
	}

	private static void symmetrize(final double[] g, final int k) {
		for (int i = 0; i < k; i++) for (int j = 0; j < i; j++) g[i * k + j] = g[j * k + i];
	}

	/** Eigenvalues of the symmetric k x k {@code s} (a copy is rotated), descending: cyclic Jacobi. */
	static double[] symmetricEigenvalues(final double[] s, final int k) {
		final double[] a = s.clone();
		for (int sweep = 0; sweep < 60; sweep++) {
			double off = 0, diag = 0;
			for (int i = 0; i < k; i++) {
				diag += a[i * k + i] * a[i * k + i];
				for (int j = i + 1; j < k; j++) off += a[i * k + j] * a[i * k + j];
			}
			if (off <= 1e-30 * diag || off == 0) break;
			for (int p = 0; p < k; p++) {
				for (int q = p + 1; q < k; q++) {
					final double apq = a[p * k + q];
					if (apq == 0) continue;
					final double theta = (a[q * k + q] - a[p * k + p]) / (2 * apq);
					final double t = Math.signum(theta == 0 ? 1 : theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
					final double c = 1 / Math.sqrt(t * t + 1), sn = t * c;
					for (int r = 0; r < k; r++) {
						final double arp = a[r * k + p], arq = a[r * k + q];
						a[r * k + p] = c * arp - sn * arq;
						a[r * k + q] = sn * arp + c * arq;
					}
					for (int r = 0; r < k; r++) {
						final double apr = a[p * k + r], aqr = a[q * k + r];
						a[p * k + r] = c * apr - sn * aqr;
						a[q * k + r] = sn * apr + c * aqr;
					}
				}
			}
		}
		final double[] e = new double[k];
		for (int i = 0; i < k; i++) e[i] = a[i * k + i];
		java.util.Arrays.sort(e);
		for (int i = 0; i < k / 2; i++) {
			final double t = e[i];
			e[i] = e[k - 1 - i];
			e[k - 1 - i] = t;
		}
		return e;
	}
}
