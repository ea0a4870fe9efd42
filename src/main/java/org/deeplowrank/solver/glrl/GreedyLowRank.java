package org.deeplowrank.solver.glrl;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.deeplowrank.solver.gd.DeepFactorization;
import org.deeplowrank.solver.gd.DeepObjective;
import org.deeplowrank.solver.gd.GradientDescent;
import org.deeplowrank.solver.gd.LogRecord;
import org.deeplowrank.solver.gd.OptimizerKind;
import org.deeplowrank.solver.gd.SolverListener;
import org.deeplowrank.solver.gd.StopReason;
import org.deeplowrank.solver.kernels.DenseKernels;
import org.deeplowrank.solver.kernels.JavaBackend;
import org.deeplowrank.solver.kernels.MatrixKernels;
import org.deeplowrank.solver.kernels.Precision;
import org.deeplowrank.solver.linalg.Lanczos;
import org.deeplowrank.solver.linalg.Matrix;
import org.deeplowrank.solver.linalg.Orthonormal;
import org.deeplowrank.solver.linalg.Svd;
import org.deeplowrank.solver.problem.DataTerm;

/**
 * Greedy Low-Rank Learning (GLRL §5 Alg. 1, deep version Alg. 2; METHOD.md §3): the
 * rank-one-at-a-time path that gradient descent follows from an infinitesimal
 * initialization, run directly.
 * <p>
 * W = W_L ⋯ W_1 with hidden widths r (the rank found so far): W_1 is r x cols, W_L is
 * rows x r. Phase r: take the top eigenpair (λ_1, u) of −∇f(W_{r−1}) (symmetric f) or
 * its top singular triple (σ_1, u, v) (asymmetric f: the paper's reduction U' = [U; V]
 * whose lifted gradient [[0, ∇f/2], [∇f^T/2, 0]] has top eigenvector (u; v)/√2), grow W_L
 * by a column ε' u, W_1 by a row ε' v^T and the middle layers by blockdiag(·, ε'), with
 * ε' = ε^{1/L}, so the product grows by ε u v^T (Alg. 2), and run GD to a critical point.
 * With L = 2 and the symmetric form, W_1 = W_2^T stays exact under GD (the gradients are
 * exact transposes), which is Alg. 1's GD on ½ f(U U^T). Stop when λ_1(−∇f(W_r)) falls to
 * {@code tolerance} times its value at W = 0 (W_r optimal on the PSD cone; asymmetric:
 * the gradient vanishes), at {@code maxRank}, or on cancel.
 * <p>
 * Cost per GD iteration is proportional to r: the products are rows x r x cols and
 * r x r x cols; the eigenvector costs a few dozen gradient-vector products per phase.
 * The phases run on the caller's {@link DenseKernels} (native BLAS or java, as gradient
 * descent does), which should be double: a phase ends at ‖∇L‖ ≤ tolerance² × its peak
 * (1e-8 at the default tolerance), below float's rounding, so float phases run to
 * {@link Options#phaseIterations} ({@code SolverSettings} refuses {@code precision=float}
 * with {@code method=glrl}).
 */
public final class GreedyLowRank {

	/** Solver-unit options. */
	public static final class Options {
		public int depth = 2;
		/** ε: the product grows by ε u v^T at each phase start. */
		public double epsilon = 1e-7;
		public int maxRank = 0;
		public double step = 1e-2;
		public OptimizerKind optimizer = OptimizerKind.GD;
		public int phaseIterations = 10000;
		/** Safety cap on the steps over all phases (the key {@code iterations}); 0 = none. */
		public int maxIterations = 0;
		/** Wall-clock budget of the whole run in seconds (the key {@code max_seconds}); 0 = none. */
		public double maxSeconds = 0;
		/**
		 * GLRL end: λ_1(−∇f(W_r)) ≤ tolerance × λ_1(−∇f(0)). Phases run until ‖∇L‖ ≤
		 * tolerance² × its peak in the phase, so that a phase's leftover gradient is well
		 * below the optimality test's threshold.
		 */
		public double tolerance = 1e-4;
		public boolean symmetric = false;
		/**
		 * Stop when a phase lowers f by less than this fraction of f(0), and keep the previous
		 * rank: on noisy data λ_1(−∇f) never reaches 0 and later phases only fit noise. 0 = off.
		 */
		public double minPhaseGain = 0;
		public long seed = 0;
		public int logEvery = 10;
		public int singularValues = 5;
		public Matrix reference;
		public double referenceNorm = Double.NaN;
		public double valueScale = 1;
		/**
		 * Held-out validation entries (flat indices, excluded from the data term by the caller)
		 * and their values in solver units; null = none. After each phase their RMSE is
		 * recorded (phase table column {@code val_rmse}); the result is the phase with the
		 * lowest one, and the run stops once it has stayed more than 1 % above that best for
		 * {@link #validationPatience} phases. Phase-level, not iterate-level: a phase is one
		 * more rank-one direction brought to a critical point, the unit GLRL adds, and an
		 * iterate in mid-phase is an arbitrary mix of two ranks.
		 */
		public int[] validationIndices;
		public double[] validationValues;
		public int validationPatience = 3;

