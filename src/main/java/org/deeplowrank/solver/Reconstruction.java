package org.deeplowrank.solver;

import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.BooleanSupplier;

import org.deeplowrank.solver.baseline.SmoothInpainting;
import org.deeplowrank.solver.baseline.SoftImpute;
import org.deeplowrank.solver.fast.ScaledDeepFactorization;
import org.deeplowrank.solver.fast.ScaledOptions;
import org.deeplowrank.solver.fast.ScaledStop;
import org.deeplowrank.solver.gd.DeepFactorization;
import org.deeplowrank.solver.gd.DeepObjective;
import org.deeplowrank.solver.gd.GradientDescent;
import org.deeplowrank.solver.gd.InitKind;
import org.deeplowrank.solver.gd.Initializers;
import org.deeplowrank.solver.gd.LogRecord;
import org.deeplowrank.solver.gd.OptimizerKind;
import org.deeplowrank.solver.gd.SolverListener;
import org.deeplowrank.solver.gd.StopReason;
import org.deeplowrank.solver.glrl.GreedyLowRank;
import org.deeplowrank.solver.kernels.DenseKernels;
import org.deeplowrank.solver.kernels.JavaBackend;
import org.deeplowrank.solver.kernels.Kernels;
import org.deeplowrank.solver.kernels.Precision;
import org.deeplowrank.solver.linalg.Masked;
import org.deeplowrank.solver.linalg.Matrix;
import org.deeplowrank.solver.linalg.MatrixOps;
import org.deeplowrank.solver.linalg.SpectralNorm;
import org.deeplowrank.solver.nonlocal.NonlocalCompletion;
import org.deeplowrank.solver.nonlocal.NonlocalSettings;
import org.deeplowrank.solver.problem.DataTerm;
import org.deeplowrank.solver.problem.Entrywise;
import org.deeplowrank.solver.problem.FastSensingOperator;
import org.deeplowrank.solver.problem.FullObservation;
import org.deeplowrank.solver.problem.GaussianSensingOperator;
import org.deeplowrank.solver.problem.LinearSensing;
import org.deeplowrank.solver.problem.MaskedCompletion;
import org.deeplowrank.solver.problem.OperatorKind;
import org.deeplowrank.solver.problem.SensingOperator;

/**
 * User-level entry points: completion and sensing of an image given as a real matrix in
 * its own units.
 * <p>
 * Normalization: with {@code center} (by default when the mean dominates, see
 * {@link Centering}) the mean μ of the observed values is subtracted first (sensing: μ = ⟨𝒜*(y), 1⟩ / (rows·cols), an unbiased estimate of the
 * image mean since E[𝒜*𝒜] = I, removed exactly from the measurements as y − μ𝒜(11^T));
 * then the data are divided by c = the RMS of the (centered) observed values (sensing:
 * c = ‖y‖ / sqrt(rows·cols), an estimate of the image RMS since E‖𝒜(X)‖² = ‖X‖²), so
 * the same defaults work for 8-, 16- and 32-bit images. The solver runs on the
 * normalized data; the reconstruction (μ added back) and the logged loss, RMSE and
 * singular values (of the centered product) are in the input's units.
 * <p>
 * Step: the relative {@code lr} is turned into η = lr / (N κ σ^{2−2/N}) (GD) or
 * η = lr σ^{1/N} / 100 (adaptive). σ estimates the normalized target's spectral norm
 * (completion: ‖P_Ω(Y)‖_2 / observed fraction; sensing: ‖𝒜*(y)‖_2) with top singular
 * vectors u, v; κ = ‖P_Ω(u v^T)‖_F² (sensing: ‖𝒜(u v^T)‖²; full observation: 1) is
 * the data term's curvature along that direction. At a balanced factorization of the
 * target the loss curvature along its top direction is N κ σ^{2−2/N}, so lr = 1 is
 * half the largest stable fixed step there, whatever the size, mask and bit depth.
 * <p>
 * Paper units ({@code units=paper}, {@link Units}): none of the above. μ = 0, c = 1, the
 * step is η = lr itself and {@code scale} is the ε of the chosen initialization as its paper
 * defines it ({@link Initializers#createInPaperUnits}), so a paper's setting is typed as
 * written: 4L App. K.1 is {@code init=haar,field=complex,scale=0.05,lr=0.1} on a 5 × 5
 * identity target. With nothing missing there is then no validation hold-out, and
 * precision=auto means double (a paper's integer-valued target is not an 8-bit image).
 * <p>
 * Seeds: the initialization, the sensing operator and the measurement noise each draw
 * from their own stream derived from {@code seed}, so changing one does not shift the
 * others.
 */
public final class Reconstruction {

	private static final int STREAM_INIT = 1;
	private static final int STREAM_OPERATOR = 2;
	private static final int STREAM_NOISE = 3;
	private static final int STREAM_VALIDATION = 4;

	private Reconstruction() {}

	/**
	 * Completes {@code image} from its observed entries.
	 *
	 * @param image the data (values at missing entries are ignored; NaN allowed there)
	 * @param missing {@code missing[i*cols+j]} true when entry (i, j) is unobserved;
	 *          {@code null} = nothing missing (plain factorization of the image)
	 * @param reference optional ground truth for the {@code rel_error} column, or null
	 * @return the product of the factors (the low-rank fit) at every pixel, observed ones
	 *         included, in the input's units
	 */
	public static ReconstructionResult complete(final Matrix image, final boolean[] missing, final Matrix reference,
		final SolverSettings settings, final SolverListener listener, final BooleanSupplier cancel)
	{
		return validationOffNote(complete(image, missing, reference, settings, heldOutPixels(missing, image.size(),
			settings.validation(), settings.seed()), listener, cancel), missing, settings);
	}

	/**
	 * With nothing missing (a plain fit of the image, the papers' full-observation setting)
	 * no pixel is held out: there are no unseen pixels to generalize to, and a hold-out would
	 * keep entries from being fitted (a 5 x 5 identity could then be "fitted" by the
	 * initialization). Says so in the result's message when validation was asked for.
	 */
	private static ReconstructionResult validationOffNote(final ReconstructionResult r, final boolean[] missing,
		final SolverSettings settings)
	{
		if (!(settings.validation() > 0) || !nothingMissing(missing)) return r;
		final String note = "nothing is missing: validation is off (no pixel held out), the whole image is fitted";
		return r.toBuilder().message(r.message == null || r.message.isEmpty() ? note : r.message + "; " + note).build();
	}

	/** True when no pixel is missing ({@code missing} null or all false). */
	static boolean nothingMissing(final boolean[] missing) {
		if (missing != null) for (final boolean m : missing) if (m) return false;
		return true;
	}

	/**
	 * The validation pixels of a completion: none when nothing is missing (see
	 * {@link #validationOffNote}), else {@link #heldOut}.
	 */
	static int[] heldOutPixels(final boolean[] missing, final int size, final double fraction, final long seed) {
		return nothingMissing(missing) ? new int[0] : heldOut(missing, size, fraction, seed);
	}

