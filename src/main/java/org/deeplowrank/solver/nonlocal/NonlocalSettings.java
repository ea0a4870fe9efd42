package org.deeplowrank.solver.nonlocal;

import java.util.Objects;

/**
 * Settings of the nonlocal patch-group completion ({@link NonlocalCompletion}), immutable
 * (public final fields, read by the algorithm; built by a {@link Builder}, whose initial
 * values are the defaults, {@link #DEFAULTS}). The user keys of {@code lifting=nonlocal}
 * are {@code patch}, {@code group} ({@link #groupSize}), {@code search} ({@link #window}),
 * {@code rounds} and {@code method} per group ({@link #groupMethod}); the other fields are
 * the per-group solvers' own settings. One set of defaults for every image (chosen by
 * measurement over all benchmark images, docs/quality.md), nothing per image.
 */
public final class NonlocalSettings {

	/** The defaults. */
	public static final NonlocalSettings DEFAULTS = builder().build();

	/** Patch side p (groups have p² rows); key {@code patch}. */
	public final int patch;
	/** Distance between reference patches; the last row and column of patches are always included. */
	public final int stride;
	/** Patches per group K (the reference patch and its K − 1 nearest neighbours); key {@code group}. */
	public final int groupSize;
	/** Search window: candidate patches within ±window pixels of the reference, both axes; key {@code search}. */
	public final int window;
	/** Rounds of grouping and group completion; each round matches on the previous estimate; key {@code rounds}. */
	public final int rounds;
	/** How each group is completed; key {@code method} with {@code lifting=nonlocal}. */
	public final GroupMethod groupMethod;
	/**
	 * SoftImpute: threshold λ relative to the group's largest singular value σ₁. Measured
	 * over the nine benchmark images (docs/quality.md, with the scaled iterations): 0.01
	 * beats 0.02 by 0.1 dB at 50 % missing and is level at 80 %; 0.05 loses 0.8 dB on
	 * smooth images.
	 */
	public final double lambda;
	/**
	 * SoftImpute: iterations per group and round for a group with half its entries
	 * observed; a group with observed fraction f runs round(this · ½ / f), between 1 and
	 * twice this (GroupSoftImpute.iterationsFor: each iteration moves the missing entries
	 * about f of the way to the group's fit). Few on purpose: the start is the current
	 * estimate and the threshold is small, so many iterations over-fit the observed
	 * entries. Measured over the nine benchmark images (docs/quality.md), with λ = 0.01:
	 * a fixed 4 gave 38.22 / 32.38 dB mean at 50 / 80 % missing, a fixed 10 38.26 / 32.77,
	 * 8 scaled by the observed fraction 38.27 / 32.86 (biharmonic 37.43 / 31.81).
	 */
	public final int softImputeIterations;
	/** Deep factorization: number of layers N, 2 or 3. */
	public final int depth;
	/** Deep factorization: initial size of each layer relative to the group's RMS (entries of std scale/√K). */
	public final double scale;
	/** Deep factorization: relative step; η = lr / (N σ₁^{2−2/N}) on the group scaled to unit RMS. */
	public final double lr;
	/** Deep factorization: gradient steps per group and round (the held-out check may return an earlier one). */
	public final int gdIterations;
	/**
	 * Deep factorization: weight β of the missing entries, pulled towards the current
	 * estimate (0 = fit the observed entries only).
	 */
	public final double prior;
	/** Seed of the random initializations (deep factorization) and held-out pixels. */
	public final long seed;
	/** Worker threads; 0 = all processors. The result does not depend on it. */
	public final int threads;

	/** The defaults (as {@link #DEFAULTS}). */
	public NonlocalSettings() {
		this(new Builder());
	}

	private NonlocalSettings(final Builder b) {
		patch = b.patch;
		stride = b.stride;
		groupSize = b.groupSize;
		window = b.window;
		rounds = b.rounds;
		groupMethod = b.groupMethod;
		lambda = b.lambda;
		softImputeIterations = b.softImputeIterations;
		depth = b.depth;
		scale = b.scale;
		lr = b.lr;
		gdIterations = b.gdIterations;
		prior = b.prior;
		seed = b.seed;
		threads = b.threads;
	}

	public static Builder builder() {
		return new Builder();
	}

	/** A builder holding these values. */
	public Builder toBuilder() {
		return new Builder(this);
	}

	/** These settings with another seed (each plane, tile and candidate of {@code method=auto} runs with its own). */
	public NonlocalSettings withSeed(final long newSeed) {
		return toBuilder().seed(newSeed).build();
	}

