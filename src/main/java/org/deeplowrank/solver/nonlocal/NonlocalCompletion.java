package org.deeplowrank.solver.nonlocal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.deeplowrank.solver.baseline.SmoothInpainting;
import org.deeplowrank.solver.linalg.Matrix;
import org.deeplowrank.solver.problem.GaussianSensingOperator;

/**
 * Nonlocal patch-group completion of one 2-D plane with missing pixels (issue #13; the
 * model behind WNNM and NLR-CS). Start from the biharmonic fill ({@link SmoothInpainting});
 * then, for {@link NonlocalSettings#rounds} rounds:
 * <ol>
 * <li>block matching on the current estimate: p × p reference patches on a stride grid
 * that always includes the last row and column, and for each the K most similar patches
 * (sum of squared differences) within ±W pixels ({@link BlockMatching});</li>
 * <li>each group is the p² × K matrix of its patches, observed where the pixel is
 * observed; its row means (per pixel offset, over the observed entries) are removed and
 * it is completed on its observed entries by a low-rank model ({@link GroupMethod});</li>
 * <li>the group estimates are averaged back into the image (every pixel is in at least
 * one reference patch), the observed pixels restored, and the missing ones clipped to the
 * observed range.</li>
 * </ol>
 * <b>Parallelism and determinism.</b> Groups are cut into chunks of {@value #CHUNK} in grid
 * order; a wave holds {@value #SLOTS_PER_THREAD} chunks per thread, which the threads take
 * as they become free, each on its own workspace and writing into its own slot; the main
 * thread then adds the slots' estimates into the image in chunk order. The floating-point
 * sums thus run in the same order for every thread count: the same input and seed give
 * the same bytes with 1 or 16 threads. Memory: the image, the estimate, the accumulators
 * and the group index (K ints per reference patch, about 1.3 per pixel at stride 5), plus
 * the slots of one wave: linear in the pixels.
 */
public final class NonlocalCompletion {

	/** Groups per chunk of the fixed partition. */
	static final int CHUNK = 32;
	/** Chunks per thread in a wave (the slots of chunk estimates: CHUNK · p² · K doubles each). */
	static final int SLOTS_PER_THREAD = 4;
	/** Fraction of the observed pixels held out per round to stop the deep factorization per group. */
	static final double GD_HELD_OUT = 0.05;

	private NonlocalCompletion() {}

	/** The outcome: the completed image and what happened. */
	public static final class Result {
		/** Observed pixels bit-identical to the input, missing ones filled. */
		public final Matrix image;
		/** Groups per round. */
		public final int groups;
		/** Patches per group actually used (K, or fewer when the image has fewer positions). */
		public final int groupSize;
		/** Mean rank of the group estimates in the last round (SoftImpute, GLRL; NaN for the deep factorization). */
		public final double meanRank;
		public final int rounds;
		public final boolean cancelled;

		Result(final Matrix image, final int groups, final int groupSize, final double meanRank, final int rounds,
			final boolean cancelled)
		{
			this.image = image;
			this.groups = groups;
			this.groupSize = groupSize;
			this.meanRank = meanRank;
			this.rounds = rounds;
			this.cancelled = cancelled;
		}

		public String summaryLine() {
			return String.format(Locale.ROOT, "groups=%d group_size=%d rounds=%d mean_rank=%.2f%s", groups, groupSize,
				rounds, meanRank, cancelled ? " (cancelled: partial result)" : "");
		}
	}

	/** {@link #solve} without a cancel callback, returning the image only. */
	public static Matrix complete(final Matrix image, final boolean[] missing, final NonlocalSettings settings) {
		return solve(image, missing, settings, null).image;
	}

	/**
	 * Completes the missing pixels of {@code image}: {@link NonlocalSettings#rounds} rounds
	 * from the biharmonic fill.
	 *
	 * @param image real plane (values at missing pixels are ignored; NaN allowed there)
	 * @param missing true = missing; null or all false: a copy is returned
	 * @param cancel polled between waves (may be null); a cancelled run returns its current estimate
	 */
	public static Result solve(final Matrix image, final boolean[] missing, final NonlocalSettings settings,
		final BooleanSupplier cancel)
	{
		return solve(image, missing, settings, null, 0, cancel);
	}

