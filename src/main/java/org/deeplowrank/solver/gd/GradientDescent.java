package org.deeplowrank.solver.gd;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;

import org.deeplowrank.solver.kernels.DenseKernels.Buffer;
import org.deeplowrank.solver.kernels.DenseKernels;
import org.deeplowrank.solver.kernels.JavaBackend;
import org.deeplowrank.solver.linalg.Matrix;
import org.deeplowrank.solver.linalg.MatrixOps;
import org.deeplowrank.solver.linalg.Orthonormal;
import org.deeplowrank.solver.linalg.SpectralNorm;
import org.deeplowrank.solver.linalg.SubspaceIteration;
import org.deeplowrank.solver.linalg.Svd;
import org.deeplowrank.solver.problem.DataTerm;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Gradient descent on all layers at once, W_j ← W_j − η ∇_{W_j} L (4L eq. 2), with a
 * fixed step or the adaptive global step of GLRL App. C.1: v ← α v + (1−α)‖∇L‖² over all
 * layers (one scalar), η̃ = η / (sqrt(v / (1−α^{t+1})) + ε).
 * <p>
 * Layers are double-buffered: a step writes into the spare buffer and the two are
 * swapped, so the previous iterate is still intact when the new one turns out
 * non-finite (divergence), and no step allocates. The iterates live in the objective's
 * {@link DenseKernels} (java/double on Matrix, java/float, native BLAS): this one loop, with its
 * stopping rules, validation and diagnostics, serves every backend; data are downloaded to
 * {@link Matrix} only at log steps and at the end.
 */
public final class GradientDescent {

	/** Settings in the solver's own (absolute) units. */
	public static final class Options {
		/** Base step η. */
		public double step = 1e-2;
		public OptimizerKind optimizer = OptimizerKind.GD;
		/** Safety cap on the number of steps. */
		public int maxIterations = 1000;
		/** Wall-clock budget in seconds (0 = none): the run stops with {@link StopReason#MAX_SECONDS}. */
		public double maxSeconds = 0;
		/**
		 * Convergence threshold per iteration (0 disables): the run has converged when, over the
		 * last {@link GradientDescent#WINDOW} iterations, the relative change of the product W
		 * (‖W_t − W_{t−k}‖_F / (k ‖W_t‖_F)) and of the validation error (when there is one) are
		 * both below it, and the data gradient has no strong direction left (else it is
		 * a plateau between rank increments, and the run goes on). Armed once the loss has halved.
		 */
		public double tolerance = 0;
		/**
		 * Stop when ‖∇L‖ falls below this fraction of the largest gradient norm seen so far
		 * (0 disables). Armed once the gradient norm has grown tenfold from its start, since
		 * a run that starts next to a saddle (small init, a GLRL phase) starts with a tiny
		 * gradient that first grows.
		 */
		public double gradientTolerance = 0;
		public int logEvery = 10;
		/**
		 * Held-out validation entries (flat indices into the product, excluded from the data
		 * term by the caller) and their target values in solver units; null = none. At log
		 * steps their RMSE is logged; the best iterate is kept and returned, and the run stops
		 * when the validation error is more than 1 % above its best and the best is at least
		 * max({@link #patience} log steps, its own iteration) old (armed, like the tolerance,
		 * once the loss has halved).
		 */
		public int[] validationIndices;
		public double[] validationValues;
		/** Instead of the indices: the validation RMSE of a product, in solver units (sensing). */
		public java.util.function.ToDoubleFunction<Matrix> validationError;
		public int patience = 20;
		public int singularValues = 5;
		/** Optional ground truth for the rel_error column (same shape as the product). */
		public Matrix reference;
		/**
		 * ‖R‖_F of the reference in user units, for rel_error = valueScale ‖W − R‖ / this
		 * (the user's reference may be centered and scaled before it reaches the solver);
		 * NaN = ‖reference‖ in solver units.
		 */
		public double referenceNorm = Double.NaN;
		/** Multiplies reported values into user units (loss by its square). */
		public double valueScale = 1;
		public double adaptiveAlpha = 0.99;
		public double adaptiveEpsilon = 1e-8;
		/** Divergence: loss above this factor times max(L(0), f(0)). */
		public double explodeFactor = 1e8;
	}