	/**
	 * Throws {@link IllegalArgumentException} naming the first bad key, what it expects and
	 * how to fix it. {@link Builder#build} calls it, so an instance is always valid; the
	 * algorithm checks again (cheap).
	 */
	public void validate() {
		check(patch, stride, groupSize, window, rounds, groupMethod, lambda, softImputeIterations, depth, scale, lr,
			gdIterations, prior, threads);
	}

	private static void check(final int patch, final int stride, final int groupSize, final int window,
		final int rounds, final GroupMethod groupMethod, final double lambda, final int softImputeIterations,
		final int depth, final double scale, final double lr, final int gdIterations, final double prior,
		final int threads)
	{
		if (patch < 1 || patch > 64) throw bad("patch", patch, "an integer in [1, 64], e.g. 8");
		if (stride < 1) throw bad("stride", stride, "a positive integer, e.g. 4");
		if (groupSize < 1 || groupSize > 1024) throw bad("group", groupSize, "an integer in [1, 1024], e.g. 32");
		if (window < 0) throw bad("search", window, "an integer >= 0, e.g. 12");
		if ((2L * window + 1) * (2L * window + 1) < groupSize) {
			throw new IllegalArgumentException("'group' " + groupSize + " is more than the " + (2 * window + 1) *
				(2 * window + 1) + " patches of a search window of ±" + window + ": use a larger 'search' (at least " +
				minimumWindow(groupSize) + ") or a smaller 'group'");
		}
		if (rounds < 1) throw bad("rounds", rounds, "an integer >= 1, e.g. 3");
		if (groupMethod == null) throw new IllegalArgumentException("missing value for 'method' (per group)");
		if (!(lambda >= 0) || !(lambda < 1)) throw bad("lambda", lambda, "a fraction of σ₁ in [0, 1), e.g. 0.01");
		if (softImputeIterations < 1) throw bad("iterations", softImputeIterations, "an integer >= 1");
		if (depth < 2 || depth > 3) throw bad("depth", depth, "2 or 3");
		if (!(scale > 0) || !Double.isFinite(scale)) throw bad("scale", scale, "a positive number, e.g. 0.001");
		if (!(lr > 0) || !Double.isFinite(lr)) throw bad("lr", lr, "a positive number, e.g. 1");
		if (gdIterations < 1) throw bad("iterations", gdIterations, "an integer >= 1");
		if (!(prior >= 0) || !(prior <= 1)) throw bad("prior", prior, "a weight in [0, 1], e.g. 0.1");
		if (threads < 0) throw bad("threads", threads, "0 (all processors) or a positive integer");
	}

	/** Bytes per pixel of a run, beyond its group index (see {@link #memoryBytes}). */
	static final long BYTES_PER_PIXEL = 104;

	/**
	 * About how many bytes {@link NonlocalCompletion} needs for a rows × cols plane with
	 * {@code threads} workers (0 = all processors): linear in the pixels, never their square.
	 * The biharmonic start (CG: about 10 values per pixel) and then the estimate, the
	 * accumulators and masks ({@value #BYTES_PER_PIXEL} bytes per pixel in all), the group
	 * index (K ints per reference patch: 4K/stride² bytes per pixel) and one chunk of group
	 * estimates plus the solver's scratch per worker ((CHUNK + 16) p²K values).
	 */
	public long memoryBytes(final int rows, final int cols, final int workers) {
		final int t = workers > 0 ? workers : Runtime.getRuntime().availableProcessors();
		final long pixels = (long) rows * cols;
		final long groups = rows < patch || cols < patch ? 0 : (long) BlockMatching.grid(rows, patch, stride).length *
			BlockMatching.grid(cols, patch, stride).length;
		final long groupEntries = (long) patch * patch * groupSize;
		return BYTES_PER_PIXEL * pixels + 4L * groupSize * groups + 8L * t * (NonlocalCompletion.CHUNK + 16) *
			groupEntries;
	}

	/**
	 * The largest square tile side (a multiple of 64, at least 64) whose run fits in
	 * {@code bytes}, for the message of a run that does not fit (see {@link #memoryBytes}).
	 */
	public int tileThatFits(final long bytes, final int workers) {
		final int t = workers > 0 ? workers : Runtime.getRuntime().availableProcessors();
		final double perPixel = BYTES_PER_PIXEL + 4.0 * groupSize / ((double) stride * stride);
		final double free = bytes - 8.0 * t * (NonlocalCompletion.CHUNK + 16) * patch * patch * groupSize;
		final int side = free > 0 ? (int) Math.min(1 << 16, Math.sqrt(free / perPixel)) : 0;
		return Math.max(64, side / 64 * 64);
	}

