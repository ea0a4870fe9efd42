package org.deeplowrank.solver.nonlocal;

/**
 * SoftImpute on one group (Mazumder, Hastie and Tibshirani 2010): Z ← P_Ω(Y) + P_Ω^⊥(X),
 * X ← S_τ(Z), a number of times from the current estimate that grows as the group's
 * observed fraction falls ({@link #iterationsFor}), with the threshold
 * τ = λ σ₁ relative to the largest singular value of the first Z (the group at the
 * current estimate), so that one λ fits groups of every contrast. S_τ is computed from
 * the K × K Gram matrix ZᵀZ = V Λ Vᵀ: S_τ(Z) = Z V diag(max(1 − τ/√λ_j, 0)) Vᵀ, which
 * costs O(p² K r) for the r kept components instead of a p² × K SVD. The decomposition is
 * redone every {@value #EIGEN_EVERY} iterations only (the operator of the last one is
 * reapplied in between): an approximation of the exact SoftImpute iteration, measured
 * level with it on the benchmark images.
 */
final class GroupSoftImpute implements GroupSolver {

	private final int n, k;
	private final double lambda;
	private final int iterations;
	/**
	 * Iterations between eigendecompositions: in between, the shrinkage operator
	 * X ← Z V diag(shrink) Vᵀ of the last decomposition is reapplied to the updated Z (the
	 * missing entries move little per iteration). Measured over the nine benchmark images
	 * × {50, 80} % with λ = 0.01 and 8 iterations at half observed (docs/quality.md):
	 * every 8 (one decomposition per round of a half-observed group) 38.27 / 32.86 dB mean,
	 * every 4 38.29 / 32.88 dB at 1.25 × the time of the 512² run. A tunable of the
	 * algorithm, not a key (yet).
	 */
	static final int EIGEN_EVERY = 8;
	private final SymmetricEigen eig;
	private final double[] z, shrink, keptVectors, shrinkMatrix;
	private final int[] kept;
	/** One row of z V_r diag(shrink) (the two-product order of {@link #apply}). */
	private final double[] projection;

	GroupSoftImpute(final int n, final int k, final double lambda, final int iterations) {
		this.n = n;
		this.k = k;
		this.lambda = lambda;
		this.iterations = iterations;
		eig = new SymmetricEigen(k);
		z = new double[n * k];
		shrink = new double[k];
		keptVectors = new double[k * k];
		shrinkMatrix = new double[k * k];
		kept = new int[k];
		projection = new double[k];
	}

	/**
	 * Iterations for a group with {@code observed} of its {@code entries} observed:
	 * {@code iterations · ½ / f} for the observed fraction f (the configured count at half
	 * observed), at least 1 and at most twice the configured count. Why: from the current
	 * estimate, each SoftImpute iteration moves the missing entries by a step that shrinks
	 * with the fraction observed (the fixed point is approached at a rate of about f per
	 * iteration), so a group with fewer observed entries needs proportionally more
	 * iterations to move as far; measured over the nine benchmark images
	 * (docs/quality.md), a fixed count was either too few at 80 % missing or over-fitted at
	 * 50 %.
	 */
	static int iterationsFor(final int iterations, final int observed, final int entries) {
		final double f = Math.max(observed, 1) / (double) entries;
		return (int) Math.min(2L * iterations, Math.max(1, Math.round(0.5 * iterations / f)));
	}

	@Override
	public int complete(final double[] observed, final boolean[] mask, final double[] estimate, final boolean[] heldOut,
		final long groupSeed)
	{
		final int nk = n * k;
		int observedCount = 0;
		for (int e = 0; e < nk; e++) if (mask[e]) observedCount++;
		final int its = iterationsFor(iterations, observedCount, nk);
		double tau = 0;
		int rank = 0;
		for (int it = 0; it < its; it++) {
			for (int e = 0; e < nk; e++) z[e] = mask[e] ? observed[e] : estimate[e];
			if (it % EIGEN_EVERY == 0) {
				gram(z, eig.v);
				eig.decompose();
				if (it == 0) tau = lambda * Math.sqrt(Math.max(eig.values[k - 1], 0));
				rank = 0;
				for (int j = k - 1; j >= 0; j--) {
					final double s = Math.sqrt(Math.max(eig.values[j], 0));
					if (s > tau && s > 0) {
						kept[rank] = j;
						shrink[rank] = 1 - tau / s;
						rank++;
					}
				}
				prepare(rank, Math.min(EIGEN_EVERY, its - it), nk - observedCount);
			}
			apply(mask, estimate, rank);
		}
		return rank;
	}

