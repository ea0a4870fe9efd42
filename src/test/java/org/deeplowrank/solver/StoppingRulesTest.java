package org.deeplowrank.solver;

import org.deeplowrank.solver.gd.OptimizerKind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.deeplowrank.solver.gd.FieldKind;
import org.deeplowrank.solver.gd.InitKind;
import org.deeplowrank.solver.gd.LogRecord;
import org.deeplowrank.solver.gd.StopReason;
import org.deeplowrank.solver.linalg.Matrix;
import org.deeplowrank.solver.linalg.MatrixOps;
import org.deeplowrank.solver.linalg.Svd;
import org.deeplowrank.solver.problem.OperatorKind;
import org.junit.jupiter.api.Test;

/**
 * The stopping rules of gradient descent and GLRL through the public entry points: which rule
 * fires ({@code stop=}), the summary keys {@code steps=} and {@code returned_iteration=}, the
 * time budget, no hold-out when nothing is missing, and the precision AUTO resolves to.
 */
class StoppingRulesTest {

	private static Matrix withMissing(final Matrix truth, final boolean[] missing) {
		final Matrix d = truth.copy();
		for (int k = 0; k < missing.length; k++) if (missing[k]) d.re[k] = Double.NaN;
		return d;
	}

	/**
	 * The papers' full-observation setting (4L): a 5 x 5 identity target, depth 4, complex
	 * Haar-balanced layers, the defaults otherwise: nothing is missing, so nothing is held out
	 * and the identity is fitted, for every seed.
	 */
	@Test
	void identityTargetIsFittedWithComplexHaarLayersForEverySeed() {
		final Matrix identity = Matrix.real(5, 5);
		for (int i = 0; i < 5; i++) identity.re[i * 5 + i] = 1;
		for (long seed = 0; seed < 6; seed++) {
			final SolverSettings s = SolverSettings.builder().optimizer(OptimizerKind.GD).depth(4).field(FieldKind.COMPLEX).init(InitKind.HAAR).seed(
				seed).build();
			final ReconstructionResult r = Reconstruction.complete(identity, null, null, s, null, null);
			assertTrue(r.finalLoss < 1e-6, "seed " + seed + ": " + r.summaryLine() + " (" + r.message + ")");
			assertTrue(r.steps() > 0 && r.returnedIteration() == r.steps(), r.summaryLine());
			assertTrue(r.message.contains("validation is off"), r.message);
			assertTrue(Double.isNaN(r.log.get(0).valRmse), "nothing held out");
			assertTrue(r.stopReason == StopReason.CONVERGED, r.summaryLine() + " " + r.message);
		}
	}

	/**
	 * A rank-3 exact target: the run ends by converging once W stops moving, in at most a
	 * tenth of the 3000 iterations the previous default ran, with the error those 3000
	 * iterations reach (same settings, same run); with a smaller scale (a lower error floor of
	 * the small-initialization bias) it is recovered to 1e-4.
	 */
	@Test
	void rankThreeExactTargetConvergesInATenthOfTheOldFixedRun() {
		final Matrix truth = TestMatrices.lowRank(80, 80, 3, 1);
		final ReconstructionResult r = Reconstruction.complete(truth, null, truth, SolverSettings.DEFAULTS.toBuilder().optimizer(OptimizerKind.GD).build(), null, null);
		assertEquals(StopReason.CONVERGED, r.stopReason, r.message);
		final ReconstructionResult fixed = Reconstruction.complete(truth, null, truth, SolverSettings.builder().optimizer(OptimizerKind.GD).iterations(
			3000).tolerance(0).build(), null, null);
		assertEquals(StopReason.MAX_ITERATIONS, fixed.stopReason);
		assertEquals(3000, fixed.steps());
		assertTrue(r.steps() <= 300, r.summaryLine());
		assertTrue(r.relError <= 1.05 * fixed.relError, r.summaryLine() + " vs " + fixed.summaryLine());
		// the defaults (optimizer=auto: the fast engine here) too, in a tenth of the old fixed run
		final ReconstructionResult d = Reconstruction.complete(truth, null, truth, SolverSettings.DEFAULTS, null, null);
		assertEquals(StopReason.CONVERGED, d.stopReason, d.message);
		assertTrue(d.steps() <= 300 && d.relError < 1e-4, d.summaryLine());

		final boolean[] missing = TestMatrices.missingExcept(80 * 80, 3200, 2);
		final ReconstructionResult c = Reconstruction.complete(withMissing(truth, missing), missing, truth, SolverSettings
			.builder().scale(0.03).build(), null, null);
		assertEquals(StopReason.CONVERGED, c.stopReason, c.message);
		assertTrue(c.relError < 1e-4, c.summaryLine());
	}

