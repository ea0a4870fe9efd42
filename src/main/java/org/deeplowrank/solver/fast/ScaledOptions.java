package org.deeplowrank.solver.fast;

import org.deeplowrank.solver.kernels.BackendKind;
import org.deeplowrank.solver.kernels.Precision;

/**
 * Immutable settings of a {@link ScaledDeepFactorization} run, relative to the data normalized to
 * RMS 1 on the fitted entries (so they do not depend on the image's size or bit depth).
 *
 * @param depth number of layers N ≥ 1
 * @param initialWidth hidden width to start from (0 = automatic: the directions GLRL's test admits at the start, else 1;
 *          directions are added as the residual asks)
 * @param maxWidth largest hidden width (0 = min(rows, cols), no rank cap)
 * @param scale initial layer size s: iid N(0, s²/d_in) entries, as the solver's gaussian init
 * @param eta step of the preconditioned update (0.5: see {@link ScaledDeepFactorization})
 * @param lambda damping λ relative to σ^{2m/N} (σ the target's estimated spectral norm,
 *          m the number of layers in the Gram it damps)
 * @param outerGram how the outer layers are preconditioned: each row's own Gram over its
 *          observed entries (exact Gauss–Newton block of that layer), the global Gram, or
 *          automatically per side ({@link OuterGram})
 * @param tolerance stop when the layers' relative change per step is below this at a
 *          settled width
 * @param widenThreshold add directions while σ_1(P_Ω(Y − W))/p exceeds this times σ
 * @param maxSteps cap on the number of steps
 * @param maxSeconds wall-clock cap (0 = none)
 * @param checkEvery steps between convergence / validation / width checks (and listener calls)
 * @param patience checks without a held-out improvement before stopping
 * @param seed seed of the initialization
 * @param backend where the large products run
 * @param precision precision of the large products (AUTO: {@code Kernels.resolve})
 * @param threads threads for the products (0 = all processors)
 */
public final class ScaledOptions {

	private final int depth;
	private final int initialWidth;
	private final int maxWidth;
	private final double scale;
	private final double eta;
	private final double lambda;
	private final OuterGram outerGram;
	private final double tolerance;
	private final double widenThreshold;
	private final int maxSteps;
	private final double maxSeconds;
	private final int checkEvery;
	private final int patience;
	private final long seed;
	private final BackendKind backend;
	private final Precision precision;
	private final int threads;

	public ScaledOptions(final int depth, final int initialWidth, final int maxWidth, final double scale, final double eta, final double lambda, final OuterGram outerGram, final double tolerance, final double widenThreshold, final int maxSteps, final double maxSeconds, final int checkEvery, final int patience, final long seed, final BackendKind backend, final Precision precision, final int threads) {

		if (depth < 1 || depth > 64) throw bad("depth", depth, "an integer in 1..64");
		if (initialWidth < 0) throw bad("initial width", initialWidth, "0 (automatic) or a positive integer");
		if (maxWidth < 0) throw bad("width", maxWidth, "0 (full width) or a positive integer");
		if (!(scale > 0) || !Double.isFinite(scale)) throw bad("scale", scale, "a positive number, e.g. 0.1");
		if (!(eta > 0) || !(eta <= 2)) throw bad("eta", eta, "a number in (0, 2], e.g. 0.5");
		if (!(lambda > 0) || !Double.isFinite(lambda)) throw bad("lambda", lambda, "a positive number, e.g. 0.03");
		if (!(tolerance >= 0) || !Double.isFinite(tolerance)) throw bad("tolerance", tolerance, "a number >= 0");
		if (!(widenThreshold >= 0) || !Double.isFinite(widenThreshold)) {
			throw bad("widen threshold", widenThreshold, "a number >= 0");
		}
		if (maxSteps < 0) throw bad("max steps", maxSteps, "an integer >= 0");
		if (!(maxSeconds >= 0)) throw bad("max_seconds", maxSeconds, "a number of seconds >= 0 (0 = no cap)");
		if (checkEvery < 1) throw bad("check every", checkEvery, "an integer >= 1");
		if (patience < 1) throw bad("patience", patience, "an integer >= 1");
		if (backend == null || precision == null || outerGram == null) {
			throw new IllegalArgumentException("missing backend, precision or outer Gram");
		}
		if (threads < 0) throw bad("threads", threads, "0 (all processors) or a positive integer");
		this.depth = depth;
		this.initialWidth = initialWidth;
		this.maxWidth = maxWidth;
		this.scale = scale;
		this.eta = eta;
		this.lambda = lambda;
		this.outerGram = outerGram;
		this.tolerance = tolerance;
		this.widenThreshold = widenThreshold;
		this.maxSteps = maxSteps;
		this.maxSeconds = maxSeconds;
		this.checkEvery = checkEvery;
		this.patience = patience;
		this.seed = seed;
		this.backend = backend;
		this.precision = precision;
		this.threads = threads;
	}