	/**
	 * As {@link #complete(Matrix, boolean[], Matrix, SolverSettings, SolverListener, BooleanSupplier)}
	 * with an explicit validation set instead of the seeded fraction
	 * {@link SolverSettings#validation()} (which is ignored): the entries {@code validation}
	 * (flat indices, observed ones) are excluded from the fit, their RMSE is logged
	 * ({@code val_rmse}) and the iterate with the best one is returned. The caller chooses
	 * what a validation item is: {@link LiftedCompletion} passes every lifted copy of a set
	 * of pixels, so that no copy of a held-out pixel is fitted. Empty = no validation.
	 */
	public static ReconstructionResult complete(final Matrix image, final boolean[] missing, final Matrix reference,
		final SolverSettings settings, final int[] validation, final SolverListener listener,
		final BooleanSupplier cancel)
	{
		settings.checkUsableFor(Method.GD);
		if (settings.gd().optimizer() == OptimizerKind.SCALED) {
			return completeScaled(image, missing, reference, settings, validation, listener, cancel);
		}
		if (settings.gd().optimizer() == OptimizerKind.AUTO && fastEngineApplies(image, settings)) {
			return completeAuto(image, missing, reference, settings, validation, listener, cancel);
		}
		final Prepared p = prepare(image, missing, reference, settings.center(), settings.units());
		int[] valIdx = null;
		double[] valVals = null;
		if (validation != null && validation.length > 0) {
			final boolean[] train = trainingMask(missing, image.size(), validation);
			valVals = new double[validation.length];
			for (int i = 0; i < validation.length; i++) valVals[i] = p.y.re[validation[i]];
			p.data = new MaskedCompletion(p.y, train);
			valIdx = validation.clone();
		}
		final ReconstructionResult r = solve(p.data, image.rows, image.cols, p.sigma, p.kappa, p.mu, p.c, reference,
			settings, Kernels.resolve(settings.units().paper() && settings.precision() == Precision.AUTO
				? Precision.DOUBLE : settings.precision(), image, missing, settings.gd().complex()), listener, cancel, valIdx, valVals, null);
		if (settings.keepObserved()) keepObserved(r.reconstruction, image, missing);
		return r.toBuilder().relError(relError(r.reconstruction, reference)).build();
	}

	/**
	 * Fewer fitted entries than this per degree of freedom of the width the fast engine found,
	 * k·(rows + cols − k), and {@code optimizer=auto} reruns with gd. Measured in the same run
	 * ({@code SamplingBenchmark}, docs/benchmarks.md, stop 21): from 2 up the engine's error on
	 * the missing entries was 5e-5 to 3e-4 against gd's 5e-4 to 6e-3, in 1/20 to 1/600 of
	 * gd's time; between 1.2 and 2 it was sometimes better (200², rank 30: 1.2e-4 at 1.73)
	 * and sometimes not (200², rank 10, 80 % missing, another draw: 6.6e-3 at 1.78; 100²,
	 * rank 5, 2000 observed: 3.2e-2 at 1.24, gd 3.6e-3); below 1 its width test admits the
	 * mask's noise (0.016–0.48 against gd's 0.011–0.012), where gd's small-initialization bias
	 * still recovers the target. So 2: gd reruns only where the engine may lose.
	 */
	static final double MIN_OBSERVATIONS_PER_DOF = 2;

	/**
	 * From this many fitted entries per degree of freedom up to {@link #MIN_OBSERVATIONS_PER_DOF},
	 * auto keeps the fast engine when its error on the held-out pixels (at least
	 * {@value #MIN_HELD_OUT} of them) is at most {@value #HELD_OUT_FIT} of the data's spread:
	 * the held-out pixels are drawn as the missing ones are, so a fit that generalizes to
	 * them leaves gd nothing that matters to gain. Measured (SamplingBenchmark, seeds 1–3,
	 * docs/benchmarks.md, stop 22): between 1.5 and 2 the engine reached 2.6e-5 to 1.8e-4 in
	 * ten of eleven draws (gd 9e-4 to 1.3e-2); the eleventh (1.65, a width one too large)
	 * ended at 1.64, and its held-out error says so.
	 */
	static final double MIN_OBSERVATIONS_PER_DOF_HELD_OUT = 1.5, HELD_OUT_FIT = 0.01;

	/**
	 * A fast-engine result whose held-out error exceeds this fraction of the data's spread
	 * has not generalized (at few observations it can stop at width 1 near zero: 60², rank 2,
	 * 380 observed, held-out error 1.0 at 3.0 fitted entries per degree of freedom of that
	 * width): gd reruns, and the better of the two on the held-out pixels is returned.
	 */
	static final double HELD_OUT_POOR = 0.5;
	static final int MIN_HELD_OUT = 20;

	/**
	 * Whether {@code optimizer=auto} runs the fast engine: real completion of a whole matrix
	 * from the small Gaussian initialization at depth ≥ 2, without the balance regularizer, in
	 * normalized units (units=paper is the papers' gradient descent, as written).
	 */
	static boolean fastEngineApplies(final Matrix image, final SolverSettings settings) {
		final GdSettings gd = settings.gd();
		return !image.isComplex() && !gd.complex() && gd.init() == InitKind.GAUSSIAN && !(gd.regularization() > 0) &&
			!settings.units().paper() && gd.depth() >= 2 && gd.lr() <= 4;
	}