	/** The smallest search half-width whose (2w + 1)² positions hold {@code groupSize} patches. */
	static int minimumWindow(final int groupSize) {
		int w = 0;
		while ((2L * w + 1) * (2L * w + 1) < groupSize) w++;
		return w;
	}

	static IllegalArgumentException bad(final String key, final Object value, final String expected) {
		return new IllegalArgumentException("bad value for '" + key + "': " + value + " (expected " + expected + ")");
	}

	@Override
	public boolean equals(final Object o) {
		if (!(o instanceof NonlocalSettings)) return false;
		final NonlocalSettings s = (NonlocalSettings) o;
		return patch == s.patch && stride == s.stride && groupSize == s.groupSize && window == s.window &&
			rounds == s.rounds && groupMethod == s.groupMethod && Double.compare(lambda, s.lambda) == 0 &&
			softImputeIterations == s.softImputeIterations && depth == s.depth && Double.compare(scale, s.scale) == 0 &&
			Double.compare(lr, s.lr) == 0 && gdIterations == s.gdIterations && Double.compare(prior, s.prior) == 0 &&
			seed == s.seed && threads == s.threads;
	}

	@Override
	public int hashCode() {
		return Objects.hash(patch, stride, groupSize, window, rounds, groupMethod, lambda, softImputeIterations, depth,
			scale, lr, gdIterations, prior, seed, threads);
	}

	/** "softimpute groups of 32 patches of 8 x 8 (search ±12, 3 rounds)". */
	@Override
	public String toString() {
		return groupMethod.key + " groups of " + groupSize + " patches of " + patch + " x " + patch + " (search ±" +
			window + ", " + rounds + " rounds)";
	}

	/** Builds {@link NonlocalSettings}; its initial values are the defaults; {@link #build} checks every value. */
	public static final class Builder {

		private int patch = 8, stride = 4, groupSize = 32, window = 12, rounds = 3;
		private GroupMethod groupMethod = GroupMethod.SOFT_IMPUTE;
		private double lambda = 0.01;
		private int softImputeIterations = 8, depth = 2;
		private double scale = 1e-3, lr = 1;
		private int gdIterations = 150;
		private double prior = 0.1;
		private long seed = 0;
		private int threads = 0;

		private Builder() {}

		private Builder(final NonlocalSettings s) {
			patch = s.patch;
			stride = s.stride;
			groupSize = s.groupSize;
			window = s.window;
			rounds = s.rounds;
			groupMethod = s.groupMethod;
			lambda = s.lambda;
			softImputeIterations = s.softImputeIterations;
			depth = s.depth;
			scale = s.scale;
			lr = s.lr;
			gdIterations = s.gdIterations;
			prior = s.prior;
			seed = s.seed;
			threads = s.threads;
		}

		/** The checked settings. @throws IllegalArgumentException naming the first bad key */
		public NonlocalSettings build() {
			check(patch, stride, groupSize, window, rounds, groupMethod, lambda, softImputeIterations, depth, scale, lr,
				gdIterations, prior, threads);
			return new NonlocalSettings(this);
		}

		public Builder patch(final int v) {
			patch = v;
			return this;
		}

		public Builder stride(final int v) {
			stride = v;
			return this;
		}

		/** Key {@code group}. */
		public Builder groupSize(final int v) {
			groupSize = v;
			return this;
		}

		/** Key {@code search}. */
		public Builder window(final int v) {
			window = v;
			return this;
		}

		public Builder rounds(final int v) {
			rounds = v;
			return this;
		}

		public Builder groupMethod(final GroupMethod v) {
			groupMethod = v;
			return this;
		}

		public Builder lambda(final double v) {
			lambda = v;
			return this;
		}

		public Builder softImputeIterations(final int v) {
			softImputeIterations = v;
			return this;
		}

		public Builder depth(final int v) {
			depth = v;
			return this;
		}

		public Builder scale(final double v) {
			scale = v;
			return this;
		}

		public Builder lr(final double v) {
			lr = v;
			return this;
		}

		public Builder gdIterations(final int v) {
			gdIterations = v;
			return this;
		}

		public Builder prior(final double v) {
			prior = v;
			return this;
		}

		public Builder seed(final long v) {
			seed = v;
			return this;
		}

		public Builder threads(final int v) {
			threads = v;
			return this;
		}
	}
}