		/**
		 * The gradient descent of one phase: this step, optimizer, log and reference, at most
		 * {@link #phaseIterations} steps, until ‖∇L‖ ≤ tolerance² × its peak (see
		 * {@link #tolerance}); no validation inside a phase (GLRL validates phases).
		 */
		GradientDescent.Options phaseOptions() {
			final GradientDescent.Options go = new GradientDescent.Options();
			go.step = step;
			go.optimizer = optimizer;
			go.maxIterations = phaseIterations;
			go.gradientTolerance = tolerance * tolerance;
			go.logEvery = logEvery;
			go.singularValues = singularValues;
			go.reference = reference;
			go.referenceNorm = referenceNorm;
			go.valueScale = valueScale;
			return go;
		}
	}

	/** One row of the per-phase table. */
	public static final class Phase {
		public final int phase;
		public final int iterations;
		public final double lossStart;
		public final double lossEnd;
		/** λ_1 and λ_2 of −∇f(W_{r−1}) (asymmetric: σ_1, σ_2 of ∇f(W_{r−1})). */
		public final double lambda1;
		public final double lambda2;
		public final double nuclearNorm;
		public final int rank;
		public final double seconds;
		/** RMSE on the held-out validation entries at the end of the phase (user units); NaN without validation. */
		public final double valRmse;

		Phase(final int phase, final int iterations, final double lossStart, final double lossEnd, final double lambda1,
			final double lambda2, final double nuclearNorm, final int rank, final double seconds, final double valRmse)
		{
			this.valRmse = valRmse;
			this.phase = phase;
			this.iterations = iterations;
			this.lossStart = lossStart;
			this.lossEnd = lossEnd;
			this.lambda1 = lambda1;
			this.lambda2 = lambda2;
			this.nuclearNorm = nuclearNorm;
			this.rank = rank;
			this.seconds = seconds;
		}

		public static List<String> columns() {
			return List.of("phase", "iterations", "loss_start", "loss_end", "lambda1", "lambda2", "nuclear_norm", "rank",
				"seconds", "val_rmse");
		}

		public double[] values() {
			return new double[] { phase, iterations, lossStart, lossEnd, lambda1, lambda2, nuclearNorm, rank, seconds,
				valRmse };
		}
	}

	public static final class Result {
		public final Matrix product;
		/** Final layers (null when no phase ran). */
		public final DeepFactorization layers;
		public final List<Phase> phases;
		public final List<LogRecord> log;
		public final StopReason stopReason;
		public final String message;
		/** Steps taken over all phases. */
		public final int steps;
		/** The total step count at the end of the phase whose product is returned. */
		public int returnedIteration;
		/** f at the returned product (solver units). */
		public final double dataLoss;
		/** λ_1(−∇f) at the returned product (solver units; σ_1 of ∇f when asymmetric). */
		public final double finalLambda;
		/**
		 * With validation: the phase whose product is returned (best val_rmse; 0 = none ran)
		 * and the total iteration count at its end; -1 without validation.
		 */
		public int bestPhase = -1, bestIteration = -1;

		Result(final Matrix product, final DeepFactorization layers, final List<Phase> phases, final List<LogRecord> log,
			final StopReason stopReason, final String message, final int steps, final double dataLoss,
			final double finalLambda)
		{
			this.returnedIteration = steps;
			this.product = product;
			this.layers = layers;
			this.phases = phases;
			this.log = log;
			this.stopReason = stopReason;
			this.message = message;
			this.steps = steps;
			this.dataLoss = dataLoss;
			this.finalLambda = finalLambda;
		}
	}

