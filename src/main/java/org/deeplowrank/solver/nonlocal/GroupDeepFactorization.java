package org.deeplowrank.solver.nonlocal;

/**
 * The deep factorization on one group: E = W_N ⋯ W_1 (N = 2 or 3; W_1 is w × K, W_N is
 * p² × w, w = K, full width) fitted by plain gradient descent from a small Gaussian
 * initialization to the loss
 * <pre>  ½ Σ_{observed, fitted} (E − Y)² + ½ β Σ_{missing} (E − X)²</pre>
 * where X is the current estimate of the missing entries (the biharmonic fill in round 1,
 * the previous round's aggregate after it) and β = {@link NonlocalSettings#prior}. β = 0
 * is the plain masked deep matrix completion; β > 0 keeps the missing entries near the
 * current estimate unless the low-rank structure of the group says otherwise (the role
 * the imputation step plays in SoftImpute).
 * <p>
 * Per group (issue #13 item 3): the data are scaled to unit RMS; the step is
 * η = lr / (N σ₁^{2−2/N}) with σ₁ the group's spectral norm (METHOD.md step rule: lr = 1
 * is half the stability limit along the top direction at a balanced solution); the
 * layers start at entries of std scale/√w, so the product starts near 0 and GD learns the
 * group's singular directions from the largest down (the implicit low-rank bias of small
 * initialization); every {@value #CHECK} steps the error on the held-out pixels of the
 * group is measured, the best iterate kept, and the run stops once it has not improved for
 * {@value #PATIENCE} checks. The held-out pixels are a seeded fraction of all observed
 * pixels, the same in every group of a round, so no group fits a pixel another group is
 * scored on.
 * <p>
 * Workspaces are allocated once per thread; the Gaussian initialization is drawn from a
 * SplitMix64 stream seeded per group (not per thread), so the result does not depend on
 * the thread that solved the group.
 */
final class GroupDeepFactorization implements GroupSolver {

	/** Steps between held-out checks. */
	static final int CHECK = 10;
	/** Checks without a new best held-out error before the group stops. */
	static final int PATIENCE = 3;
	/** Power iterations on the K × K Gram matrix for σ₁. */
	private static final int POWER_STEPS = 12;

	private final int n, k, w, depth, iterations;
	private final double scale, lr, prior;
	/** Layers: w1 (w × k), w2 (w × w when depth 3, else n × w), w3 (n × w, depth 3). */
	private final double[] w1, w2, w3, g1, g2, g3;
	/** w21 = W2 W1 (depth 3), w32 = W3 W2 (depth 3), e = the product, r = weighted residual, t = R W1ᵀ (depth 3). */
	private final double[] w21, w32, e, r, t, target, weight, best, gram, pv, pw;

	GroupDeepFactorization(final int n, final int k, final NonlocalSettings s) {
		this.n = n;
		this.k = k;
		this.w = k;
		this.depth = s.depth;
		this.iterations = s.gdIterations;
		this.scale = s.scale;
		this.lr = s.lr;
		this.prior = s.prior;
		w1 = new double[w * k];
		g1 = new double[w * k];
		if (depth == 3) {
			w2 = new double[w * w];
			g2 = new double[w * w];
			w3 = new double[n * w];
			g3 = new double[n * w];
			w21 = new double[w * k];
			w32 = new double[n * w];
			t = new double[n * w];
		}
		else {
			w2 = new double[n * w];
			g2 = new double[n * w];
			w3 = g3 = w21 = w32 = t = null;
		}
		e = new double[n * k];
		r = new double[n * k];
		target = new double[n * k];
		weight = new double[n * k];
		best = new double[n * k];
		gram = new double[k * k];
		pv = new double[k];
		pw = new double[k];
	}