	/** c ← zᵀ z (K × K), the upper triangle accumulated row by row of z, then mirrored. */
	private void gram(final double[] zz, final double[] c) {
		java.util.Arrays.fill(c, 0);
		for (int i = 0; i < n; i++) {
			final int zi = i * k;
			for (int a = 0; a < k; a++) {
				final double za = zz[zi + a];
				if (za == 0) continue;
				final int ca = a * k;
				for (int b = a; b < k; b++) c[ca + b] += za * zz[zi + b];
			}
		}
		for (int a = 0; a < k; a++) for (int b = a + 1; b < k; b++) c[b * k + a] = c[a * k + b];
	}

	/** Whether {@link #apply} multiplies by the K × K matrix M (else by V_r twice). */
	private boolean viaMatrix;

	/**
	 * Prepares x ← z V_r diag(shrink) V_rᵀ over the kept eigenvectors, for the missing
	 * entries only (the observed ones are replaced by their values in the next z anyway,
	 * and the caller reads the estimate at missing pixels only). Two orders of the same
	 * product, whichever costs fewer multiply-adds over the {@code uses} applications:
	 * (z V_r) then V_rᵀ (p² K r + m r per application, m = missing entries), or once the
	 * K × K matrix M = V_r diag(shrink) V_rᵀ (K² r) and then z M (m K per application); with
	 * a small λ most components are kept, where the second is cheaper and its inner loops
	 * are contiguous (M is symmetric: row b of M is its column b).
	 */
	private void prepare(final int rank, final int uses, final int missingEntries) {
		final double[] v = eig.v, vr = keptVectors;
		for (int r = 0; r < rank; r++) {
			final int col = kept[r];
			for (int a = 0; a < k; a++) vr[r * k + a] = v[a * k + col];
		}
		viaMatrix = (long) k * k * rank + (long) uses * missingEntries * k < (long) uses * ((long) n * k * rank +
			(long) missingEntries * rank);
		if (viaMatrix) {
			final double[] m = shrinkMatrix;
			java.util.Arrays.fill(m, 0);
			for (int r = 0; r < rank; r++) {
				final int vo = r * k;
				final double sr = shrink[r];
				for (int a = 0; a < k; a++) {
					final double va = sr * vr[vo + a];
					final int ma = a * k;
					for (int b = 0; b < k; b++) m[ma + b] += va * vr[vo + b];
				}
			}
		}
	}

	/**
	 * x ← z V_r diag(shrink) V_rᵀ at the missing entries with the operator of the last
	 * {@link #prepare}; observed entries of x get their observed values (z).
	 */
	private void apply(final boolean[] mask, final double[] x, final int rank) {
		final double[] vr = keptVectors, proj = projection;
		for (int i = 0; i < n; i++) {
			final int zi = i * k;
			if (!viaMatrix) {
				for (int r = 0; r < rank; r++) {
					final int vo = r * k;
					double s = 0;
					for (int a = 0; a < k; a++) s += z[zi + a] * vr[vo + a];
					proj[r] = s * shrink[r];
				}
			}
			for (int b = 0; b < k; b++) {
				if (mask[zi + b]) {
					x[zi + b] = z[zi + b];
					continue;
				}
				double s = 0;
				if (viaMatrix) {
					final double[] m = shrinkMatrix;
					final int mb = b * k;
					for (int a = 0; a < k; a++) s += z[zi + a] * m[mb + a];
				}
				else {
					for (int r = 0; r < rank; r++) s += proj[r] * vr[r * k + b];
				}
				x[zi + b] = s;
			}
		}
	}
}