	private final DataTerm data;
	private final Options opts;
	/** What every phase's objective and gradient descent run on (owned, and closed, by the caller). */
	private final DenseKernels kernels;
	/** Products on {@link Matrix} outside the phases' kernels: gradient descent's log diagnostics, the nuclear norm. */
	private final JavaBackend backend;

	/** GLRL on the java/double kernels of {@code backend} ({@link Matrix} buffers: the reference path). */
	public GreedyLowRank(final DataTerm data, final JavaBackend backend, final Options options) {
		this(data, new MatrixKernels(backend, false), backend, options);
	}

	/**
	 * GLRL whose phases run on {@code kernels} (real; the caller closes them after
	 * {@link #run}), with {@code backend} for the products on {@link Matrix} between phases
	 * and in the log rows.
	 */
	public GreedyLowRank(final DataTerm data, final DenseKernels kernels, final JavaBackend backend,
		final Options options)
	{
		if (kernels.complex()) throw new IllegalArgumentException("GLRL runs on real kernels, got complex " + kernels
			.description());
		if (options.depth < 2) throw new IllegalArgumentException("bad value for 'depth': " + options.depth +
			" (GLRL needs depth >= 2)");
		if (options.symmetric && data.rows() != data.cols()) {
			throw new IllegalArgumentException("symmetric=true needs a square target, got " + data.cols() + " x " + data
				.rows() + "; use symmetric=false (the asymmetric reduction)");
		}
		if (!(options.epsilon > 0)) throw new IllegalArgumentException("bad value for 'epsilon': " + options.epsilon +
			" (expected > 0)");
		this.data = data;
		this.opts = options;
		this.kernels = kernels;
		this.backend = backend;
	}

	/** Top eigen/singular information of −∇f: values (descending) and the growth vectors. */
	static final class Direction {
		final double lambda1, lambda2;
		final double[] u, v;

		Direction(final double lambda1, final double lambda2, final double[] u, final double[] v) {
			this.lambda1 = lambda1;
			this.lambda2 = lambda2;
			this.u = u;
			this.v = v;
		}
	}

	/**
	 * Top direction of −G (G = ∇f(W), rows x cols, real): symmetric case, the top
	 * eigenpair of −G; otherwise the top singular triple from the lifted operator
	 * [[0, −G], [−G^T, 0]], whose eigenvalues are ±σ_i(G).
	 */
	Direction direction(final Matrix g) {
		final int rows = g.rows, cols = g.cols;
		final double[] gr = g.re;
		final int steps = 64;
		if (opts.symmetric) {
			final Lanczos l = Lanczos.largest(new Lanczos.Operator() {

				@Override
				public int dim() {
					return rows;
				}

				@Override
				public void apply(final double[] x, final double[] y) {
					for (int i = 0; i < rows; i++) {
						double s = 0;
						for (int j = 0; j < cols; j++) s -= gr[i * cols + j] * x[j];
						y[i] = s;
					}
				}
			}, steps, opts.seed);
			return new Direction(l.values[0], l.values.length > 1 ? l.values[1] : Double.NEGATIVE_INFINITY, l.top, l.top);
		}
		final Lanczos l = Lanczos.largest(new Lanczos.Operator() {

			@Override
			public int dim() {
				return rows + cols;
			}

			@Override
			public void apply(final double[] x, final double[] y) {
				// y_u = −G x_v, y_v = −G^T x_u
				java.util.Arrays.fill(y, rows, rows + cols, 0);
				for (int i = 0; i < rows; i++) {
					double s = 0;
					final double xu = x[i];
					for (int j = 0; j < cols; j++) {
						final double gij = gr[i * cols + j];
						s -= gij * x[rows + j];
						y[rows + j] -= gij * xu;
					}
					y[i] = s;
				}
			}
		}, steps, opts.seed);
		final double[] u = java.util.Arrays.copyOfRange(l.top, 0, rows);
		final double[] v = java.util.Arrays.copyOfRange(l.top, rows, rows + cols);
		normalize(u);
		normalize(v);
		// singular values of G are the positive eigenvalues of the lift, each once
		return new Direction(l.values[0], l.values.length > 1 ? l.values[1] : 0, u, v);
	}

