package org.deeplowrank.solver.fast;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;

import org.deeplowrank.solver.kernels.DenseKernels;
import org.deeplowrank.solver.kernels.DenseKernels.Buffer;
import org.deeplowrank.solver.kernels.Kernels;
import org.deeplowrank.solver.kernels.Precision;
import org.deeplowrank.solver.linalg.Masked;
import org.deeplowrank.solver.linalg.Matrix;
import org.deeplowrank.solver.linalg.Orthonormal;

/**
 * Matrix completion by preconditioned gradient descent on W = W_N ⋯ W_1 from a small
 * Gaussian initialization (the fast engine of issue #12).
 * <p>
 * <b>Step.</b> With R = P_Ω(W − Y)/p (p the fitted fraction, so R estimates the full
 * residual), prefixes P_j = W_j ⋯ W_1 and suffixes S_j = W_N ⋯ W_{j+1}, the layer gradients
 * are G_j = S_jᵀ R P_{j−1}ᵀ (METHOD.md §1, 4L eq. 5) and every layer moves at once by
 * <pre>
 *   W_j ← W_j − (2η/N) (S_jᵀ S_j + λ_l I)⁻¹ G_j (P_{j−1} P_{j−1}ᵀ + λ_r I)⁻¹,
 * </pre>
 * the left factor for j &lt; N, the right one for j &gt; 1 (each block step alone would correct
 * the whole residual, so N of them at once take 2/N of it each: the product moves as in
 * ScaledGD, and depth ≥ 4 does not overshoot). For N = 2 this is ScaledGD(λ) of
 * Xu, Shen, Ma and Chi (2023, eq. 6: W = L Rᵀ with L = W_2, R = W_1ᵀ); for N ≥ 3 it is its
 * per-layer analogue (each layer's Gauss–Newton block for full observation). While the
 * layers are small the Grams are below λ and the step is plain GD with step η/λ: the
 * small-initialization phase, which carries the low-rank bias, is that of gradient
 * descent; once a direction has grown past λ its step is normalized, so every direction
 * converges at the same linear rate whatever the condition number. λ_r = λ σ^{2(j−1)/N}
 * and λ_l = λ σ^{2(N−j)/N} scale with the Gram's size at a balanced factorization of a
 * target of spectral norm σ. On a row-wise side ({@link OuterGram}; by default a side whose
 * rows have fewer than {@value #ROWWISE_OBSERVATIONS} fitted entries per direction, as the
 * pixel rows of a pixels × frames Casorati matrix) an outer layer uses instead the Gram of
 * each row's (W_N) or column's (W_1) observed entries, the exact Gauss–Newton block of that
 * layer under the mask (one product of the mask with the k(k+1)/2 packed outer products,
 * rows·cols·k(k+1) flops, so only while it fits in memory), and, being exact, takes twice the
 * step (up to the product step 1: alternating least squares' solve for that layer).
 * <p>
 * <b>Sequential step.</b> At depth ≥ 3, when every column holds at least
 * {@value #WELL_SAMPLED} fitted entries per direction (the frames of a pixels × frames
 * Casorati matrix), the layers move one block after the other instead: W_1 … W_{N−1} from the
 * current residual, W_1 by the exact step min(2η, 1), then W_N, solved row by row from the
 * data with the new prefix (block Gauss–Seidel; {@link #sequentialStep}).
 * <p>
 * <b>Width.</b> The hidden width k starts small and grows by GLRL's test (GLRL §5, Alg. 2):
 * when the loss stagnates, the top singular pairs (u, v) of −P_Ω(W − Y) are computed; if
 * σ_1/p exceeds {@code widenThreshold}·σ and 1.2 times the noise edge of the mask (the top
 * singular value P_Ω would give an unstructured residual of the same size, sqrt(p(1 − p))·rms·
 * (sqrt(rows) + sqrt(cols))), a direction is missing and k grows by one, or by the number
 * of pairs that stand twice above that edge with σ_i ≥ 0.7 σ_1, or {@value #FAR_ABOVE_EDGE}
 * times above it whatever their size (at most doubling), the new
 * directions entering as GLRL's: a column ε u of W_N, a row ε vᵀ of W_1, ε on the new
 * diagonal of the middle layers. A step then costs O(rows·cols·k), not O(d³). The same
 * test runs once before the first step ({@value #START_PROBE} directions probed, admitted
 * only at {@value #START_MARGIN}× the noise edge, whatever their size against the top one):
 * the directions it admits replace the random
 * width-1 start, so a well-sampled target does not spend one saddle plateau per doubling
 * of the width. The test's block power iteration and the estimate of σ run on the
 * kernels, on the residual and data buffers (no rows x cols download). The loss stagnates
 * at a check against the one before, or, while the width is open, over the last
 * {@value #PHASE_WINDOW} steps once a phase's directions have grown (a test at that step,
 * not at the next check). A top pair whose v lies mostly in the row space of W_1 is a
 * direction still being fitted (at a stationary point R is orthogonal to that space), not a
 * missing one: nothing enters and the phase goes on.
 * <p>
 * <b>Stopping.</b> On convergence (relative change of the layers per step below
 * {@code tolerance} at a settled width), on the held-out error (no improvement for
 * {@code patience} checks, or a rise over each of {@value #WIDEN_PATIENCE} width phases in a
 * row; the best iterate is returned), or on the caps.
 * <p>
 * The large products run on {@link DenseKernels}; the k x k algebra in double in Java.
 * Deterministic for a seed (the kernels' sums are thread-count independent).
 */
public final class ScaledDeepFactorization {

	/** Rows · k(k+1)/2 above which the row-wise Gram is replaced by the global one (memory). */
	static final long ROWWISE_LIMIT = 1L << 25;
	/**
	 * {@link OuterGram#AUTO}: a side's rows (columns) are preconditioned one by one when they
	 * have fewer than this many fitted entries per hidden direction on average: below it the
	 * sampled Gram's relative error, about 2·sqrt(k/n) for n entries, exceeds 0.7, and the
	 * steps saved outweigh the row-wise Grams' cost, which grows as k² (measured,
	 * docs/benchmarks.md: 16 384 × 40 at 20 entries per row, k = 4: 300 steps to 67; 512² at
	 * 243 per row, k = 16: 66 steps to 55, each three times the cost).
	 */
	static final int ROWWISE_OBSERVATIONS = 8;
	/**
	 * Fitted entries per direction on a side's lines from which its factor counts as well
	 * determined: steps are then {@link #sequentialStep} (the global Gram's relative error,
	 * about 2·sqrt(k/n), is at most 1/4 there).
	 */
	static final int WELL_SAMPLED = 64;
	/** Rows per task of the row-wise solves. */
	static final int SOLVE_CHUNK = 4096;
	/**
	 * The row-wise Grams and their Cholesky factors are formed again when the factor they
	 * come from (P_{N−1} for W_N, S_1 for W_1) has moved by more than this relative to its
	 * size since: a preconditioner a per cent off changes the step by about 2 %, and near
	 * the solution the factors barely move, so most steps only solve (the Grams cost
	 * rows·cols·k(k+1) flops, the solves 2·rows·k²).
	 */
	static final double REFACTOR_CHANGE = 0.01;
	/** A check whose loss is above this fraction of the previous check's counts as stagnation. */
	static final double STAGNATION = 0.9;
	/**
	 * While the width is open, a step whose loss is above STAGNATION^(PHASE_WINDOW/checkEvery)
	 * of the loss PHASE_WINDOW steps before (the check's rate over a shorter window) is a check
	 * of its own once the phase's directions have grown (the loss below {@link #PHASE_GROWN}
	 * of its value when they entered): a direction entering at ε first lowers the loss by a
	 * few per cent a step, as a fitted width's tail does; one step's rate alone also fired on
	 * a direction's momentary slowdown (16 384 x 40, rank 4, σ_i ∝ 0.1^i: a fifth, spare
	 * direction entered and the run took 5 964 steps).
	 */
	static final int PHASE_WINDOW = 2;
	/** The fraction of a phase's starting loss below which its directions count as grown (see {@link #PHASE_WINDOW}). */
	static final double PHASE_GROWN = 0.9;
	/** A direction enters when its singular value exceeds this times the mask's noise edge (see {@link #widen}). */
	static final double NOISE_EDGE = 1.2;
	/** Block size and rounds of the power iteration that estimates σ = ‖P_Ω(Y)‖/p (a scale: a few per cent is enough). */
	static final int SIGMA_BLOCK = 4, SIGMA_ROUNDS = 8;
	/** Rounds of the block power iteration of GLRL's width test. */
	static final int WIDEN_ROUNDS = 3;
	/** Width phases in a row that each raised the held-out error, which stop a run (besides patience checks). */
	static final int WIDEN_PATIENCE = 3;
	/**
	 * A later width test admits a second and further directions when they are at least this
	 * fraction of the top one (and twice above the noise edge), or {@link #FAR_ABOVE_EDGE}
	 * times above the edge (see {@link #widen}).
	 */
	static final double COMPARABLE = 0.7;
	/**
	 * A direction this many times above the noise edge enters with the top one whatever its
	 * size: a decaying spectrum then enters several directions per test (65 536 x 100, rank
	 * 8, σ_i ∝ 0.7^i: 59–64 steps to 34–39), while one just above twice the edge, which may be
	 * the mask's noise (after a fit the probe's noise directions reach about 2×), waits for
	 * its own test (a spare direction is a slow tail: σ_i ∝ 0.1^i stopped at 2.7e-3).
	 */
	static final double FAR_ABOVE_EDGE = 2.5;
	/**
	 * The start probe admits every direction above its margin, whatever its size against the
	 * top one: the residual is then the target itself, so what stands {@link #START_MARGIN}×
	 * above the mask's noise edge is the target's (a decaying spectrum entered one phase per
	 * direction: 65 536 x 100, rank 8, σ_i ∝ 0.7^i, 64 steps). With nothing missing there is
	 * no noise edge and {@link #COMPARABLE} applies.
	 */
	static final double START_COMPARABLE = 0;
	/**
	 * A probed direction with more than this fraction of its (squared) length in the first
	 * layer's row space is a fitted direction still growing, not a missing one: at a
	 * stationary point W_N's gradient R (W_{N−1} ⋯ W_1)ᵀ is zero, so the residual's right
	 * singular vectors are orthogonal to that row space, and one inside it is R's part that
	 * the current width has yet to fit. A small direction grows from ε by a few per cent a
	 * step under λ, which the loss's stagnation cannot tell from a fitted width (16 384 x 40,
	 * rank 4, σ_i ∝ 0.1^i: its third direction was admitted a second time, overlap 1.00, and
	 * the spare copy's slow decay took the run to 6 144 steps).
	 */
	static final double IN_ROW_SPACE = 0.5;
	/**
	 * After a width test that found the fit unfinished, the early test of {@link #PHASE_WINDOW}
	 * waits until the loss is below this fraction of the loss then (a small direction's growth
	 * would fire it every step); the checks' own stagnation rule still tests (an image's
	 * unfinished fit need not halve its loss: cell, 50 % missing, waiting for it stopped the
	 * widening at 35.5 dB instead of 51.3).
	 */
	static final double RETEST_DROP = 0.5;
	/** Directions probed by the width test at the start (later tests probe the width: at most doubling). */
	static final int START_PROBE = 8;
	/** λ's drop at a check once a width's directions have grown ({@link #lowerDamping}), and the lowest factor on it. */
	static final double DAMPING_DROP = 10, DAMPING_FLOOR = 0.001;
	/**
	 * At the start a direction must stand this many times above the noise edge: the residual
	 * is then the whole target, and at few observations its noise directions come close to
	 * the edge (60², rank 2, a quarter observed: 6 of 8 passed at 1×); the later tests,
	 * one at a time, admit the rest.
	 */
	static final double START_MARGIN = 2;