	/**
	 * {@code optimizer=auto}: the fast engine first; its result is returned when it finished
	 * (converged, validation, a cap) with at least {@link #MIN_OBSERVATIONS_PER_DOF} fitted
	 * entries per degree of freedom of the width it found (or nothing missing), or from
	 * {@link #MIN_OBSERVATIONS_PER_DOF_HELD_OUT} with a held-out error at most
	 * {@link #HELD_OUT_FIT} of the data's spread, and its held-out error is at most
	 * {@link #HELD_OUT_POOR}. Else (few observations, a poor held-out fit, or diverged)
	 * gradient descent runs on the same data within what is left of {@code max_seconds}, and
	 * the one with the lower held-out error is returned (gd without held-out pixels). The listener sees both runs' rows
	 * as they come (the status line's loss stays live); the result's log is the returned
	 * run's. The message says which ran and why.
	 */
	private static ReconstructionResult completeAuto(final Matrix image, final boolean[] missing,
		final Matrix reference, final SolverSettings settings, final int[] validation, final SolverListener listener,
		final BooleanSupplier cancel)
	{
		// what a rerun with gd would refuse is refused before any work
		checkLayerSizes(DeepFactorization.dims(image.rows, image.cols, settings.gd().depth(), settings.gd().width()),
			settings.gd().width());
		// the held-out pixels are judged before keep_observed writes the data over them
		final SolverSettings unkept = settings.keepObserved() ? settings.toBuilder().keepObserved(false).build()
			: settings;
		final ReconstructionResult fast = completeScaled(image, missing, reference, unkept, validation, listener, cancel);
		final double fastHeld = heldOutRelativeRmse(fast.reconstruction, image, missing, validation);
		// the held-out entries are observed ones (checked by the engine)
		final int fitted = fittedCount(missing, image.size()) - (validation == null ? 0 : validation.length);
		final int k = Math.max(fast.width(), 1);
		final double perDof = fitted / ((double) k * (image.rows + image.cols - k));
		final boolean heldOutFits = perDof >= MIN_OBSERVATIONS_PER_DOF_HELD_OUT && validation != null &&
			validation.length >= MIN_HELD_OUT && fastHeld <= HELD_OUT_FIT;
		final boolean enough = nothingMissing(missing) || perDof >= MIN_OBSERVATIONS_PER_DOF || heldOutFits;
		final boolean poor = fastHeld > HELD_OUT_POOR;
		final StopReason stop = fast.stopReason;
		final double left = settings.gd().maxSeconds() > 0 ? settings.gd().maxSeconds() - fast.seconds : Double
			.POSITIVE_INFINITY;
		if (stop == StopReason.CANCELLED || stop == StopReason.MAX_SECONDS || !(left > 0) || (enough && !poor &&
			stop != StopReason.DIVERGED))
		{
			return kept(fast, image, missing, reference, settings).message(String.format(Locale.ROOT,
				"optimizer=auto: the fast engine (%.1f fitted entries per degree of freedom at width %d%s); %s", perDof, k,
				perDof < MIN_OBSERVATIONS_PER_DOF && heldOutFits ? String.format(Locale.ROOT,
					", held-out error %.2g of the data's spread", fastHeld) : "", fast.message)).build();
		}
		final String why = stop == StopReason.DIVERGED ? "the fast engine diverged" : !enough ? String.format(Locale.ROOT,
			"the fast engine's width %d leaves %.1f fitted entries per degree of freedom (< %s: few observations, where " +
				"gd's small-initialization bias recovers better)", k, perDof, shortNumber(MIN_OBSERVATIONS_PER_DOF))
			: String.format(Locale.ROOT, "the fast engine's held-out error is %.2g of the data's spread (> %.1f)", fastHeld,
				HELD_OUT_POOR);
		final SolverSettings gd = unkept.toBuilder().optimizer(OptimizerKind.GD).maxSeconds(Double.isInfinite(left) ? 0
			: left).build();
		final ReconstructionResult slow = complete(image, missing, reference, gd, validation, listener, cancel);
		final double slowHeld = heldOutRelativeRmse(slow.reconstruction, image, missing, validation);
		// both are judged on the same held-out pixels, drawn as the missing ones are: the
		// better one is returned (gd when there is nothing to judge by)
		final boolean fastWins = stop != StopReason.DIVERGED && fastHeld < slowHeld;
		final String compared = Double.isNaN(fastHeld) ? "" : String.format(Locale.ROOT,
			" (held-out error %.2g of the data's spread against the engine's %.2g)", slowHeld, fastHeld);
		final ReconstructionResult chosen = fastWins ? fast : slow;
		final String message = fastWins ? "optimizer=auto: the fast engine, since gd, rerun because " + why + ", did " +
			"worse on the held-out pixels" + compared + "; " + fast.message : "optimizer=auto: gd, since " + why + compared +
				(slow.message == null || slow.message.isEmpty() ? "" : "; " + slow.message);
		return kept(chosen, image, missing, reference, settings).message(message).seconds(slow.seconds + fast.seconds)
			.build();
	}

	/** {@code r} with the observed pixels written back when {@code keep_observed} asks for it (rel_error recomputed). */
	private static ReconstructionResult.Builder kept(final ReconstructionResult r, final Matrix image,
		final boolean[] missing, final Matrix reference, final SolverSettings settings)
	{
		if (!settings.keepObserved()) return r.toBuilder();
		keepObserved(r.reconstruction, image, missing);
		return r.toBuilder().relError(relError(r.reconstruction, reference));
	}

	/**
	 * {@code optimizer=scaled}: completion by the fast engine ({@link ScaledDeepFactorization},
	 * per-layer ScaledGD(λ) with a width grown from 1 by GLRL's test), on the data normalized as
	 * for gradient descent. The keys map as: depth, scale, seed (its initialization stream),
	 * validation and patience (in checks) as for gd; width caps the width it grows to;
	 * iterations caps its steps; tolerance is on the layers' relative change per step; lr = 1
	 * is its step η = 0.5; log_every the rows of the log (at most one per check, every 5 steps: its
	 * width test compares the loss over that window).
	 * The summary gives {@code steps=}, {@code returned_iteration=}, {@code width=} and in
	 * {@code stop=} the rule that ended it. What it does not do is refused by
	 * {@link SolverSettings#checkUsableFor} (complex layers, other initializations, the
	 * balance regularizer, GLRL) and by {@link #sense}.
	 */
	private static ReconstructionResult completeScaled(final Matrix image, final boolean[] missing,
		final Matrix reference, final SolverSettings settings, final int[] validation, final SolverListener listener,
		final BooleanSupplier cancel)
	{
		final long start = System.nanoTime();
		final Prepared p = prepare(image, missing, reference, settings.center(), settings.units(), false);
		final int[] held = validation == null ? new int[0] : validation.clone();
		final boolean[] train = held.length > 0 ? trainingMask(missing, image.size(), held) : missing;
		final GdSettings gd = settings.gd();
		final ScaledOptions d = ScaledOptions.defaults();
		// tolerance: gd's is the product's change per iteration; the engine's layers change less
		// per step near its solution (a linear rate), so it takes a tenth (measured: at 1e-5 the
		// 128 x 128 x 40 Casorati stopped at 1.7e-3 on the missing entries, at 1e-6 at 2.7e-4)
		final ScaledOptions o = new ScaledOptions(gd.depth(), 0, gd.width(), gd.scale(), d.eta() * gd.lr(), d.lambda(),
			d.outerGram(), gd.tolerance() / 10, d.widenThreshold(), gd.iterations(), gd.maxSeconds(), d.checkEvery(), settings
				.patience(), mix(settings.seed(), STREAM_INIT), settings.backend(), Kernels.resolve(
					settings.precision(), image, missing, false), settings.threads());
		final double fittedCount = fittedCount(train, image.size());
		final SolverListener out = listener == null ? SolverListener.NONE : listener;
		final Matrix ref = reference;
		final double refNorm = reference == null ? Double.NaN : MatrixOps.normF(reference);
		final java.util.List<LogRecord> log = new java.util.ArrayList<>();
		final int[] lastLogged = { -1 };
		final ScaledDeepFactorization.Listener progress = new ScaledDeepFactorization.Listener() {

			@Override
			public void checked(final ScaledDeepFactorization.Progress q) {
				out.progress(q.step, gd.iterations());
				// a row at the first check past each multiple of log_every (checks come every 5 steps)
				if (q.step / gd.logEvery() == lastLogged[0]) return;
				lastLogged[0] = q.step / gd.logEvery();
				// the engine completes image − μ: its values are in the image's units
				final double loss = q.loss;
				final LogRecord row = engineRow(q.step, loss, fittedCount, ref == null || q.product == null ? Double.NaN
					: relErrorUnnormalized(q.product, p.mu, 1, ref, refNorm), q.validationRmse, o.eta(), start);
				log.add(row);
				out.logged(row);
			}

			@Override
			public boolean wantsProduct(final int step) {
				// rel_error of a log row: only at the checks that write one
				return ref != null && step / gd.logEvery() != lastLogged[0];
			}
		};
		// the engine reads the image less μ as it stages its own normalized copy (no centered
		// rows x cols copy here) and normalizes by its own scale
		final ScaledDeepFactorization.Result r = ScaledDeepFactorization.run(image, p.mu, missing, held, o, progress,
			cancel);
		// the engine's product is its own matrix (of image − μ): μ added back in place
		final Matrix result = r.product;
		for (int k = 0; k < result.re.length; k++) result.re[k] += p.mu;
		double loss = 0;
		for (int k = 0; k < result.re.length; k++) {
			loss += 0.5 * sq(Masked.unless(train != null && train[k], result.re[k] - image.re[k]));
		}
		// the log ends at the returned iterate, as gd's at its last iteration (a run that stops
		// between two multiples of log_every would otherwise end on a row from before its last phase)
		if (log.isEmpty() || log.get(log.size() - 1).iteration < r.returnedStep) {
			double val2 = 0;
			for (final int v : held) val2 += sq(result.re[v] - image.re[v]);
			final LogRecord row = engineRow(r.returnedStep, loss, fittedCount, relError(result, reference), held.length > 0
				? Math.sqrt(val2 / held.length) : Double.NaN, o.eta(), start);
			log.add(row);
			out.logged(row);
		}
		if (settings.keepObserved()) keepObserved(result, image, missing);
		final StopReason stop = stopReason(r.stop);
		String message = String.format(Locale.ROOT, "scaled: stop=%s after %d steps at width %d (returned step %d)", stop
			.key(), r.steps, r.width, r.returnedStep);
		if (stop == StopReason.DIVERGED) {
			message += String.format(Locale.ROOT, " Try lr=%s or optimizer=gd.", shortNumber(gd.lr() / 4));
		}
		return ReconstructionResult.builder()
			.reconstruction(result)
			.log(log)
			.stopReason(stop)
			.message(message)
			.steps(r.steps)
			.returnedIteration(r.returnedStep)
			.width(r.width)
			.finalLoss(loss)
			.relError(relError(result, reference))
			.seconds((System.nanoTime() - start) * 1e-9)
			.backend(r.backend)
			.factors(new DeepFactorization(r.layers.toArray(new Matrix[0])))
			.normalization(p.mu, r.scale)
			.build();
	}