	/**
	 * The defaults: depth 3, rank-adaptive width from 1, s = 0.1, η = 0.5, λ = 0.1, row-wise
	 * Grams on a side whose rows have few observations ({@link OuterGram#AUTO}; measured,
	 * docs/benchmarks.md).
	 */
	public static ScaledOptions defaults() {
		return new ScaledOptions(3, 0, 0, 0.1, 0.5, 0.1, OuterGram.AUTO, 1e-6, 1e-3, 100_000, 0, 5, 20, 0, BackendKind.AUTO,
			Precision.AUTO, 0);
	}

	public int depth() {
		return depth;
	}

	public int initialWidth() {
		return initialWidth;
	}

	public int maxWidth() {
		return maxWidth;
	}

	public double scale() {
		return scale;
	}

	public double eta() {
		return eta;
	}

	public double lambda() {
		return lambda;
	}

	public OuterGram outerGram() {
		return outerGram;
	}

	public double tolerance() {
		return tolerance;
	}

	public double widenThreshold() {
		return widenThreshold;
	}

	public int maxSteps() {
		return maxSteps;
	}

	public double maxSeconds() {
		return maxSeconds;
	}

	public int checkEvery() {
		return checkEvery;
	}

	public int patience() {
		return patience;
	}

	public long seed() {
		return seed;
	}

	public BackendKind backend() {
		return backend;
	}

	public Precision precision() {
		return precision;
	}

	public int threads() {
		return threads;
	}

	public ScaledOptions withDepth(final int d) {
		return new ScaledOptions(d, initialWidth, maxWidth, scale, eta, lambda, outerGram, tolerance, widenThreshold,
			maxSteps, maxSeconds, checkEvery, patience, seed, backend, precision, threads);
	}

	public ScaledOptions withWidths(final int initial, final int max) {
		return new ScaledOptions(depth, initial, max, scale, eta, lambda, outerGram, tolerance, widenThreshold, maxSteps,
			maxSeconds, checkEvery, patience, seed, backend, precision, threads);
	}

	public ScaledOptions withStep(final double newEta, final double newLambda, final OuterGram newOuterGram) {
		return new ScaledOptions(depth, initialWidth, maxWidth, scale, newEta, newLambda, newOuterGram, tolerance,
			widenThreshold, maxSteps, maxSeconds, checkEvery, patience, seed, backend, precision, threads);
	}

	public ScaledOptions withStopping(final double newTolerance, final int newMaxSteps, final double newMaxSeconds) {
		return new ScaledOptions(depth, initialWidth, maxWidth, scale, eta, lambda, outerGram, newTolerance, widenThreshold,
			newMaxSteps, newMaxSeconds, checkEvery, patience, seed, backend, precision, threads);
	}

	public ScaledOptions withScale(final double newScale) {
		return new ScaledOptions(depth, initialWidth, maxWidth, newScale, eta, lambda, outerGram, tolerance, widenThreshold,
			maxSteps, maxSeconds, checkEvery, patience, seed, backend, precision, threads);
	}

	public ScaledOptions withSeed(final long newSeed) {
		return new ScaledOptions(depth, initialWidth, maxWidth, scale, eta, lambda, outerGram, tolerance, widenThreshold,
			maxSteps, maxSeconds, checkEvery, patience, newSeed, backend, precision, threads);
	}

	public ScaledOptions withKernels(final BackendKind newBackend, final Precision newPrecision, final int newThreads) {
		return new ScaledOptions(depth, initialWidth, maxWidth, scale, eta, lambda, outerGram, tolerance, widenThreshold,
			maxSteps, maxSeconds, checkEvery, patience, seed, newBackend, newPrecision, newThreads);
	}

	private static IllegalArgumentException bad(final String key, final Object value, final String expected) {
		return new IllegalArgumentException("bad value for '" + key + "': " + value + " (expected " + expected + ")");
	}
}