	/** One check of a run, as the listener sees it. */
	public static final class Progress {

		/** Steps taken. */
		public final int step;
		/** Solver seconds since the start (listener time excluded). */
		public final double seconds;
		/** Hidden width. */
		public final int width;
		/**
		 * f = ½ Σ_Ω (W − Y)² in the input's units at the current iterate (after the last step:
		 * the iterate of the product and of the held-out error).
		 */
		public final double loss;
		/** RMSE on the held-out entries (input units), NaN without validation. */
		public final double validationRmse;
		/** The layers' relative change in the last step. */
		public final double relativeChange;
		/**
		 * The product in the input's units, or null when the listener does not want it. The
		 * engine writes the next check's product, and at the end the result's, into the same
		 * matrix (no rows x cols allocation per check or for the result): copy it to keep it.
		 */
		public final Matrix product;

		Progress(final int step, final double seconds, final int width, final double loss, final double validationRmse,
			final double relativeChange, final Matrix product)
		{
			this.step = step;
			this.seconds = seconds;
			this.width = width;
			this.loss = loss;
			this.validationRmse = validationRmse;
			this.relativeChange = relativeChange;
			this.product = product;
		}
	}

	/** Receives every check (called on the solver's thread; its time is not counted in {@code seconds}). */
	@FunctionalInterface
	public interface Listener {

		/** Receives nothing (and asks for no product). */
		Listener NONE = new Listener() {

			@Override
			public void checked(final Progress progress) {}

			@Override
			public boolean wantsProduct(final int step) {
				return false;
			}
		};

		void checked(Progress progress);

		/**
		 * True when the listener reads {@link Progress#product} at the check after {@code step}
		 * steps (it costs a download and a rows x cols copy).
		 */
		default boolean wantsProduct(final int step) {
			return true;
		}
	}

	/**
	 * The outcome: the layers W_1..W_N (normalized units: the data divided by {@code scale}),
	 * the product in the input's units, the steps taken, the step of the returned iterate.
	 */
	public static final class Result {

		/** W_1 .. W_N in normalized units (the data divided by {@link #scale}). */
		public final List<Matrix> layers;
		/** The returned iterate's product in the input's units. */
		public final Matrix product;
		/** Steps taken, and the step of the returned iterate. */
		public final int steps, returnedStep;
		/** Hidden width of the returned iterate. */
		public final int width;
		public final ScaledStop stop;
		/** Solver seconds (listener time excluded). */
		public final double seconds;
		/** The normalization: RMS of the fitted entries. */
		public final double scale;
		/** Where the large products ran (the kernels' description, e.g. {@code native/float}). */
		public final String backend;

		Result(final List<Matrix> layers, final Matrix product, final int steps, final int returnedStep, final int width,
			final ScaledStop stop, final double seconds, final double scale, final String backend)
		{
			this.backend = backend;
			this.layers = layers;
			this.product = product;
			this.steps = steps;
			this.returnedStep = returnedStep;
			this.width = width;
			this.stop = stop;
			this.seconds = seconds;
			this.scale = scale;
		}
	}

	private final int rows, cols, depth, maxWidth;
	/** Fitted entries per row and per column, on average. */
	private final double fittedPerRow, fittedPerCol;
	private final ScaledOptions o;
	private final double p, c;
	/** f at W = 0, ½‖P_Ω(Y)‖² (normalized units). */
	private final double f0;
	/** The spectral scale σ = ‖P_Ω(Y)‖/p of the target (NaN until the start probe has estimated it). */
	private double sigma = Double.NaN;
	private final int[] validation;
	private final double[] validationValues;
	private final DenseKernels kernels;
	private final Buffer yb, maskb;
	/**
	 * The rows x cols buffer, allocated once whatever the width: the product, then in place
	 * the masked residual (depth ≥ 2; at depth 1 the product is the layer and this is the
	 * residual). One buffer instead of two: the engine's largest allocation.
	 */
	private final Buffer rowsByCols;
	private final Random rnd;
	private double loss;

	/** Layers (row-major, double) at the current width. */
	private Matrix[] w;
	private Work work;

