package org.deeplowrank.solver;

import org.deeplowrank.solver.gd.OptimizerKind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplowrank.solver.linalg.Matrix;
import org.deeplowrank.solver.linalg.MatrixOps;
import org.deeplowrank.solver.problem.OperatorKind;
import org.junit.jupiter.api.Test;

/** End-to-end recovery through the user-level {@link Reconstruction} with default settings. */
class RecoveryTest {

	private static double rmseOnMissing(final Matrix truth, final Matrix estimate, final boolean[] missing) {
		double s = 0;
		int n = 0;
		for (int k = 0; k < missing.length; k++) {
			if (!missing[k]) continue;
			final double d = truth.re[k] - estimate.re[k];
			s += d * d;
			n++;
		}
		return Math.sqrt(s / n);
	}

	/** Rank 5, 100 x 100, 2000 observed entries: depth 3 from small init recovers it. */
	@Test
	void depthThreeCompletesRankFiveFromTwentyPercent() {
		final Matrix truth = TestMatrices.lowRank(100, 100, 5, 1);
		final double rms = Math.sqrt(MatrixOps.normF2(truth) / truth.size());
		assertEquals(1, rms, 0.3);
		final boolean[] missing = TestMatrices.missingExcept(100 * 100, 2000, 2);
		final Matrix observedOnly = truth.copy();
		for (int k = 0; k < missing.length; k++) if (missing[k]) observedOnly.re[k] = Double.NaN;
		final SolverSettings s = SolverSettings.builder().optimizer(OptimizerKind.GD).depth(3).scale(0.01).iterations(20000).build();
		final ReconstructionResult r = Reconstruction.complete(observedOnly, missing, truth, s, null, null);
		final double test = rmseOnMissing(truth, r.reconstruction, missing);
		assertTrue(test < 1e-3, "test RMSE " + test + " after " + r.steps() + " (" + r.message + ")");
		assertTrue(r.relError < 1e-3);

		// depth 1 is least squares on W: the unobserved entries never move from their init
		final ReconstructionResult r1 = Reconstruction.complete(observedOnly, missing, truth, s.toBuilder().depth(1)
			.iterations(500).build(), null, null);
		final double test1 = rmseOnMissing(truth, r1.reconstruction, missing);
		assertTrue(test1 > 0.5 * rms, "depth 1 does not recover: " + test1);
	}

	/** Rank 2, 20 x 15 from 560 Gaussian measurements. */
	@Test
	void gaussianSensingRecoversRankTwo() {
		final Matrix truth = TestMatrices.lowRank(20, 15, 2, 3);
		final SolverSettings s = SolverSettings.builder().optimizer(OptimizerKind.GD).iterations(20000).build();
		final ReconstructionResult r = Reconstruction.sense(truth, 560, OperatorKind.GAUSSIAN, 0, s, null, null);
		assertTrue(r.relError < 1e-3, "rel error " + r.relError + " (" + r.message + ")");
	}

	/** Rank 5, 128 x 128 from 30 % fast structured measurements. */
	@Test
	void fastSensingRecoversRankFiveImage() {
		final Matrix truth = TestMatrices.lowRank(128, 128, 5, 4);
		final SolverSettings s = SolverSettings.DEFAULTS.toBuilder().optimizer(OptimizerKind.GD).build();
		final ReconstructionResult r = Reconstruction.sense(truth, (int) (0.3 * 128 * 128), OperatorKind.FAST, 0, s,
			null, null);
		System.out.println("fast sensing, defaults: " + r.summaryLine());
		assertTrue(r.relError < 1e-2, "rel error " + r.relError + " (" + r.message + ")");
	}

	/** A positive low-rank "image" (offset) is centered by default and still recovered. */
	@Test
	void positiveImageIsCenteredAndCompleted() {
		final Matrix truth = TestMatrices.lowRank(60, 50, 3, 8);
		for (int k = 0; k < truth.size(); k++) truth.re[k] = 1000 + 100 * truth.re[k];
		final boolean[] missing = TestMatrices.missingExcept(60 * 50, 1500, 9);
		final SolverSettings s = SolverSettings.DEFAULTS.toBuilder().optimizer(OptimizerKind.GD).build();
		final ReconstructionResult r = Reconstruction.complete(truth, missing, truth, s, null, null);
		assertTrue(r.relError < 1e-3, "centered: " + r.summaryLine());
		final ReconstructionResult off = Reconstruction.complete(truth, missing, truth, s.toBuilder().center(Centering.OFF)
			.build(), null, null);
		// without centering GD first fits the dominant mean, then waits on a long plateau before the
		// weaker components escape the small initialization (SolverSettings#center)
		assertTrue(off.steps() > 3 * r.steps(), "without centering the run waits on the mean's plateau: " + off
			.summaryLine() + " vs centered " + r.summaryLine());
	}

	@Test
	void centeringKeyParses() {
		assertEquals(Centering.ON, Centering.parse("true"));
		assertEquals(Centering.OFF, Centering.parse("off"));
		assertEquals(Centering.AUTO, Centering.parse(" AUTO "));
		final IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
			() -> Centering.parse("maybe"));
		assertTrue(e.getMessage().contains("'center'") && e.getMessage().contains("auto|on|off"), e.getMessage());
	}

	/** Results come back in the input's units: scaling the image scales the result. */
	@Test
	void normalizationMakesResultsUnitFree() {
		final Matrix truth = TestMatrices.lowRank(30, 24, 2, 5);
		final boolean[] missing = TestMatrices.missingExcept(30 * 24, 400, 6);
		final SolverSettings s = SolverSettings.builder().optimizer(OptimizerKind.GD).iterations(300).build();
		final ReconstructionResult a = Reconstruction.complete(truth, missing, null, s, null, null);
		final Matrix big = truth.copy();
		MatrixOps.scale(4000, big);
		final ReconstructionResult b = Reconstruction.complete(big, missing, null, s, null, null);
		assertEquals(a.steps(), b.steps());
		for (int k = 0; k < truth.size(); k++) {
			assertEquals(4000 * a.reconstruction.re[k], b.reconstruction.re[k], 1e-8 * 4000 * (1 + Math.abs(
				a.reconstruction.re[k])));
		}
		assertEquals(4000 * 4000 * a.finalLoss, b.finalLoss, 1e-6 * b.finalLoss + 1e-12);
	}
}