	/** Outcome in solver units (except the log, which is in user units). */
	public static final class Result {
		public final DeepFactorization layers;
		/** Product of the returned layers (a copy). */
		public final Matrix product;
		public final List<LogRecord> log;
		public final StopReason stopReason;
		public final String message;
		/** Steps actually taken. */
		public final int steps;
		/** Data term f at the returned iterate (solver units). */
		public final double dataLoss;
		/** Iteration of the returned iterate: the best validation iterate when validating, else {@link #steps}. */
		public final int returnedIteration;

		Result(final DeepFactorization layers, final Matrix product, final List<LogRecord> log,
			final StopReason stopReason, final String message, final int steps, final double dataLoss,
			final int returnedIteration)
		{
			this.returnedIteration = returnedIteration;
			this.layers = layers;
			this.product = product;
			this.log = log;
			this.stopReason = stopReason;
			this.message = message;
			this.steps = steps;
			this.dataLoss = dataLoss;
		}
	}

	/** Iterations over which the relative changes of the convergence rule are measured. */
	static final int WINDOW = 10;
	/** A data gradient with a direction this strong (relative to ∇f(0)) is a plateau, not convergence. */
	private static final double PLATEAU_STRENGTH = 0.05;
	/** The loss is at round-off level below this fraction of f(0) (1e-13 relative RMS). */
	private static final double FLOOR = 1e-26;

	private final DeepObjective objective;
	private final DenseKernels kernels;
	/** Diagnostics backend for the {@link Matrix} copies made at log steps. */
	private final JavaBackend backend;
	/** Matrix copies of the layers, product, P_{N-1} and ∇f at log steps. */
	private Matrix[] views;
	private final Options opts;
	private Buffer[] imbalanceWork;
	/** Iteration of the last row with the imbalance computed (-1: none yet). */
	private int lastImbalanceAt = -1;
	/** Log rows compute the layer imbalance at most this often (iterations), and at the last row. */
	static final int IMBALANCE_EVERY = 100;
	/**
	 * Subspace sweeps per log row: one when warm-started (the iterate moves little between
	 * rows, and the sweeps accumulate from row to row), more from the random start.
	 */
	static final int TOP_SINGULAR_SWEEPS = 1, TOP_SINGULAR_COLD_SWEEPS = 4;
	private SubspaceIteration topSingular;
	/** ‖∇f(0)‖₂, estimated once (the plateau test). */
	private double strengthAtZero = Double.NaN;
	/** No hidden width below min(rows, cols) (see {@link #fullWidth(int[])}). */
	private boolean fullWidth;

	public GradientDescent(final DeepObjective objective, final JavaBackend backend, final Options options) {
		this.objective = objective;
		this.kernels = objective.kernels();
		this.backend = backend;
		this.opts = options;
		if (!(options.step > 0) || !Double.isFinite(options.step)) throw new IllegalArgumentException("step must be > 0");
		if (options.maxIterations < 0) throw new IllegalArgumentException("maxIterations must be >= 0");
		if (options.logEvery < 1) throw new IllegalArgumentException("logEvery must be >= 1");
	}