	@Override
	public int complete(final double[] observed, final boolean[] mask, final double[] estimate, final boolean[] heldOut,
		final long groupSeed)
	{
		final int nk = n * k;
		final double c = unitScale(observed, mask);
		scaledTarget(observed, mask, estimate, heldOut, prior, c, target, weight);
		final double sigma = Math.max(spectralNorm(target), 1e-3);
		final double eta = lr / (depth * Math.pow(sigma, 2.0 - 2.0 / depth));
		long state = groupSeed;
		final double std = scale / Math.sqrt(w);
		state = gaussians(w1, std, state);
		state = gaussians(w2, std, state);
		if (depth == 3) gaussians(w3, std, state);
		double bestError = Double.POSITIVE_INFINITY;
		int sinceBest = 0;
		boolean haveBest = false;
		for (int it = 0; it <= iterations; it++) {
			product();
			if (heldOut != null && (it % CHECK == 0 || it == iterations)) {
				final double err = heldOutError(e, target, heldOut);
				if (err < bestError) {
					bestError = err;
					System.arraycopy(e, 0, best, 0, nk);
					haveBest = true;
					sinceBest = 0;
				}
				else if (++sinceBest >= PATIENCE) break;
			}
			if (it == iterations) break;
			for (int q = 0; q < nk; q++) r[q] = weight[q] * (e[q] - target[q]);
			step(eta);
		}
		final double[] result = haveBest ? best : e;
		for (int q = 0; q < nk; q++) estimate[q] = result[q] * c;
		return -1;
	}

	/** e ← W_N ⋯ W_1 (and the partial products the gradients need). */
	private void product() {
		if (depth == 2) {
			multiply(w2, w1, e, n, w, k);
		}
		else {
			multiply(w2, w1, w21, w, w, k);
			multiply(w3, w21, e, n, w, k);
		}
	}

	/** One GD step on every layer from the residual r (gradients at the current layers). */
	private void step(final double eta) {
		if (depth == 2) {
			multiplyTransposeB(r, w1, g2, n, k, w); // g2 = R W1ᵀ
			multiplyTransposeA(w2, r, g1, n, w, k); // g1 = W2ᵀ R
			axpy(-eta, g2, w2);
			axpy(-eta, g1, w1);
		}
		else {
			multiplyTransposeB(r, w21, g3, n, k, w); // g3 = R (W2 W1)ᵀ
			multiply(w3, w2, w32, n, w, w);
			multiplyTransposeA(w32, r, g1, n, w, k); // g1 = (W3 W2)ᵀ R
			multiplyTransposeB(r, w1, t, n, k, w); // t = R W1ᵀ
			multiplyTransposeA(w3, t, g2, n, w, w); // g2 = W3ᵀ R W1ᵀ
			axpy(-eta, g3, w3);
			axpy(-eta, g2, w2);
			axpy(-eta, g1, w1);
		}
	}

	/** c (m × p) ← a (m × l) b (l × p), row-major. */
	static void multiply(final double[] a, final double[] b, final double[] c, final int m, final int l,
		final int p)
	{
		for (int i = 0; i < m; i++) {
			final int ci = i * p;
			for (int j = 0; j < p; j++) c[ci + j] = 0;
			for (int x = 0; x < l; x++) {
				final double aix = a[i * l + x];
				final int bx = x * p;
				for (int j = 0; j < p; j++) c[ci + j] += aix * b[bx + j];
			}
		}
	}

	/** c (m × p) ← a (m × l) bᵀ with b (p × l), row-major. */
	static void multiplyTransposeB(final double[] a, final double[] b, final double[] c, final int m,
		final int l, final int p)
	{
		for (int i = 0; i < m; i++) {
			final int ai = i * l;
			for (int j = 0; j < p; j++) {
				final int bj = j * l;
				double s = 0;
				for (int x = 0; x < l; x++) s += a[ai + x] * b[bj + x];
				c[i * p + j] = s;
			}
		}
	}

	/** c (l × p) ← aᵀ b with a (m × l), b (m × p), row-major. */
	static void multiplyTransposeA(final double[] a, final double[] b, final double[] c, final int m,
		final int l, final int p)
	{
		java.util.Arrays.fill(c, 0, l * p, 0);
		for (int i = 0; i < m; i++) {
			final int ai = i * l, bi = i * p;
			for (int x = 0; x < l; x++) {
				final double aix = a[ai + x];
				if (aix == 0) continue;
				final int cx = x * p;
				for (int j = 0; j < p; j++) c[cx + j] += aix * b[bi + j];
			}
		}
	}

	private static void axpy(final double alpha, final double[] x, final double[] y) {
		axpy(alpha, x, y, y.length);
	}

	/** y[0..length) += alpha · x[0..length). */
	static void axpy(final double alpha, final double[] x, final double[] y, final int length) {
		for (int q = 0; q < length; q++) y[q] += alpha * x[q];
	}

