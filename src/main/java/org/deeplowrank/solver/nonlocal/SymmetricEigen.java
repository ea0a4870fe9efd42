package org.deeplowrank.solver.nonlocal;

/**
 * Eigendecomposition of a small symmetric matrix on arrays allocated once (no allocation
 * per call): thousands of K × K Gram matrices of patch groups are decomposed per round.
 * Householder reduction to tridiagonal form with the transformations accumulated, then the
 * implicit QL iteration with Wilkinson-type shifts (the classical tred2 / tql2 pair of
 * EISPACK, Wilkinson and Reinsch's Handbook for Automatic Computation II). About 9 n³
 * flops; deterministic (fixed operation order).
 */
final class SymmetricEigen {

	final int n;
	/** Row-major n × n symmetric input; overwritten by the eigenvectors (in the columns). */
	final double[] v;
	/** The eigenvalues on return, ascending, column j of {@link #v} belonging to values[j]. */
	final double[] values;
	private final double[] e;

	SymmetricEigen(final int n) {
		this.n = n;
		v = new double[n * n];
		values = new double[n];
		e = new double[n];
	}

	/** Decomposes the symmetric matrix held in {@link #v} (both triangles set). */
	void decompose() {
		tridiagonalize();
		diagonalize();
	}

	/** Householder tridiagonalization: d = diagonal, e = subdiagonal, v = the accumulated transform. */
	private void tridiagonalize() {
		final double[] d = values;
		for (int j = 0; j < n; j++) d[j] = v[(n - 1) * n + j];
		for (int i = n - 1; i > 0; i--) {
			double scale = 0, h = 0;
			for (int k = 0; k < i; k++) scale += Math.abs(d[k]);
			if (scale == 0) {
				e[i] = d[i - 1];
				for (int j = 0; j < i; j++) {
					d[j] = v[(i - 1) * n + j];
					v[i * n + j] = 0;
					v[j * n + i] = 0;
				}
			}
			else {
				for (int k = 0; k < i; k++) {
					d[k] /= scale;
					h += d[k] * d[k];
				}
				double f = d[i - 1];
				double g = Math.sqrt(h);
				if (f > 0) g = -g;
				e[i] = scale * g;
				h -= f * g;
				d[i - 1] = f - g;
				for (int j = 0; j < i; j++) e[j] = 0;
				for (int j = 0; j < i; j++) {
					f = d[j];
					v[j * n + i] = f;
					g = e[j] + v[j * n + j] * f;
					for (int k = j + 1; k <= i - 1; k++) {
						g += v[k * n + j] * d[k];
						e[k] += v[k * n + j] * f;
					}
					e[j] = g;
				}
				f = 0;
				for (int j = 0; j < i; j++) {
					e[j] /= h;
					f += e[j] * d[j];
				}
				final double hh = f / (h + h);
				for (int j = 0; j < i; j++) e[j] -= hh * d[j];
				for (int j = 0; j < i; j++) {
					f = d[j];
					g = e[j];
					for (int k = j; k <= i - 1; k++) v[k * n + j] -= (f * e[k] + g * d[k]);
					d[j] = v[(i - 1) * n + j];
					v[i * n + j] = 0;
				}
			}
			d[i] = h;
		}
		// accumulate the transformations
		for (int i = 0; i < n - 1; i++) {
			v[(n - 1) * n + i] = v[i * n + i];
			v[i * n + i] = 1;
			final double h = d[i + 1];
			if (h != 0) {
				for (int k = 0; k <= i; k++) d[k] = v[k * n + i + 1] / h;
				for (int j = 0; j <= i; j++) {
					double g = 0;
					for (int k = 0; k <= i; k++) g += v[k * n + i + 1] * v[k * n + j];
					for (int k = 0; k <= i; k++) v[k * n + j] -= g * d[k];
				}
			}
			for (int k = 0; k <= i; k++) v[k * n + i + 1] = 0;
		}
		for (int j = 0; j < n; j++) {
			d[j] = v[(n - 1) * n + j];
			v[(n - 1) * n + j] = 0;
		}
		v[(n - 1) * n + n - 1] = 1;
		e[0] = 0;
	}

	/**
	 * Implicit QL on the tridiagonal (d, e). The rotations act on pairs of eigenvector
	 * columns: v is transposed first so that they act on contiguous rows, and back at the
	 * end. Eigenvalues ascending on return.
	 */
	private void diagonalize() {
		final double[] d = values;
		transpose();
		for (int i = 1; i < n; i++) e[i - 1] = e[i];
		e[n - 1] = 0;
		double f = 0, tst1 = 0;
		final double eps = Math.ulp(1.0);
		for (int l = 0; l < n; l++) {
			tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
			int m = l;
			while (m < n - 1 && Math.abs(e[m]) > eps * tst1) m++;
			if (m > l) {
				int iter = 0;
				do {
					if (++iter > 60) break; // cannot happen in exact arithmetic; guards round-off cycles
					double g = d[l];
					double p = (d[l + 1] - g) / (2 * e[l]);
					double r = Math.sqrt(p * p + 1);
					if (p < 0) r = -r;
					d[l] = e[l] / (p + r);
					d[l + 1] = e[l] * (p + r);
					final double dl1 = d[l + 1];
					double h = g - d[l];
					for (int i = l + 2; i < n; i++) d[i] -= h;
					f += h;
					p = d[m];
					double c = 1, c2 = 1, c3 = 1, s = 0, s2 = 0;
					final double el1 = e[l + 1];
					for (int i = m - 1; i >= l; i--) {
						c3 = c2;
						c2 = c;
						s2 = s;
						g = c * e[i];
						h = c * p;
						r = Math.sqrt(p * p + e[i] * e[i]);
						e[i + 1] = s * r;
						s = e[i] / r;
						c = p / r;
						p = c * d[i] - s * g;
						d[i + 1] = h + s * (c * g + s * d[i]);
						final int ri = i * n, rj = ri + n;
						for (int k = 0; k < n; k++) {
							final double a = v[ri + k], b = v[rj + k];
							v[rj + k] = s * a + c * b;
							v[ri + k] = c * a - s * b;
						}
					}
					p = -s * s2 * c3 * el1 * e[l] / dl1;
					e[l] = s * p;
					d[l] = c * p;
				}
				while (Math.abs(e[l]) > eps * tst1);
			}
			d[l] += f;
			e[l] = 0;
		}
		// selection sort, ascending (n is small): swaps of rows of the transposed vectors
		for (int i = 0; i < n - 1; i++) {
			int kmin = i;
			double pmin = d[i];
			for (int j = i + 1; j < n; j++) {
				if (d[j] < pmin) {
					kmin = j;
					pmin = d[j];
				}
			}
			if (kmin != i) {
				d[kmin] = d[i];
				d[i] = pmin;
				for (int j = 0; j < n; j++) {
					final double t = v[i * n + j];
					v[i * n + j] = v[kmin * n + j];
					v[kmin * n + j] = t;
				}
			}
		}
		transpose();
	}

	private void transpose() {
		for (int i = 0; i < n; i++) {
			for (int j = i + 1; j < n; j++) {
				final double t = v[i * n + j];
				v[i * n + j] = v[j * n + i];
				v[j * n + i] = t;
			}
		}
	}
}