	/** @param offset subtracted from every entry of {@code data} as it is read (data is not written) */
	private ScaledDeepFactorization(final Matrix data, final double offset, final boolean[] missing,
		final int[] validation, final ScaledOptions o)
	{
		if (!Double.isFinite(offset)) throw new IllegalArgumentException("offset is " + offset + ": it must be finite");
		if (data.isComplex()) throw new IllegalArgumentException("the fast engine completes real data only");
		if (missing != null && missing.length != data.size()) {
			throw new IllegalArgumentException("mask has " + missing.length + " entries but the data has " + data.size());
		}
		this.o = o;
		rows = data.rows;
		cols = data.cols;
		depth = o.depth();
		final boolean[] unfitted = missing == null ? new boolean[data.size()] : missing.clone();
		this.validation = validation == null ? new int[0] : validation.clone();
		for (final int k : this.validation) {
			if (k < 0 || k >= data.size() || unfitted[k]) {
				throw new IllegalArgumentException("validation entry " + k + " is not an observed entry");
			}
			unfitted[k] = true;
		}
		// no branch on the mask in the passes over the data (Masked: a random mask mispredicts)
		int count = 0;
		double sum2 = 0;
		boolean finite = true;
		for (int k = 0; k < data.size(); k++) {
			final double v = Masked.unless(unfitted[k], data.re[k] - offset);
			finite &= Math.abs(v) <= Double.MAX_VALUE;
			count += Masked.one(unfitted[k]);
			sum2 += v * v;
		}
		if (!finite) {
			int k = 0;
			while (unfitted[k] || Double.isFinite(data.re[k] - offset)) k++;
			// a finite entry whose difference from the offset overflows names both
			throw new IllegalArgumentException(Double.isFinite(data.re[k]) ? "entry " + k + " is " + data.re[k] +
				": less the offset " + offset + " it overflows" : "entry " + k + " is " + data.re[k] +
					" but not marked missing");
		}
		if (count == 0) throw new IllegalArgumentException("every entry is missing or held out: nothing to fit");
		c = sum2 > 0 ? Math.sqrt(sum2 / count) : 1;
		p = count / (double) data.size();
		fittedPerRow = count / (double) rows;
		fittedPerCol = count / (double) cols;
		validationValues = new double[this.validation.length];
		for (int i = 0; i < this.validation.length; i++) {
			validationValues[i] = (data.re[this.validation[i]] - offset) / c;
		}
		final int full = Math.min(rows, cols);
		maxWidth = o.maxWidth() == 0 ? full : Math.min(o.maxWidth(), full);
		final Precision precision = Kernels.resolve(o.precision(), data, unfitted, false);
		kernels = Kernels.createForCompletion(o.backend(), precision, o.threads());
		// Y (normalized, 0 where not fitted) and the 0/1 mask of the fitted entries, written
		// into the kernels' storage in one pass (no rows x cols staging copy: a fresh 5 MB
		// array costs this machine about as much as the pass that fills it)
		yb = kernels.allocate(rows, cols);
		maskb = count < data.size() ? kernels.allocate(rows, cols) : null; // null: every entry fitted
		f0 = 0.5 * kernels.stageCompletion(data, offset, 1 / c, unfitted, yb, maskb);
		rowsByCols = kernels.allocate(rows, cols);
		rnd = new Random(o.seed());
		// σ: from the width test's first probe when it runs (the residual is then −P_Ω(Y) up
		// to the small initial product, and its block is wide enough), else estimated here
		if (!(startProbe() && startProbeWidth() >= SIGMA_BLOCK)) sigma = estimatedSigma(largestSingularValue(yb, Math
			.min(SIGMA_BLOCK, full), SIGMA_ROUNDS));
	}

	/** σ = σ_1(P_Ω(Y))/p from an estimate of that top singular value (1 when it is 0 or not finite). */
	private double estimatedSigma(final double top) {
		final double s = top / p;
		return s > 0 && Double.isFinite(s) ? s : 1;
	}

	/** Whether the width test runs once before the first step (from width 1). */
	private boolean startProbe() {
		return o.initialWidth() == 0 && depth > 1 && 1 < maxWidth;
	}

	/** Directions the start probe tests ({@link #widen} at width 1). */
	private int startProbeWidth() {
		return Math.min(Math.max(1, START_PROBE), maxWidth - 1);
	}

	/**
	 * Completes {@code data} from the entries neither {@code missing} nor in
	 * {@code validation}.
	 *
	 * @param data real values; entries marked missing are ignored (NaN allowed there)
	 * @param missing true = unobserved; null = every entry observed
	 * @param validation flat indices of observed entries held out of the fit (their error
	 *          chooses the returned iterate and stops the run); null or empty = none
	 */
	public static Result run(final Matrix data, final boolean[] missing, final int[] validation,
		final ScaledOptions options, final Listener listener, final BooleanSupplier cancel)
	{
		return run(data, 0, missing, validation, options, listener, cancel);
	}

	/**
	 * {@link #run(Matrix, boolean[], int[], ScaledOptions, Listener, BooleanSupplier)} of
	 * {@code data − offset}, read as a view (neither copied nor written): the solver's centering
	 * without a centered rows x cols copy. The result (product, layers, losses, progress) is
	 * that of {@code data − offset}.
	 */
	public static Result run(final Matrix data, final double offset, final boolean[] missing, final int[] validation,
		final ScaledOptions options, final Listener listener, final BooleanSupplier cancel)
	{
		final ScaledDeepFactorization f = new ScaledDeepFactorization(data, offset, missing, validation, options);
		try {
			return f.solve(listener == null ? Listener.NONE : listener, cancel);
		}
		finally {
			f.kernels.close();
		}
	}

	/** The buffers of one width (reallocated when the width grows). */
	private final class Work {

		final int k;
		final Buffer[] layer, prefix, grad;
		final Buffer product, residual, h1, h2, kk;
		final boolean rowwiseLast, rowwiseFirst;
		final Buffer suffix;
		final Matrix[] gradient, prefixJava;
		final Matrix kkJava, suffixJava;
		/** The row-wise Grams of W_N's side (rows) and W_1's side (columns); null where global. */
		final RowwiseSide last, first;
		/** k x k workspaces of the preconditioner, made once per width (no allocation per step). */
		final double[][] suffixGram;
		final double[] gram, kkA, kkB, outerScratch;
		/** One k-entry workspace per thread of the row-wise solves. */
		final double[][] solveScratch;
		/** Workspaces of the held-out error: two k x cols prefixes, their transpose. */
		final double[][] validationPrefix;
		final double[] validationColumns;

		Work(final int k) {
			this.k = k;
			layer = new Buffer[depth];
			grad = new Buffer[depth];
			gradient = new Matrix[depth];
			for (int j = 0; j < depth; j++) {
				layer[j] = kernels.allocate(w[j].rows, w[j].cols);
				grad[j] = kernels.allocate(w[j].rows, w[j].cols);
				gradient[j] = Matrix.real(w[j].rows, w[j].cols);
			}
			prefix = new Buffer[depth];
			prefixJava = new Matrix[depth];
			if (depth > 1) prefix[1] = layer[0];
			for (int j = 2; j < depth; j++) {
				prefix[j] = kernels.allocate(k, cols);
				prefixJava[j] = Matrix.real(k, cols);
			}
			product = depth == 1 ? layer[0] : rowsByCols;
			residual = rowsByCols;
			h1 = depth > 2 ? kernels.allocate(k, cols) : null;
			h2 = depth > 2 ? kernels.allocate(k, cols) : null;
			kk = depth > 1 ? kernels.allocate(k, k) : null;
			kkJava = depth > 1 ? Matrix.real(k, k) : null;
			suffixGram = new double[depth][k * k];
			gram = new double[k * k];
			kkA = new double[k * k];
			kkB = new double[k * k];
			solveScratch = new double[Kernels.threads(o.threads())][k];
			outerScratch = new double[k];
			final boolean held = validation.length > 0 && depth > 1;
			validationPrefix = held && depth > 2 ? new double[][] { new double[k * cols], new double[k * cols] }
				: new double[0][];
			validationColumns = held ? new double[cols * k] : null;
			final int packed = k * (k + 1) / 2;
			// the sequential step solves W_N last, from the data: row by row unless its rows are
			// as well sampled as the columns must be (the global Gram's relative error
			// 2·sqrt(k/n) at n fitted entries a row: 0.55 at 26 entries for k = 2, a contraction
			// no better than that; 16 384 × 40, rank 2, 30 % missing: 40–51 steps, row-wise 8–19)
			final boolean sequentialRows = o.outerGram() == OuterGram.AUTO && maskb != null && sequential(k) &&
				fittedPerRow < WELL_SAMPLED * (double) k;
			rowwiseLast = (rowwise(fittedPerRow, k) || sequentialRows) && (long) rows * packed <= ROWWISE_LIMIT;
			rowwiseFirst = rowwise(fittedPerCol, k) && (long) cols * packed <= ROWWISE_LIMIT;
			last = rowwiseLast ? new RowwiseSide(rows, cols, k, Matrix.real(k, cols)) : null;
			first = rowwiseFirst ? new RowwiseSide(cols, rows, k, Matrix.real(rows, k)) : null;
			suffix = rowwiseFirst ? kernels.allocate(rows, k) : null;
			suffixJava = rowwiseFirst ? Matrix.real(rows, k) : null;
			for (int j = 0; j < depth; j++) kernels.upload(w[j], layer[j]);
		}
	}

	/**
	 * The buffers of one row-wise side at one width: the packed outer products of the other
	 * factor (one row per entry along the side's other dimension), the n packed Grams and then
	 * their Cholesky factors, and the factor they were formed from.
	 */
	private final class RowwiseSide {

		final Matrix outer, grams, basis;
		final Buffer outerBuffer, gramsBuffer;
		boolean factored;

		RowwiseSide(final int n, final int other, final int k, final Matrix basis) {
			final int packed = k * (k + 1) / 2;
			outer = Matrix.real(other, packed);
			outerBuffer = kernels.allocate(other, packed);
			grams = Matrix.real(n, packed);
			gramsBuffer = kernels.allocate(n, packed);
			this.basis = basis;
		}
	}

	/** Whether a side whose rows have {@code fitted} entries on average is preconditioned row by row at width k. */
	private boolean rowwise(final double fitted, final int k) {
		if (maskb == null || depth == 1) return false; // nothing missing: every row's Gram is the global one
		switch (o.outerGram()) {
			case ROWWISE:
				return true;
			case GLOBAL:
				return false;
			default:
				return fitted < ROWWISE_OBSERVATIONS * (double) k;
		}
	}

