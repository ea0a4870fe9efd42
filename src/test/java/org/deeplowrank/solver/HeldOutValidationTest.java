package org.deeplowrank.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import org.deeplowrank.solver.gd.LogRecord;
import org.deeplowrank.solver.glrl.GreedyLowRank;
import org.deeplowrank.solver.linalg.Matrix;
import org.deeplowrank.solver.linalg.MatrixOps;
import org.deeplowrank.solver.problem.GaussianSensingOperator;
import org.deeplowrank.solver.problem.HankelLifting;
import org.deeplowrank.solver.problem.HankelLiftingTest;
import org.deeplowrank.solver.problem.LinearSensing;
import org.deeplowrank.solver.problem.OperatorKind;
import org.junit.jupiter.api.Test;

/** Held-out early stopping in the modes beyond whole-image GD: lifted, GLRL, sensing. */
class HeldOutValidationTest {

	private static Matrix noisy(final Matrix clean, final double relativeNoise, final long seed) {
		final double rms = Math.sqrt(MatrixOps.normF2(clean) / clean.size());
		final Matrix m = clean.copy();
		final Random rnd = new Random(seed);
		for (int k = 0; k < m.size(); k++) m.re[k] += relativeNoise * rms * rnd.nextGaussian();
		return m;
	}

	/**
	 * Lifted mode holds out whole pixels: no lifted copy of a held-out pixel is fitted, and
	 * every copy is a validation entry. Checked against an independent lifting of the
	 * pixel-index image (lifted entry value = the pixel it copies).
	 */
	@Test
	void liftedValidationHoldsOutEveryCopyOfAPixel() {
		final int[][] cases = { { 20, 23, 4, 1 }, { 31, 17, 5, 3 }, { 16, 16, 8, 8 } };
		for (final int[] c : cases) {
			final int rows = c[0], cols = c[1], size = rows * cols;
			final HankelLifting h = new HankelLifting(rows, cols, c[2], c[3]);
			final boolean[] missing = TestMatrices.missingExcept(size, size * 6 / 10, 5);
			final int[] entries = LiftedCompletion.validationEntries(h, missing, 0.1, 9);
			final boolean[] train = Reconstruction.trainingMask(h.liftMissing(missing), h.liftedRows() * h.liftedCols(),
				entries);
			final int[] heldPixels = Reconstruction.heldOut(missing, size, 0.1, 9);
			assertEquals(Math.round(0.1 * (size * 6 / 10)), heldPixels.length);
			final boolean[] held = new boolean[size];
			for (final int k : heldPixels) held[k] = true;
			final Matrix index = Matrix.real(rows, cols);
			for (int k = 0; k < size; k++) index.re[k] = k;
			final Matrix lifted = h.lift(index);
			final boolean[] isEntry = new boolean[lifted.size()];
			for (final int i : entries) isEntry[i] = true;
			int expected = 0;
			for (int i = 0; i < lifted.size(); i++) {
				final int pixel = (int) lifted.re[i];
				if (held[pixel]) {
					expected++;
					assertTrue(train[i], "a copy of held-out pixel " + pixel + " is fitted");
					assertTrue(isEntry[i]);
				}
				else {
					assertFalse(isEntry[i]);
					assertEquals(missing[pixel], train[i], "lifted entry " + i);
				}
			}
			assertEquals(expected, entries.length);
			// a held-out pixel lies in `coverage` patches: that many entries
			int coverage = 0;
			for (final int k : heldPixels) coverage += h.coverage(k / cols, k % cols);
			assertEquals(coverage, entries.length);
		}
	}

