package org.deeplowrank.solver;

import java.util.Random;

import org.deeplowrank.solver.gd.Initializers;
import org.deeplowrank.solver.kernels.JavaBackend;
import org.deeplowrank.solver.linalg.Matrix;

/** Shared fixtures for solver tests. */
public final class TestMatrices {

	private TestMatrices() {}

	/** A random rank-r matrix with entries of RMS about 1 (product of Gaussian factors). */
	public static Matrix lowRank(final int rows, final int cols, final int rank, final long seed) {
		final Random rnd = new Random(seed);
		final Matrix u = Initializers.gaussianMatrix(rows, rank, false, 1, rnd);
		final Matrix v = Initializers.gaussianMatrix(rank, cols, false, 1 / Math.sqrt(rank), rnd);
		final Matrix m = Matrix.real(rows, cols);
		new JavaBackend(1).mult(u, v, m);
		return m;
	}

	/** A random missing mask with exactly {@code observed} observed entries. */
	public static boolean[] missingExcept(final int size, final int observed, final long seed) {
		final Random rnd = new Random(seed);
		final int[] idx = new int[size];
		for (int i = 0; i < size; i++) idx[i] = i;
		for (int i = size - 1; i > 0; i--) {
			final int j = rnd.nextInt(i + 1);
			final int t = idx[i];
			idx[i] = idx[j];
			idx[j] = t;
		}
		final boolean[] missing = new boolean[size];
		java.util.Arrays.fill(missing, true);
		for (int i = 0; i < observed; i++) missing[idx[i]] = false;
		return missing;
	}

	public static double maxAbsDiff(final Matrix a, final Matrix b) {
		double m = 0;
		for (int i = 0; i < a.re.length; i++) m = Math.max(m, Math.abs(a.re[i] - b.re[i]));
		if (a.im != null || b.im != null) {
			for (int i = 0; i < a.re.length; i++) {
				m = Math.max(m, Math.abs((a.im == null ? 0 : a.im[i]) - (b.im == null ? 0 : b.im[i])));
			}
		}
		return m;
	}
}
