package org.deeplowrank.solver.nonlocal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** The small symmetric eigensolver of the SoftImpute groups, and the block-matching grid. */
class SymmetricEigenTest {

	@Test
	void decomposesAGramMatrixToRoundOff() {
		final int n = 64, k = 32;
		final Random rnd = new Random(4);
		final double[] z = new double[n * k];
		for (int q = 0; q < z.length; q++) z[q] = rnd.nextGaussian() * (q % k == 0 ? 30 : 1);
		final double[] c = new double[k * k];
		for (int i = 0; i < n; i++) for (int a = 0; a < k; a++) for (int b = 0; b < k; b++) c[a * k + b] += z[i * k +
			a] * z[i * k + b];
		final SymmetricEigen e = new SymmetricEigen(k);
		System.arraycopy(c, 0, e.v, 0, c.length);
		e.decompose();
		double maxC = 0;
		for (final double v : c) maxC = Math.max(maxC, Math.abs(v));
		for (int a = 0; a < k; a++) {
			for (int b = 0; b < k; b++) {
				double s = 0, o = 0;
				for (int j = 0; j < k; j++) {
					s += e.v[a * k + j] * e.values[j] * e.v[b * k + j];
					o += e.v[j * k + a] * e.v[j * k + b];
				}
				assertEquals(c[a * k + b], s, 1e-12 * maxC, "V Λ Vᵀ at " + a + "," + b);
				assertEquals(a == b ? 1 : 0, o, 1e-12, "VᵀV at " + a + "," + b);
			}
		}
		for (int j = 1; j < k; j++) assertTrue(e.values[j - 1] <= e.values[j], "ascending");
	}

	@Test
	void diagonalAndRankOneMatrices() {
		final SymmetricEigen e = new SymmetricEigen(3);
		System.arraycopy(new double[] { 3, 0, 0, 0, 1, 0, 0, 0, 2 }, 0, e.v, 0, 9);
		e.decompose();
		assertArrayEquals(new double[] { 1, 2, 3 }, e.values, 1e-15);
		// u uᵀ with u = (1, 2, 2): eigenvalues 0, 0, 9
		System.arraycopy(new double[] { 1, 2, 2, 2, 4, 4, 2, 4, 4 }, 0, e.v, 0, 9);
		e.decompose();
		assertEquals(9, e.values[2], 1e-13);
		assertEquals(0, e.values[0], 1e-13);
		assertEquals(1 / 3.0, Math.abs(e.v[2]), 1e-13);
	}

	@Test
	void gridAlwaysEndsOnTheLastPatch() {
		assertArrayEquals(new int[] { 0, 4, 8, 12, 16, 20, 24, 28, 32, 36, 40, 44, 48, 52, 56 }, BlockMatching.grid(64,
			8, 4));
		assertArrayEquals(new int[] { 0, 4, 8, 10 }, BlockMatching.grid(18, 8, 4));
		assertArrayEquals(new int[] { 0 }, BlockMatching.grid(8, 8, 4));
	}
}