	private Result solve(final Listener listener, final BooleanSupplier cancel) {
		final long start = System.nanoTime();
		long listenerNanos = 0;
		int k = o.initialWidth() == 0 ? 1 : Math.min(o.initialWidth(), maxWidth);
		w = initialLayers(k);
		work = new Work(k);
		// the residual and loss of the current layers are there before every step: the first
		// step's here, the others' at the end of the step before (so that a check sees the
		// loss, product and held-out error of one iterate, the current one)
		forward();
		if (startProbe()) {
			// GLRL's test at the start (the residual is −P_Ω(Y) up to the small layers): the
			// directions it admits enter at once, instead of each waiting a phase on the saddle
			if (widen(START_PROBE, START_MARGIN, 1, START_COMPARABLE) == Widening.GREW) {
				// the admitted directions replace the random one (which would stay a spare
				// direction whose slow decay is the run's tail)
				dropFirstDirection();
				k = w[0].rows;
				work = new Work(k);
				forward();
			}
		}
		boolean settled = depth == 1 || k >= maxWidth, widthTested = false;
		double previousCheckLoss = Double.POSITIVE_INFINITY, phaseLoss = f0;
		final double windowStagnation = Math.pow(STAGNATION, (double) PHASE_WINDOW / o.checkEvery());
		// the losses of the last PHASE_WINDOW steps, oldest first
		final double[] recentLoss = new double[PHASE_WINDOW];
		int phaseStart = 0;
		double retestBelow = Double.POSITIVE_INFINITY;
		double bestVal = Double.POSITIVE_INFINITY;
		Matrix[] best = copy(w);
		int bestStep = 0, checksSinceBest = 0, worseningPhases = 0, step = 0;
		double valAtWiden = Double.POSITIVE_INFINITY;
		ScaledStop stop = o.maxSteps() == 0 ? ScaledStop.MAX_STEPS : null;
		Matrix productJava = null;
		while (stop == null) {
			if (cancel != null && cancel.getAsBoolean()) {
				stop = ScaledStop.CANCELLED;
				break;
			}
			System.arraycopy(recentLoss, 1, recentLoss, 0, PHASE_WINDOW - 1);
			recentLoss[PHASE_WINDOW - 1] = loss;
			final double change = step();
			step++;
			final boolean capped = step >= o.maxSteps() || (o.maxSeconds() > 0 && (System.nanoTime() - start -
				listenerNanos) * 1e-9 >= o.maxSeconds());
			boolean check = step % o.checkEvery() == 0 || capped || change < o.tolerance();
			// the product is downloaded, when the listener reads it, before its buffer becomes the
			// residual (what the listener asks changes no iterate)
			boolean listenerProduct = check && listener.wantsProduct(step);
			if (listenerProduct && productJava == null) productJava = Matrix.real(rows, cols);
			forward(listenerProduct ? productJava : null);
			if (!Double.isFinite(loss) || loss > 1e8 * Math.max(f0, 1e-300)) {
				stop = ScaledStop.DIVERGED;
				break;
			}
			// a phase's loss stagnating between checks: the width test need not wait for the next
			// check, whose comparison with the one before would come a window later still
			final boolean phaseDone = !settled && loss < retestBelow && step - phaseStart >= PHASE_WINDOW && loss <
				PHASE_GROWN * phaseLoss && loss > windowStagnation * recentLoss[0];
			if (phaseDone && !check) {
				// a check of its own: the product the listener reads needs one more forward pass
				check = true;
				if (listener.wantsProduct(step)) {
					if (productJava == null) productJava = Matrix.real(rows, cols);
					listenerProduct = true;
					forward(productJava);
				}
			}
			if (!check) continue;
			final double seconds = (System.nanoTime() - start - listenerNanos) * 1e-9;
			final double checkLoss = loss;
			double val = Double.NaN;
			// depth 1 steps on the kernels' copy of W alone: the check brings the layer back
			if (depth == 1) kernels.download(work.layer[0], w[0]);
			if (validation.length > 0) {
				val = validationRmse();
				// better = 0.1 % below the best so far: a held-out error that creeps down by less
				// over patience checks is a plateau (200², rank 5, 90 % missing, width 15: 5 410
				// steps of creep at 1e-4, 2 070 at 1e-3; gd's rule asks 1 %)
				if (val < bestVal * (1 - 1e-3)) {
					bestVal = val;
					best = copy(w);
					bestStep = step;
					checksSinceBest = 0;
				}
				else {
					checksSinceBest++;
				}
			}
			final long t0 = System.nanoTime();
			if (listenerProduct) scale(productJava.re, c);
			listener.checked(new Progress(step, seconds, k, checkLoss * c * c, val * c, change, listenerProduct
				? productJava : null));
			listenerNanos += System.nanoTime() - t0;
			if (capped) {
				stop = step >= o.maxSteps() ? ScaledStop.MAX_STEPS : ScaledStop.MAX_SECONDS;
				break;
			}
			final boolean stagnating = phaseDone || checkLoss > STAGNATION * previousCheckLoss || change < o.tolerance();
			final boolean rising = checkLoss > previousCheckLoss;
			previousCheckLoss = checkLoss;
			if (!settled && stagnating) {
				// the held-out error stops a widening whose phases make it worse: each of the last
				// WIDEN_PATIENCE directions grew until the loss stagnated, and the held-out error
				// rose over each phase (noisy data: the noise's directions enter one per phase,
				// two checks each, where patience checks would wait ten phases; 128 x 128 x 40,
				// rank 4, 5 % noise: 115 steps → 40 for the same returned iterate). Only a rise:
				// on images a phase that does not help is often followed by one that does (cell,
				// 80 % missing: stopping after three phases without a gain lost 0.8 dB)
				if (validation.length > 0) {
					worseningPhases = val > valAtWiden && val > bestVal ? worseningPhases + 1 : 0;
					valAtWiden = val;
				}
				if (checkLoss < 0.5 * f0 && worseningPhases >= WIDEN_PATIENCE) {
					stop = ScaledStop.VALIDATION;
					break;
				}
				final Widening widening = widen(w[0].rows, 1, START_MARGIN, COMPARABLE);
				if (widening == Widening.GREW) {
					retestBelow = Double.POSITIVE_INFINITY;
					k = w[0].rows;
					work = new Work(k);
					damping = 1;
					forward();
					phaseLoss = loss;
					phaseStart = step;
					settled = k >= maxWidth;
					previousCheckLoss = Double.POSITIVE_INFINITY;
					continue;
				}
				if (widening == Widening.UNFITTED) {
					// the phase goes on; λ, which slows a direction small against σ (growth by a
					// few per cent a step at 0.01 σ), is lowered as for a grown width (the
					// simultaneous step keeps it: there it is what keeps the blocks from overshooting)
					retestBelow = RETEST_DROP * checkLoss;
					if (sequential(k)) lowerDamping();
				}
				else {
					settled = true;
					widthTested = true;
				}
			}
			// λ back at once when a check's loss rose; lowered once this width's directions have
			// grown (the loss below half of what it was when they entered)
			if (rising) setDamping(1);
			else if (sequential(k) && checkLoss < 0.5 * phaseLoss) lowerDamping();
			// armed once the loss is below half its initial value, as the solver's tolerance: a
			// small initialization starts on the plateau of the saddle at 0
			// (or once the width test has found no missing direction: then this is no saddle)
			final boolean armed = checkLoss < 0.5 * f0 || widthTested;
			if (armed && settled && change < o.tolerance()) stop = ScaledStop.CONVERGED;
			// the held-out error stops a run whose width is still growing too: patience
			// checks (a width phase's growth from ε takes a few) without a better held-out error
			// mean the directions now entering fit what generalizes no better (the noise of an
			// image that is not low rank: the example's 160 x 192 weave went on to step 765 for
			// the iterate of step 90)
			else if (armed && validation.length > 0 && checksSinceBest >= o.patience()) {
				stop = ScaledStop.VALIDATION;
			}
		}
		final Matrix[] returned = validation.length > 0 || stop == ScaledStop.DIVERGED ? best : w;
		final int returnedStep = validation.length > 0 || stop == ScaledStop.DIVERGED ? bestStep : step;
		// the returned product from the kernels, scaled to the input's units in place, into the
		// listener's matrix when there is one (a fresh 5 MB array costs this machine about as
		// much as a pass over it: its pages are touched for the first time)
		final Matrix product = productOf(returned, productJava);
		scale(product.re, c);
		final List<Matrix> layers = new ArrayList<>();
		for (final Matrix m : returned) layers.add(m);
		return new Result(List.copyOf(layers), product, step, returnedStep, returned[0].rows, stop,
			(System.nanoTime() - start - listenerNanos) * 1e-9, c, kernels.description());
	}