	/**
	 * Runs from {@code init} (not modified). The iterates live in the objective's
	 * {@link DenseKernels} for the whole run; they are downloaded to {@link Matrix} only at
	 * log steps (diagnostics) and at the end.
	 */
	public Result run(final DeepFactorization init, final SolverListener listener, final BooleanSupplier cancel) {
		final SolverListener l = listener == null ? SolverListener.NONE : listener;
		final int n = init.depth();
		if (n != objective.depth()) throw new IllegalArgumentException("init depth does not match the objective");
		final Matrix[] initLayers = init.layers();
		Buffer[] cur = new Buffer[n];
		Buffer[] spare = new Buffer[n];
		final Buffer[] grads = new Buffer[n];
		for (int j = 0; j < n; j++) {
			cur[j] = kernels.allocate(initLayers[j].rows, initLayers[j].cols);
			kernels.upload(initLayers[j], cur[j]);
			spare[j] = kernels.allocate(initLayers[j].rows, initLayers[j].cols);
			grads[j] = kernels.allocate(initLayers[j].rows, initLayers[j].cols);
		}
		views = new Matrix[n + 3];
		fullWidth = fullWidth(objective.dims());
		final long start = System.nanoTime();
		final long deadline = opts.maxSeconds > 0 ? start + (long) Math.min(opts.maxSeconds * 1e9, Long.MAX_VALUE / 2)
			: Long.MAX_VALUE;
		final List<LogRecord> log = new ArrayList<>();
		final double f0 = objective.dataTerm().valueAtZero();
		double v = 0;
		double alphaPow = 1;
		double loss0 = Double.NaN;
		boolean armed = false;
		double g0 = Double.NaN, gmax = 0;
		boolean gradArmed = false;
		StopReason reason = null;
		String message = null;
		int t = 0;
		double lastLogged = -1;
		final boolean validating = opts.validationIndices != null && opts.validationIndices.length > 0 ||
			opts.validationError != null;
		final Buffer[] best = validating ? new Buffer[n] : null;
		if (validating) for (int j = 0; j < n; j++) best[j] = kernels.allocate(cur[j].rows(), cur[j].cols());
		double bestVal = Double.POSITIVE_INFINITY;
		int bestIt = -1, plateauUntil = 0;
		// the convergence rule's state: the product and validation error WINDOW iterations ago
		Matrix previous = null;
		int previousAt = -1;
		double previousVal = Double.NaN;
		for (;; t++) {
			final double loss = objective.evaluate(cur, grads);
			if (t == 0) loss0 = loss;
			if (!Double.isFinite(loss) || loss > opts.explodeFactor * Math.max(loss0, f0)) {
				reason = StopReason.DIVERGED;
				final String what = Double.isFinite(loss) ? String.format(Locale.ROOT,
					"the loss exploded from %.4g to %.4g", loss0, loss) : "the loss became " + loss;
				if (t == 0) {
					message = "diverged at the initialization: " + what + "; check the data and the init scale";
					break;
				}
				final Buffer[] x = cur;
				cur = spare;
				spare = x;
				objective.evaluate(cur, grads);
				t--;
				message = String.format(Locale.ROOT,
					"diverged at iteration %d (%s): the step is too large; reduce the step size " +
						"(or use the adaptive optimizer). The result is the last finite iterate, iteration %d.", t + 1, what, t);
				break;
			}
			double g2 = 0;
			for (final Buffer g : grads) g2 += kernels.norm2(g);
			double eta = opts.step;
			if (opts.optimizer == OptimizerKind.ADAPTIVE) {
				v = opts.adaptiveAlpha * v + (1 - opts.adaptiveAlpha) * g2;
				alphaPow *= opts.adaptiveAlpha;
				eta = opts.step / (Math.sqrt(v / (1 - alphaPow)) + opts.adaptiveEpsilon);
			}
			final double data = objective.lastData();
			final double gn = Math.sqrt(g2);
			if (t == 0) g0 = gn;
			gmax = Math.max(gmax, gn);
			if (!gradArmed && gmax >= 10 * g0) gradArmed = true;
			// stopping rules
			if (data <= FLOOR * f0) {
				reason = StopReason.CONVERGED;
				message = "converged: the loss reached round-off level";
			}
			if (!armed && data < 0.5 * Math.max(loss0, 0)) armed = true;
			if (reason == null && opts.tolerance > 0 && armed && t % WINDOW == 0) {
				// the convergence rule, every WINDOW iterations: relative changes per iteration of W and
				// of the validation error over the last WINDOW iterations (not of the loss: on exact data
				// it keeps falling geometrically towards round-off long after W and the error on unseen
				// entries have settled)
				final Matrix p = view(objective.productBuffer(), views.length - 3);
				final double val = validating ? validationRmse(p) : Double.NaN;
				if (previous != null && previousAt == t - WINDOW) {
					final double relW = MatrixOps.distanceF(p, previous) / (WINDOW * Math.max(MatrixOps.normF(p),
						Double.MIN_NORMAL));
					final double relVal = validating ? Math.abs(val - previousVal) / (WINDOW * Math.max(val,
						Double.MIN_NORMAL)) : 0;
					if (relW < opts.tolerance && relVal < opts.tolerance && t >= plateauUntil) {
						// a still iterate whose data gradient keeps a strong direction is a plateau between rank
						// increments (GD from small init learns one direction at a time, 4L §3): go on, look again
						// 100 iterations later; with a rank cap the direction may be out of reach, so it ends
						final double strength = gradientStrength();
						if (fullWidth && strength > PLATEAU_STRENGTH) plateauUntil = t + 100;
						else {
							reason = StopReason.CONVERGED;
							message = String.format(Locale.ROOT, "converged: relative change per iteration of W %.3g%s " +
								"< tolerance %.3g", relW, validating ? String.format(Locale.ROOT,
									" and of the validation error %.3g", relVal) : "", opts.tolerance) + saddleHint(strength);
						}
					}
				}
				if (previous == null) previous = p.like();
				System.arraycopy(p.re, 0, previous.re, 0, p.re.length);
				if (p.im != null) System.arraycopy(p.im, 0, previous.im, 0, p.im.length);
				previousAt = t;
				previousVal = val;
			}
			if (reason == null && opts.gradientTolerance > 0 && gradArmed && gn <= opts.gradientTolerance * gmax) {
				reason = StopReason.CONVERGED;
				message = String.format(Locale.ROOT, "converged: gradient norm %.3g <= %.3g x its peak %.3g", gn,
					opts.gradientTolerance, gmax);
			}
			if (reason == null && t >= opts.maxIterations) {
				reason = StopReason.MAX_ITERATIONS;
				message = "reached the iteration cap (" + opts.maxIterations + ") before converging";
			}
			if (reason == null && System.nanoTime() >= deadline) {
				reason = StopReason.MAX_SECONDS;
				message = String.format(Locale.ROOT, "reached the time budget (max_seconds=%s) at iteration %d",
					shortNumber(opts.maxSeconds), t);
			}
			if (reason == null && cancel != null && cancel.getAsBoolean()) {
				reason = StopReason.CANCELLED;
				message = "cancelled at iteration " + t + "; the result is the last iterate (partial)";
			}
			if (t % opts.logEvery == 0 || reason != null) {
				final LogRecord r = record(t, cur, Math.sqrt(g2), eta, start, reason != null);
				log.add(r);
				lastLogged = t;
				l.logged(r);
				if (validating) {
					if (r.valRmse < bestVal) {
						bestVal = r.valRmse;
						bestIt = t;
						for (int j = 0; j < n; j++) kernels.copy(cur[j], best[j]);
					}
					// Stop on a clear rise (> 1 %) that has lasted both `patience` log steps and as long
					// as it took to reach the best: GD from small init learns one direction at a time,
					// and between increments the validation error can stall or rise for a while
					// before the next direction brings it down; those waits grow with the run.
					else if (armed && reason == null && r.valRmse > 1.01 * bestVal && t - bestIt >= Math.max(
						(long) opts.patience * opts.logEvery, bestIt))
					{
						reason = StopReason.VALIDATION;
						message = String.format(Locale.ROOT,
							"early stopping: the validation error rose above its best and has not recovered for %d iterations",
							t - bestIt);
					}
				}
			}
			if (reason != null) break;
			for (int j = 0; j < n; j++) kernels.step(cur[j], eta, grads[j], spare[j]);
			final Buffer[] x = cur;
			cur = spare;
			spare = x;
			l.progress(t + 1, opts.maxIterations);
		}
		if (reason == StopReason.DIVERGED && lastLogged != t) {
			final LogRecord r = record(t, cur, Double.NaN, Double.NaN, start, true);
			log.add(r);
			l.logged(r);
		}
		final int steps = Math.max(t, 0);
		if (validating && bestIt >= 0 && reason != StopReason.DIVERGED) {
			objective.evaluate(best, null);
			message += String.format(Locale.ROOT, "; returned the best validation iterate, iteration %d (val_rmse %.4g)",
				bestIt, bestVal);
			return new Result(downloadLayers(best), kernels.download(objective.productBuffer()), log, reason, message,
				steps, objective.lastData(), bestIt);
		}
		return new Result(downloadLayers(cur), kernels.download(objective.productBuffer()), log, reason, message,
			steps, objective.lastData(), steps);
	}

