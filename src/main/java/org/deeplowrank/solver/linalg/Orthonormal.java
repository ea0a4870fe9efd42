package org.deeplowrank.solver.linalg;

import java.util.Random;

/** Orthonormal columns by modified Gram–Schmidt with re-orthogonalization (real or complex). */
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

	private static double sq(final double x) {
		return x * x;
	}
}