	/** Gaussian layers at width k: iid N(0, s²/d_in) entries (the solver's gaussian init). */
	private Matrix[] initialLayers(final int k) {
		final Matrix[] layers = new Matrix[depth];
		for (int j = 0; j < depth; j++) {
			final int out = j == depth - 1 ? rows : k, in = j == 0 ? cols : k;
			layers[j] = Matrix.real(out, in);
			final double std = o.scale() / Math.sqrt(in);
			for (int e = 0; e < layers[j].re.length; e++) layers[j].re[e] = std * rnd.nextGaussian();
		}
		return layers;
	}

	/**
	 * One step from the residual {@link #forward} left for the current layers; returns the
	 * layers' relative change (the residual and {@link #loss} are then stale until the next
	 * forward).
	 */
	private double step() {
		final Work s = work;
		if (depth == 1) {
			// plain GD on W: the data term's Hessian is the mask (eigenvalues 0 and 1), so a step
			// of 1 fits the observed entries at once and leaves the others at the initialization
			final double eta = 1;
			final double change = eta * Math.sqrt(kernels.norm2(s.residual) / Math.max(kernels.norm2(s.layer[0]), 1e-300));
			kernels.step(s.layer[0], eta, s.residual, s.grad[0]);
			kernels.copy(s.grad[0], s.layer[0]);
			return change;
		}
		final int n = depth;
		moved = 0;
		size = 0;
		if (sequential(s.k)) return sequentialStep();
		kernels.gemm(false, s.residual, true, s.prefix[n - 1], 1, 0, s.grad[n - 1]);
		innerGradients(s);
		for (int j = 0; j < n; j++) kernels.download(s.grad[j], s.gradient[j]);
		for (int j = 2; j < n; j++) kernels.download(s.prefix[j], s.prefixJava[j]);
		suffixGrams(s);
		for (int j = 1; j <= n; j++) precondition(s, j, s.gradient[j - 1].re);
		// each layer's block step alone corrects the whole residual (Gauss–Newton), so all N at
		// once move the product by N η R: η·2/N keeps the product's step that of ScaledGD (N = 2)
		final double eta = o.eta() * 2.0 / n;
		// a row-wise layer's block is exact (its step alone is the alternating least-squares
		// solve for that layer), so it may take twice the approximate global one's, up to the
		// product step 1 (measured: 46 → 34 steps on 65 536 × 100 rank 8, 328 → 220 in the
		// DMF setting, docs/benchmarks.md)
		final double etaRowwise = Math.max(o.eta(), Math.min(2 * o.eta(), 1)) * 2.0 / n;
		for (int j = 0; j < n; j++) {
			move(s, j, s.gradient[j].re, (j == n - 1 && s.rowwiseLast) || (j == 0 && s.rowwiseFirst) ? etaRowwise : eta);
		}
		return Math.sqrt(moved / Math.max(size, 1e-300));
	}

	/**
	 * Whether a step at width k is {@link #sequentialStep}: at depth ≥ 3 when the columns have
	 * at least {@value #WELL_SAMPLED} fitted entries per direction (the frames of a pixels ×
	 * frames Casorati matrix), so that W_1 is determined by many more observations than it
	 * has entries and the block solved last, W_N, is the one whose rows are few.
	 */
	private boolean sequential(final int k) {
		return depth >= 3 && fittedPerCol >= WELL_SAMPLED * (double) k;
	}

	/**
	 * Block Gauss–Seidel instead of the simultaneous step: first W_1 … W_{N−1} from the
	 * residual of the current layers, then W_N with the new prefix P_{N−1}. W_1 takes the outer
	 * step min(2η, 1), alternating least squares' solve for it, as its global Gram is nearly
	 * exact from this many entries per column (relative error 2·sqrt(k/n) ≤ 1/4); the middle
	 * layers share the product step 2η (2η/(N − 1) each, the simultaneous rule among the
	 * layers that move together); W_N takes the outer step where its preconditioner is
	 * row-wise (exact) or its rows are as well sampled, else η. Row-wise, when the prefix has
	 * moved enough that the row-wise Grams are formed again anyway, W_N's block is solved from
	 * the data itself, W_N − Δ = (G_i + λ')⁻¹(λ' w_i + b_i) with b = P_Ω(Y) P_{N−1}ᵀ and G_i
	 * formed for this prefix, so the step needs no second residual; otherwise (near the
	 * solution, or while a noisy fit widens) a second residual gives W_N's gradient and the
	 * kept Grams precondition it (forming them costs k² a row). Measured
	 * (docs/benchmarks.md, stop 26), 16 384 × 40, rank 4, half missing, depth 3: 1e-2 on the
	 * missing entries after 5 steps instead of 11, 1e-3 after 8 instead of 24, converged in 18
	 * instead of 64 (middle layers at η/(N − 1): 6, 14, 45). Not taken at depth 2 (4 096 × 32,
	 * rank 3: 68 steps to converge against 56), for wide matrices (the exact block would come
	 * first: the same matrix transposed took 65 steps against 69, where tall it takes 20) or on
	 * square images, where no side is this well sampled and
	 * exact alternating steps at few observations per row reached spurious stationary points
	 * (200², rank 5, 90 % missing).
	 */
	private double sequentialStep() {
		final Work s = work;
		final int n = depth, k = s.k;
		final double etaOuter = Math.min(2 * o.eta(), 1);
		innerGradients(s);
		for (int j = 0; j < n - 1; j++) kernels.download(s.grad[j], s.gradient[j]);
		for (int j = 2; j < n; j++) kernels.download(s.prefix[j], s.prefixJava[j]);
		suffixGrams(s);
		for (int j = 1; j < n; j++) precondition(s, j, s.gradient[j - 1].re);
		for (int j = 1; j < n; j++) move(s, j - 1, s.gradient[j - 1].re, j == 1 ? etaOuter : 2 * o.eta() / (n - 1));
		// W_N from the new prefix
		for (int j = 2; j < n; j++) kernels.gemm(false, s.layer[j - 1], false, s.prefix[j - 1], 1, 0, s.prefix[j]);
		for (int j = 2; j < n; j++) kernels.download(s.prefix[j], s.prefixJava[j]);
		final double[] g = s.gradient[n - 1].re;
		// row-wise Grams to form anyway (the prefix moved): W_N from the data with them; else the
		// gradient of a second residual with the Grams kept (whose forming costs k² a row: at
		// width 15 more than the residual)
		if (s.rowwiseLast && (!s.last.factored || moved(depth == 2 ? w[0] : s.prefixJava[n - 1], s.last.basis))) {
			kernels.gemm(false, yb, true, s.prefix[n - 1], 1, 0, s.grad[n - 1]);
			kernels.download(s.grad[n - 1], s.gradient[n - 1]);
			final double lambdaRight = lambdaRight(n);
			final double damping = lambdaRight * p;
			final double[] x = w[n - 1].re;
			for (int e = 0; e < g.length; e++) g[e] += damping * x[e];
			// formed for this prefix: the solve's fixed point is then the least-squares one
			rowwiseLastLayer(s, g, lambdaRight);
			for (int e = 0; e < g.length; e++) g[e] = x[e] - g[e];
			move(s, n - 1, g, etaOuter);
		}
		else {
			forward();
			kernels.gemm(false, s.residual, true, s.prefix[n - 1], 1, 0, s.grad[n - 1]);
			kernels.download(s.grad[n - 1], s.gradient[n - 1]);
			precondition(s, n, g);
			move(s, n - 1, g, s.rowwiseLast || fittedPerRow >= WELL_SAMPLED * (double) k ? etaOuter : o.eta());
		}
		return Math.sqrt(moved / Math.max(size, 1e-300));
	}

	/** Squared length of this step's moves and squared size of the moved layers (the relative change). */
	private double moved, size;

	/** W_j ← W_j − eta·d (0-based j), uploaded; adds to {@link #moved} and {@link #size}. */
	private void move(final Work s, final int j, final double[] d, final double eta) {
		final double[] x = w[j].re;
		for (int e = 0; e < x.length; e++) {
			final double step = eta * d[e];
			x[e] -= step;
			moved += step * step;
			size += x[e] * x[e];
		}
		kernels.upload(w[j], s.layer[j]);
	}

	/** The gradients of W_1 … W_{N−1} into their buffers, from the residual buffer (H = W_Nᵀ R, down the layers). */
	private void innerGradients(final Work s) {
		final int n = depth;
		if (n == 2) {
			kernels.gemm(true, s.layer[1], false, s.residual, 1, 0, s.grad[0]);
			return;
		}
		Buffer h = s.h1, spare = s.h2;
		kernels.gemm(true, s.layer[n - 1], false, s.residual, 1, 0, h);
		for (int j = n - 1; j >= 2; j--) {
			kernels.gemm(false, h, true, s.prefix[j - 1], 1, 0, s.grad[j - 1]);
			kernels.gemm(true, s.layer[j - 1], false, h, 1, 0, j == 2 ? s.grad[0] : spare);
			final Buffer t = h;
			h = spare;
			spare = t;
		}
	}