	/**
	 * The loss's target and weights on the group scaled by 1/c: the observed value where
	 * fitted (weight 1) or held out (weight 0: only scored), else the current estimate with
	 * weight β = {@code prior}.
	 */
	static void scaledTarget(final double[] observed, final boolean[] mask, final double[] estimate,
		final boolean[] heldOut, final double prior, final double c, final double[] target, final double[] weight)
	{
		for (int q = 0; q < mask.length; q++) {
			final boolean held = heldOut != null && heldOut[q];
			target[q] = (mask[q] || held ? observed[q] : estimate[q]) / c;
			weight[q] = mask[q] ? 1 : held ? 0 : prior;
		}
	}

	/** Σ over the held-out entries of (e − target)². */
	static double heldOutError(final double[] e, final double[] target, final boolean[] heldOut) {
		double s = 0;
		for (int q = 0; q < e.length; q++) {
			if (heldOut[q]) {
				final double d = e[q] - target[q];
				s += d * d;
			}
		}
		return s;
	}

	/** The RMS of the fitted entries (1 when there are none or all are 0): the group's scale. */
	static double unitScale(final double[] observed, final boolean[] mask) {
		double ss = 0;
		int count = 0;
		for (int q = 0; q < mask.length; q++) {
			if (mask[q]) {
				ss += observed[q] * observed[q];
				count++;
			}
		}
		return count > 0 && ss > 0 ? Math.sqrt(ss / count) : 1;
	}

	/** σ₁ of the n × k matrix m (see {@link #topSingularPair}). */
	private double spectralNorm(final double[] m) {
		return topSingularPair(m, n, k, POWER_STEPS, gram, pv, pw, null);
	}

	/**
	 * The top singular value of the n × k row-major matrix m, by {@code steps} power
	 * iterations on mᵀm (K × K, into {@code gram}) from the all-ones vector (deterministic).
	 * Its right singular vector is left in {@code v}; when {@code left} is given, the left one
	 * m v / σ is written there. {@code w} is scratch of length k.
	 */
	static double topSingularPair(final double[] m, final int n, final int k, final int steps, final double[] gram,
		final double[] v, final double[] w, final double[] left)
	{
		java.util.Arrays.fill(gram, 0);
		for (int i = 0; i < n; i++) {
			final int mi = i * k;
			for (int a = 0; a < k; a++) {
				final double ma = m[mi + a];
				if (ma == 0) continue;
				for (int b = 0; b < k; b++) gram[a * k + b] += ma * m[mi + b];
			}
		}
		java.util.Arrays.fill(v, 1 / Math.sqrt(k));
		double lambda = 0;
		for (int s = 0; s < steps; s++) {
			double norm = 0;
			for (int a = 0; a < k; a++) {
				double x = 0;
				for (int b = 0; b < k; b++) x += gram[a * k + b] * v[b];
				w[a] = x;
				norm += x * x;
			}
			norm = Math.sqrt(norm);
			if (norm == 0) return 0;
			lambda = norm;
			for (int a = 0; a < k; a++) v[a] = w[a] / norm;
		}
		final double sigma = Math.sqrt(lambda);
		if (left != null) {
			for (int i = 0; i < n; i++) {
				double x = 0;
				for (int b = 0; b < k; b++) x += m[i * k + b] * v[b];
				left[i] = sigma > 0 ? x / sigma : 0;
			}
		}
		return sigma;
	}

	/** Fills x with N(0, std²) draws from the SplitMix64 stream at {@code state}; returns the new state. */
	private static long gaussians(final double[] x, final double std, long state) {
		for (int q = 0; q < x.length; q += 2) {
			state += 0x9E3779B97F4A7C15L;
			final double u1 = ((mixBits(state) >>> 11) + 1) * 0x1.0p-53; // (0, 1]
			state += 0x9E3779B97F4A7C15L;
			final double u2 = (mixBits(state) >>> 11) * 0x1.0p-53;
			final double rad = Math.sqrt(-2 * Math.log(u1));
			x[q] = std * rad * Math.cos(2 * Math.PI * u2);
			if (q + 1 < x.length) x[q + 1] = std * rad * Math.sin(2 * Math.PI * u2);
		}
		return state;
	}

	private static long mixBits(long z) {
		z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
		z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
		return z ^ (z >>> 31);
	}
}