	/** Explicit validation sets: entries must exist, be observed and leave something to fit. */
	@Test
	void explicitValidationSetsAreChecked() {
		final Matrix img = TestMatrices.lowRank(6, 5, 1, 1);
		final boolean[] missing = new boolean[30];
		missing[3] = true;
		final SolverSettings s = SolverSettings.builder().iterations(5).build();
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Reconstruction.complete(img,
			missing, null, s, new int[] { 3 }, null, null));
		assertTrue(e.getMessage().contains("validation entry 3 is a missing entry"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> Reconstruction.complete(img, missing, null, s,
			new int[] { 30 }, null, null));
		assertTrue(e.getMessage().contains("outside"), e.getMessage());
		final int[] all = new int[29];
		for (int i = 0, k = 0; k < 30; k++) if (!missing[k]) all[i++] = k;
		e = assertThrows(IllegalArgumentException.class, () -> Reconstruction.complete(img, missing, null, s, all, null,
			null));
		assertTrue(e.getMessage().contains("nothing is left to fit"), e.getMessage());
	}

	/**
	 * A noisy lifted-low-rank target (3 sinusoids, lifted rank 6, noise std 10 % of the
	 * signal RMS): with whole-pixel validation the returned result is closer to the clean
	 * image than the run to the iteration cap, which fits the noise.
	 */
	@Test
	void liftedEarlyStoppingBeatsTheRunToTheCap() {
		final Matrix clean = HankelLiftingTest.sinusoids(32);
		for (int k = 0; k < clean.size(); k++) clean.re[k] += 3;
		final Matrix noisy = noisy(clean, 0.1, 32);
		final boolean[] missing = TestMatrices.missingExcept(32 * 32, 512, 33);
		final SolverSettings s = SolverSettings.builder().keepObserved(false).iterations(3000).tolerance(0).validation(
			0.05).lifting(Lifting.HANKEL).patch(6).stride(2).build();
		final ReconstructionResult stopped = LiftedCompletion.complete(noisy, missing, clean, s, null, null);
		assertTrue(stopped.returnedIteration() > 0 && stopped.returnedIteration() < 3000, stopped.summaryLine());
		assertTrue(stopped.summaryLine().contains("returned_iteration=" + stopped.returnedIteration()));
		final int valColumn = LogRecord.columns(s.gd().singularValues()).indexOf("val_rmse");
		assertTrue(Double.isFinite(stopped.log.get(0).values()[valColumn]));
		final ReconstructionResult capped = LiftedCompletion.complete(noisy, missing, clean, s.toBuilder().validation(0)
			.build(), null, null);
		assertEquals(capped.steps(), capped.returnedIteration());
		assertTrue(stopped.relError < 0.8 * capped.relError, "early stopped " + stopped.relError + " vs capped " +
			capped.relError);
		// keep_observed puts every observed pixel back, the held-out ones included
		final ReconstructionResult kept = LiftedCompletion.complete(noisy, missing, null, s.toBuilder().keepObserved(true)
			.iterations(50).build(), null, null);
		for (int k = 0; k < missing.length; k++) if (!missing[k]) assertEquals(noisy.re[k], kept.reconstruction.re[k], 0);
	}

	/**
	 * GLRL on a noisy rank-3 target with the phase-gain rule off: without validation it goes
	 * on adding noise directions up to max_rank; with validation it returns the phase with
	 * the best held-out error, which is closer to the clean target.
	 */
	@Test
	void greedySelectsThePhaseWithTheBestValidationError() {
		final Matrix clean = TestMatrices.lowRank(40, 36, 3, 41);
		final Matrix noisy = noisy(clean, 0.3, 42);
		final boolean[] missing = TestMatrices.missingExcept(40 * 36, 700, 43);
		final SolverSettings g = SolverSettings.GREEDY_DEFAULTS.toBuilder().minPhaseGain(0).maxRank(10).keepObserved(
			false).validation(0.1).build();
		final ReconstructionResult val = Reconstruction.completeGreedy(noisy, missing, clean, g, null, null);
		final int valColumn = GreedyLowRank.Phase.columns().indexOf("val_rmse");
		assertTrue(valColumn > 0);
		for (final GreedyLowRank.Phase p : val.phases) assertTrue(Double.isFinite(p.values()[valColumn]));
		// the returned phase is the one with the smallest val_rmse
		int best = 0;
		for (int i = 1; i < val.phases.size(); i++) if (val.phases.get(i).valRmse < val.phases.get(best).valRmse) best = i;
		assertTrue(val.message.contains("best validation phase " + (best + 1)), val.message);
		assertTrue(best + 1 >= 3 && best + 1 < 10, "best phase " + (best + 1) + ": " + val.message);
		assertTrue(val.returnedIteration() > 0 && val.returnedIteration() <= val.steps(), val.summaryLine());

		final ReconstructionResult all = Reconstruction.completeGreedy(noisy, missing, clean, g.toBuilder().validation(0)
			.build(), null, null);
		assertEquals(all.steps(), all.returnedIteration());
		assertTrue(all.phases.size() > best + 1, all.message);
		for (final GreedyLowRank.Phase p : all.phases) assertTrue(Double.isNaN(p.valRmse));
		assertTrue(val.relError < all.relError, "validated " + val.relError + " vs all phases " + all.relError);
	}