	/** Whether every hidden width is min(rows, cols): no rank cap, so every direction of ∇f can be learned. */
	private static boolean fullWidth(final int[] dims) {
		final int k = Math.min(dims[0], dims[dims.length - 1]);
		for (int j = 1; j < dims.length - 1; j++) if (dims[j] < k) return false;
		return true;
	}

	private static String shortNumber(final double x) {
		return x == Math.rint(x) && Math.abs(x) < 1e9 ? Long.toString((long) x) : String.format(Locale.ROOT, "%.3g", x);
	}

	private DeepFactorization downloadLayers(final Buffer[] w) {
		final Matrix[] m = new Matrix[w.length];
		for (int j = 0; j < w.length; j++) m[j] = kernels.download(w[j]);
		return new DeepFactorization(m);
	}

	/** {@code b} as a {@link Matrix} for the diagnostics at log steps: a download into the cached matrix of {@code slot}. */
	private Matrix view(final Buffer b, final int slot) {
		Matrix m = views[slot];
		if (m == null || m.rows != b.rows() || m.cols != b.cols()) {
			views[slot] = m = new Matrix(b.rows(), b.cols(), kernels.complex());
		}
		kernels.download(b, m);
		return m;
	}

	/**
	 * A flat loss is also what a saddle looks like (GD from small init learns one
	 * direction at a time, with plateaus between). If −∇f(W) still has a strong direction
	 * (its top singular value, relative to the one at W = 0, GLRL's escape criterion), say
	 * so instead of letting the user take the plateau for the answer (a rank-capped run).
	 */
	private static String saddleHint(final double strength) {
		if (!(strength > PLATEAU_STRENGTH)) return "";
		return String.format(Locale.ROOT, "; but the data gradient still has a direction of %.0f %% of its initial " +
			"strength: likely a plateau (saddle) between rank increments, not the end: more iterations with " +
			"tolerance=0, a larger scale, or GLRL may lower the loss further", 100 * strength);
	}