	@Test
	void summaryLineSaysStepsReturnedIterationAndTheRule() {
		final Matrix truth = TestMatrices.lowRank(30, 24, 2, 5);
		final Random rnd = new Random(6);
		final Matrix noisy = truth.copy();
		for (int k = 0; k < noisy.size(); k++) noisy.re[k] += 0.3 * rnd.nextGaussian();
		final boolean[] missing = TestMatrices.missingExcept(30 * 24, 400, 7);
		final ReconstructionResult r = Reconstruction.complete(withMissing(noisy, missing), missing, truth, SolverSettings
			.builder().optimizer(OptimizerKind.GD).iterations(400).tolerance(0).build(), null, null);
		final String line = r.summaryLine();
		assertTrue(line.startsWith("steps=" + r.steps() + " returned_iteration=" + r.returnedIteration() + " loss="), line);
		assertTrue(line.contains(" stop=" + r.stopReason.key()), line);
		assertFalse(line.contains("iterations=") || line.contains("best_validation"), line);
		// validating: the returned iterate is the best validation one, at or before the last step
		assertTrue(r.returnedIteration() >= 0 && r.returnedIteration() <= r.steps(), line);
		double best = Double.POSITIVE_INFINITY;
		int bestAt = -1;
		for (final LogRecord rec : r.log) {
			if (rec.valRmse < best) {
				best = rec.valRmse;
				bestAt = rec.iteration;
			}
		}
		assertEquals(bestAt, r.returnedIteration(), line);
	}

	@Test
	void theIterationCapAndTheValidationRuleAreNamed() {
		final Matrix truth = TestMatrices.lowRank(40, 30, 2, 8);
		final boolean[] missing = TestMatrices.missingExcept(40 * 30, 700, 9);
		final ReconstructionResult capped = Reconstruction.complete(withMissing(truth, missing), missing, truth,
			SolverSettings.builder().optimizer(OptimizerKind.GD).iterations(50).validation(0).build(), null, null);
		assertEquals(StopReason.MAX_ITERATIONS, capped.stopReason);
		assertEquals(50, capped.steps());
		assertEquals(50, capped.returnedIteration());
		assertTrue(capped.summaryLine().contains("stop=max_iterations"), capped.summaryLine());

		// noisy data: the held-out error rises once GD fits the noise, and that rule ends the run
		final Random rnd = new Random(10);
		final Matrix noisy = truth.copy();
		for (int k = 0; k < noisy.size(); k++) noisy.re[k] += 0.5 * rnd.nextGaussian();
		final ReconstructionResult val = Reconstruction.complete(withMissing(noisy, missing), missing, truth,
			SolverSettings.builder().optimizer(OptimizerKind.GD).tolerance(0).validation(0.1).patience(5).build(), null, null);
		assertEquals(StopReason.VALIDATION, val.stopReason, val.message);
		assertTrue(val.summaryLine().contains("stop=validation"), val.summaryLine());
		assertTrue(val.returnedIteration() < val.steps(), val.summaryLine());
	}

	/** max_seconds ends the run with stop=max_seconds and a valid (finished, finite, improved) result. */
	@Test
	void maxSecondsEndsWithAValidResult() {
		final Matrix truth = TestMatrices.lowRank(60, 50, 3, 11);
		final boolean[] missing = TestMatrices.missingExcept(60 * 50, 1500, 12);
		final ReconstructionResult r = Reconstruction.complete(withMissing(truth, missing), missing, truth, SolverSettings
			.builder().optimizer(OptimizerKind.GD).iterations(10_000_000).tolerance(0).maxSeconds(0.5).build(), null, null);
		assertEquals(StopReason.MAX_SECONDS, r.stopReason, r.message);
		assertTrue(r.summaryLine().contains("stop=max_seconds"), r.summaryLine());
		assertTrue(r.isComplete());
		assertTrue(r.steps() > 0 && r.steps() < 10_000_000, r.summaryLine());
		assertTrue(MatrixOps.isFinite(r.reconstruction));
		assertTrue(r.relError < 0.5, "it made progress: " + r.summaryLine());
		assertTrue(r.seconds < 30, r.summaryLine());
	}

