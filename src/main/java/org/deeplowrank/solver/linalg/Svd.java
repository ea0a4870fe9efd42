package org.deeplowrank.solver.linalg;

import java.util.Arrays;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * Thin SVD {@code A = U diag(s) V^H}, singular values descending, k = min(rows, cols).
 * Real matrices go through EJML; complex ones through a one-sided (Hestenes) Jacobi
 * iteration on the split storage, since EJML 0.41 has no complex SVD.
 */
public final class Svd {

	/** m x k, orthonormal columns (null when vectors were not requested). */
	public final Matrix u;
	public final double[] s;
	/** n x k, orthonormal columns (null when vectors were not requested). */
	public final Matrix v;

	private Svd(final Matrix u, final double[] s, final Matrix v) {
		this.u = u;
		this.s = s;
		this.v = v;
	}

	/** Singular values only, descending. {@code a} is not modified. */
	public static double[] singularValues(final Matrix a) {
		return decompose(a, false).s;
	}

	/** Thin SVD with vectors. {@code a} is not modified. */
	public static Svd of(final Matrix a) {
		return decompose(a, true);
	}

	private static Svd decompose(final Matrix a, final boolean vectors) {
		final int k = Math.min(a.rows, a.cols);
		if (k == 0) return new Svd(vectors ? new Matrix(a.rows, 0, a.isComplex()) : null, new double[0],
			vectors ? new Matrix(a.cols, 0, a.isComplex()) : null);
		if (!a.isComplex()) return real(a, vectors, k);
		if (a.rows >= a.cols) return jacobi(a, vectors);
		// A = (A^H)^H: decompose the tall A^H = U' S V'^H, then A = V' S U'^H
		final Matrix ah = new Matrix(a.cols, a.rows, true);
		MatrixOps.conjTranspose(a, ah);
		final Svd t = jacobi(ah, vectors);
		return new Svd(t.v, t.s, t.u);
	}

	private static Svd real(final Matrix a, final boolean vectors, final int k) {
		final DMatrixRMaj m = new DMatrixRMaj(a.rows, a.cols);
		System.arraycopy(a.re, 0, m.data, 0, a.re.length);
		final SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(a.rows, a.cols, vectors,
			vectors, true);
		if (!svd.decompose(m)) throw new IllegalStateException("SVD did not converge (non-finite entries?)");
		final double[] sv = svd.getSingularValues();
		final Integer[] order = new Integer[k];
		for (int i = 0; i < k; i++) order[i] = i;
		Arrays.sort(order, (x, y) -> Double.compare(sv[y], sv[x]));
		final double[] s = new double[k];
		for (int i = 0; i < k; i++) s[i] = sv[order[i]];
		if (!vectors) return new Svd(null, s, null);
		final DMatrixRMaj uu = svd.getU(null, false); // m x k
		final DMatrixRMaj vv = svd.getV(null, false); // n x k
		final Matrix u = Matrix.real(a.rows, k), v = Matrix.real(a.cols, k);
		for (int c = 0; c < k; c++) {
			final int src = order[c];
			for (int i = 0; i < a.rows; i++) u.re[i * k + c] = uu.get(i, src);
			for (int i = 0; i < a.cols; i++) v.re[i * k + c] = vv.get(i, src);
		}
		return new Svd(u, s, v);
	}