	/** A log row of the fast engine (in the image's units; it has no regularizer), timed from {@code start} (System.nanoTime). */
	private static LogRecord engineRow(final int iteration, final double loss, final double fittedCount,
		final double relError, final double valRmse, final double eta, final long start)
	{
		return LogRecord.builder()
			.iteration(iteration)
			.loss(loss)
			.regularizer(0)
			.rmse(Math.sqrt(2 * loss / fittedCount))
			.relError(relError)
			.valRmse(valRmse)
			.step(eta)
			.seconds((System.nanoTime() - start) * 1e-9)
			.build();
	}

	/**
	 * RMS error of {@code out} on the held-out entries over the standard deviation of the
	 * observed ones (NaN without held-out entries or spread).
	 */
	private static double heldOutRelativeRmse(final Matrix out, final Matrix image, final boolean[] missing,
		final int[] validation)
	{
		if (validation == null || validation.length == 0) return Double.NaN;
		double err = 0;
		for (final int v : validation) err += sq(out.re[v] - image.re[v]);
		// the spread in one pass, shifted by an observed value (no cancellation for data far from 0)
		int first = 0;
		if (missing != null) while (first < missing.length && missing[first]) first++;
		if (first == image.re.length) return Double.NaN;
		final double shift = image.re[first];
		double sum = 0, sum2 = 0;
		int n = 0;
		for (int e = 0; e < image.re.length; e++) {
			final boolean drop = missing != null && missing[e];
			final double d = Masked.unless(drop, image.re[e] - shift);
			sum += d;
			sum2 += d * d;
			n += Masked.one(drop);
		}
		final double spread = Math.sqrt(Math.max(sum2 / n - sq(sum / n), 0));
		return spread > 0 ? Math.sqrt(err / validation.length) / spread : Double.NaN;
	}

	/** Entries fitted: neither missing nor held out ({@code unfitted} null = all {@code size} entries). */
	private static int fittedCount(final boolean[] unfitted, final int size) {
		return Masked.kept(unfitted, size);
	}

	/** The fast engine's stop rule as the summary's {@code stop=}. */
	private static StopReason stopReason(final ScaledStop s) {
		switch (s) {
			case CONVERGED:
				return StopReason.CONVERGED;
			case VALIDATION:
				return StopReason.VALIDATION;
			case MAX_SECONDS:
				return StopReason.MAX_SECONDS;
			case DIVERGED:
				return StopReason.DIVERGED;
			case CANCELLED:
				return StopReason.CANCELLED;
			default:
				return StopReason.MAX_ITERATIONS;
		}
	}

	/**
	 * The entries the solver fits: the observed ones minus the validation entries. Checks
	 * that the validation entries exist, are observed and leave something to fit.
	 */
	static boolean[] trainingMask(final boolean[] missing, final int size, final int[] validation) {
		final boolean[] train = missing == null ? new boolean[size] : missing.clone();
		for (final int k : validation) {
			if (k < 0 || k >= size) {
				throw new IllegalArgumentException("validation entry " + k + " is outside the image (" + size + " entries)");
			}
			if (missing != null && missing[k]) {
				throw new IllegalArgumentException("validation entry " + k + " is a missing entry: only observed entries " +
					"can be held out");
			}
			train[k] = true;
		}
		for (final boolean m : train) if (!m) return train;
		throw new IllegalArgumentException("the validation set holds every observed entry: nothing is left to fit; " +
			"use a smaller 'validation' fraction");
	}

	/**
	 * The validation pixels: a seeded random fraction of the observed ones (none when that
	 * rounds to zero or would leave fewer than 2 pixels to fit), sorted.
	 */
	static int[] heldOut(final boolean[] missing, final int size, final double fraction, final long seed) {
		final int count = Masked.kept(missing, size);
		final int h = (int) Math.round(fraction * count);
		if (h < 1 || count - h < 2) return new int[0];
		final int[] observed = new int[count + 1];
		if (missing == null) for (int k = 0; k < size; k++) observed[k] = k;
		else Masked.keptIndices(missing, observed);
		final Random rnd = new Random(mix(seed, STREAM_VALIDATION));
		for (int i = 0; i < h; i++) {
			final int j = i + rnd.nextInt(count - i);
			final int t = observed[i];
			observed[i] = observed[j];
			observed[j] = t;
		}
		final int[] held = java.util.Arrays.copyOf(observed, h);
		java.util.Arrays.sort(held);
		return held;
	}

	/**
	 * Observed pixels take their observed values (held-out ones included: they were
	 * observed). With nothing missing the call is a plain factorization of the image and the
	 * fit is returned as it is.
	 */
	private static void keepObserved(final Matrix out, final Matrix image, final boolean[] missing) {
		boolean any = false;
		if (missing != null) for (final boolean m : missing) any |= m;
		if (!any) return;
		for (int k = 0; k < out.re.length; k++) out.re[k] = Masked.select(missing[k], image.re[k], out.re[k]);
	}

	/** Completion data normalized as described in the class comment. */
	private static final class Prepared {
		DataTerm data;
		Matrix y;
		double mu, c, sigma, kappa;
	}

	private static Prepared prepare(final Matrix image, final boolean[] missing, final Matrix reference,
		final Centering center, final Units units)
	{
		return prepare(image, missing, reference, center, units, true);
	}