	private static void normalize(final double[] v) {
		final double n = Math.sqrt(Lanczos.dot(v, v));
		if (n > 0) for (int i = 0; i < v.length; i++) v[i] /= n;
	}

	public Result run(final SolverListener listener, final BooleanSupplier cancel) {
		final SolverListener l = listener == null ? SolverListener.NONE : listener;
		final long start = System.nanoTime();
		final int rows = data.rows(), cols = data.cols(), depth = opts.depth;
		final int maxRank = opts.maxRank > 0 ? opts.maxRank : Math.min(rows, cols);
		Matrix product = Matrix.real(rows, cols);
		final Matrix grad = Matrix.real(rows, cols);
		double loss = data.evaluate(product, grad);
		Direction dir = direction(grad);
		final double lambdaRef = Math.max(dir.lambda1, Double.MIN_NORMAL);
		final List<Phase> phases = new ArrayList<>();
		final List<LogRecord> log = new ArrayList<>();
		DeepFactorization layers = null, layersBefore = null;
		final boolean validating = opts.validationIndices != null && opts.validationIndices.length > 0;
		double bestVal = Double.POSITIVE_INFINITY;
		int bestPhase = 0, bestIteration = 0;
		Matrix bestProduct = product;
		DeepFactorization bestLayers = null;
		int total = 0, returnedAt = 0;
		final long deadline = opts.maxSeconds > 0 ? start + (long) Math.min(opts.maxSeconds * 1e9, Long.MAX_VALUE / 2)
			: Long.MAX_VALUE;
		final PhaseKernels phaseKernels = new PhaseKernels(kernels);
		StopReason reason = null;
		String message = null;
		for (int r = 1;; r++) {
			if (dir.lambda1 <= opts.tolerance * lambdaRef) {
				reason = StopReason.CONVERGED;
				message = String.format(Locale.ROOT, "converged after %d phase(s): lambda1(-grad f) = %.3g <= %.3g x %.3g (%s)",
					r - 1, dir.lambda1, opts.tolerance, lambdaRef, opts.symmetric ? "optimal on the PSD cone" :
						"the gradient vanishes");
				break;
			}
			if (r > maxRank) {
				reason = StopReason.MAX_RANK;
				message = "reached max_rank = " + maxRank + " with lambda1(-grad f) = " + String.format(Locale.ROOT, "%.3g",
					dir.lambda1);
				break;
			}
			if (cancel != null && cancel.getAsBoolean()) {
				reason = StopReason.CANCELLED;
				message = "cancelled before phase " + r + "; the result is the rank-" + (r - 1) + " iterate (partial)";
				break;
			}
			if (opts.maxIterations > 0 && total >= opts.maxIterations) {
				reason = StopReason.MAX_ITERATIONS;
				message = "reached the iteration cap (" + opts.maxIterations + " steps over all phases) before phase " + r;
				break;
			}
			final long now = System.nanoTime();
			if (now >= deadline) {
				reason = StopReason.MAX_SECONDS;
				message = String.format(Locale.ROOT, "reached the time budget (max_seconds=%.3g) before phase %d",
					opts.maxSeconds, r);
				break;
			}
			final long phaseStart = System.nanoTime();
			layersBefore = layers;
			layers = grow(layers, dir, r, rows, cols, depth);
			final int[] dims = layers.dims();
			final DeepObjective obj = new DeepObjective(dims, data, 0, phaseKernels);
			final double lossStart = obj.evaluate(layers.layers(), null);
			final GradientDescent.Options go = opts.phaseOptions();
			// the run's caps bound the phase: the steps left of `iterations`, the time left of `max_seconds`
			final boolean capped = opts.maxIterations > 0 && opts.maxIterations - total < go.maxIterations;
			if (capped) go.maxIterations = opts.maxIterations - total;
			if (deadline != Long.MAX_VALUE) go.maxSeconds = Math.max((deadline - now) * 1e-9, 1e-9);
			final int offset = total;
			final GradientDescent.Result res = new GradientDescent(obj, backend, go).run(layers, new SolverListener() {

				@Override
				public void logged(final LogRecord rec) {
					final LogRecord shifted = rec.toBuilder().iteration(rec.iteration + offset).seconds((System.nanoTime() -
						start) * 1e-9).build();
					log.add(shifted);
					l.logged(shifted);
				}

				@Override
				public void progress(final int iteration, final int max) {
					l.progress(offset + iteration, offset + max);
				}
			}, cancel);
			// the result holds copies (Matrix): the phase's buffers go to the next phase
			phaseKernels.endPhase();
			total += res.steps;
			final double before = loss;
			final Matrix previousProduct = product;
			final DeepFactorization previousLayers = r == 1 ? null : layersBefore;
			layers = res.layers;
			product = res.product;
			loss = data.evaluate(product, grad);
			if (r > 1 && opts.minPhaseGain > 0 && before - loss < opts.minPhaseGain * data.valueAtZero() &&
				res.stopReason != StopReason.CANCELLED && res.stopReason != StopReason.DIVERGED)
			{
				reason = StopReason.CONVERGED;
				message = String.format(Locale.ROOT, "converged after %d phase(s): phase %d lowered the loss by only %.3g " +
					"of f(0) (< min_phase_gain %.3g)%s; the rank-%d result is kept", r - 1, r, (before - loss) / data
						.valueAtZero(), opts.minPhaseGain, res.stopReason == StopReason.CONVERGED
							? ": what is left looks like noise"
							: " within its " + opts.phaseIterations + " steps (a weak direction escapes slowly: raise " +
								"phase_steps or epsilon to go further)", r - 1);
				product = previousProduct;
				layers = previousLayers;
				loss = data.evaluate(product, grad);
				dir = direction(grad);
				break;
			}
			final double nuclear = nuclearNorm(layers, product);
			final double val = validationRmse(product);
			returnedAt = total;
			phases.add(new Phase(r, res.steps, lossStart * sq(opts.valueScale), loss * sq(opts.valueScale),
				dir.lambda1, dir.lambda2, nuclear * opts.valueScale, r, (System.nanoTime() - phaseStart) * 1e-9, val));
			if (res.stopReason == StopReason.CANCELLED || res.stopReason == StopReason.DIVERGED || res
				.stopReason == StopReason.MAX_SECONDS || capped && res.stopReason == StopReason.MAX_ITERATIONS)
			{
				reason = res.stopReason;
				message = "phase " + r + ": " + (capped && reason == StopReason.MAX_ITERATIONS ? "reached the iteration cap (" +
					opts.maxIterations + " steps over all phases)" : res.message);
				break;
			}
			if (validating) {
				if (val < bestVal) {
					bestVal = val;
					bestPhase = r;
					bestIteration = total;
					bestProduct = product;
					bestLayers = layers;
				}
				else if (r - bestPhase >= opts.validationPatience && val > 1.01 * bestVal) {
					reason = StopReason.VALIDATION;
					message = String.format(Locale.ROOT, "early stopping after %d phase(s): the validation error has not " +
						"returned to its best (phase %d) for %d phases", r, bestPhase, r - bestPhase);
					break;
				}
			}
			dir = direction(grad);
		}
		// return the best validation phase (not after a divergence: its best may be a
		// diverged phase's predecessor too, but the user must see the divergence)
		if (validating && reason != StopReason.DIVERGED && bestPhase > 0 && bestProduct != product) {
			product = bestProduct;
			layers = bestLayers;
			loss = data.evaluate(product, grad);
			dir = direction(grad);
			returnedAt = bestIteration;
			message += String.format(Locale.ROOT, "; returned the best validation phase %d (rank %d, iteration %d, " +
				"val_rmse %.4g)", bestPhase, bestPhase, bestIteration, bestVal);
		}
		else if (validating && bestPhase > 0) {
			message += String.format(Locale.ROOT, "; best validation phase %d (val_rmse %.4g)", bestPhase, bestVal);
		}
		final Result result = new Result(product, layers, phases, log, reason, message, total, loss, dir.lambda1);
		result.returnedIteration = returnedAt;
		if (validating) {
			result.bestPhase = bestPhase;
			result.bestIteration = bestPhase > 0 ? bestIteration : -1;
		}
		return result;
	}

