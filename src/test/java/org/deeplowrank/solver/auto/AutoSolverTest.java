package org.deeplowrank.solver.auto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.deeplowrank.solver.Method;
import org.deeplowrank.solver.ReconstructionResult;
import org.deeplowrank.solver.SolverSettings;
import org.deeplowrank.solver.TestMatrices;
import org.deeplowrank.solver.baseline.SmoothInpainting;
import org.deeplowrank.solver.linalg.Matrix;
import org.deeplowrank.solver.linalg.MatrixOps;
import org.junit.jupiter.api.Test;

/**
 * {@code method=auto} as the commands run it ({@link AutoCompletion#solver}, with the run's
 * settings): the chosen model is named in the result, the whole matrix wins on exact
 * low-rank data and keeps its log, a smooth surface does not lose to biharmonic.
 */
class AutoSolverTest {

	private static final SolverSettings AUTO = SolverSettings.builder().method(Method.AUTO).build();

	private static Matrix masked(final Matrix truth, final boolean[] missing) {
		final Matrix y = truth.copy();
		for (int q = 0; q < missing.length; q++) if (missing[q]) y.re[q] = Double.NaN;
		return y;
	}

	private static double rel(final Matrix x, final Matrix truth) {
		return MatrixOps.distanceF(x, truth) / MatrixOps.normF(truth);
	}

	@Test
	void anExactLowRankImageEndsOnTheWholeMatrixWithItsLog() {
		final Matrix truth = TestMatrices.lowRank(40, 44, 2, 31);
		for (int q = 0; q < truth.re.length; q++) truth.re[q] = 80 + 15 * truth.re[q];
		final boolean[] missing = TestMatrices.missingExcept(truth.size(), truth.size() / 2, 32);
		final ReconstructionResult r = AutoCompletion.solver(AUTO).solve(masked(truth, missing), missing, truth, AUTO,
			null, null);
		assertEquals("auto(whole-matrix)", r.method, r.message);
		assertTrue(r.message.startsWith("auto(whole-matrix): chosen=whole-matrix "), r.message);
		assertTrue(r.log.size() > 10, "the whole-matrix run's log: " + r.log.size() + " rows");
		assertTrue(r.steps() > 0);
		assertTrue(r.relError < 5e-3, r.summaryLine());
		for (int q = 0; q < missing.length; q++) if (!missing[q]) assertEquals(truth.re[q], r.reconstruction.re[q], 0.0);
		assertTrue(r.summaryLine().contains(" method=auto(whole-matrix)"), r.summaryLine());
	}

	/**
	 * A quadratic surface, missing pixels everywhere (the border included): auto must not pick
	 * the whole matrix and must not lose to biharmonic. Biharmonic is exact on a quadratic
	 * only away from the border (its border condition is not the surface's); the nonlocal
	 * groups, whose patches of a quadratic span at most 6 dimensions, are then often better
	 * on the held-out pixels, so either local model may win: the check is the error.
	 */
	@Test
	void aQuadraticSurfaceEndsOnASmoothOrLocalModelAndDoesNotLoseToBiharmonic() {
		for (final long seed : new long[] { 2, 6 }) {
			final int n = 48;
			final Matrix truth = Matrix.real(n, n);
			for (int y = 0; y < n; y++) {
				for (int x = 0; x < n; x++) truth.set(y, x, 50 + 0.8 * x - 0.5 * y + 0.03 * x * x - 0.02 * x * y + 0.04 *
					y * y);
			}
			final boolean[] missing = new boolean[n * n];
			final Random rnd = new Random(seed);
			for (int q = 0; q < missing.length; q++) missing[q] = rnd.nextDouble() < 0.7;
			final Matrix y = masked(truth, missing);
			final ReconstructionResult r = AutoCompletion.solver(AUTO).solve(y, missing, truth, AUTO.withSeed(seed), null,
				null);
			// a quadratic is rank 3 as a matrix (1, x, x² against 1, y, y²): the whole matrix may win
			// the held-out pixels too; whichever is chosen must not lose to biharmonic
			final double biharmonic = rel(SmoothInpainting.inpaint(y, missing, true), truth);
			assertTrue(r.relError <= 1.02 * biharmonic, r.message + ": " + r.relError + " vs biharmonic " + biharmonic);
		}
	}

	@Test
	void aSmoothRankThreeSurfaceEndsOnBiharmonicOrTheWholeMatrix() {
		final int n = 48;
		final Matrix truth = Matrix.real(n, n);
		final double w = Math.PI / (n - 1);
		for (int y = 0; y < n; y++) {
			for (int x = 0; x < n; x++) {
				truth.set(y, x, 50 + 20 * Math.cos(w * x) + 15 * Math.cos(w * y) + 10 * Math.cos(w * x) * Math.cos(w * y));
			}
		}
		final boolean[] missing = TestMatrices.missingExcept(n * n, n * n / 2, 25);
		final ReconstructionResult r = AutoCompletion.solver(AUTO).solve(masked(truth, missing), missing, truth, AUTO,
			null, null);
		// cos x, cos y and their product: smooth, and rank 3 as a matrix. Biharmonic (or a blend
		// adding a little of the next image model to it) or the whole matrix (exact with the fast
		// engine) wins the held-out comparison; never the patch groups alone
		assertTrue(r.method.equals("auto(biharmonic)") || r.method.startsWith("auto(biharmonic+") || r.method.equals(
			"auto(whole-matrix)"), r.message);
		final Matrix smooth = SmoothInpainting.inpaint(masked(truth, missing), missing, true);
		final double alone = MatrixOps.distanceF(smooth, truth) / MatrixOps.normF(truth);
		assertTrue(r.relError <= 1.1 * alone, r.relError + " vs biharmonic alone " + alone);
	}

	@Test
	void withNothingMissingItIsTheWholeMatrixFit() {
		final Matrix truth = TestMatrices.lowRank(20, 24, 2, 5);
		final ReconstructionResult r = AutoCompletion.solver(AUTO).solve(truth, null, truth, AUTO, null, null);
		assertEquals("auto(whole-matrix)", r.method);
		assertTrue(r.relError < 1e-2, r.summaryLine());
	}

	@Test
	void otherMethodsComeFromTheRegistry() {
		assertEquals("gd", AutoCompletion.solver(SolverSettings.DEFAULTS).toString());
		assertEquals("softimpute on nonlocal patch groups", AutoCompletion.solver(SolverSettings.builder().method(
			Method.SOFTIMPUTE).lifting(org.deeplowrank.solver.Lifting.NONLOCAL).build()).toString());
	}
}
