package org.deeplowrank.solver;

import static org.deeplowrank.solver.fast.ScaledDeepFactorizationTest.missingError;
import static org.deeplowrank.solver.nonlocal.NonlocalCompletionTest.masked;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplowrank.solver.gd.OptimizerKind;
import org.deeplowrank.solver.kernels.BackendKind;
import org.deeplowrank.solver.linalg.Matrix;
import org.junit.jupiter.api.Test;

/** {@code optimizer=auto}'s choice between the fast engine and gd, judged by the held-out pixels. */
public class AutoOptimizerTest {

	private static SolverSettings defaults(final long seed) {
		return SolverSettings.builder().seed(seed).backend(BackendKind.JAVA).threads(1).build();
	}

	@Test
	void theDmfSettingKeepsTheEngineOnItsHeldOutFit() {
		// 100², rank 5, 2000 observed (the DMF reference setting): 1.9 fitted entries per degree
		// of freedom at width 5, below 2, but the held-out pixels show the fit generalizes
		final Matrix truth = TestMatrices.lowRank(100, 100, 5, 1);
		final boolean[] missing = TestMatrices.missingExcept(100 * 100, 2000, 11);
		final ReconstructionResult r = Reconstruction.complete(masked(truth, missing), missing, truth, defaults(1), null,
			null);
		assertTrue(r.message.startsWith("optimizer=auto: the fast engine (1.9 fitted entries per degree of freedom at " +
			"width 5, held-out error"), r.message);
		assertTrue(missingError(r.reconstruction, truth, missing) < 1e-3, r.summaryLine());
	}

	@Test
	void aPoorHeldOutFitRerunsGdAndReturnsTheBetter() {
		// 60², rank 2, 450 observed: the engine stops near zero at width 1 (3.6 fitted entries
		// per degree of freedom of that width, held-out error about the data's spread)
		final Matrix truth = TestMatrices.lowRank(60, 60, 2, 2);
		final boolean[] missing = TestMatrices.missingExcept(60 * 60, 450, 12);
		final Matrix data = masked(truth, missing);
		final ReconstructionResult engine = Reconstruction.complete(data, missing, truth, defaults(2).toBuilder()
			.optimizer(OptimizerKind.SCALED).build(), null, null);
		final ReconstructionResult r = Reconstruction.complete(data, missing, truth, defaults(2), null, null);
		assertTrue(r.message.startsWith("optimizer=auto: gd, since the fast engine's held-out error is"), r.message);
		assertTrue(r.message.contains("against the engine's"), r.message);
		final double auto = missingError(r.reconstruction, truth, missing), alone = missingError(engine.reconstruction,
			truth, missing);
		assertTrue(alone > 0.5 && auto < 0.1, "engine alone " + alone + ", auto " + auto + ": " + r.message);
	}
}