	/** Appends the phase-r direction to the layers (Alg. 2's growth; r = 1 starts from none). */
	private DeepFactorization grow(final DeepFactorization old, final Direction d, final int r, final int rows,
		final int cols, final int depth)
	{
		final double e = Math.pow(opts.epsilon, 1.0 / depth);
		final Matrix[] w = new Matrix[depth];
		for (int j = 1; j <= depth; j++) {
			final int out = j == depth ? rows : r;
			final int in = j == 1 ? cols : r;
			final Matrix m = Matrix.real(out, in);
			if (old != null) {
				final Matrix o = old.layer(j);
				for (int i = 0; i < o.rows; i++) System.arraycopy(o.re, i * o.cols, m.re, i * in, o.cols);
			}
			if (j == 1 && j == depth) throw new IllegalStateException("depth >= 2");
			if (j == 1) {
				for (int c = 0; c < cols; c++) m.re[(r - 1) * in + c] = e * d.v[c];
			}
			else if (j == depth) {
				for (int i = 0; i < rows; i++) m.re[i * in + (r - 1)] = e * d.u[i];
			}
			else {
				m.re[(r - 1) * in + (r - 1)] = e;
			}
			w[j - 1] = m;
		}
		return new DeepFactorization(w);
	}

	/**
	 * ‖W‖_* of W = W_L ⋯ W_1 (= {@code product}) from its factors: with P = W_{L−1} ⋯ W_1
	 * (r x cols) and W_L = Q R (Gram–Schmidt, R r x r), σ(W) = σ(R P), an r x cols SVD
	 * instead of W's rows x cols one (that took about 200 ms a phase at 512², 5 % of a
	 * native run, more than the phase's Lanczos: docs/benchmarks.md, "Stop 24"). The same
	 * sum to round-off (W's own SVD adds min(rows, cols) − r values at round-off level);
	 * W's SVD when r is not below min(rows, cols) or W_L's columns are (numerically)
	 * dependent.
	 */
	private double nuclearNorm(final DeepFactorization layers, final Matrix product) {
		final int depth = layers.depth();
		final Matrix last = layers.layer(depth);
		final int r = last.cols;
		if (r >= Math.min(product.rows, product.cols)) return sum(Svd.singularValues(product));
		final Matrix q = last.copy();
		for (int c = 0; c < r; c++) if (!Orthonormal.orthogonalizeColumn(q, c)) return sum(Svd.singularValues(product));
		final Matrix triangle = Matrix.real(r, r);
		backend.gemm(true, q, false, last, 1, 0, triangle);
		Matrix prefix = layers.layer(1);
		for (int j = 2; j < depth; j++) {
			final Matrix next = Matrix.real(layers.layer(j).rows, prefix.cols);
			backend.mult(layers.layer(j), prefix, next);
			prefix = next;
		}
		final Matrix small = Matrix.real(r, prefix.cols);
		backend.mult(triangle, prefix, small);
		return sum(Svd.singularValues(small));
	}