	/**
	 * {@link #solve(Matrix, boolean[], NonlocalSettings, BooleanSupplier)} from a given
	 * start and for a given number of rounds: {@code method=auto} continues the estimate it
	 * made with some observed pixels held out by one round on all of them, instead of
	 * starting over, and hands the biharmonic fill it computed anyway.
	 *
	 * @param start the estimate to begin from (same size; its values at missing pixels are
	 *          used, observed pixels are taken from {@code image}), or null: the biharmonic fill
	 * @param rounds rounds to run, or 0: {@link NonlocalSettings#rounds}
	 */
	public static Result solve(final Matrix image, final boolean[] missing, final NonlocalSettings settings,
		final Matrix start, final int rounds, final BooleanSupplier cancel)
	{
		if (settings == null) throw new IllegalArgumentException("missing value for 'settings'");
		settings.validate();
		if (image == null) throw new IllegalArgumentException("missing value for 'image'");
		if (image.isComplex()) throw new IllegalArgumentException("nonlocal completion needs a real image, got a complex one");
		if (rounds < 0) throw new IllegalArgumentException("bad number of rounds: " + rounds + " (expected 0 or more)");
		final int rows = image.rows, cols = image.cols, size = image.size(), p = settings.patch;
		if (missing != null && missing.length != size) {
			throw new IllegalArgumentException("mask has " + missing.length + " pixels but the image has " + size);
		}
		if (start != null && (start.rows != rows || start.cols != cols || start.isComplex())) {
			throw new IllegalArgumentException("the start estimate (" + start.cols + " x " + start.rows + ") does not " +
				"match the image (" + cols + " x " + rows + ")");
		}
		boolean any = false;
		if (missing != null) for (final boolean m : missing) any |= m;
		if (!any) return new Result(image.copy(), 0, 0, 0, 0, false);
		if (rows < p || cols < p) {
			throw new IllegalArgumentException("the image (" + cols + " x " + rows + ") is smaller than 'patch' " + p +
				": use patch=" + Math.min(rows, cols) + " or less");
		}
		double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
		boolean anyObserved = false;
		for (int q = 0; q < size; q++) {
			if (!missing[q]) {
				anyObserved = true;
				lo = Math.min(lo, image.re[q]);
				hi = Math.max(hi, image.re[q]);
			}
		}
		final Matrix current;
		if (start == null || !anyObserved) {
			// validates the observed values (finite) and the mask (something observed)
			current = SmoothInpainting.inpaint(image, missing, true);
		}
		else {
			if (!(Double.isFinite(lo) && Double.isFinite(hi))) {
				throw new IllegalArgumentException("the image has a non-finite observed value: fix or mask it");
			}
			current = start.copy();
			for (int q = 0; q < size; q++) {
				if (!missing[q]) current.re[q] = image.re[q];
				else if (!Double.isFinite(current.re[q])) {
					throw new IllegalArgumentException("the start estimate has a non-finite value at a missing pixel");
				}
			}
		}
		final int roundCount = rounds > 0 ? rounds : settings.rounds;
		final Problem problem = new Problem(image, missing, settings);
		final double[] x = current.re;
		final int threads = settings.threads > 0 ? settings.threads : Runtime.getRuntime().availableProcessors();
		final Worker[] workers = new Worker[threads];
		for (int t = 0; t < threads; t++) workers[t] = new Worker(problem);
		final Slot[] slots = new Slot[Math.min(problem.chunks, threads == 1 ? 1 : threads * SLOTS_PER_THREAD)];
		for (int i = 0; i < slots.length; i++) slots[i] = new Slot(problem);
		final ExecutorService pool = threads > 1 ? Executors.newFixedThreadPool(threads, r -> {
			final Thread th = new Thread(r, "nonlocal-groups");
			th.setDaemon(true);
			return th;
		}) : null;
		final double[] num = new double[size], den = new double[size];
		double meanRank = 0;
		int round = 0;
		boolean cancelled = false;
		try {
			for (; round < roundCount; round++) {
				final boolean[] heldOut = settings.groupMethod != GroupMethod.SOFT_IMPUTE ? heldOutPixels(missing, GD_HELD_OUT,
					mix(settings.seed, 1000 + round)) : null;
				// 1. block matching on the current estimate (each group writes its own slot of the index)
				cancelled = !runChunks(pool, workers, slots, problem.chunks, (w, c, slot) -> w.matchChunk(c, x), cancel,
					null);
				if (cancelled) break;
				// 2.-3. group completion, then aggregation in chunk order
				java.util.Arrays.fill(num, 0);
				java.util.Arrays.fill(den, 0);
				final int r = round;
				final long[] rankSum = new long[1];
				cancelled = !runChunks(pool, workers, slots, problem.chunks, (w, c, slot) -> w.solveChunk(c, slot, x,
					heldOut, r), cancel, slot -> rankSum[0] += slot.addInto(num, den));
				if (cancelled) break;
				meanRank = settings.groupMethod != GroupMethod.GD ? (double) rankSum[0] / problem.groups
					: Double.NaN;
				for (int q = 0; q < size; q++) {
					if (missing[q]) x[q] = Math.min(hi, Math.max(lo, num[q] / den[q]));
				}
			}
		}
		finally {
			if (pool != null) pool.shutdownNow();
		}
		for (int q = 0; q < size; q++) if (!missing[q]) x[q] = image.re[q];
		return new Result(current, problem.groups, problem.k, meanRank, round, cancelled);
	}