	/** Suffix Grams B_j = S_jᵀ S_j (j = N−1 … 1, 1-based), B_{N−1} = W_Nᵀ W_N, of the current layers. */
	private void suffixGrams(final Work s) {
		final int n = depth, k = s.k;
		final double[][] suffixGram = s.suffixGram;
		kernels.gemm(true, s.layer[n - 1], false, s.layer[n - 1], 1, 0, s.kk);
		kernels.download(s.kk, s.kkJava);
		System.arraycopy(s.kkJava.re, 0, suffixGram[n - 1], 0, k * k);
		for (int j = n - 2; j >= 1; j--) SmallDense.congruence(w[j].re, suffixGram[j + 1], k, s.kkA, suffixGram[j]);
	}

	private double lambdaRight(final int j) {
		return o.lambda() * damping * Math.pow(sigma, 2.0 * (j - 1) / depth);
	}

	private double lambdaLeft(final int j) {
		return o.lambda() * damping * Math.pow(sigma, 2.0 * (depth - j) / depth);
	}

	/** λ's factor now: 1 while a width's directions grow, lowered after ({@link #lowerDamping}). */
	private double damping = 1;

	/**
	 * λ /= {@value #DAMPING_DROP} (down to {@value #DAMPING_FLOOR} of it) at each check of a
	 * {@link #sequentialStep} run once the directions of its width have grown (the loss below
	 * half of what it was when they entered); back to λ when a check's loss rises, and at each
	 * widening. λ moves the path, not the fixed points (a zero gradient is one at every λ), and
	 * its proximal pull costs most in the rows that few entries determine: a row whose Gram
	 * G_i has the weakest eigenvalue g converges at λ'/(g + λ') a step, and at 36 frames half
	 * missing the rows with 5–7 entries have g of 0.01–0.05 of the top one against λ' ≈ 0.2
	 * (12 544 × 36, rank 4: a tail of 0.98 a step, 300 steps to converge; with the drop 30;
	 * docs/benchmarks.md, stop 27). The width phases keep λ: their growth from ε is the
	 * low-rank bias, and λ/10 throughout moved the width test's decisions (stop 26). Not for
	 * the simultaneous step: there the exact blocks move at once and λ is what keeps their
	 * sum from overshooting (depth 2, row-wise Grams on both sides: 28 651 steps to width 11
	 * with the drop, against width 3).
	 */
	private void lowerDamping() {
		if (damping <= DAMPING_FLOOR) return;
		setDamping(Math.max(DAMPING_FLOOR, damping / DAMPING_DROP));
	}

	private void setDamping(final double factor) {
		if (factor == damping) return;
		damping = factor;
		// the row-wise Grams are factored with the damping in them
		if (work.first != null) work.first.factored = false;
		if (work.last != null) work.last.factored = false;
	}

	/**
	 * The gradient g of layer j (1-based) preconditioned in place: row-wise on a row-wise
	 * side, else g/p times the damped inverse Grams, (S_jᵀ S_j + λ_l I)⁻¹ on the left for
	 * j &lt; N and (P_{j−1} P_{j−1}ᵀ + λ_r I)⁻¹ on the right for j &gt; 1.
	 */
	private void precondition(final Work s, final int j, final double[] g) {
		final int n = depth, k = s.k;
		if (j == n && s.rowwiseLast) {
			rowwiseLastLayer(s, g, lambdaRight(j));
			return;
		}
		if (j == 1 && s.rowwiseFirst) {
			rowwiseFirstLayer(s, g, lambdaLeft(j));
			return;
		}
		scale(g, 1 / p);
		if (j > 1) {
			final Matrix prev = j == 2 ? w[0] : s.prefixJava[j - 1];
			final double[] a = s.gram;
			SmallDense.gramOfRows(prev.re, k, cols, a);
			requireCholesky(a, k, lambdaRight(j));
			final int m = s.gradient[j - 1].rows;
			for (int r = 0; r < m; r++) SmallDense.solve(a, 0, k, g, r * k, 1);
		}
		if (j < n) {
			final double[] b = s.kkB;
			System.arraycopy(s.suffixGram[j], 0, b, 0, k * k);
			requireCholesky(b, k, lambdaLeft(j));
			final int m = s.gradient[j - 1].cols;
			for (int col = 0; col < m; col++) SmallDense.solve(b, 0, k, g, col, m);
		}
	}

	/** Prefixes P_j, the product and the masked residual of the current layers; sets {@link #loss}. */
	private void forward() {
		forward(null);
	}

	/**
	 * {@link #forward()}, with the product downloaded into {@code product} (when not null)
	 * before the buffer is overwritten by the residual (depth ≥ 2).
	 */
	private void forward(final Matrix product) {
		final Work s = work;
		if (depth == 1) {
			if (product != null) kernels.download(s.product, product);
			loss = kernels.residual(s.layer[0], yb, maskb, s.residual);
			return;
		}
		for (int j = 2; j < depth; j++) kernels.gemm(false, s.layer[j - 1], false, s.prefix[j - 1], 1, 0, s.prefix[j]);
		kernels.gemm(false, s.layer[depth - 1], false, s.prefix[depth - 1], 1, 0, s.product);
		if (product != null) kernels.download(s.product, product);
		loss = kernels.residual(s.product, yb, maskb, s.residual); // in place: s.residual is s.product
	}

	/** Δ_i = (Σ_{c ∈ Ω_i} p_c p_cᵀ + λ p I)⁻¹ g_i for each row i of W_N (p_c: column c of P_{N−1}). */
	private void rowwiseLastLayer(final Work s, final double[] g, final double lambdaRight) {
		final int k = s.k;
		final Matrix prev = depth == 2 ? w[0] : s.prefixJava[depth - 1];
		solveRowwise(s, s.last, prev, true, rows, lambdaRight * p, g, k, 1);
	}

	/** Δ_{:,c} = (Σ_{i ∈ Ω^c} s_i s_iᵀ + λ p I)⁻¹ g_{:,c} for each column c of W_1 (s_i: row i of S_1). */
	private void rowwiseFirstLayer(final Work s, final double[] g, final double lambdaLeft) {
		final int k = s.k;
		// S_1 = W_N (W_{N−1} ⋯ W_2): the k x k middle product in Java, the tall product on the kernels
		double[] middle = s.kkA, spareProduct = s.kkB;
		java.util.Arrays.fill(middle, 0);
		for (int i = 0; i < k; i++) middle[i * k + i] = 1;
		for (int j = 1; j < depth - 1; j++) {
			SmallDense.multiply(middle, w[j].re, k, k, k, spareProduct);
			final double[] t = middle;
			middle = spareProduct;
			spareProduct = t;
		}
		System.arraycopy(middle, 0, s.kkJava.re, 0, k * k);
		kernels.upload(s.kkJava, s.kk);
		kernels.gemm(false, s.layer[depth - 1], false, s.kk, 1, 0, s.suffix);
		kernels.download(s.suffix, s.suffixJava);
		solveRowwise(s, s.first, s.suffixJava, false, cols, lambdaLeft * p, g, 1, cols);
	}

	/**
	 * Row t of {@code out} = the upper triangle of x xᵀ, packed row by row (k(k+1)/2 entries:
	 * the Gram is symmetric, so the mask's product with them costs half of the full k²), for
	 * x = column t of {@code m} (k x n, {@code columns} true) or row t of {@code m} (n x k);
	 * {@code x} is a k-entry workspace.
	 */
	private static void outerProducts(final Matrix m, final boolean columns, final Matrix out, final double[] x) {
		final int k = columns ? m.rows : m.cols, n = columns ? m.cols : m.rows, packed = k * (k + 1) / 2;
		for (int t = 0; t < n; t++) {
			for (int a = 0; a < k; a++) x[a] = columns ? m.re[a * n + t] : m.re[t * k + a];
			int o = t * packed;
			for (int a = 0; a < k; a++) for (int b = a; b < k; b++) out.re[o++] = x[a] * x[b];
		}
	}