	/**
	 * One-sided Jacobi on the columns of a tall complex matrix: rotate column pairs until
	 * all are orthogonal; then the column norms are the singular values, the normalized
	 * columns U, and the accumulated rotations V.
	 */
	private static Svd jacobi(final Matrix a, final boolean vectors) {
		final int m = a.rows, n = a.cols;
		// column-major copies for contiguous column access
		final double[] xr = new double[m * n], xi = new double[m * n];
		for (int i = 0; i < m; i++) {
			for (int j = 0; j < n; j++) {
				xr[j * m + i] = a.re[i * n + j];
				xi[j * m + i] = a.im[i * n + j];
			}
		}
		final double[] vr = new double[n * n], vi = new double[n * n];
		for (int j = 0; j < n; j++) vr[j * n + j] = 1;
		final double eps = 1e-15;
		for (int sweep = 0; sweep < 80; sweep++) {
			boolean rotated = false;
			for (int p = 0; p < n - 1; p++) {
				for (int q = p + 1; q < n; q++) {
					double alpha = 0, beta = 0, gr = 0, gi = 0;
					final int op = p * m, oq = q * m;
					for (int i = 0; i < m; i++) {
						final double pr = xr[op + i], pi = xi[op + i], qr = xr[oq + i], qi = xi[oq + i];
						alpha += pr * pr + pi * pi;
						beta += qr * qr + qi * qi;
						// gamma = a_p^H a_q
						gr += pr * qr + pi * qi;
						gi += pr * qi - pi * qr;
					}
					final double g = Math.hypot(gr, gi);
					if (g == 0 || g <= eps * Math.sqrt(alpha * beta)) continue;
					rotated = true;
					// a_q' = e^{-i phi} a_q makes a_p^H a_q' = |gamma| real; then a real rotation
					final double er = gr / g, ei = -gi / g; // e^{-i phi}
					final double zeta = (beta - alpha) / (2 * g);
					final double t = Math.signum(zeta == 0 ? 1 : zeta) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
					final double c = 1 / Math.sqrt(1 + t * t), s = c * t;
					rotate(xr, xi, m, op, oq, er, ei, c, s);
					rotate(vr, vi, n, p * n, q * n, er, ei, c, s);
				}
			}
			if (!rotated) break;
		}
		final double[] norms = new double[n];
		for (int j = 0; j < n; j++) {
			double s = 0;
			for (int i = 0; i < m; i++) s += xr[j * m + i] * xr[j * m + i] + xi[j * m + i] * xi[j * m + i];
			norms[j] = Math.sqrt(s);
		}
		final Integer[] order = new Integer[n];
		for (int i = 0; i < n; i++) order[i] = i;
		Arrays.sort(order, (x, y) -> Double.compare(norms[y], norms[x]));
		final double[] s = new double[n];
		for (int c = 0; c < n; c++) s[c] = norms[order[c]];
		if (!vectors) return new Svd(null, s, null);
		final Matrix u = Matrix.complex(m, n), v = Matrix.complex(n, n);
		for (int c = 0; c < n; c++) {
			final int src = order[c];
			final double inv = norms[src] > 0 ? 1 / norms[src] : 0;
			for (int i = 0; i < m; i++) {
				u.re[i * n + c] = xr[src * m + i] * inv;
				u.im[i * n + c] = xi[src * m + i] * inv;
			}
			for (int i = 0; i < n; i++) {
				v.re[i * n + c] = vr[src * n + i];
				v.im[i * n + c] = vi[src * n + i];
			}
		}
		if (norms[order[n - 1]] == 0) completeBasis(u, s);
		return new Svd(u, s, v);
	}

	/** x_p <- c x_p - s e x_q, x_q <- s x_p + c e x_q, with e = er + i ei. */
	private static void rotate(final double[] xr, final double[] xi, final int len, final int op, final int oq,
		final double er, final double ei, final double c, final double s)
	{
		for (int i = 0; i < len; i++) {
			final double pr = xr[op + i], pi = xi[op + i];
			final double qr = er * xr[oq + i] - ei * xi[oq + i];
			final double qi = er * xi[oq + i] + ei * xr[oq + i];
			xr[op + i] = c * pr - s * qr;
			xi[op + i] = c * pi - s * qi;
			xr[oq + i] = s * pr + c * qr;
			xi[oq + i] = s * pi + c * qi;
		}
	}

	/** Zero singular values leave zero columns in U: replace them by an orthonormal completion. */
	private static void completeBasis(final Matrix u, final double[] s) {
		final int m = u.rows, k = u.cols;
		int firstZero = k;
		for (int c = 0; c < k; c++) if (s[c] == 0) { firstZero = c; break; }
		final java.util.Random rnd = new java.util.Random(12345);
		for (int c = firstZero; c < k; c++) {
			for (int attempt = 0; attempt < 10; attempt++) {
				for (int i = 0; i < m; i++) {
					u.re[i * k + c] = rnd.nextGaussian();
					u.im[i * k + c] = rnd.nextGaussian();
				}
				if (Orthonormal.orthogonalizeColumn(u, c)) break;
			}
		}
	}
}
