package org.deeplowrank.solver;

import org.deeplowrank.solver.gd.OptimizerKind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.deeplowrank.solver.gd.LogRecord;
import org.deeplowrank.solver.linalg.Matrix;
import org.deeplowrank.solver.linalg.MatrixOps;
import org.junit.jupiter.api.Test;

class EarlyStoppingTest {

	/**
	 * Noisy low-rank target (noise std 10 % of the signal RMS): the validation-stopped
	 * result is closer to the clean target than the run to convergence, which fits the noise.
	 */
	@Test
	void validationStoppedResultBeatsTheRunToConvergence() {
		final Matrix clean = TestMatrices.lowRank(60, 50, 3, 31);
		final double rms = Math.sqrt(MatrixOps.normF2(clean) / clean.size());
		final Matrix noisy = clean.copy();
		final Random rnd = new Random(32);
		for (int k = 0; k < noisy.size(); k++) noisy.re[k] += 0.1 * rms * rnd.nextGaussian();
		final boolean[] missing = TestMatrices.missingExcept(3000, 1800, 33);
		final SolverSettings s = SolverSettings.builder().optimizer(OptimizerKind.GD).keepObserved(false).iterations(30000).tolerance(0).validation(
			0.05).build();
		final ReconstructionResult stopped = Reconstruction.complete(noisy, missing, clean, s, null, null);
		assertTrue(stopped.returnedIteration() > 0 && stopped.returnedIteration() < 30000, stopped.summaryLine());
		assertTrue(stopped.summaryLine().contains("returned_iteration=" + stopped.returnedIteration()));
		assertTrue(stopped.message.contains("best validation iterate"), stopped.message);
		assertTrue(stopped.steps() >= stopped.returnedIteration(), stopped.summaryLine());
		assertTrue(stopped.summaryLine().contains("steps=" + stopped.steps() + " "), stopped.summaryLine());
		final int valColumn = LogRecord.columns(s.gd().singularValues()).indexOf("val_rmse");
		assertTrue(Double.isFinite(stopped.log.get(0).values()[valColumn]));

		final ReconstructionResult converged = Reconstruction.complete(noisy, missing, clean, s.toBuilder().validation(0)
			.build(), null, null);
		assertEquals(converged.steps(), converged.returnedIteration(), "without validation the last iterate is returned");
		assertTrue(stopped.relError < converged.relError, "early stopped " + stopped.relError + " vs converged " +
			converged.relError);
	}

	@Test
	void heldOutPixelsAreSeededObservedAndReturnedAsObserved() {
		final boolean[] missing = TestMatrices.missingExcept(400, 200, 1);
		final int[] a = Reconstruction.heldOut(missing, 400, 0.1, 7), b = Reconstruction.heldOut(missing, 400, 0.1, 7);
		assertEquals(20, a.length);
		assertTrue(java.util.Arrays.equals(a, b));
		assertTrue(!java.util.Arrays.equals(a, Reconstruction.heldOut(missing, 400, 0.1, 8)));
		for (final int k : a) assertTrue(!missing[k]);
		assertEquals(0, Reconstruction.heldOut(missing, 400, 0, 7).length);
		// keep_observed (default): every observed pixel, held-out ones included, comes back as observed
		final Matrix img = TestMatrices.lowRank(20, 20, 2, 2);
		final SolverSettings s = SolverSettings.builder().optimizer(OptimizerKind.GD).iterations(50).build();
		final ReconstructionResult r = Reconstruction.complete(img, missing, null, s, null, null);
		for (int k = 0; k < 400; k++) if (!missing[k]) assertEquals(img.re[k], r.reconstruction.re[k], 0);
	}
}
