package org.deeplowrank.solver.nonlocal;

/**
 * Settings of the nonlocal patch-group completion ({@link NonlocalCompletion}). Field
 * names are the intended keys of {@code lifting=nonlocal}. One set of defaults for every
 * image (chosen by measurement over all benchmark images, docs/quality.md), nothing per
 * image.
 */
public final class NonlocalSettings {

	/** Patch side p (groups have p² rows). */
	public int patch = 8;
	/** Distance between reference patches; the last row and column of patches are always included. */
	public int stride = 5;
	/** Patches per group K (the reference patch and its K − 1 nearest neighbours). */
	public int groupSize = 32;
	/** Search window: candidate patches within ±window pixels of the reference, both axes. */
	public int window = 12;
	/** Rounds of grouping and group completion; each round matches on the previous estimate. */
	public int rounds = 3;
	/** How each group is completed. */
	public GroupMethod groupMethod = GroupMethod.SOFT_IMPUTE;
	/** SoftImpute: threshold λ relative to the group's largest singular value σ₁. */
	public double lambda = 0.02;
	/**
	 * SoftImpute: iterations per group and round. Few on purpose: from the current estimate
	 * each iteration moves the missing entries towards the group's low-rank fit; measured
	 * over the nine benchmark images, 4 iterations beat 10 at 50 % missing (38.18 vs
	 * 37.91 dB mean) and trail by 0.15 dB at 80 %, at 40 % of the cost (docs/quality.md).
	 */
	public int softImputeIterations = 4;
	/** Deep factorization: number of layers N, 2 or 3. */
	public int depth = 2;
	/** Deep factorization: initial size of each layer relative to the group's RMS (entries of std scale/√K). */
	public double scale = 1e-3;
	/** Deep factorization: relative step; η = lr / (N σ₁^{2−2/N}) on the group scaled to unit RMS. */
	public double lr = 1;
	/** Deep factorization: gradient steps per group and round (the held-out check may return an earlier one). */
	public int gdIterations = 150;
	/**
	 * Deep factorization: weight β of the missing entries, pulled towards the current
	 * estimate (0 = fit the observed entries only).
	 */
	public double prior = 0.1;
	/** Seed of the random initializations (deep factorization) and held-out pixels. */
	public long seed = 0;
	/** Worker threads; 0 = all processors. The result does not depend on it. */
	public int threads = 0;

	public NonlocalSettings copy() {
		final NonlocalSettings s = new NonlocalSettings();
		s.patch = patch;
		s.stride = stride;
		s.groupSize = groupSize;
		s.window = window;
		s.rounds = rounds;
		s.groupMethod = groupMethod;
		s.lambda = lambda;
		s.softImputeIterations = softImputeIterations;
		s.depth = depth;
		s.scale = scale;
		s.lr = lr;
		s.gdIterations = gdIterations;
		s.prior = prior;
		s.seed = seed;
		s.threads = threads;
		return s;
	}

	/** Throws {@link IllegalArgumentException} naming the first bad key and what it expects. */
	public void validate() {
		if (patch < 1 || patch > 64) throw bad("patch", patch, "an integer in [1, 64], e.g. 8");
		if (stride < 1) throw bad("stride", stride, "a positive integer, e.g. 4");
		if (groupSize < 1 || groupSize > 1024) throw bad("group_size", groupSize, "an integer in [1, 1024], e.g. 32");
		if (window < 0) throw bad("window", window, "an integer >= 0, e.g. 12");
		if ((2L * window + 1) * (2L * window + 1) < groupSize) {
			throw new IllegalArgumentException("'group_size' " + groupSize + " is more than the " + (2 * window + 1) *
				(2 * window + 1) + " patches of a search window of ±" + window + ": use a larger 'window' or a smaller " +
				"'group_size'");
		}
		if (rounds < 1) throw bad("rounds", rounds, "an integer >= 1, e.g. 3");
		if (groupMethod == null) throw new IllegalArgumentException("missing value for 'group_method'");
		if (!(lambda >= 0) || !(lambda < 1)) throw bad("lambda", lambda, "a fraction of σ₁ in [0, 1), e.g. 0.02");
		if (softImputeIterations < 1) throw bad("iterations", softImputeIterations, "an integer >= 1");
		if (depth < 2 || depth > 3) throw bad("depth", depth, "2 or 3");
		if (!(scale > 0) || !Double.isFinite(scale)) throw bad("scale", scale, "a positive number, e.g. 0.001");
		if (!(lr > 0) || !Double.isFinite(lr)) throw bad("lr", lr, "a positive number, e.g. 1");
		if (gdIterations < 1) throw bad("iterations", gdIterations, "an integer >= 1");
		if (!(prior >= 0) || !(prior <= 1)) throw bad("prior", prior, "a weight in [0, 1], e.g. 0.1");
		if (threads < 0) throw bad("threads", threads, "0 (all processors) or a positive integer");
	}

	static IllegalArgumentException bad(final String key, final Object value, final String expected) {
		return new IllegalArgumentException("bad value for '" + key + "': " + value + " (expected " + expected + ")");
	}
}