	/** ‖∇f(W)‖₂ / ‖∇f(0)‖₂ (spectral norms, estimated) at the last evaluated iterate; NaN if ∇f(0) = 0. */
	private double gradientStrength() {
		final Matrix g = view(objective.dataGradientBuffer(), views.length - 1);
		final double now = SpectralNorm.estimate(g, 50);
		if (Double.isNaN(strengthAtZero)) {
			final Matrix g0 = g.like();
			objective.dataTerm().evaluate(g.like(), g0);
			strengthAtZero = SpectralNorm.estimate(g0, 50);
		}
		return strengthAtZero > 0 ? now / strengthAtZero : Double.NaN;
	}

	/**
	 * A diagnostics row for the iterate whose objective was just evaluated. Intermediate rows
	 * take the top singular values from a warm-started subspace iteration ({@link #topSingularValues});
	 * the last row ({@code last}) from a full decomposition, so its effective rank and nuclear
	 * norm are exact. The layer imbalance (2(N−1) full products) is computed at most every
	 * {@link #IMBALANCE_EVERY} iterations and at the last row (NaN in the rows between): it is
	 * conserved by gradient flow (ACGH Thm. 1) and drifts only slowly under GD.
	 */
	private LogRecord record(final int t, final Buffer[] layers, final double gradNorm, final double eta,
		final long start, final boolean last)
	{
		final double c = opts.valueScale;
		final DataTerm data = objective.dataTerm();
		final double f = objective.lastData();
		final Matrix p = view(objective.productBuffer(), views.length - 3);
		final double rmse = Math.sqrt(2 * f / data.observationCount()) * c;
		final double rel = relativeError(p);
		double[] sv;
		try {
			sv = !last && fullWidth && SubspaceIteration.worthwhile(opts.singularValues, p.rows, p.cols)
				? topSingularValues(p) : exactSingularValues(p, layers);
		}
		catch (final RuntimeException e) {
			sv = new double[0];
		}
		double sum = 0;
		for (final double s : sv) sum += s;
		double entropy = 0;
		for (final double s : sv) {
			if (s > 0) {
				final double q = s / sum;
				entropy -= q * Math.log(q);
			}
		}
		final double effRank = sum > 0 ? Math.exp(entropy) : 0;
		final int k = Math.min(opts.singularValues, sv.length);
		final double[] top = new double[opts.singularValues];
		for (int i = 0; i < top.length; i++) top[i] = i < k ? sv[i] * c : 0;
		double imbalance = Double.NaN;
		if (last || lastImbalanceAt < 0 || t - lastImbalanceAt >= IMBALANCE_EVERY) {
			imbalance = maxImbalance(layers);
			lastImbalanceAt = t;
		}
		return LogRecord.builder()
			.iteration(t)
			.loss(f * c * c)
			.regularizer(objective.lastRegularizer())
			.rmse(rmse)
			.relError(rel)
			.valRmse(validationRmse(p))
			.gradNorm(gradNorm)
			.step(eta)
			.singularValues(top)
			.effectiveRank(effRank)
			.nuclearNorm(sum * c)
			.maxImbalance(imbalance)
			.seconds((System.nanoTime() - start) * 1e-9)
			.build();
	}