	/** Work on one chunk by one worker, its output (if any) into the given slot. */
	private interface ChunkTask {
		void run(Worker worker, int chunk, Slot slot);
	}

	/** Called on the main thread for each chunk's slot, in chunk order, after its wave. */
	private interface ChunkSink {
		void accept(Slot slot);
	}

	/**
	 * Runs {@code task} on every chunk, in waves of {@value #SLOTS_PER_THREAD} chunks per
	 * thread: within a wave the threads take the next chunk as they become free (a thread
	 * slowed by other processes does not hold the others up), each chunk writing into its
	 * own slot; after the wave the sink sees the slots in chunk order. Which thread solved
	 * a chunk does not change its output, so the sums are the same for every thread count.
	 * Returns false when cancelled.
	 */
	private static boolean runChunks(final ExecutorService pool, final Worker[] workers, final Slot[] slots,
		final int chunks, final ChunkTask task, final BooleanSupplier cancel, final ChunkSink sink)
	{
		final int t = workers.length, waveSize = slots.length;
		final List<Callable<Void>> wave = new ArrayList<>(t);
		final AtomicInteger next = new AtomicInteger();
		for (int first = 0; first < chunks; first += waveSize) {
			if (cancel != null && cancel.getAsBoolean()) return false;
			final int count = Math.min(waveSize, chunks - first), f = first;
			if (pool == null || count == 1) {
				for (int s = 0; s < count; s++) task.run(workers[0], f + s, slots[s]);
			}
			else {
				next.set(0);
				wave.clear();
				for (int w = 0; w < Math.min(t, count); w++) {
					final Worker worker = workers[w];
					wave.add(() -> {
						for (int s; (s = next.getAndIncrement()) < count;) task.run(worker, f + s, slots[s]);
						return null;
					});
				}
				try {
					for (final Future<Void> fu : pool.invokeAll(wave)) fu.get();
				}
				catch (final InterruptedException e) {
					Thread.currentThread().interrupt();
					return false;
				}
				catch (final ExecutionException e) {
					final Throwable c = e.getCause();
					if (c instanceof RuntimeException) throw (RuntimeException) c;
					if (c instanceof Error) throw (Error) c;
					throw new IllegalStateException(c);
				}
			}
			if (sink != null) for (int s = 0; s < count; s++) sink.accept(slots[s]);
		}
		return true;
	}

	/** A seeded fraction of the observed pixels (held out from every group's fit). */
	static boolean[] heldOutPixels(final boolean[] missing, final double fraction, final long seed) {
		final boolean[] held = new boolean[missing.length];
		final Random rnd = new Random(seed);
		for (int q = 0; q < missing.length; q++) if (!missing[q] && rnd.nextDouble() < fraction) held[q] = true;
		return held;
	}

	/** Independent seed streams from one seed: the SplitMix64 step at seed + stream·γ. */
	static long mix(final long seed, final long stream) {
		return GaussianSensingOperator.mixSeed(seed + 0x9E3779B97F4A7C15L * stream);
	}

	/** What every worker reads: the image, the mask, the grid and the group index. */
	private static final class Problem {
		final Matrix image;
		final boolean[] missing;
		final NonlocalSettings settings;
		final int rows, cols, p, n, k;
		final int[] gridY, gridX;
		final int groups, chunks;
		/** Pixel offset of each patch entry (u, v) from the patch origin: u·cols + v. */
		final int[] entryOffset;
		/** Patch origins (flat index) of each group, K per group, reference first. */
		final int[] positions;

		Problem(final Matrix image, final boolean[] missing, final NonlocalSettings s) {
			this.image = image;
			this.missing = missing;
			this.settings = s;
			rows = image.rows;
			cols = image.cols;
			p = s.patch;
			n = p * p;
			// every reference has at least this many candidate positions in its window
			final long candidates = (long) Math.min(s.window + 1, rows - p + 1) * Math.min(s.window + 1, cols - p + 1);
			k = (int) Math.min(s.groupSize, candidates);
			gridY = BlockMatching.grid(rows, p, s.stride);
			gridX = BlockMatching.grid(cols, p, s.stride);
			groups = gridY.length * gridX.length;
			chunks = (groups + CHUNK - 1) / CHUNK;
			entryOffset = new int[n];
			for (int u = 0; u < p; u++) for (int v = 0; v < p; v++) entryOffset[u * p + v] = u * cols + v;
			positions = new int[Math.multiplyExact(groups, k)];
		}
	}