	/**
	 * @param spectral false for the fast engine: it estimates its own σ on its kernels,
	 *          normalizes by its own scale and builds its own mask, reading the image with μ
	 *          subtracted, so neither σ and κ (the gd step scale: 100 power iterations on the
	 *          rows x cols data in Java, about a second at 6.5 M entries), the data term nor the
	 *          normalized copy are made (σ, κ NaN, data and y null)
	 */
	private static Prepared prepare(final Matrix image, final boolean[] missing, final Matrix reference,
		final Centering center, final Units units, final boolean spectral)
	{
		final int rows = image.rows, cols = image.cols, size = image.size();
		if (size == 0) throw new IllegalArgumentException("the image is empty");
		if (missing != null && missing.length != size) {
			throw new IllegalArgumentException("mask has " + missing.length + " pixels but the image has " + size);
		}
		checkReference(image, reference);
		// the passes select with Masked (no branch on the mask) and check finiteness at the end
		final boolean[] drop = missing == null ? new boolean[size] : missing;
		double sum = 0;
		int count = 0;
		boolean finite = true;
		for (int k = 0; k < size; k++) {
			final double v = Masked.unless(drop[k], image.re[k]);
			finite &= Math.abs(v) <= Double.MAX_VALUE;
			sum += v;
			count += Masked.one(drop[k]);
		}
		if (!finite) {
			int k = 0;
			while (drop[k] || Double.isFinite(image.re[k])) k++;
			throw new IllegalArgumentException(String.format(Locale.ROOT,
				"pixel (x=%d, y=%d) is %s but not marked missing; mark it missing in the mask or fix the image", k % cols,
				k / cols, image.re[k]));
		}
		if (count == 0) {
			throw new IllegalArgumentException(
				"every pixel is missing: nothing to complete from (check the mask: nonzero marks MISSING pixels)");
		}
		final double mean = sum / count;
		double var = 0, squares = 0;
		for (int k = 0; k < size; k++) {
			var += sq(Masked.unless(drop[k], image.re[k] - mean));
			squares += sq(Masked.unless(drop[k], image.re[k]));
		}
		// units=paper: the data as given (μ = 0, c = 1), Units
		final double mu = !units.paper() && center.applies(mean, var / count) ? mean : 0;
		final double sum2 = mu == 0 ? squares : var;
		final double c = sum2 > 0 && !units.paper() ? Math.sqrt(sum2 / count) : 1;
		final Prepared p = new Prepared();
		p.mu = mu;
		p.c = c;
		p.sigma = Double.NaN;
		p.kappa = Double.NaN;
		if (!spectral) return p;
		final Matrix y = Matrix.real(rows, cols);
		for (int k = 0; k < size; k++) y.re[k] = Masked.unless(drop[k], (image.re[k] - mu) / c);
		final SpectralNorm top = SpectralNorm.top(y, 100);
		double kappa = 0;
		for (int k = 0; k < size; k++) kappa += sq(Masked.unless(drop[k], top.u[k / cols] * top.v[k % cols]));
		p.sigma = top.sigma * size / count;
		p.kappa = kappa;
		// nothing missing: the fully observed problem of 4L / ACGH, f = ½‖W − Y‖_F²
		p.data = count < size ? new MaskedCompletion(y, missing) : new FullObservation(y);
		p.y = y;
		return p;
	}

	/**
	 * Completes {@code image} by Greedy Low-Rank Learning ({@link GreedyLowRank}), with the
	 * same normalization as {@link #complete}: the GLRL settings of {@code settings}
	 * ({@link SolverSettings#glrl()}) with its shared depth, step, optimizer and log settings;
	 * ε is relative to the normalized data and the phase step is the GD step of
	 * {@link #absoluteStep} for depth L. The result carries the per-phase table. With
	 * {@link SolverSettings#validation()} > 0 a seeded fraction of the observed pixels is held
	 * out and the phase with the best validation error is returned (see
	 * {@link GreedyLowRank.Options#validationIndices}).
	 */
	public static ReconstructionResult completeGreedy(final Matrix image, final boolean[] missing,
		final Matrix reference, final SolverSettings settings, final SolverListener listener,
		final BooleanSupplier cancel)
	{
		return validationOffNote(completeGreedy(image, missing, reference, settings, heldOutPixels(missing, image
			.size(), settings.validation(), settings.seed()), listener, cancel), missing, settings);
	}

	/**
	 * {@link #completeGreedy(Matrix, boolean[], Matrix, SolverSettings, SolverListener, BooleanSupplier)}
	 * with an explicit validation set (flat indices of observed entries; see
	 * {@link #complete(Matrix, boolean[], Matrix, SolverSettings, int[], SolverListener, BooleanSupplier)});
	 * {@link SolverSettings#validation()} is ignored.
	 */
	public static ReconstructionResult completeGreedy(final Matrix image, final boolean[] missing,
		final Matrix reference, final SolverSettings settings, final int[] validation, final SolverListener listener,
		final BooleanSupplier cancel)
	{
		settings.checkUsableFor(Method.GLRL);
		final long start = System.nanoTime();
		// Symmetric GLRL (Alg. 1) fits W = U U^T, a PSD matrix: subtracting the mean adds
		// -mu 11^T and the centered target is no longer PSD, so GLRL would no longer find the
		// rank-one answer of Ex. 5.9. center=auto therefore never centers a symmetric run
		// (center=on still does, as asked).
		final Centering center = settings.glrl().symmetric() && settings.center() == Centering.AUTO ? Centering.OFF
			: settings.center();
		final Prepared p = prepare(image, missing, reference, center, settings.units());
		int[] valIdx = null;
		double[] valVals = null;
		if (validation != null && validation.length > 0) {
			p.data = new MaskedCompletion(p.y, trainingMask(missing, image.size(), validation));
			valIdx = validation.clone();
			valVals = new double[validation.length];
			for (int i = 0; i < validation.length; i++) valVals[i] = p.y.re[validation[i]];
		}
		final GreedyLowRank.Options o = greedyOptions(settings, step(settings, p.sigma, p.kappa), reference, p.mu, p.c,
			valIdx, valVals);
		final JavaBackend backend = new JavaBackend(Kernels.threads(settings.threads()));
		final GreedyLowRank.Result r;
		final String ran;
		// the phases run on the kernels gradient descent uses (backend, threads), in double:
		// precision=auto is double for GLRL, precision=float refused (SolverSettings.checkUsable)
		try (DenseKernels kernels = Kernels.create(settings.backend(), Precision.DOUBLE, settings.threads(), p.data,
			false))
		{
			r = new GreedyLowRank(p.data, kernels, backend, o).run(listener, cancel);
			ran = kernels.description();
		}
		final Matrix out = unnormalize(r.product, p.mu, p.c);
		if (settings.keepObserved()) keepObserved(out, image, missing);
		return ReconstructionResult.builder()
			.reconstruction(out)
			.log(r.log)
			.singularValueColumns(settings.gd().singularValues())
			.stopReason(r.stopReason)
			.message(r.message)
			.steps(r.steps)
			.returnedIteration(r.returnedIteration)
			.finalLoss(r.dataLoss * p.c * p.c)
			.relError(relError(out, reference))
			.seconds((System.nanoTime() - start) * 1e-9)
			.backend(ran)
			.phases(r.phases)
			.normalization(p.mu, p.c)
			.build();
	}

