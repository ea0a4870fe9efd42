package org.deeplowrank.solver.dynamics;

import org.deeplowrank.solver.gd.OptimizerKind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.deeplowrank.solver.Centering;
import org.deeplowrank.solver.Reconstruction;
import org.deeplowrank.solver.ReconstructionResult;
import org.deeplowrank.solver.SolverSettings;
import org.deeplowrank.solver.gd.Initializers;
import org.deeplowrank.solver.gd.StopReason;
import org.deeplowrank.solver.linalg.Matrix;
import org.junit.jupiter.api.Test;

class FactorizationDynamicsTest {

	/** Smaller init scale ⇒ longer initial plateau for depth 3; one summary row per run. */
	@Test
	void studyTablesPlateauLengthAgainstScale() {
		// a well-conditioned full-rank target, so ACGH's deficiency margin can be positive
		final Matrix target = Initializers.gaussianMatrix(12, 12, false, 0.5 / Math.sqrt(12), new java.util.Random(3));
		for (int i = 0; i < 12; i++) target.re[i * 12 + i] += 2;
		final SolverSettings base = SolverSettings.builder().optimizer(OptimizerKind.GD).iterations(20000).tolerance(0).center(Centering.OFF).build();
		final List<FactorizationDynamics.Run> runs = FactorizationDynamics.run(target, null, target, new int[] { 2, 3 },
			new double[] { 0.3, 0.03 }, base, 1e-2, null, null);
		assertEquals(4, runs.size());
		final int toThreshold = FactorizationDynamics.columns().indexOf("iterations_to_threshold");
		for (final FactorizationDynamics.Run r : runs) {
			assertEquals(FactorizationDynamics.columns().size(), r.summary.length);
			assertTrue(r.summary[toThreshold] > 0, "reaches 1 % of the initial loss: depth " + r.depth + " scale " +
				r.scale + " " + r.result.summaryLine() + " " + r.result.message + " " + java.util.Arrays.toString(r.summary));
			// full observation of a square target: the margin is defined and positive at the end
			assertTrue(r.summary[FactorizationDynamics.columns().indexOf("deficiency_margin_final")] > 0);
		}
		assertTrue(runs.get(3).summary[toThreshold] > 2 * runs.get(2).summary[toThreshold],
			"depth 3: scale 0.03 plateaus longer than 0.3");
		// depth 2: the exact MVM value is finite at both ends
		assertTrue(Double.isFinite(runs.get(0).summary[FactorizationDynamics.columns().indexOf(
			"lambda_min_bound_final")]));
	}

	/** A tolerance stop on a saddle plateau says so in its message. */
	@Test
	void aPlateauBetweenRankIncrementsIsNotTakenForConvergence() {
		final Matrix target = Initializers.gaussianMatrix(12, 12, false, 0.5 / Math.sqrt(12), new java.util.Random(3));
		for (int i = 0; i < 12; i++) target.re[i * 12 + i] += 2;
		final SolverSettings s = SolverSettings.builder().optimizer(OptimizerKind.GD).scale(0.03).tolerance(1e-9).iterations(20000).center(
			Centering.OFF).validation(0).keepObserved(false).build();
		// full width: the flat stretches while the next directions escape the small init are plateaus
		// (the data gradient keeps a strong direction), so the run goes on to the fit
		final ReconstructionResult r = Reconstruction.complete(target, null, target, s, null, null);
		assertEquals(StopReason.CONVERGED, r.stopReason, r.message);
		assertTrue(r.relError < 1e-6 && !r.message.contains("plateau"), r.summaryLine() + " " + r.message);
		// a rank cap (width 1) keeps that direction out of reach: the run ends, and says it was a plateau
		final Matrix two = Matrix.real(12, 12);
		two.re[0] = 3;
		two.re[13] = 1;
		final ReconstructionResult capped = Reconstruction.complete(two, null, two, s.toBuilder().width(1).tolerance(1e-5)
			.build(), null, null);
		assertEquals(StopReason.CONVERGED, capped.stopReason, capped.message);
		assertTrue(capped.relError > 0.05 && capped.message.contains("plateau"), capped.summaryLine() + " " +
			capped.message);
	}
}
