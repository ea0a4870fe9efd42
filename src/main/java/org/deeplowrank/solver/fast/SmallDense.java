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

	/**
	 * For each block t in [from, to): the Cholesky factor of A_t + λI in place, A_t the
	 * symmetric k x k matrix whose upper triangle is packed row by row in row t of
	 * {@code packed} (k(k+1)/2 entries). Entry (j, i ≥ j) of the packed triangle becomes
	 * L_ij, and the diagonal 1 / L_jj (so that {@link #solveFactored} multiplies). A block
	 * that is not positive definite (non-finite layers; λ > 0 otherwise rules it out) is
	 * marked by NaN in its first entry and left unsolved by {@link #solveFactored}.
	 */
	static void factorPacked(final double[] packed, final int k, final double lambda, final int from, final int to) {
		final int kp = k * (k + 1) / 2;
		for (int t = from; t < to; t++) {
			final int base = t * kp;
			// column j of L reads columns q < j (final) and A's column j (not yet overwritten);
			// L_iq sits at rowStart(q) + i − q
			for (int j = 0, rowStart = base; j < k; rowStart += k - j, j++) {
				double d = packed[rowStart] + lambda;
				for (int q = 0, rq = base; q < j; rq += k - q, q++) d -= packed[rq + j - q] * packed[rq + j - q];
				if (!(d > 0)) {
					packed[base] = Double.NaN;
					break;
				}
				final double inv = 1 / Math.sqrt(d);
				packed[rowStart] = inv;
				for (int i = j + 1; i < k; i++) {
					double s = packed[rowStart + i - j];
					for (int q = 0, rq = base; q < j; rq += k - q, q++) s -= packed[rq + i - q] * packed[rq + j - q];
					packed[rowStart + i - j] = s * inv;
				}
			}
		}
	}

	/**
	 * For each block t in [from, to): solves L_t L_tᵀ x = b_t in place with the factors of
	 * {@link #factorPacked}, b_t the k entries of {@code b} from {@code t·blockStep} with
	 * stride {@code stride}; {@code x} is a k-entry workspace.
	 */
	static void solveFactored(final double[] packed, final int k, final double[] b, final int blockStep,
		final int stride, final int from, final int to, final double[] x)
	{
		final int kp = k * (k + 1) / 2;
		for (int t = from; t < to; t++) {
			final int base = t * kp;
			if (Double.isNaN(packed[base])) continue;
			final int b0 = t * blockStep;
			// forward: L_iq at rowStart(q) + i − q
			for (int i = 0, ri = base; i < k; ri += k - i, i++) {
				double v = b[b0 + i * stride];
				for (int q = 0, rq = base; q < i; rq += k - q, q++) v -= packed[rq + i - q] * x[q];
				x[i] = v * packed[ri];
			}
			// backward: Lᵀ's row i is row i of the packed triangle, contiguous
			int ri = base + kp - 1;
			for (int i = k - 1; i >= 0; i--) {
				double v = x[i];
				for (int q = i + 1; q < k; q++) v -= packed[ri + q - i] * x[q];
				x[i] = v * packed[ri];
				b[b0 + i * stride] = x[i];
				if (i > 0) ri -= k - i + 1;
			}
		}
	}

	/** {@code g = a aᵀ} for the k x n row-major {@code a} (k x k, written into {@code g}). */
	static void gramOfRows(final double[] a, final int k, final int n, final double[] g) {
		for (int i = 0; i < k; i++) {
			for (int j = i; j < k; j++) {
				double s = 0;
				for (int c = 0; c < n; c++) s += a[i * n + c] * a[j * n + c];
				g[i * k + j] = s;
			}
		}
		symmetrize(g, k);
	}

	/** {@code c = a b} for row-major a (m x p) and b (p x n), written into {@code c} (not a or b). */
	static void multiply(final double[] a, final double[] b, final int m, final int p, final int n, final double[] c) {
		java.util.Arrays.fill(c, 0, m * n, 0);
		for (int i = 0; i < m; i++) {
			for (int q = 0; q < p; q++) {
				final double s = a[i * p + q];
				if (s == 0) continue;
				for (int j = 0; j < n; j++) c[i * n + j] += s * b[q * n + j];
			}
		}
	}

	/**
	 * {@code r = aᵀ g a} for a k x k layer a and symmetric g (the suffix Gram recursion),
	 * with {@code ga} (k x k) as workspace; r must not be g.
	 */
	static void congruence(final double[] a, final double[] g, final int k, final double[] ga, final double[] r) {
		multiply(g, a, k, k, k, ga);
		for (int i = 0; i < k; i++) {
			for (int j = i; j < k; j++) {
				double s = 0;
				for (int q = 0; q < k; q++) s += a[q * k + i] * ga[q * k + j];
				r[i * k + j] = s;
			}
		}
		symmetrize(r, k);
	}

	private static void symmetrize(final double[] g, final int k) {
		for (int i = 0; i < k; i++) for (int j = 0; j < i; j++) g[i * k + j] = g[j * k + i];
	}
}