	/** GLRL: iterations caps the steps over all phases, max_seconds the whole run; its summary has the same keys. */
	@Test
	void greedyObeysTheIterationCapAndTheTimeBudget() {
		final Matrix truth = TestMatrices.lowRank(40, 36, 4, 13);
		final boolean[] missing = TestMatrices.missingExcept(40 * 36, 900, 14);
		final Matrix data = withMissing(truth, missing);
		final SolverSettings g = SolverSettings.GREEDY_DEFAULTS.toBuilder().validation(0).build();
		final ReconstructionResult free = Reconstruction.completeGreedy(data, missing, truth, g, null, null);
		assertTrue(free.steps() > 300, "the uncapped run takes more steps than the cap below: " + free.summaryLine());
		final ReconstructionResult capped = Reconstruction.completeGreedy(data, missing, truth, g.toBuilder().iterations(
			300).build(), null, null);
		assertEquals(StopReason.MAX_ITERATIONS, capped.stopReason, capped.message);
		assertEquals(300, capped.steps(), capped.summaryLine());
		int phaseSteps = 0;
		for (final org.deeplowrank.solver.glrl.GreedyLowRank.Phase p : capped.phases) phaseSteps += p.iterations;
		assertEquals(300, phaseSteps);
		assertTrue(capped.summaryLine().startsWith("steps=300 returned_iteration=300 "), capped.summaryLine());

		final ReconstructionResult timed = Reconstruction.completeGreedy(data, missing, truth, g.toBuilder().phaseSteps(
			10_000_000).glrlTolerance(1e-12).minPhaseGain(0).iterations(0).maxSeconds(0.5).build(), null, null);
		assertEquals(StopReason.MAX_SECONDS, timed.stopReason, timed.message);
		assertTrue(timed.summaryLine().contains("stop=max_seconds"), timed.summaryLine());
		assertTrue(MatrixOps.isFinite(timed.reconstruction) && timed.seconds < 30, timed.summaryLine());
	}

	/**
	 * precision=auto is double whenever the run needs it: complex layers and sensing (the
	 * float kernels are real completion only) and non-integer data; integer completion,
	 * regularized or not, runs in float and agrees with double to float accuracy.
	 */
	@Test
	void automaticPrecisionIsDoubleWhereTheRunNeedsIt() {
		final Matrix pixels = TestMatrices.lowRank(24, 20, 2, 15);
		for (int k = 0; k < pixels.size(); k++) pixels.re[k] = Math.round(100 + 20 * pixels.re[k]);
		final boolean[] missing = TestMatrices.missingExcept(24 * 20, 300, 16);
		final Matrix data = withMissing(pixels, missing);
		final SolverSettings s = SolverSettings.builder().optimizer(OptimizerKind.GD).iterations(200).tolerance(0).validation(0).build();
		assertTrue(Reconstruction.complete(data, missing, null, s.toBuilder().field(FieldKind.COMPLEX).build(), null, null)
			.backend.endsWith("/double"));
		assertTrue(Reconstruction.sense(pixels, 300, OperatorKind.GAUSSIAN, 0, s, null, null).backend.endsWith("/double"));
		final Matrix fractional = data.copy();
		fractional.re[missing[0] ? 1 : 0] += 0.5;
		assertTrue(Reconstruction.complete(fractional, missing, null, s, null, null).backend.endsWith("/double"));
		final SolverSettings reg = s.toBuilder().regularization(0.1).build();
		final ReconstructionResult f = Reconstruction.complete(data, missing, pixels, reg, null, null);
		assertTrue(f.backend.endsWith("/float"), f.backend);
		final ReconstructionResult d = Reconstruction.complete(data, missing, pixels, reg.toBuilder().precision(
			org.deeplowrank.solver.kernels.Precision.DOUBLE).build(), null, null);
		assertEquals(d.relError, f.relError, 1e-4 * Math.max(1, d.relError), f.summaryLine() + " vs " + d.summaryLine());
	}

	/** The last log row's singular values are the exact ones of the returned product; earlier rows agree closely. */
	@Test
	void loggedSingularValuesMatchTheProduct() {
		final Matrix truth = TestMatrices.lowRank(90, 80, 4, 17);
		final ReconstructionResult r = Reconstruction.complete(truth, null, null, SolverSettings.builder().optimizer(OptimizerKind.GD).iterations(300)
			.tolerance(0).center(Centering.OFF).build(), null, null);
		final double[] exact = Svd.singularValues(r.reconstruction);
		final LogRecord last = r.log.get(r.log.size() - 1);
		for (int i = 0; i < 5; i++) assertEquals(exact[i], last.singularValues[i], 1e-6 * exact[0], "sigma_" + i);
		// the row before last comes from the warm-started subspace iteration, 10 steps earlier
		final LogRecord before = r.log.get(r.log.size() - 2);
		for (int i = 0; i < 4; i++) assertEquals(exact[i], before.singularValues[i], 1e-3 * exact[0], "sigma_" + i);
	}
}
