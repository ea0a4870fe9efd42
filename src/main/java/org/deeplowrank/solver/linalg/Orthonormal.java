package org.deeplowrank.solver.linalg;

import java.util.Random;

/**
 * Orthonormal columns by modified Gram–Schmidt with re-orthogonalization (real or complex),
 * and by Cholesky QR for tall real blocks ({@link #orthonormalizeColumns}).
 */
public final class Orthonormal {

	private Orthonormal() {}

	/**
	 * A d x k matrix with orthonormal columns distributed by Haar measure: Gram–Schmidt of
	 * a Gaussian matrix is its QR factor with positive diag(R), which is Haar on O(d)/U(d)
	 * (its first k columns for k < d).
	 */
	public static Matrix haarColumns(final int d, final int k, final boolean complex, final Random rnd) {
		if (k > d) throw new IllegalArgumentException("cannot have " + k + " orthonormal columns in dimension " + d);
		final Matrix q = new Matrix(d, k, complex);
		for (int c = 0; c < k; c++) {
			boolean ok = false;
			for (int attempt = 0; attempt < 10 && !ok; attempt++) {
				for (int i = 0; i < d; i++) {
					if (complex) {
						q.re[i * k + c] = rnd.nextGaussian() * Math.sqrt(0.5);
						q.im[i * k + c] = rnd.nextGaussian() * Math.sqrt(0.5);
					}
					else {
						q.re[i * k + c] = rnd.nextGaussian();
					}
				}
				ok = orthogonalizeColumn(q, c);
			}
			if (!ok) throw new IllegalStateException("Gram-Schmidt failed repeatedly");
		}
		return q;
	}

	/**
	 * Orthogonalizes column c of u against columns 0..c-1 (twice, for accuracy) and
	 * normalizes it; false when it was (numerically) in their span.
	 */
	public static boolean orthogonalizeColumn(final Matrix u, final int c) {
		final int m = u.rows, k = u.cols;
		final double[] re = u.re, im = u.im;
		double before = 0;
		for (int i = 0; i < m; i++) before += sq(re[i * k + c]) + (im == null ? 0 : sq(im[i * k + c]));
		for (int pass = 0; pass < 2; pass++) {
			for (int p = 0; p < c; p++) {
				// proj = u_p^H u_c
				double pr = 0, pi = 0;
				for (int i = 0; i < m; i++) {
					final double ar = re[i * k + p], br = re[i * k + c];
					pr += ar * br;
					if (im != null) {
						final double ai = im[i * k + p], bi = im[i * k + c];
						pr += ai * bi;
						pi += ar * bi - ai * br;
					}
				}
				for (int i = 0; i < m; i++) {
					final double ar = re[i * k + p];
					if (im == null) {
						re[i * k + c] -= pr * ar;
					}
					else {
						final double ai = im[i * k + p];
						re[i * k + c] -= pr * ar - pi * ai;
						im[i * k + c] -= pr * ai + pi * ar;
					}
				}
			}
		}
		double norm = 0;
		for (int i = 0; i < m; i++) norm += sq(re[i * k + c]) + (im == null ? 0 : sq(im[i * k + c]));
		if (!(norm > 1e-20 * before) || norm == 0) return false;
		final double inv = 1 / Math.sqrt(norm);
		for (int i = 0; i < m; i++) {
			re[i * k + c] *= inv;
			if (im != null) im[i * k + c] *= inv;
		}
		return true;
	}

	/**
	 * Orthonormalizes the columns of the real m x k {@code q} in place: the Q of its QR
	 * factorization with positive diag(R), as {@link #orthogonalizeColumn} column by column
	 * gives, by Cholesky QR twice (Q = U R⁻¹ with RᵀR = UᵀU; the second round brings the
	 * first's loss of orthogonality, about κ(U)² times the rounding, back to the rounding:
	 * Fukaya, Nakatsukasa, Yanagisawa, Yamamoto 2014). A round is two passes over the rows,
	 * where Gram–Schmidt on a row-major block makes 4k strided ones (65 536 x 8: the block's
	 * every cache line 112 times). When a pivot of R falls below {@value #CHOLESKY_QR_PIVOT}
	 * of its column's size (columns close to dependent, where the Cholesky factor is no longer
	 * accurate) the columns are orthogonalized by Gram–Schmidt instead.
	 *
	 * @return false when a column is (numerically) in the span of the ones before it (it is
	 *         then left as Gram–Schmidt leaves it)
	 */
	public static boolean orthonormalizeColumns(final Matrix q) {
		if (q.isComplex()) throw new IllegalArgumentException("orthonormalizeColumns: real matrices only");
		final int m = q.rows, k = q.cols;
		final double[] g = new double[k * k], x = new double[k];
		for (int round = 0; round < 2; round++) {
			if (!choleskyQrRound(q.re, m, k, g, x)) {
				boolean all = true;
				for (int c = 0; c < k; c++) all &= orthogonalizeColumn(q, c);
				return all;
			}
		}
		return true;
	}

	/** Relative pivot of the Gram's Cholesky factor below which Cholesky QR gives way to Gram–Schmidt (κ(U) ≳ 1e6). */
	static final double CHOLESKY_QR_PIVOT = 1e-12;

	/** One round of Cholesky QR on the row-major m x k {@code a}; false (a untouched) when a pivot is too small. */
	private static boolean choleskyQrRound(final double[] a, final int m, final int k, final double[] g,
		final double[] x)
	{
		java.util.Arrays.fill(g, 0);
		for (int i = 0; i < m; i++) {
			final int row = i * k;
			for (int p = 0; p < k; p++) {
				final double ap = a[row + p];
				for (int c = p; c < k; c++) g[p * k + c] += ap * a[row + c];
			}
		}
		// R (upper, in g's upper triangle) with RᵀR = G
		for (int j = 0; j < k; j++) {
			final double size = g[j * k + j];
			double d = size;
			for (int p = 0; p < j; p++) d -= g[p * k + j] * g[p * k + j];
			if (!(d > CHOLESKY_QR_PIVOT * size) || !(size > 0)) return false;
			d = Math.sqrt(d);
			g[j * k + j] = d;
			for (int c = j + 1; c < k; c++) {
				double s = g[j * k + c];
				for (int p = 0; p < j; p++) s -= g[p * k + j] * g[p * k + c];
				g[j * k + c] = s / d;
			}
		}
		// each row x ← x R⁻¹ (forward substitution on Rᵀ)
		for (int i = 0; i < m; i++) {
			final int row = i * k;
			for (int j = 0; j < k; j++) {
				double s = a[row + j];
				for (int p = 0; p < j; p++) s -= x[p] * g[p * k + j];
				x[j] = s / g[j * k + j];
			}
			System.arraycopy(x, 0, a, row, k);
		}
		return true;
	}

	private static double sq(final double x) {
		return x * x;
	}
}