	/**
	 * Sensing: the validation fraction holds out measurements. On noisy measurements of a
	 * low-rank image, fewer than its pixels, the validation-stopped result beats the run
	 * that interpolates every measurement.
	 */
	@Test
	void sensingHoldsOutMeasurementsAndStopsEarly() {
		final Matrix truth = TestMatrices.lowRank(20, 15, 2, 3);
		final SolverSettings s = SolverSettings.builder().iterations(20000).tolerance(0).validation(0.1).build();
		final double noise = 0.02;
		final ReconstructionResult stopped = Reconstruction.sense(truth, 250, OperatorKind.GAUSSIAN, noise, s, null,
			null);
		assertTrue(stopped.returnedIteration() > 0, stopped.summaryLine() + " " + stopped.message);
		final int valColumn = LogRecord.columns(s.gd().singularValues()).indexOf("val_rmse");
		assertTrue(Double.isFinite(stopped.log.get(0).values()[valColumn]));
		final ReconstructionResult all = Reconstruction.sense(truth, 250, OperatorKind.GAUSSIAN, noise, s.toBuilder()
			.validation(0).build(), null, null);
		assertEquals(all.steps(), all.returnedIteration());
		assertTrue(stopped.relError < all.relError, "stopped " + stopped.relError + " vs all " + all.relError);
	}

	@Test
	void heldOutMeasurementsAreNotFitted() {
		final GaussianSensingOperator op = new GaussianSensingOperator(4, 3, 10, 5);
		final double[] y = new double[10];
		Arrays.fill(y, 1);
		final boolean[] held = new boolean[10];
		held[2] = held[7] = true;
		final LinearSensing fit = new LinearSensing(op, y, held);
		assertEquals(8, fit.observationCount());
		assertEquals(4.0, fit.valueAtZero(), 1e-15);
		final Matrix w = Matrix.real(4, 3);
		for (int k = 0; k < 12; k++) w.re[k] = k - 5;
		final Matrix grad = Matrix.real(4, 3);
		final double f = fit.evaluate(w, grad);
		// reference: the same sums by hand
		final double[] a = new double[10];
		op.apply(w.re, a);
		double fRef = 0, val = 0;
		final double[] r = new double[10];
		for (int i = 0; i < 10; i++) {
			if (held[i]) val += (a[i] - 1) * (a[i] - 1);
			else {
				r[i] = a[i] - 1;
				fRef += 0.5 * r[i] * r[i];
			}
		}
		assertEquals(fRef, f, 1e-12 * Math.abs(fRef));
		final double[] gRef = new double[12];
		op.adjoint(r, gRef);
		for (int k = 0; k < 12; k++) assertEquals(gRef[k], grad.re[k], 1e-12);
		assertEquals(Math.sqrt(val / 2), fit.heldOutRmse(w), 1e-12);
		assertThrows(IllegalArgumentException.class, () -> new LinearSensing(op, y, new boolean[9]));
	}
}