	private static double sum(final double[] values) {
		double s = 0;
		for (final double v : values) s += v;
		return s;
	}

	/**
	 * The run's kernels, with the buffers of finished phases handed out again. Each phase
	 * builds its own objective and gradient descent (the layers change shape), and kernels
	 * free memory only when they close: on the native ones every phase would otherwise leave
	 * its rows x cols workspaces (product, ∇f, and Y and the 0/1 mask of the data fit)
	 * off-heap until the end of the run, measured 9 MB a phase at 512² (about 140 MB at
	 * 2048²). A buffer given back by {@link #endPhase} serves the next request of its shape,
	 * zeroed as {@link #allocate} promises; the data fit is built once. The layer-shaped
	 * buffers (r wide) are new in every phase, O(r (rows + cols)) each. Every other method
	 * is the run's kernels' own: a method added to {@link DenseKernels} must be delegated
	 * here too, or its default would run instead.
	 */
	private static final class PhaseKernels implements DenseKernels {

		private final DenseKernels kernels;
		/** Buffers of finished phases by shape ({@link #shape}). */
		private final Map<Long, ArrayDeque<Buffer>> spare = new HashMap<>();
		/** Buffers handed out in the current phase. */
		private final List<Buffer> inPhase = new ArrayList<>();
		/** The zeros a reused buffer is reset with, by shape (never written). */
		private final Map<Long, Matrix> zeros = new HashMap<>();
		private DataTerm fitted;
		private DataFit fit;

