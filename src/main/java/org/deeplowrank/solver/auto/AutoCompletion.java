package org.deeplowrank.solver.auto;

import java.util.List;
import java.util.function.BooleanSupplier;

import org.deeplowrank.solver.MatrixSolver;
import org.deeplowrank.solver.MemoryEstimate;
import org.deeplowrank.solver.Method;
import org.deeplowrank.solver.Methods;
import org.deeplowrank.solver.ReconstructionResult;
import org.deeplowrank.solver.SolverSettings;
import org.deeplowrank.solver.baseline.SmoothInpainting;
import org.deeplowrank.solver.gd.LogRecord;
import org.deeplowrank.solver.gd.SolverListener;
import org.deeplowrank.solver.gd.StopReason;
import org.deeplowrank.solver.linalg.Matrix;
import org.deeplowrank.solver.linalg.MatrixOps;
import org.deeplowrank.solver.nonlocal.NonlocalCompletion;
import org.deeplowrank.solver.nonlocal.NonlocalSettings;

/**
 * {@code method=auto} for one plane: the candidate models are compared on held-out
 * observed pixels ({@link ModelSelection}) and the best is returned, rerun on all observed
 * pixels. The candidates: the whole-matrix deep factorization (data that are low rank as
 * matrices), the nonlocal patch groups (textures, photographs) and biharmonic inpainting
 * (smooth images). The method name for summaries and logs is
 * {@code auto(<chosen>)}, e.g. {@code auto(nonlocal-softimpute)}.
 */
public final class AutoCompletion {

	/** Fraction of the observed pixels held out to compare the candidates. */
	public static final double HELD_OUT = 0.1;

	/**
	 * method=auto also considers the held-out least-squares blend of the two best candidates
	 * (ModelSelection): +0.13 dB on average over the best alone on the nine quality images
	 * (docs/quality.md), +1.5 dB on brick at 80 % missing.
	 */
	static final boolean BLEND = true;

	private AutoCompletion() {}

	/** The name of the nonlocal candidate: {@code nonlocal-softimpute} or {@code nonlocal-gd}. */
	public static String nonlocalName(final NonlocalSettings s) {
		return "nonlocal-" + s.groupMethod.key;
	}

	/** The candidates with the default whole-matrix settings, in the order of the summary line. */
	public static List<ModelSelection.Candidate> candidates(final NonlocalSettings nonlocal, final long seed) {
		return candidates(WholeMatrixCandidate.screened(seed), nonlocal, null);
	}

	/**
	 * The candidates in the order of the summary line. The nonlocal model starts from the
	 * biharmonic fill, computed once per (image, mask). Once chosen, nonlocal reruns from
	 * scratch on all observed pixels: continuing its held-out run by one round instead was
	 * measured 0.25 dB worse (37.92 vs 38.18 dB mean at 50 % missing, nine images), as the
	 * held-out pixels then only enter the last round.
	 */
	private static List<ModelSelection.Candidate> candidates(final WholeMatrixCandidate whole,
		final NonlocalSettings nonlocal, final BooleanSupplier cancel)
	{
		final BiharmonicFill fill = new BiharmonicFill(cancel);
		return List.of(whole, ModelSelection.candidate(nonlocalName(nonlocal), (image, missing) -> NonlocalCompletion
			.solve(image, missing, nonlocal, fill.get(image, missing), 0, cancel).image), ModelSelection.candidate(
				"biharmonic", (image, missing) -> fill.get(image, missing).copy()));
	}

	/** The biharmonic fill of the last (image, mask) pair asked for (same objects: no recomputation). */
	private static final class BiharmonicFill {
		private final BooleanSupplier cancel;
		private Matrix image, fill;
		private boolean[] missing;

		BiharmonicFill(final BooleanSupplier cancel) {
			this.cancel = cancel;
		}

		synchronized Matrix get(final Matrix image, final boolean[] missing) {
			if (image != this.image || missing != this.missing) {
				fill = SmoothInpainting.solve(image, missing, true, 0, SmoothInpainting.DEFAULT_TOLERANCE, cancel).image;
				this.image = image;
				this.missing = missing;
			}
			return fill;
		}
	}

	/**
	 * Completes {@code image} with the best candidate on held-out pixels.
	 *
	 * @param nonlocal settings of the nonlocal candidate (its seed is replaced by {@code seed})
	 * @param seed chooses the held-out pixels and seeds the candidates
	 * @param blend also consider the least-squares blend of the two best
	 */
	public static ModelSelection.Choice complete(final Matrix image, final boolean[] missing,
		final NonlocalSettings nonlocal, final long seed, final boolean blend)
	{
		return ModelSelection.select(image, missing, candidates(nonlocal.withSeed(seed), seed), HELD_OUT, seed, blend);
	}

	/** The method name for summaries and logs: {@code auto(<chosen>)}. */
	public static String methodName(final ModelSelection.Choice choice) {
		return "auto(" + choice.name + ")";
	}