	/**
	 * Solves the n blocks of {@code g} (block t from t·blockStep, stride {@code stride}) with
	 * the damped row-wise Grams of one side, formed again unless {@code factor} has moved
	 * less than {@link #REFACTOR_CHANGE} since they were last: the mask (W_N's side,
	 * {@code columns} true: the outer products of the columns of {@code factor}) or its
	 * transpose (W_1's side: of its rows) times the packed outer products, on the kernels;
	 * then, in chunks on the Java threads, a chunk's Cholesky factorizations and its solves
	 * in one task (one dispatch instead of two, the chunk's factors still in cache).
	 */
	private void solveRowwise(final Work s, final RowwiseSide side, final Matrix factor, final boolean columns,
		final int n, final double damping, final double[] g, final int blockStep, final int stride)
	{
		final int k = s.k;
		final double[] grams = side.grams.re;
		final boolean refactor = !side.factored || moved(factor, side.basis);
		if (refactor) {
			outerProducts(factor, columns, side.outer, s.outerScratch);
			kernels.upload(side.outer, side.outerBuffer);
			kernels.gemm(!columns, maskb, false, side.outerBuffer, 1, 0, side.gramsBuffer);
			kernels.download(side.gramsBuffer, side.grams);
			System.arraycopy(factor.re, 0, side.basis.re, 0, factor.re.length);
			side.factored = true;
		}
		inChunks(s, n, (t, from, to) -> {
			if (refactor) SmallDense.factorPacked(grams, k, damping, from, to);
			SmallDense.solveFactored(grams, k, g, blockStep, stride, from, to, s.solveScratch[t]);
		});
	}

	/** True when {@code now} differs from {@code basis} by more than {@link #REFACTOR_CHANGE} of its norm. */
	private static boolean moved(final Matrix now, final Matrix basis) {
		double diff = 0, size = 0;
		for (int e = 0; e < now.re.length; e++) {
			final double d = now.re[e] - basis.re[e];
			diff += d * d;
			size += now.re[e] * now.re[e];
		}
		return !(diff <= REFACTOR_CHANGE * REFACTOR_CHANGE * size);
	}

	/** A range [from, to) of a row-wise side's blocks, done by thread slot t. */
	@FunctionalInterface
	private interface ChunkTask {

		void run(int t, int from, int to);
	}

	/**
	 * Runs {@code task} over n blocks in {@value #SOLVE_CHUNK}-block chunks on up to
	 * {@code threads} threads, thread slot t taking chunks t, t + threads, …: each block is
	 * independent, so the result does not depend on the thread count.
	 */
	private static void inChunks(final Work s, final int n, final ChunkTask task) {
		final int chunks = (n + SOLVE_CHUNK - 1) / SOLVE_CHUNK;
		final int threads = Math.min(s.solveScratch.length, chunks);
		if (threads <= 1) {
			task.run(0, 0, n);
			return;
		}
		java.util.stream.IntStream.range(0, threads).parallel().forEach(t -> {
			for (int c = t; c < chunks; c += threads) task.run(t, c * SOLVE_CHUNK, Math.min(n, (c + 1) * SOLVE_CHUNK));
		});
	}

	private static void requireCholesky(final double[] a, final int k, final double lambda) {
		if (!SmallDense.cholesky(a, 0, k, lambda)) {
			// λ > 0 makes the damped Gram positive definite; failing means non-finite layers
			for (int e = 0; e < k * k; e++) a[e] = e % (k + 1) == 0 ? 1 : 0;
		}
	}

	/**
	 * GLRL's test and growth: the top singular pairs of the residual gradient; {@code GREW}
	 * (and the layers widened) when σ_1/p exceeds the threshold and the noise edge, and the
	 * top direction is not one the current width has yet to fit.
	 *
	 * @param probe directions probed (at most min(max(k, probe), maxWidth − k))
	 * @param margin factor on the noise edge a direction must exceed
	 * @param together factor on that edge the second and later directions must exceed to enter in the same test
	 * @param comparable fraction of the top singular value the second and later directions must reach to enter in the same test
	 */
	private Widening widen(final int probe, final double margin, final double together, final double comparable) {
		final int k = w[0].rows;
		final int add = Math.min(Math.max(k, probe), maxWidth - k);
		if (add <= 0) return Widening.NONE;
		// block power iteration on R (the residual buffer, on the kernels), the short side orthonormalized
		final Matrix v = Matrix.real(cols, add);
		final Buffer vb = kernels.allocate(cols, add), ub = kernels.allocate(rows, add);
		for (int e = 0; e < v.re.length; e++) v.re[e] = rnd.nextGaussian();
		final Matrix rv = powerIteration(work.residual, v, vb, ub, WIDEN_ROUNDS);
		final double[] sv = columnNorms(rv);
		int topIndex = 0;
		for (int i = 1; i < add; i++) if (sv[i] > sv[topIndex]) topIndex = i;
		final double top = sv[topIndex];
		// the start probe's block is the target's top directions: σ is its top value
		if (Double.isNaN(sigma)) sigma = estimatedSigma(top);
		if (!(top / p > o.widenThreshold() * sigma)) return Widening.NONE;
		// the noise edge: P_Ω(E) = p E + (P_Ω − p)(E), and the second term, the mask's noise, is
		// a random matrix of iid entries of variance p(1 − p)·rms² (rms of E on the fitted
		// entries) with top singular value about sqrt(p(1 − p))·rms·(sqrt(rows) + sqrt(cols))
		// (Bai–Yin; Bandeira–van Handel for sparse ones). A missing direction of the target
		// stands out above it; few observations raise the edge, so fewer directions enter at
		// once and the widening does not chase the mask's noise; with nothing missing there is
		// no such noise (edge 0)
		final double r2 = kernels.norm2(work.residual);
		final double edge = margin * NOISE_EDGE * Math.sqrt(r2 / (p * rows * cols)) * Math.sqrt(p * (1 - p)) * (Math.sqrt(rows) +
			Math.sqrt(cols));
		if (!(top > edge)) return Widening.NONE;
		// GLRL adds one direction per phase; several at once when the residual has several of
		// comparable size (≥ comparable × the top one) that also stand {@code together}× above
		// the edge, or that stand FAR_ABOVE_EDGE× above it (a decaying spectrum): at few
		// observations the mask's noise directions come close to the top one (100², rank 3, a
		// fifth observed: 2 → 4 → 8 → … → 26 at 1×), and after a fit the probe's noise
		// directions reach about twice the edge, so one at a time there
		final double[] inside = rowSpaceOverlap(v, w[0]);
		final int[] order = new int[add];
		int count = 0;
		// (the size-free gates only where there is a noise edge to stand above: with nothing
		// missing it is 0, and a fully observed rank-3 target entered all eight probed
		// directions at the start, then took 1 892 steps at width 8)
		final double sizeGate = (edge > 0 ? comparable : COMPARABLE) * top;
		final double farGate = edge > 0 ? FAR_ABOVE_EDGE * edge : Double.POSITIVE_INFINITY;
		// the strongest direction inside the fitted row space: the sizes are against a fit error
		if (inside[topIndex] > IN_ROW_SPACE) return Widening.UNFITTED;
		for (int i = 0; i < add; i++) {
			if (sv[i] > edge && (sv[i] >= sizeGate || sv[i] > farGate) && inside[i] <= IN_ROW_SPACE) order[count++] = i;
		}
		// strongest first (a short insertion sort by singular value, descending)
		for (int a = 1; a < count; a++) {
			final int t = order[a];
			int b = a - 1;
			for (; b >= 0 && sv[order[b]] < sv[t]; b--) order[b + 1] = order[b];
			order[b + 1] = t;
		}
		int admitted = Math.min(count, 1);
		while (admitted < count && sv[order[admitted]] > together * edge) admitted++;
		count = admitted;
		grow(k, count, order, v, rv, add);
		return Widening.GREW;
	}

	/**
	 * ‖Qᵀ v_i‖² for each column v_i of v (unit, cols long), Q an orthonormal basis of the row
	 * space of the first layer (k x cols): the share of v_i that the current width already
	 * spans ({@link #IN_ROW_SPACE}).
	 */
	private static double[] rowSpaceOverlap(final Matrix v, final Matrix first) {
		final int k = first.rows, n = first.cols, m = v.cols;
		final Matrix q = Matrix.real(n, k);
		for (int a = 0; a < k; a++) for (int c = 0; c < n; c++) q.re[c * k + a] = first.re[a * n + c];
		final double[] out = new double[m];
		// (a rank-deficient layer has no such basis: nothing is then taken as inside)
		if (!Orthonormal.orthonormalizeColumns(q)) return out;
		// Qᵀ (k x n), then Qᵀ V (k x m): column i's squared norm is v_i's share
		final double[] qt = new double[k * n], qtv = new double[k * m];
		for (int c = 0; c < n; c++) for (int a = 0; a < k; a++) qt[a * n + c] = q.re[c * k + a];
		SmallDense.multiply(qt, v.re, k, n, m, qtv);
		for (int a = 0; a < k; a++) for (int i = 0; i < m; i++) out[i] += qtv[a * m + i] * qtv[a * m + i];
		return out;
	}

