package org.deeplowrank.solver.gd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.deeplowrank.solver.TestMatrices;
import org.deeplowrank.solver.kernels.JavaBackend;
import org.deeplowrank.solver.linalg.Matrix;
import org.deeplowrank.solver.linalg.Svd;
import org.junit.jupiter.api.Test;

/** The log's singular values from the Gram matrix agree with the SVD where the log reads them. */
class GramSingularValuesTest {

	@Test
	void gramRouteMatchesTheSvdForWideAndTallMatrices() {
		for (final int[] shape : new int[][] { { 140, 190 }, { 210, 150 } }) {
			// rank 6 plus a small full-rank part: σ spread over many orders of magnitude
			final Matrix a = TestMatrices.lowRank(shape[0], shape[1], 6, shape[0]);
			final Random rnd = new Random(shape[1]);
			for (int i = 0; i < a.re.length; i++) a.re[i] += 1e-6 * rnd.nextGaussian();
			assertTrue(Math.min(a.rows, a.cols) >= GradientDescent.GRAM_MIN);
			final double[] want = Svd.singularValues(a);
			final double[] got = GradientDescent.singularValues(a, new JavaBackend(2));
			assertEquals(want.length, got.length);
			for (int i = 0; i < 6; i++) {
				assertEquals(want[i], got[i], 1e-10 * want[i], "sigma_" + (i + 1) + " of " + a);
			}
			double sw = 0, sg = 0;
			for (int i = 0; i < want.length; i++) {
				sw += want[i];
				sg += got[i];
				assertTrue(i == 0 || got[i] <= got[i - 1], "descending");
				// below sqrt(eps) sigma_1 only the level is resolved
				assertEquals(want[i], got[i], 1e-10 * want[i] + 3e-8 * want[0], "sigma_" + (i + 1));
			}
			assertEquals(sw, sg, 1e-5 * sw, "nuclear norm");
		}
	}
}
