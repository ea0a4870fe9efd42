package org.deeplowrank.solver.linalg;

/**
 * Power iteration for the top singular triple of a real matrix (the real part of a
 * complex one); deterministic.
 */
public final class SpectralNorm {

	/** The estimate σ_1 with unit vectors u (rows) and v (cols): A v ≈ σ_1 u. */
	public final double sigma;
	public final double[] u;
	public final double[] v;

	private SpectralNorm(final double sigma, final double[] u, final double[] v) {
		this.sigma = sigma;
		this.u = u;
		this.v = v;
	}

	public static double estimate(final Matrix a, final int iterations) {
		return top(a, iterations).sigma;
	}

	public static SpectralNorm top(final Matrix a, final int iterations) {
		final int m = a.rows, n = a.cols;
		if (m == 0 || n == 0) return new SpectralNorm(0, new double[m], new double[n]);
		final double[] x = new double[n], y = new double[m];
		// deterministic, generic start vector (not orthogonal to the top singular vector
		// except on a set of measure zero)
		for (int j = 0; j < n; j++) x[j] = 1 + 0.5 * Math.sin(1.7 * j + 0.3);
		double sigma = 0;
		for (int it = 0; it < iterations; it++) {
			double nx = 0;
			for (final double v : x) nx += v * v;
			nx = Math.sqrt(nx);
			if (nx == 0) return new SpectralNorm(0, new double[m], new double[n]);
			for (int j = 0; j < n; j++) x[j] /= nx;
			for (int i = 0; i < m; i++) {
				double s = 0;
				final int row = i * n;
				for (int j = 0; j < n; j++) s += a.re[row + j] * x[j];
				y[i] = s;
			}
			java.util.Arrays.fill(x, 0);
			double ny = 0;
			for (int i = 0; i < m; i++) {
				final double yi = y[i];
				ny += yi * yi;
				final int row = i * n;
				for (int j = 0; j < n; j++) x[j] += a.re[row + j] * yi;
			}
			final double next = Math.sqrt(ny);
			final boolean done = it > 5 && Math.abs(next - sigma) <= 1e-6 * next;
			sigma = next;
			if (done) break;
		}
		// x = A^T y with y = A x_prev: v = x / |x|, u = y / |y|
		double nx = 0;
		for (final double t : x) nx += t * t;
		nx = Math.sqrt(nx);
		if (nx > 0) for (int j = 0; j < n; j++) x[j] /= nx;
		if (sigma > 0) for (int i = 0; i < m; i++) y[i] /= sigma;
		return new SpectralNorm(sigma, y, x);
	}
}