	/**
	 * What completes one matrix for these settings: {@code method=auto} here, every other
	 * method from the registry ({@link Methods#solver}). The front ends (Complete Masked
	 * Image, the batch, Spark) ask here, since auto sits above the registry.
	 */
	public static MatrixSolver solver(final SolverSettings settings) {
		return settings.method() == Method.AUTO ? AUTO : Methods.solver(settings);
	}

	/** method=auto as a solver, with its heap estimate for the pre-run memory check. */
	private static final MatrixSolver AUTO = new MatrixSolver() {

		@Override
		public ReconstructionResult solve(final Matrix data, final boolean[] missing, final Matrix reference,
			final SolverSettings s, final SolverListener listener, final BooleanSupplier cancel)
		{
			return AutoCompletion.solve(data, missing, reference, s, listener, cancel);
		}

		@Override
		public boolean tileable() {
			return true;
		}

		@Override
		public long workingBytes(final int rows, final int cols, final SolverSettings s) {
			return MemoryEstimate.completionBytes(Method.AUTO, s.lifting(), rows, cols, s);
		}

		@Override
		public String toString() {
			return "auto (whole matrix, nonlocal groups or biharmonic)";
		}
	};

	/**
	 * What completes a Casorati matrix (stack=casorati) for these settings: with
	 * {@code method=auto} the whole-matrix deep factorization (a Casorati matrix has whole
	 * frames as columns: no 2-D patches, no smooth image), named {@code auto(whole-matrix)};
	 * else {@link #solver}.
	 */
	public static MatrixSolver casoratiSolver(final SolverSettings settings) {
		if (settings.method() != Method.AUTO) return solver(settings);
		return (data, missing, reference, s, listener, cancel) -> {
			final WholeMatrixCandidate whole = (WholeMatrixCandidate) WholeMatrixCandidate.screened(s, listener, cancel)
				.logAgainst(reference).winner();
			final Matrix fit = whole.complete(data, missing);
			return whole.lastResult().toBuilder().relError(relError(fit, reference)).method("auto(whole-matrix)").build();
		};
	}

	private static double relError(final Matrix x, final Matrix reference) {
		return reference == null ? Double.NaN : MatrixOps.distanceF(x, reference) / MatrixOps.normF(reference);
	}

	/**
	 * {@code method=auto} on one matrix as a {@link MatrixSolver}: the candidates with the
	 * run's settings (the whole-matrix factorization with its keys as method=gd; the
	 * nonlocal groups with {@code patch}, {@code group}, {@code search}, {@code rounds};
	 * biharmonic), the choice on held-out pixels, the winner rerun on all observed pixels.
	 * When the whole matrix wins its run's log is the result's; the message has the held-out
	 * errors ({@link ModelSelection.Choice#summaryLine()}). Observed pixels are always kept.
	 * With nothing missing: the whole-matrix fit (as method=gd).
	 */
	public static ReconstructionResult solve(final Matrix data, final boolean[] missing, final Matrix reference,
		final SolverSettings settings, final SolverListener listener, final BooleanSupplier cancel)
	{
		final long start = System.nanoTime();
		boolean any = false;
		if (missing != null) for (final boolean m : missing) any |= m;
		final WholeMatrixCandidate whole = WholeMatrixCandidate.screened(settings, listener, cancel).logAgainst(reference);
		if (!any) {
			final WholeMatrixCandidate full = (WholeMatrixCandidate) whole.winner();
			final Matrix fit = full.complete(data, missing);
			return full.lastResult().toBuilder().relError(relError(fit, reference)).method("auto(whole-matrix)").build();
		}
		final NonlocalSettings nonlocal = settings.nonlocal();
		org.deeplowrank.solver.Reconstruction.checkNonlocalMemory(data.rows, data.cols, nonlocal, Runtime.getRuntime()
			.maxMemory());
		final ModelSelection.Choice choice = ModelSelection.select(data, missing, candidates(whole, nonlocal, cancel),
			HELD_OUT, settings.seed(), BLEND);
		final String name = methodName(choice);
		final String message = name + ": " + choice.summaryLine();
		final boolean cancelled = cancel != null && cancel.getAsBoolean();
		final double rel = relError(choice.result, reference);
		final ReconstructionResult wholeRun = ((WholeMatrixCandidate) whole.winner()).lastResult();
		if (choice.name.equals(whole.name()) && wholeRun != null) {
			return wholeRun.toBuilder()
				.reconstruction(choice.result)
				.relError(rel)
				.stopReason(cancelled ? StopReason.CANCELLED : wholeRun.stopReason)
				.seconds((System.nanoTime() - start) * 1e-9)
				.message(wholeRun.message == null || wholeRun.message.isEmpty() ? message : message + "; " +
					wholeRun.message)
				.method(name)
				.build();
		}
		final double seconds = (System.nanoTime() - start) * 1e-9;
		return ReconstructionResult.builder()
			.reconstruction(choice.result)
			.log(List.of(LogRecord.builder().iteration(0).relError(rel).seconds(seconds).build()))
			.stopReason(cancelled ? StopReason.CANCELLED : StopReason.CONVERGED)
			.message(message)
			.steps(0)
			.finalLoss(Double.NaN)
			.relError(rel)
			.seconds(seconds)
			.backend("java")
			.method(name)
			.build();
	}
}