	/** One chunk's group estimates (n·k each, in the chunk's group order), its group count and rank sum. */
	private static final class Slot {
		final Problem pr;
		final double[] estimates;
		int chunk = -1, groups;
		long rank;

		Slot(final Problem pr) {
			this.pr = pr;
			estimates = new double[CHUNK * pr.n * pr.k];
		}

		/** Adds the chunk's estimates into the accumulators (main thread, chunk order); returns their rank sum. */
		long addInto(final double[] num, final double[] den) {
			final int n = pr.n, k = pr.k, nk = n * k;
			for (int gi = 0; gi < groups; gi++) {
				final int base = (chunk * CHUNK + gi) * k, gOff = gi * nk;
				for (int i = 0; i < n; i++) {
					final int off = pr.entryOffset[i];
					for (int j = 0; j < k; j++) {
						final int q = pr.positions[base + j] + off;
						num[q] += estimates[gOff + i * k + j];
						den[q] += 1;
					}
				}
			}
			return rank;
		}
	}

	/** One thread's workspace: group buffers and its solver. */
	private static final class Worker {
		final Problem pr;
		final BlockMatching.Scratch scratch;
		final GroupSolver solver;
		final double[] observed, estimate, rowMean;
		final boolean[] mask, held;

		Worker(final Problem pr) {
			this.pr = pr;
			final int nk = pr.n * pr.k;
			scratch = new BlockMatching.Scratch(pr.k);
			final NonlocalSettings s = pr.settings;
			switch (s.groupMethod) {
				case SOFT_IMPUTE:
					solver = new GroupSoftImpute(pr.n, pr.k, s.lambda, s.softImputeIterations);
					break;
				case GLRL:
					solver = new GroupGreedyLowRank(pr.n, pr.k, s);
					break;
				default:
					solver = new GroupDeepFactorization(pr.n, pr.k, s);
			}
			observed = new double[nk];
			estimate = new double[nk];
			rowMean = new double[pr.n];
			mask = new boolean[nk];
			held = new boolean[nk];
		}

		void matchChunk(final int c, final double[] x) {
			final int g1 = Math.min(pr.groups, (c + 1) * CHUNK);
			for (int g = c * CHUNK; g < g1; g++) {
				final int ry = pr.gridY[g / pr.gridX.length], rx = pr.gridX[g % pr.gridX.length];
				BlockMatching.match(x, pr.rows, pr.cols, pr.p, pr.settings.window, ry, rx, pr.k, scratch, pr.positions,
					g * pr.k);
			}
		}

		void solveChunk(final int c, final Slot slot, final double[] x, final boolean[] heldOut, final int round) {
			final int n = pr.n, k = pr.k, nk = n * k;
			final int g0 = c * CHUNK, g1 = Math.min(pr.groups, g0 + CHUNK);
			final double[] img = pr.image.re;
			final boolean[] miss = pr.missing;
			final double[] out = slot.estimates;
			slot.chunk = c;
			slot.groups = g1 - g0;
			long rankSum = 0;
			for (int g = g0; g < g1; g++) {
				final int base = g * k;
				boolean anyHeld = false;
				for (int i = 0; i < n; i++) {
					final int off = pr.entryOffset[i], row = i * k;
					double sum = 0, sumAll = 0;
					int count = 0;
					for (int j = 0; j < k; j++) {
						final int q = pr.positions[base + j] + off;
						final int e = row + j;
						final boolean obs = !miss[q];
						final boolean h = obs && heldOut != null && heldOut[q];
						observed[e] = obs ? img[q] : 0;
						mask[e] = obs && !h;
						held[e] = h;
						anyHeld |= h;
						estimate[e] = x[q];
						sumAll += x[q];
						if (mask[e]) {
							sum += img[q];
							count++;
						}
					}
					// the row mean of the fitted entries (of the estimate when none is fitted)
					final double mu = count > 0 ? sum / count : sumAll / k;
					for (int j = 0; j < k; j++) {
						observed[row + j] -= mu;
						estimate[row + j] -= mu;
					}
					rowMean[i] = mu;
				}
				final int gOff = (g - g0) * nk;
				rankSum += solver.complete(observed, mask, estimate, anyHeld ? held : null, mix(pr.settings.seed,
					(long) round * pr.groups + g));
				for (int i = 0; i < n; i++) {
					final double mu = rowMean[i];
					for (int j = 0; j < k; j++) out[gOff + i * k + j] = estimate[i * k + j] + mu;
				}
			}
			slot.rank = rankSum;
		}
	}
}