	/**
	 * The ONE translation of the settings into GLRL's options: its own settings, the shared
	 * depth, optimizer and log settings, the absolute phase step, the seed of the
	 * initialization stream, and the normalized reference and validation entries.
	 */
	private static GreedyLowRank.Options greedyOptions(final SolverSettings s, final double step,
		final Matrix reference, final double mu, final double c, final int[] valIdx, final double[] valVals)
	{
		final GdSettings gd = s.gd();
		final GlrlSettings glrl = s.glrl();
		final GreedyLowRank.Options o = new GreedyLowRank.Options();
		o.depth = gd.depth();
		o.epsilon = glrl.epsilon();
		o.maxRank = glrl.maxRank();
		o.step = step;
		o.optimizer = gd.optimizer();
		o.phaseIterations = glrl.phaseSteps();
		o.maxIterations = gd.iterations();
		o.maxSeconds = gd.maxSeconds();
		o.tolerance = glrl.tolerance();
		o.symmetric = glrl.symmetric();
		o.minPhaseGain = glrl.minPhaseGain();
		o.seed = mix(s.seed(), STREAM_INIT);
		o.logEvery = gd.logEvery();
		o.singularValues = gd.singularValues();
		o.reference = scaled(reference, mu, c);
		o.referenceNorm = reference == null ? Double.NaN : MatrixOps.normF(reference);
		o.valueScale = c;
		o.validationIndices = valIdx;
		o.validationValues = valVals;
		return o;
	}

	/**
	 * The nuclear-norm baseline ({@link SoftImpute}) on the same normalized data: the
	 * threshold is λ = lambda × σ, σ the estimated spectral norm of the normalized target,
	 * so {@link SolverSettings#lambda()} is relative (0.01 shrinks every singular value by 1 %
	 * of the largest); at most {@code gd().iterations()} iterations, stopping at a relative
	 * change of {@code gd().tolerance()} (0: 1e-9). One log row (loss, rmse, rel_error; the
	 * factor columns are NaN).
	 */
	public static ReconstructionResult softImpute(final Matrix image, final boolean[] missing, final Matrix reference,
		final SolverSettings settings, final BooleanSupplier cancel)
	{
		settings.checkUsableFor(Method.SOFTIMPUTE);
		final long start = System.nanoTime();
		final Prepared p = prepare(image, missing, reference, settings.center(), settings.units());
		final double tolerance = settings.gd().tolerance();
		final SoftImpute.Result r = SoftImpute.complete(p.y, missing, settings.lambda() * p.sigma, settings.gd()
			.iterations(), tolerance > 0 ? tolerance : 1e-9, cancel);
		final Matrix out = unnormalize(r.completed, p.mu, p.c);
		if (settings.keepObserved()) keepObserved(out, image, missing);
		final double rel = relError(out, reference);
		final double rmse = Math.sqrt(2 * r.dataLoss / p.data.observationCount()) * p.c;
		final LogRecord row = LogRecord.builder()
			.iteration(r.iterations)
			.loss(r.dataLoss * p.c * p.c)
			.regularizer(0)
			.rmse(rmse)
			.relError(rel)
			.seconds((System.nanoTime() - start) * 1e-9)
			.build();
		final StopReason reason = r.converged ? StopReason.CONVERGED : (cancel != null && cancel.getAsBoolean()
			? StopReason.CANCELLED : StopReason.MAX_ITERATIONS);
		return ReconstructionResult.builder()
			.reconstruction(out)
			.log(List.of(row))
			.stopReason(reason)
			.message("softimpute: " + (r.converged ? "converged" : "stopped") + " after " + r.iterations + " iterations")
			.steps(r.iterations)
			.returnedIteration(r.iterations)
			.finalLoss(r.dataLoss * p.c * p.c)
			.relError(rel)
			.seconds((System.nanoTime() - start) * 1e-9)
			.backend("ejml")
			.normalization(p.mu, p.c)
			.build();
	}

	/**
	 * Classical smooth inpainting of the missing pixels ({@link SmoothInpainting}: harmonic,
	 * or biharmonic with {@code biharmonic}), by conjugate gradients: the observed pixels are
	 * kept, so there is no fit and no factorization. Its one log row has the relative error
	 * and the time; loss, rmse, gradient and the factor columns do not exist (NaN), and CG's
	 * iterations and relative residual are in the message ({@code residual=}).
	 */
	public static ReconstructionResult inpaint(final Matrix image, final boolean[] missing, final Matrix reference,
		final boolean biharmonic, final BooleanSupplier cancel)
	{
		final long start = System.nanoTime();
		final SmoothInpainting.Result r = SmoothInpainting.solve(image, missing, biharmonic, 0,
			SmoothInpainting.DEFAULT_TOLERANCE, cancel);
		final double rel = relError(r.image, reference);
		final double seconds = (System.nanoTime() - start) * 1e-9;
		final LogRecord row = LogRecord.builder().iteration(r.iterations).relError(rel).seconds(seconds).build();
		final StopReason stop = r.cancelled ? StopReason.CANCELLED : r.converged ? StopReason.CONVERGED
			: StopReason.MAX_ITERATIONS;
		return ReconstructionResult.builder()
			.reconstruction(r.image)
			.log(List.of(row))
			.stopReason(stop)
			.message((biharmonic ? "biharmonic" : "harmonic") + " inpainting: " + r.summaryLine())
			.steps(r.iterations)
			.returnedIteration(r.iterations)
			.finalLoss(Double.NaN)
			.relError(rel)
			.seconds(seconds)
			.backend("cg")
			.build();
	}

	/**
	 * {@code lifting=nonlocal}: nonlocal patch-group completion ({@link NonlocalCompletion})
	 * with the settings' {@link SolverSettings#nonlocal()} (gd, glrl or softimpute per group).
	 * Observed pixels are always kept (the groups complete the missing ones only); one log
	 * row per run (rounds, rel_error, seconds); the message has the groups' summary. A run
	 * whose memory ({@link NonlocalSettings#memoryBytes}) exceeds the Java heap is refused
	 * before it starts, with the tile size that fits.
	 */
	public static ReconstructionResult nonlocal(final Matrix image, final boolean[] missing, final Matrix reference,
		final SolverSettings settings, final BooleanSupplier cancel)
	{
		settings.checkUsableFor(settings.method());
		checkReference(image, reference);
		final NonlocalSettings s = settings.nonlocal();
		checkNonlocalMemory(image.rows, image.cols, s, Runtime.getRuntime().maxMemory());
		final long start = System.nanoTime();
		final NonlocalCompletion.Result r = NonlocalCompletion.solve(image, missing, s, cancel);
		final double rel = relError(r.image, reference);
		final double seconds = (System.nanoTime() - start) * 1e-9;
		final LogRecord row = LogRecord.builder().iteration(r.rounds).relError(rel).seconds(seconds).build();
		final String name = "nonlocal-" + s.groupMethod.key;
		return ReconstructionResult.builder()
			.reconstruction(r.image)
			.log(List.of(row))
			.stopReason(r.cancelled ? StopReason.CANCELLED : StopReason.CONVERGED)
			.message(name + ": " + r.summaryLine())
			.steps(r.rounds)
			.finalLoss(Double.NaN)
			.relError(rel)
			.seconds(seconds)
			.backend("java")
			.method(name)
			.build();
	}

