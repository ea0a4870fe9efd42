package org.deeplowrank.solver.nonlocal;

/**
 * SoftImpute on one group (Mazumder, Hastie and Tibshirani 2010): Z ← P_Ω(Y) + P_Ω^⊥(X),
 * X ← S_τ(Z), a fixed number of times from the current estimate, with the threshold
 * τ = λ σ₁ relative to the largest singular value of the first Z (the group at the
 * current estimate), so that one λ fits groups of every contrast. S_τ is computed from
 * the K × K Gram matrix ZᵀZ = V Λ Vᵀ: S_τ(Z) = Z V diag(max(1 − τ/√λ_j, 0)) Vᵀ, which
 * costs O(p² K r) for the r kept components instead of a p² × K SVD.
 */
final class GroupSoftImpute implements GroupSolver {

	private final int n, k;
	private final double lambda;
	private final int iterations;
	private final SymmetricEigen eig;
	private final double[] z, shrink, keptVectors;
	private final int[] kept;

	GroupSoftImpute(final int n, final int k, final double lambda, final int iterations) {
		this.n = n;
		this.k = k;
		this.lambda = lambda;
		this.iterations = iterations;
		eig = new SymmetricEigen(k);
		z = new double[n * k];
		shrink = new double[k];
		keptVectors = new double[k * k];
		kept = new int[k];
	}

	@Override
	public int complete(final double[] observed, final boolean[] mask, final double[] estimate, final boolean[] heldOut,
		final long groupSeed)
	{
		double tau = 0;
		int rank = 0;
		for (int it = 0; it < iterations; it++) {
			for (int e = 0; e < n * k; e++) z[e] = mask[e] ? observed[e] : estimate[e];
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
			shrinkInto(estimate, rank);
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

	/** x ← (z V_r) diag(shrink) V_rᵀ over the kept eigenvectors (copied to rows for contiguous access). */
	private void shrinkInto(final double[] x, final int rank) {
		final double[] v = eig.v, vr = keptVectors;
		for (int r = 0; r < rank; r++) {
			final int col = kept[r];
			for (int a = 0; a < k; a++) vr[r * k + a] = v[a * k + col];
		}
		for (int i = 0; i < n; i++) {
			final int zi = i * k;
			for (int b = 0; b < k; b++) x[zi + b] = 0;
			for (int r = 0; r < rank; r++) {
				final int vo = r * k;
				double s = 0;
				for (int a = 0; a < k; a++) s += z[zi + a] * vr[vo + a];
				s *= shrink[r];
				for (int b = 0; b < k; b++) x[zi + b] += s * vr[vo + b];
			}
		}
	}
}