	/**
	 * The top singular values of the product p (intermediate log rows): warm-started subspace
	 * iteration ({@link SubspaceIteration}) with thin products p·X and pᴴ·Y, O(rows·cols·k)
	 * each with k = singular_values + 10; the product is at hand (downloaded for rel_error and
	 * the validation error), and one thin product with it costs 1/N of one through the N layers.
	 */
	private double[] topSingularValues(final Matrix p) {
		int sweeps = TOP_SINGULAR_SWEEPS;
		if (topSingular == null || topSingular.rows() != p.rows || topSingular.cols() != p.cols) {
			topSingular = new SubspaceIteration(p.rows, p.cols, SubspaceIteration.blockFor(opts.singularValues, p.rows,
				p.cols), p.isComplex(), 0x5EEDL);
			sweeps = TOP_SINGULAR_COLD_SWEEPS;
		}
		return topSingular.update(new SubspaceIteration.BlockOperator() {
			@Override
			public void apply(final Matrix x, final Matrix y) {
				backend.gemm(false, p, false, x, 1, 0, y);
			}

			@Override
			public void applyAdjoint(final Matrix y, final Matrix x) {
				backend.gemm(true, p, false, y, 1, 0, x);
			}
		}, sweeps);
	}

	/**
	 * All singular values of the product. When a hidden width r is below min(rows, cols) (GLRL,
	 * rank caps) the product W_N · P_{N-1} is factored: W_N = Q R_N by Gram–Schmidt, and
	 * σ(W) = σ(R_N P_{N-1}), an r x cols SVD instead of a rows x cols one.
	 */
	private double[] exactSingularValues(final Matrix p, final Buffer[] layers) {
		final int n = layers.length;
		if (n < 2 || p.isComplex() || layers[n - 1].cols() >= Math.min(p.rows, p.cols)) return singularValues(p, backend);
		final Matrix last = view(layers[n - 1], n - 1);
		final Matrix q = last.copy();
		for (int c = 0; c < q.cols; c++) {
			if (!Orthonormal.orthogonalizeColumn(q, c)) return singularValues(p, backend);
		}
		final Matrix r = Matrix.real(q.cols, last.cols);
		backend.gemm(true, q, false, last, 1, 0, r);
		final Matrix small = Matrix.real(r.rows, p.cols);
		backend.mult(r, view(objective.prefixBeforeLast(layers), views.length - 2), small);
		return singularValues(small, backend);
	}