	/**
	 * Refuses a nonlocal run of a rows × cols matrix that would not fit in {@code heap}
	 * bytes, naming the tile size that fits (tiles run one after the other, so the memory
	 * is that of one tile).
	 */
	public static void checkNonlocalMemory(final int rows, final int cols, final NonlocalSettings s, final long heap) {
		final long bytes = s.memoryBytes(rows, cols, s.threads);
		if (heap != Long.MAX_VALUE && bytes > heap) {
			throw new IllegalArgumentException(String.format(Locale.ROOT,
				"the nonlocal patch groups of a %d x %d image need about %d MB but the Java heap is %d MB; use tiles " +
					"(tile=%d fits) or give Java more memory (-Xmx)", cols, rows, bytes >> 20, heap >> 20, s.tileThatFits(
						heap, s.threads)));
		}
	}

	private static Matrix unnormalize(final Matrix product, final double mu, final double c) {
		final Matrix out = Matrix.real(product.rows, product.cols);
		for (int k = 0; k < out.re.length; k++) out.re[k] = product.re[k] * c + mu;
		return out;
	}

	/** ‖(c·product + μ) − reference‖ / {@code referenceNorm}, in one pass (no unnormalized copy). */
	private static double relErrorUnnormalized(final Matrix product, final double mu, final double c,
		final Matrix reference, final double referenceNorm)
	{
		double s = 0;
		for (int k = 0; k < product.re.length; k++) {
			final double d = product.re[k] * c + mu - reference.re[k];
			s += d * d;
		}
		return Math.sqrt(s) / referenceNorm;
	}

	private static double relError(final Matrix out, final Matrix reference) {
		return reference == null ? Double.NaN : MatrixOps.distanceF(out, reference) / MatrixOps.normF(reference);
	}

	/**
	 * Measures {@code image} with a seeded operator (plus Gaussian noise of std
	 * {@code noise} per measurement, in image units) and reconstructs it from the
	 * measurements alone; the image is the reference for {@code rel_error}. With
	 * {@link SolverSettings#validation()} > 0 a seeded fraction of the MEASUREMENTS is held out
	 * (not fitted); {@code val_rmse} is the RMS residual on them, in the measurements' units,
	 * and the iterate with the best one is returned (early stopping against noise).
	 */
	public static ReconstructionResult sense(final Matrix image, final int measurements, final OperatorKind operator,
		final double noise, final SolverSettings settings, final SolverListener listener, final BooleanSupplier cancel)
	{
		settings.checkUsableFor(Method.GD);
		if (settings.gd().optimizer() == OptimizerKind.SCALED) {
			throw new IllegalArgumentException("optimizer=scaled completes masked images only; for sensing use " +
				"optimizer=gd or optimizer=adaptive");
		}
		final int rows = image.rows, cols = image.cols, size = image.size();
		if (size == 0) throw new IllegalArgumentException("the image is empty");
		for (int k = 0; k < size; k++) {
			if (!Double.isFinite(image.re[k])) {
				throw new IllegalArgumentException(String.format(Locale.ROOT,
					"pixel (x=%d, y=%d) is %s: sensing needs a complete image", k % cols, k / cols, image.re[k]));
			}
		}
		if (measurements < 1) {
			throw new IllegalArgumentException("bad value for 'measurements': " + measurements + " (expected >= 1)");
		}
		if (!(noise >= 0) || !Double.isFinite(noise)) {
			throw new IllegalArgumentException("bad value for 'noise': " + noise + " (expected a standard deviation >= 0)");
		}
		if (operator == null) throw new IllegalArgumentException("missing value for 'operator'");
		final long seed = settings.seed();
		final SensingOperator op = operator == OperatorKind.GAUSSIAN ? new GaussianSensingOperator(rows, cols,
			measurements, mix(seed, STREAM_OPERATOR)) : new FastSensingOperator(rows, cols, measurements, mix(seed,
				STREAM_OPERATOR));
		final double[] y = new double[measurements];
		op.apply(image.re, y);
		if (noise > 0) {
			final Random rnd = new Random(mix(seed, STREAM_NOISE));
			for (int i = 0; i < y.length; i++) y[i] += noise * rnd.nextGaussian();
		}
		double mu = 0;
		// units=paper: the measurements as given (no centering, no normalization; Units)
		if (settings.center() != Centering.OFF && !settings.units().paper()) {
			final double[] ones = new double[size];
			java.util.Arrays.fill(ones, 1);
			final double[] aOnes = new double[measurements];
			op.apply(ones, aOnes);
			double dot = 0, energy = 0;
			for (int i = 0; i < y.length; i++) {
				dot += y[i] * aOnes[i];
				energy += y[i] * y[i];
			}
			// μ = ⟨𝒜*(y), 1⟩ / n = ⟨y, 𝒜(1)⟩ / n; E‖y‖²/n estimates the mean square, so the
			// variance is about ‖y‖²/n − μ²
			final double mean = dot / size;
			if (settings.center().applies(mean, energy / size - mean * mean)) {
				mu = mean;
				for (int i = 0; i < y.length; i++) y[i] -= mu * aOnes[i];
			}
		}
		double ny = 0;
		for (final double v : y) ny += v * v;
		final double c = ny > 0 && !settings.units().paper() ? Math.sqrt(ny / size) : 1;
		for (int i = 0; i < y.length; i++) y[i] /= c;
		// validation: a seeded fraction of the measurements is held out (not fitted); the
		// step scale below is estimated from the fitted ones only
		final int[] held = heldOut(null, measurements, settings.validation(), settings.seed());
		final boolean[] heldFlags = held.length == 0 ? null : new boolean[measurements];
		for (final int i : held) heldFlags[i] = true;
		final double[] fittedY = y.clone();
		for (final int i : held) fittedY[i] = 0;
		final Matrix back = Matrix.real(rows, cols);
		op.adjoint(fittedY, back.re);
		final SpectralNorm top = SpectralNorm.top(back, 100);
		final double[] uv = new double[size];
		for (int k = 0; k < size; k++) uv[k] = top.u[k / cols] * top.v[k % cols];
		final double[] auv = new double[measurements];
		op.apply(uv, auv);
		double kappa = 0;
		for (int i = 0; i < auv.length; i++) if (heldFlags == null || !heldFlags[i]) kappa += auv[i] * auv[i];
		final LinearSensing data = new LinearSensing(op, y, heldFlags);
		return solve(data, rows, cols, top.sigma, kappa, mu, c, image, settings, settings.precision() == Precision.AUTO
			? Precision.DOUBLE : settings.precision(), listener, cancel, null, null, heldFlags == null ? null
				: data::heldOutRmse);
	}

	/**
	 * The absolute base step of a run: {@link #absoluteStep} of the relative {@code lr}, or,
	 * with units=paper, η = lr as given (4L eq. 2, ACGH eq. 4; GLRL App. C.1's η for
	 * optimizer=adaptive).
	 */
	static double step(final SolverSettings s, final double sigma, final double kappa) {
		return s.units().paper() ? s.gd().lr() : absoluteStep(s.gd(), sigma, kappa);
	}

	/** The absolute base step for the relative {@code lr} of {@code s}, at its depth and optimizer (class comment). */
	public static double absoluteStep(final GdSettings s, final double sigma, final double kappa) {
		final double sg = sigma > 0 && Double.isFinite(sigma) ? sigma : 1;
		final double kp = kappa > 1e-3 && Double.isFinite(kappa) ? Math.min(kappa, 1e3) : 1e-3;
		final int n = s.depth();
		if (s.optimizer() == OptimizerKind.ADAPTIVE) return s.lr() * Math.pow(sg, 1.0 / n) / 100;
		return s.lr() / (n * kp * Math.pow(sg, 2 - 2.0 / n));
	}

