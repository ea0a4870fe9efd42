package org.deeplowrank.solver.auto;

import org.deeplowrank.solver.Reconstruction;
import org.deeplowrank.solver.SolverSettings;
import org.deeplowrank.solver.linalg.Matrix;

/**
 * The whole-matrix deep factorization as a {@link ModelSelection.Candidate}: the one place
 * that calls {@link Reconstruction#complete} for {@code method=auto} (adjust here when its
 * signature changes), with the command's defaults ({@code new SolverSettings()}).
 * <p>
 * During the selection it runs <em>screened</em>: width at most {@value #SCREEN_WIDTH}
 * and at most {@value #SCREEN_ITERATIONS} iterations, every other key at its default. A
 * full-width run of a 512² image costs minutes, which {@code method=auto} cannot spend on
 * a model that loses by 6–9 dB on natural images (docs/quality.md); data that are low
 * rank as matrices (rank well below the cap) are fitted within that budget and win the
 * held-out comparison. The winner is then rerun with the full defaults.
 */
public final class WholeMatrixCandidate implements ModelSelection.Candidate {

	/** Hidden width of the screening run (the rank it can represent). */
	static final int SCREEN_WIDTH = 32;
	/** Iterations of the screening run. */
	static final int SCREEN_ITERATIONS = 500;

	private final boolean screened;
	private final long seed;

	private WholeMatrixCandidate(final boolean screened, final long seed) {
		this.screened = screened;
		this.seed = seed;
	}

	/** The screened candidate, whose {@link #winner()} is the full-default run. */
	public static WholeMatrixCandidate screened(final long seed) {
		return new WholeMatrixCandidate(true, seed);
	}

	/** The run with the command's defaults (and the given seed). */
	public static WholeMatrixCandidate full(final long seed) {
		return new WholeMatrixCandidate(false, seed);
	}

	@Override
	public String name() {
		return "whole-matrix";
	}

	@Override
	public Matrix complete(final Matrix image, final boolean[] missing) {
		final SolverSettings.Builder b = SolverSettings.builder().seed(seed);
		if (screened) {
			b.width(Math.min(SCREEN_WIDTH, Math.min(image.rows, image.cols)));
			b.iterations(Math.min(SolverSettings.DEFAULTS.gd().iterations(), SCREEN_ITERATIONS));
		}
		final SolverSettings s = b.build();
		return Reconstruction.complete(image, missing, null, s, null, null).reconstruction;
	}

	@Override
	public ModelSelection.Candidate winner() {
		return screened ? full(seed) : this;
	}
}