	/** From this size on, singular values come from the Gram matrix (see {@link #singularValues}). */
	static final int GRAM_MIN = 128;

	/**
	 * Singular values of a real matrix, descending: for min(rows, cols) ≥ {@link #GRAM_MIN}
	 * as the square roots of the eigenvalues of the k x k Gram matrix (A Aᵀ or AᵀA, k the
	 * smaller side), formed by the fast multi-threaded GEMM of {@code backend} and
	 * decomposed by EJML's symmetric eigensolver: about 4× cheaper than EJML's SVD at
	 * k = 512. The top values keep full relative accuracy; a singular value below
	 * √ε·σ₁ ≈ 1e-8 σ₁ is only resolved to that level, which the log's effective rank and
	 * nuclear norm do not notice. Smaller or complex matrices: {@link Svd}. Used for the last
	 * log row only (the others use {@link TopSingularValues}).
	 */
	static double[] singularValues(final Matrix a, final JavaBackend backend) {
		final int k = Math.min(a.rows, a.cols);
		if (a.isComplex() || k < GRAM_MIN) return Svd.singularValues(a);
		final boolean wide = a.rows <= a.cols;
		final Matrix g = Matrix.real(k, k);
		// wide: A Aᵀ; tall: Aᵀ A (exactly symmetric: entry (i,j) and (j,i) sum the same products in the same order)
		backend.gemm(!wide, a, wide, a, 1, 0, g);
		final EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(k, false, true);
		if (!eig.decompose(new DMatrixRMaj(k, k, true, g.re))) return Svd.singularValues(a);
		final double[] s = new double[k];
		for (int i = 0; i < k; i++) s[i] = Math.sqrt(Math.max(0, eig.getEigenvalue(i).real));
		java.util.Arrays.sort(s);
		for (int i = 0, j = k - 1; i < j; i++, j--) {
			final double x = s[i];
			s[i] = s[j];
			s[j] = x;
		}
		return s;
	}

	/** RMSE on the held-out entries, in user units (NaN without validation). */
	private double validationRmse(final Matrix p) {
		if (opts.validationError != null) return opts.validationError.applyAsDouble(p) * opts.valueScale;
		if (opts.validationIndices == null || opts.validationIndices.length == 0) return Double.NaN;
		double s = 0;
		for (int i = 0; i < opts.validationIndices.length; i++) {
			final int k = opts.validationIndices[i];
			final double d = p.re[k] - opts.validationValues[i];
			s += d * d + (p.im == null ? 0 : p.im[k] * p.im[k]);
		}
		return Math.sqrt(s / opts.validationIndices.length) * opts.valueScale;
	}

	/** Relative error of product p to the reference in user units (NaN without one). */
	double relativeError(final Matrix p) {
		if (opts.reference == null) return Double.NaN;
		final double d = MatrixOps.distanceF(p, opts.reference);
		return Double.isNaN(opts.referenceNorm) ? d / MatrixOps.normF(opts.reference) : opts.valueScale * d /
			opts.referenceNorm;
	}

	/**
	 * max_j ‖Δ_{j,j+1}‖_F, Δ_{j,j+1} = W_j W_jᴴ − W_{j+1}ᴴ W_{j+1}, on the run's own kernels
	 * (the fast products; one d_j × d_j workspace per pair, made on first use).
	 */
	private double maxImbalance(final Buffer[] w) {
		final int n = w.length;
		if (n < 2) return 0;
		if (imbalanceWork == null) {
			imbalanceWork = new Buffer[n];
			for (int j = 1; j < n; j++) imbalanceWork[j] = kernels.allocate(w[j - 1].rows(), w[j - 1].rows());
		}
		double max = 0;
		for (int j = 1; j < n; j++) {
			kernels.gemm(false, w[j - 1], true, w[j - 1], 1, 0, imbalanceWork[j]);
			kernels.gemm(true, w[j], false, w[j], -1, 1, imbalanceWork[j]);
			max = Math.max(max, Math.sqrt(kernels.norm2(imbalanceWork[j])));
		}
		return max;
	}
}
