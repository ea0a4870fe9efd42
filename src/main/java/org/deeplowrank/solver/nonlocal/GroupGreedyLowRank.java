package org.deeplowrank.solver.nonlocal;

/**
 * Greedy Low-Rank Learning on one group (GLRL §5 Alg. 1, depth 2): the product
 * E = W_2 W_1 (W_2 p² × r, W_1 r × K) starts at rank 0 and grows one rank per phase. A
 * phase adds the top singular pair (u, v, σ) of the negative gradient −R of the loss at
 * the current product (R = the weighted residual, see {@link GroupDeepFactorization}) as a
 * new column √(scale·σ)·u of W_2 and row √(scale·σ)·v of W_1 (the component starts at
 * scale times its own size along the direction gradient descent from a small
 * initialization would learn next), then runs gradient descent on all layers. Every
 * {@value GroupDeepFactorization#CHECK} steps the error on the group's held-out pixels is
 * measured and the best iterate kept; a phase ends after
 * {@value GroupDeepFactorization#PATIENCE} checks without a new best once the new
 * component has had the time to grow (ln(1/scale) / (2 η σ) steps: it grows like
 * exp(2 η σ t) from scale·σ to about σ), and the run ends when a phase lowered the
 * training loss by less than {@value #MIN_PHASE_GAIN} of itself (GLRL's stop), at rank K, or after
 * {@value #STEPS} steps in all. The data are scaled to unit RMS and
 * the step is η = lr / (2 σ₁) as for the deep factorization per group.
 * <p>
 * Workspaces are allocated once per thread; the start of each power iteration is fixed,
 * so the result depends on the group only.
 */
final class GroupGreedyLowRank implements GroupSolver {

	private static final int CHECK = GroupDeepFactorization.CHECK, PATIENCE = GroupDeepFactorization.PATIENCE;
	/** Power iterations on the K × K Gram matrix for the top singular pair of the gradient. */
	private static final int POWER_STEPS = 20;
	/** Relative decrease of the training loss below which a phase ends the run (GLRL's minimal phase gain). */
	static final double MIN_PHASE_GAIN = 0.01;

	private final int n, k, iterations;
	private final double scale, lr, prior;
	/** w2 (packed n × r: row stride r, up to n × K), w1 (first r rows of K × K). */
	private final double[] w2, w1, g2, g1, e, r, target, weight, best, gram, pv, pw, u;

	/**
	 * Gradient steps per group and round, all phases together. More than the deep
	 * factorization's {@link NonlocalSettings#gdIterations}: each phase first waits for its
	 * component to grow (tens of steps), and a step at rank r costs 2 p² K r multiply-adds
	 * instead of 2 p² K² at full width, so 1000 steps at the ranks reached on images (2–4)
	 * cost less than the deep factorization's 150 at width K. Measured on the periodic
	 * texture of NonlocalCompletionTest at 80 % missing: 150 steps 0.13 relative error
	 * (rank 1.4 on average), 400 0.10, 1000 0.088 (rank 3.7).
	 */
	static final int STEPS = 1000;

	GroupGreedyLowRank(final int n, final int k, final NonlocalSettings s) {
		this(n, k, s, STEPS);
	}

	GroupGreedyLowRank(final int n, final int k, final NonlocalSettings s, final int steps) {
		this.n = n;
		this.k = k;
		this.iterations = steps;
		this.scale = s.scale;
		this.lr = s.lr;
		this.prior = s.prior;
		w2 = new double[n * k];
		g2 = new double[n * k];
		w1 = new double[k * k];
		g1 = new double[k * k];
		e = new double[n * k];
		r = new double[n * k];
		target = new double[n * k];
		weight = new double[n * k];
		best = new double[n * k];
		gram = new double[k * k];
		pv = new double[k];
		pw = new double[k];
		u = new double[n];
	}