		PhaseKernels(final DenseKernels kernels) {
			this.kernels = kernels;
		}

		private static long shape(final int rows, final int cols) {
			return (long) rows << 32 | cols;
		}

		/** The current phase's buffers become spare (its objective and descent are done with them). */
		void endPhase() {
			for (final Buffer b : inPhase) spare.computeIfAbsent(shape(b.rows(), b.cols()), k -> new ArrayDeque<>()).push(b);
			inPhase.clear();
		}

		@Override
		public Buffer allocate(final int rows, final int cols) {
			final ArrayDeque<Buffer> free = spare.get(shape(rows, cols));
			final Buffer b;
			if (free != null && !free.isEmpty()) {
				b = free.pop();
				// one zero matrix per shape for the run (a fresh rows x cols array per reuse was
				// garbage of the buffer's size, several times a phase)
				kernels.upload(zeros.computeIfAbsent(shape(rows, cols), key -> Matrix.real(rows, cols)), b);
			}
			else b = kernels.allocate(rows, cols);
			inPhase.add(b);
			return b;
		}

		@Override
		public DataFit dataFit(final DataTerm data) {
			if (data != fitted) {
				fit = kernels.dataFit(data);
				fitted = data;
			}
			return fit;
		}

		@Override
		public String name() {
			return kernels.name();
		}

		@Override
		public Precision precision() {
			return kernels.precision();
		}

		@Override
		public String description() {
			return kernels.description();
		}

		@Override
		public boolean complex() {
			return kernels.complex();
		}

		@Override
		public void upload(final Matrix src, final Buffer dst) {
			kernels.upload(src, dst);
		}

		@Override
		public double stageCompletion(final Matrix src, final double shift, final double scale, final boolean[] drop,
			final Buffer values, final Buffer mask)
		{
			return kernels.stageCompletion(src, shift, scale, drop, values, mask);
		}

		@Override
		public void download(final Buffer src, final Matrix dst) {
			kernels.download(src, dst);
		}

		@Override
		public void gemm(final boolean conjTransA, final Buffer a, final boolean conjTransB, final Buffer b,
			final double alpha, final double beta, final Buffer c)
		{
			kernels.gemm(conjTransA, a, conjTransB, b, alpha, beta, c);
		}

		@Override
		public void copy(final Buffer src, final Buffer dst) {
			kernels.copy(src, dst);
		}

		@Override
		public void step(final Buffer x, final double eta, final Buffer g, final Buffer out) {
			kernels.step(x, eta, g, out);
		}

		@Override
		public double norm2(final Buffer x) {
			return kernels.norm2(x);
		}

		@Override
		public double residual(final Buffer w, final Buffer y, final Buffer m, final Buffer out) {
			return kernels.residual(w, y, m, out);
		}

		@Override
		public boolean hasSampledKernels() {
			return kernels.hasSampledKernels();
		}

		@Override
		public Sampled sampled(final int rows, final int cols, final int[] observed, final double[] yObserved) {
			return kernels.sampled(rows, cols, observed, yObserved);
		}

		@Override
		public double sampledResidual(final Buffer a, final Buffer b, final Sampled s) {
			return kernels.sampledResidual(a, b, s);
		}

		@Override
		public void residualTimesTransposed(final Sampled s, final Buffer out) {
			kernels.residualTimesTransposed(s, out);
		}

		@Override
		public void transposedTimesResidual(final Buffer a, final Sampled s, final Buffer out) {
			kernels.transposedTimesResidual(a, s, out);
		}

		@Override
		public void scatterResidual(final Sampled s, final Buffer out) {
			kernels.scatterResidual(s, out);
		}

		/** The run's kernels are the caller's to close. */
		@Override
		public void close() {}
	}

	/** RMSE on the held-out entries, in user units (NaN without validation). */
	private double validationRmse(final Matrix p) {
		if (opts.validationIndices == null || opts.validationIndices.length == 0) return Double.NaN;
		double s = 0;
		for (int i = 0; i < opts.validationIndices.length; i++) {
			final double d = p.re[opts.validationIndices[i]] - opts.validationValues[i];
			s += d * d;
		}
		return Math.sqrt(s / opts.validationIndices.length) * opts.valueScale;
	}

	private static double sq(final double x) {
		return x * x;
	}
}