	/**
	 * Refuses, before anything is allocated, layers that cannot exist: more entries than a
	 * Java array holds, or a factorization whose layers, gradients and iterates (about 4
	 * copies of every layer, plus the product's buffers) would not fit in the heap.
	 */
	static void checkLayerSizes(final int[] dims, final int width) {
		long entries = 0;
		long largest = 0;
		for (int j = 1; j < dims.length; j++) {
			final long e = (long) dims[j] * dims[j - 1];
			largest = Math.max(largest, e);
			entries += e;
		}
		final long product = (long) dims[0] * dims[dims.length - 1];
		if (largest > Integer.MAX_VALUE - 8) {
			throw new IllegalArgumentException(String.format(Locale.ROOT,
				"width=%d gives a layer of %d entries, more than one array can hold; use width=0 (min(rows, cols)) or a " +
					"width below %d", width, largest, (int) Math.sqrt(Integer.MAX_VALUE - 8.0)));
		}
		final long bytes = 8L * (4 * entries + 4 * product);
		final long heap = Runtime.getRuntime().maxMemory();
		if (heap != Long.MAX_VALUE && bytes > heap) {
			throw new IllegalArgumentException(String.format(Locale.ROOT,
				"the factorization needs about %d MB but the Java heap is %d MB; use a smaller width (width=%d now), " +
					"tiles (tile=512) or give Java more memory (-Xmx)", bytes >> 20, heap >> 20, width));
		}
	}

	private static double sq(final double x) {
		return x * x;
	}

	private static ReconstructionResult solve(final DataTerm data, final int rows, final int cols, final double sigma,
		final double kappa, final double mu, final double c, final Matrix reference, final SolverSettings s,
		final Precision precision, final SolverListener listener, final BooleanSupplier cancel, final int[] valIdx,
		final double[] valVals, final java.util.function.ToDoubleFunction<Matrix> validationError)
	{
		final long start = System.nanoTime();
		final GdSettings gd = s.gd();
		final int[] dims = DeepFactorization.dims(rows, cols, gd.depth(), gd.width());
		checkLayerSizes(dims, gd.width());
		final JavaBackend backend = new JavaBackend(Kernels.threads(s.threads()));
		final Random initRandom = new Random(mix(s.seed(), STREAM_INIT));
		final DeepFactorization init = s.units().paper() ? Initializers.createInPaperUnits(gd.init(), dims, gd.complex(),
			gd.scale(), initRandom) : Initializers.create(gd.init(), dims, gd.complex(), gd.scale(), initRandom);
		try (DenseKernels kernels = Kernels.create(s.backend(), precision, s.threads(), data, gd.complex())) {
			return solve(data, dims, init, kernels, backend, sigma, kappa, mu, c, reference, s, listener, cancel, valIdx,
				valVals, validationError, start);
		}
	}

	private static ReconstructionResult solve(final DataTerm data, final int[] dims, final DeepFactorization init,
		final DenseKernels kernels, final JavaBackend backend, final double sigma, final double kappa, final double mu,
		final double c, final Matrix reference, final SolverSettings s, final SolverListener listener,
		final BooleanSupplier cancel, final int[] valIdx, final double[] valVals,
		final java.util.function.ToDoubleFunction<Matrix> validationError, final long start)
	{
		final GdSettings gd = s.gd();
		final DeepObjective objective = new DeepObjective(dims, data, gd.regularization(), kernels);
		final GradientDescent.Options o = gradientDescentOptions(s, step(s, sigma, kappa), reference, mu, c,
			valIdx, valVals, validationError);
		final GradientDescent.Result r = new GradientDescent(objective, backend, o).run(init, listener, cancel);
		final Matrix out = unnormalize(r.product, mu, c);
		String message = r.message;
		if (r.stopReason == StopReason.DIVERGED) {
			message += String.format(Locale.ROOT, " Try lr=%s%s.", shortNumber(gd.lr() / 4), gd
				.optimizer() != OptimizerKind.ADAPTIVE ? " or optimizer=adaptive" : "");
		}
		final boolean completion = data.entrywise().map(Entrywise::hasMissing).orElse(false);
		return ReconstructionResult.builder()
			.reconstruction(out)
			.log(r.log)
			.singularValueColumns(gd.singularValues())
			.stopReason(r.stopReason)
			.message(message)
			.steps(r.steps)
			.returnedIteration(r.returnedIteration)
			.finalLoss(r.dataLoss * c * c)
			.relError(relError(out, reference))
			.seconds((System.nanoTime() - start) * 1e-9)
			.backend(kernels.description())
			.residual(completion ? objective.residual().key() : null)
			.initialFactors(init)
			.factors(r.layers)
			.normalization(mu, c)
			.build();
	}

	/**
	 * The ONE translation of the settings into gradient descent's options: the absolute step,
	 * the gradient-descent settings, the patience, and the normalized reference and
	 * validation (entries, or a function of the product for sensing).
	 */
	private static GradientDescent.Options gradientDescentOptions(final SolverSettings s, final double step,
		final Matrix reference, final double mu, final double c, final int[] valIdx, final double[] valVals,
		final java.util.function.ToDoubleFunction<Matrix> validationError)
	{
		final GdSettings gd = s.gd();
		final GradientDescent.Options o = new GradientDescent.Options();
		o.step = step;
		o.optimizer = gd.optimizer();
		o.maxIterations = gd.iterations();
		o.maxSeconds = gd.maxSeconds();
		o.tolerance = gd.tolerance();
		o.logEvery = gd.logEvery();
		o.singularValues = gd.singularValues();
		o.reference = scaled(reference, mu, c);
		o.referenceNorm = reference == null ? Double.NaN : MatrixOps.normF(reference);
		o.valueScale = c;
		o.validationIndices = valIdx;
		o.validationValues = valVals;
		o.validationError = validationError;
		o.patience = s.patience();
		return o;
	}

	private static void checkReference(final Matrix image, final Matrix reference) {
		if (reference != null && !reference.sameShape(image)) {
			throw new IllegalArgumentException("reference is " + reference.cols + " x " + reference.rows + " but image is " +
				image.cols + " x " + image.rows);
		}
		if (reference != null && !MatrixOps.isFinite(reference)) {
			throw new IllegalArgumentException("reference has NaN or infinite pixels");
		}
	}

	private static Matrix scaled(final Matrix m, final double mu, final double c) {
		if (m == null) return null;
		final Matrix s = Matrix.real(m.rows, m.cols);
		for (int k = 0; k < s.re.length; k++) s.re[k] = (m.re[k] - mu) / c;
		return s;
	}

	/**
	 * Independent seed streams from one user seed: the SplitMix64 step of
	 * {@link GaussianSensingOperator#mixSeed} at position {@code seed + stream·γ}.
	 */
	static long mix(final long seed, final int stream) {
		return GaussianSensingOperator.mixSeed(seed + 0x9E3779B97F4A7C15L * stream);
	}

	private static String shortNumber(final double x) {
		return String.format(Locale.ROOT, "%.3g", x);
	}
}