	/** What a width test did. */
	private enum Widening {
		/** Directions entered. */
		GREW,
		/** No missing direction stands out: the width is the rank. */
		NONE,
		/** The residual's top direction is one the current width has yet to fit ({@link #IN_ROW_SPACE}). */
		UNFITTED
	}

	/** Removes hidden direction 0 (row 0 of W_1, column 0 of W_N, row and column 0 of the middle layers). */
	private void dropFirstDirection() {
		final int k = w[0].rows;
		for (int j = 0; j < depth; j++) {
			final Matrix old = w[j];
			final boolean rowsAreHidden = j < depth - 1, colsAreHidden = j > 0;
			final int out = rowsAreHidden ? k - 1 : old.rows, in = colsAreHidden ? k - 1 : old.cols;
			final Matrix m = Matrix.real(out, in);
			for (int a = 0; a < out; a++) {
				System.arraycopy(old.re, (a + (rowsAreHidden ? 1 : 0)) * old.cols + (colsAreHidden ? 1 : 0), m.re, a * in, in);
			}
			w[j] = m;
		}
	}

	/** The layers at width k + count, the new directions (columns {@code order} of v and rv) entering as GLRL's. */
	private void grow(final int k, final int count, final int[] order, final Matrix v, final Matrix rv, final int add) {
		// directions of −R: u_i = −R v_i / ‖R v_i‖
		final int kNew = k + count;
		// the new direction's product is s³σ u vᵀ whatever the depth (s³ = the depth-3 default's
		// initial product), ε = (s³σ)^{1/N} per layer (GLRL Alg. 2: ε' = ε^{1/L}), so that
		// deeper models do not start each phase further down the saddle
		final double eps = Math.pow(Math.pow(o.scale(), 3) * sigma, 1.0 / depth);
		final Matrix[] grown = new Matrix[depth];
		for (int j = 0; j < depth; j++) {
			final Matrix old = w[j];
			final int out = j == depth - 1 ? rows : kNew, in = j == 0 ? cols : kNew;
			final Matrix m = Matrix.real(out, in);
			for (int a = 0; a < old.rows; a++) System.arraycopy(old.re, a * old.cols, m.re, a * in, old.cols);
			for (int t = 0; t < count; t++) {
				final int i = order[t];
				if (j == 0) {
					for (int col = 0; col < cols; col++) m.re[(k + t) * in + col] = eps * v.re[col * add + i];
				}
				else if (j == depth - 1) {
					double norm = 0;
					for (int a = 0; a < rows; a++) norm += rv.re[a * add + i] * rv.re[a * add + i];
					norm = Math.sqrt(norm);
					for (int a = 0; a < rows; a++) m.re[a * in + k + t] = norm > 0 ? -eps * rv.re[a * add + i] / norm : 0;
				}
				else {
					m.re[(k + t) * in + k + t] = eps;
				}
			}
			grown[j] = m;
		}
		w = grown;
	}

	private static void orthonormalize(final Matrix q) {
		Orthonormal.orthonormalizeColumns(q);
	}

	/**
	 * Block power iteration on the buffer {@code a} (rows x cols) from the columns of
	 * {@code v} (overwritten: the right singular block after {@code rounds} rounds,
	 * orthonormal); returns A V, whose column norms estimate the top singular values.
	 * {@code vb} (cols x block) and {@code ub} (rows x block) are workspaces on the kernels.
	 * <p>
	 * After r rounds V spans (AᵀA)^r V₀ whichever side is orthonormalized between the products,
	 * so only the short side is (in Java, Cholesky QR): V ← orth(Aᵀ(A V)) when rows ≥ cols,
	 * U ← orth(A(Aᵀ U)) and one V = orth(Aᵀ U) at the end otherwise. Orthonormalizing the long
	 * side too, as a two-sided iteration does, cost most of the probe (65 536 × 100 and
	 * 16 384 × 40 Casorati matrices: the 8-column blocks of the tall side).
	 */
	private Matrix powerIteration(final Buffer a, final Matrix v, final Buffer vb, final Buffer ub, final int rounds) {
		final Matrix av = Matrix.real(rows, v.cols);
		orthonormalize(v);
		if (rows >= cols) {
			for (int it = 0; it < rounds; it++) {
				kernels.upload(v, vb);
				kernels.gemm(false, a, false, vb, 1, 0, ub);
				kernels.gemm(true, a, false, ub, 1, 0, vb);
				kernels.download(vb, v);
				orthonormalize(v);
			}
		}
		else if (rounds > 0) {
			// av is U's workspace here: U = orth(A V₀), then rounds − 1 of U ← orth(A Aᵀ U)
			kernels.upload(v, vb);
			kernels.gemm(false, a, false, vb, 1, 0, ub);
			for (int it = 0;; it++) {
				kernels.download(ub, av);
				orthonormalize(av);
				kernels.upload(av, ub);
				kernels.gemm(true, a, false, ub, 1, 0, vb);
				if (it == rounds - 1) break;
				kernels.gemm(false, a, false, vb, 1, 0, ub);
			}
			kernels.download(vb, v);
			orthonormalize(v);
		}
		kernels.upload(v, vb);
		kernels.gemm(false, a, false, vb, 1, 0, ub);
		kernels.download(ub, av);
		return av;
	}

	/** An estimate of the largest singular value of the buffer {@code a}: a block power iteration of {@code block} columns. */
	private double largestSingularValue(final Buffer a, final int block, final int rounds) {
		final Matrix v = Matrix.real(cols, block);
		// a deterministic, generic start (as SpectralNorm's), independent of the seed
		for (int e = 0; e < v.re.length; e++) v.re[e] = 1 + 0.5 * Math.sin(1.7 * e + 0.3);
		double top = 0;
		for (final double x : columnNorms(powerIteration(a, v, kernels.allocate(cols, block), kernels.allocate(rows,
			block), rounds))) top = Math.max(top, x);
		return top;
	}

	private static double[] columnNorms(final Matrix m) {
		final double[] out = new double[m.cols];
		for (int a = 0; a < m.rows; a++) {
			for (int i = 0; i < m.cols; i++) out[i] += m.re[a * m.cols + i] * m.re[a * m.cols + i];
		}
		for (int i = 0; i < m.cols; i++) out[i] = Math.sqrt(out[i]);
		return out;
	}

	/** W = W_N ⋯ W_1 of the given layers (normalized units), on the kernels. */
	private Matrix productOf(final Matrix[] layers, final Matrix into) {
		final int k = layers[0].rows;
		if (work.k != k || layers != w) {
			w = layers;
			work = new Work(depth == 1 ? cols : k);
		}
		final Work s = work;
		if (depth > 1) {
			for (int j = 2; j < depth; j++) kernels.gemm(false, s.layer[j - 1], false, s.prefix[j - 1], 1, 0, s.prefix[j]);
			kernels.gemm(false, s.layer[depth - 1], false, s.prefix[depth - 1], 1, 0, s.product);
		}
		final Matrix out = into != null ? into : Matrix.real(rows, cols);
		kernels.download(s.product, out);
		return out;
	}

	/**
	 * RMSE on the held-out entries of the current layers' product (normalized units), the
	 * iterate {@code best} keeps: entry (i, j) is row i of W_N times column j of
	 * W_{N−1} ⋯ W_1, k flops an entry (no rows x cols product or download per check).
	 */
	private double validationRmse() {
		final Work s0 = work;
		final int k = w[0].rows;
		double[] x;
		if (depth == 1) {
			x = w[0].re;
		}
		else {
			// P = W_{N−1} ⋯ W_1 (k x cols) in the width's workspaces, then transposed so that a
			// column is contiguous
			x = w[0].re;
			for (int j = 1; j < depth - 1; j++) {
				final double[] next = s0.validationPrefix[(j - 1) % 2];
				SmallDense.multiply(w[j].re, x, k, k, cols, next);
				x = next;
			}
			final double[] t = s0.validationColumns;
			for (int a = 0; a < k; a++) for (int col = 0; col < cols; col++) t[col * k + a] = x[a * cols + col];
			x = t;
		}
		final double[] last = w[depth - 1].re;
		double s = 0;
		for (int i = 0; i < validation.length; i++) {
			final int e = validation[i];
			double v;
			if (depth == 1) {
				v = x[e];
			}
			else {
				final int r = e / cols, col = e % cols;
				v = 0;
				for (int a = 0; a < k; a++) v += last[r * k + a] * x[col * k + a];
			}
			final double d = v - validationValues[i];
			s += d * d;
		}
		return Math.sqrt(s / validation.length);
	}

	private static Matrix[] copy(final Matrix[] layers) {
		final Matrix[] out = new Matrix[layers.length];
		for (int j = 0; j < layers.length; j++) out[j] = layers[j].copy();
		return out;
	}

	private static void scale(final double[] x, final double a) {
		for (int e = 0; e < x.length; e++) x[e] *= a;
	}
}