	@Override
	public int complete(final double[] observed, final boolean[] mask, final double[] estimate, final boolean[] heldOut,
		final long groupSeed)
	{
		final int nk = n * k;
		final double c = GroupDeepFactorization.unitScale(observed, mask);
		GroupDeepFactorization.scaledTarget(observed, mask, estimate, heldOut, prior, c, target, weight);
		final double sigma = Math.max(topPair(target, null), 1e-3);
		final double eta = lr / (2 * sigma);
		java.util.Arrays.fill(e, 0);
		System.arraycopy(e, 0, best, 0, nk);
		double bestError = heldOutError(heldOut);
		int rank = 0, bestRank = 0, steps = 0;
		while (rank < k && steps < iterations) {
			// the weighted residual at the current product, its top singular pair (−R ≈ s u vᵀ)
			for (int q = 0; q < nk; q++) r[q] = weight[q] * (e[q] - target[q]);
			final double s = topPair(r, u);
			if (!(s > 1e-12)) break;
			final double a = Math.sqrt(scale * s);
			// W_2 is packed n × rank (row stride rank): widen it to rank + 1 in place, from the last row
			for (int i = n - 1; i >= 0; i--) {
				for (int x = rank - 1; x >= 0; x--) w2[i * (rank + 1) + x] = w2[i * rank + x];
				w2[i * (rank + 1) + rank] = -a * u[i];
			}
			for (int j = 0; j < k; j++) w1[rank * k + j] = a * pv[j];
			rank++;
			// the new component grows like exp(2 η s t) from scale·s to about s: the phase is not judged before
			final double growth = Math.log(1 / Math.min(scale, 0.5)) / (2 * eta * s);
			final int minSteps = (int) Math.min(Integer.MAX_VALUE / 2, Math.ceil(growth));
			double phaseBest = Double.POSITIVE_INFINITY;
			int sinceBest = 0;
			product(rank);
			final double lossBefore = loss();
			for (int it = 0; steps < iterations; it++, steps++) {
				product(rank);
				if (it % CHECK == 0) {
					final double err = heldOutError(heldOut);
					if (err < phaseBest) {
						phaseBest = err;
						sinceBest = 0;
						if (err < bestError) {
							bestError = err;
							bestRank = rank;
							System.arraycopy(e, 0, best, 0, nk);
						}
					}
					else if (it >= minSteps && ++sinceBest >= PATIENCE) break;
				}
				for (int q = 0; q < nk; q++) r[q] = weight[q] * (e[q] - target[q]);
				step(rank, eta);
			}
			// GLRL's stop: a phase that no longer lowers the loss by MIN_PHASE_GAIN ends the run
			product(rank);
			if (!(loss() < (1 - MIN_PHASE_GAIN) * lossBefore)) break;
		}
		for (int q = 0; q < nk; q++) estimate[q] = best[q] * c;
		return bestRank;
	}

	/** ½ Σ weight (E − target)² (the check when nothing is held out). */
	private double loss() {
		double s = 0;
		for (int q = 0; q < n * k; q++) {
			final double d = e[q] - target[q];
			s += weight[q] * d * d;
		}
		return 0.5 * s;
	}

	private double heldOutError(final boolean[] heldOut) {
		return heldOut == null ? loss() : GroupDeepFactorization.heldOutError(e, target, heldOut);
	}

	/** e ← W_2 W_1 (W_2 packed n × rank, W_1 rank × K). */
	private void product(final int rank) {
		GroupDeepFactorization.multiply(w2, w1, e, n, rank, k);
	}

	/** One GD step on both layers from the residual r: g2 = R W_1ᵀ, g1 = W_2ᵀ R. */
	private void step(final int rank, final double eta) {
		GroupDeepFactorization.multiplyTransposeB(r, w1, g2, n, k, rank);
		GroupDeepFactorization.multiplyTransposeA(w2, r, g1, n, rank, k);
		GroupDeepFactorization.axpy(-eta, g2, w2, n * rank);
		GroupDeepFactorization.axpy(-eta, g1, w1, rank * k);
	}

	private double topPair(final double[] m, final double[] left) {
		return GroupDeepFactorization.topSingularPair(m, n, k, POWER_STEPS, gram, pv, pw, left);
	}
}
