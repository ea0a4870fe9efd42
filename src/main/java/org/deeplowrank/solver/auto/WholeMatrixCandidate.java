package org.deeplowrank.solver.auto;

import java.util.function.BooleanSupplier;

import org.deeplowrank.solver.Lifting;
import org.deeplowrank.solver.Method;
import org.deeplowrank.solver.Reconstruction;
import org.deeplowrank.solver.ReconstructionResult;
import org.deeplowrank.solver.SolverSettings;
import org.deeplowrank.solver.gd.SolverListener;
import org.deeplowrank.solver.linalg.Matrix;

/**
 * The whole-matrix deep factorization as a {@link ModelSelection.Candidate}: the one place
 * that calls {@link Reconstruction#complete} for {@code method=auto} (adjust here when its
 * signature changes), with the run's settings as {@code method=gd lifting=none} (by
 * default the command's defaults, {@code SolverSettings.builder()}).
 * <p>
 * During the selection it runs <em>screened</em>: width at most {@value #SCREEN_WIDTH}
 * and at most {@value #SCREEN_ITERATIONS} iterations, every other key as given. A
 * full-width run of a 512² image costs minutes, which {@code method=auto} cannot spend on
 * a model that loses by 6–9 dB on natural images (docs/quality.md); data that are low
 * rank as matrices (rank well below the cap) are fitted within that budget and win the
 * held-out comparison. The winner is then rerun with the full settings; that run's result
 * (log, iterations, loss) is kept ({@link #lastResult()}) for the summary.
 */
public final class WholeMatrixCandidate implements ModelSelection.Candidate {

	/** Hidden width of the screening run (the rank it can represent). */
	static final int SCREEN_WIDTH = 32;
	/**
	 * Iterations of the screening run (the held-out early stopping usually ends it sooner).
	 * Gradient descent from the small initialization sits on a plateau first: on the bundled
	 * weave (rank 4 + 1 % noise) it is still there at 500 iterations (held-out RMSE 1536,
	 * worse than biharmonic's 731) and converged by 710 (289, vs 529 for the nonlocal
	 * groups), so the budget must cover the plateau of low-rank data.
	 */
	static final int SCREEN_ITERATIONS = 1500;

	/**
	 * Convergence tolerance of the screened run. Its width is capped, and gradient descent
	 * then takes a still iterate for the end even on a plateau between rank increments
	 * (GradientDescent: with a rank cap the next direction may be out of reach); at the
	 * default 1e-5 the bundled weave stops on its first plateau (390 steps, rel 0.044) and
	 * auto would choose the groups; at 1e-7 it goes on to 960 steps (rel 0.0082).
	 */
	static final double SCREEN_TOLERANCE = 1e-7;

	/** Only for the log of the winner's run (see {@link #logAgainst}). */
	private Matrix reference;
	private final boolean screened;
	private final SolverSettings settings;
	private final SolverListener listener;
	private final BooleanSupplier cancel;
	private WholeMatrixCandidate full;
	private ReconstructionResult last;

	private WholeMatrixCandidate(final boolean screened, final SolverSettings settings, final SolverListener listener,
		final BooleanSupplier cancel)
	{
		this.screened = screened;
		this.settings = settings.toBuilder().method(Method.GD).lifting(Lifting.NONE).tile(0).overlap(0).build();
		this.listener = listener;
		this.cancel = cancel;
	}

	/** The screened candidate with the defaults and this seed, whose {@link #winner()} is the full-default run. */
	public static WholeMatrixCandidate screened(final long seed) {
		return screened(SolverSettings.builder().seed(seed).build(), null, null);
	}

	/**
	 * The screened candidate with these settings (run as method=gd on the whole matrix); its
	 * {@link #winner()} runs them in full, reporting to {@code listener} and polling
	 * {@code cancel} (the screening polls it too).
	 */
	public static WholeMatrixCandidate screened(final SolverSettings settings, final SolverListener listener,
		final BooleanSupplier cancel)
	{
		return new WholeMatrixCandidate(true, settings, listener, cancel);
	}

	/** The run with the command's defaults (and the given seed). */
	public static WholeMatrixCandidate full(final long seed) {
		return new WholeMatrixCandidate(false, SolverSettings.builder().seed(seed).build(), null, null);
	}

	@Override
	public String name() {
		return "whole-matrix";
	}

	/** Never blended: a whole-matrix win is the factorization itself (see the interface). */
	@Override
	public boolean blendable() {
		return false;
	}

	@Override
	public Matrix complete(final Matrix image, final boolean[] missing) {
		SolverSettings s = settings;
		if (screened) {
			s = s.toBuilder().width(Math.min(SCREEN_WIDTH, Math.min(image.rows, image.cols))).iterations(Math.min(s.gd()
				.iterations(), SCREEN_ITERATIONS)).tolerance(Math.min(s.gd().tolerance(), SCREEN_TOLERANCE)).build();
		}
		// the screening reports its progress too (the first candidate: the front ends see the run start at once);
		// its log rows are not forwarded, only the winner's run is the log
		last = Reconstruction.complete(image, missing, screened ? null : reference, s, screened ? progressOnly(listener)
			: listener, cancel);
		return last.reconstruction;
	}

	private static SolverListener progressOnly(final SolverListener l) {
		if (l == null) return null;
		return new SolverListener() {

			@Override
			public void progress(final int iteration, final int max) {
				l.progress(iteration, max);
			}
		};
	}

	/** The result of the last {@link #complete} call (with its log), or null before one. */
	public ReconstructionResult lastResult() {
		return last;
	}

	/**
	 * The ground truth the winner's run logs its rel_error against (the run's reference, or
	 * null); the screening never sees it (it must not take part in the choice).
	 */
	public WholeMatrixCandidate logAgainst(final Matrix truth) {
		reference = truth;
		if (full != null) full.reference = truth;
		return this;
	}

	@Override
	public ModelSelection.Candidate winner() {
		if (!screened) return this;
		if (full == null) {
			full = new WholeMatrixCandidate(false, settings, listener, cancel);
			full.reference = reference;
		}
		return full;
	}
}
