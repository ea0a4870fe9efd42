package org.deeplowrank.solver.nonlocal;

/**
 * Block matching: the reference grid of p × p patches and, for each reference patch, the
 * K most similar patches within its search window, by the sum of squared differences on
 * the current estimate. Ties are broken by scan order of the candidate (row, then column),
 * so the grouping is a deterministic function of the estimate.
 */
final class BlockMatching {

	private BlockMatching() {}

	/** Patch origins along an axis of length n: 0, s, 2s, … and always n − p (the last patch). */
	static int[] grid(final int n, final int p, final int s) {
		final int last = n - p;
		final int count = last / s + 1 + (last % s == 0 ? 0 : 1);
		final int[] g = new int[count];
		for (int i = 0; i < count - 1; i++) g[i] = i * s;
		g[count - 1] = last;
		return g;
	}

	/** Per-thread scratch of {@link #match}: candidate distances and positions, sorted. */
	static final class Scratch {
		final double[] bestDistance;
		final int[] bestPosition;

		Scratch(final int k) {
			bestDistance = new double[k];
			bestPosition = new int[k];
		}
	}

	/**
	 * Writes into {@code group[0..K)} the top-left flat indices of the K patches most
	 * similar to the reference patch at (ry, rx), the reference first, then by increasing
	 * distance (ties: scan order).
	 */
	static void match(final double[] x, final int rows, final int cols, final int p, final int window, final int ry,
		final int rx, final int k, final Scratch scratch, final int[] group, final int groupOffset)
	{
		final double[] bd = scratch.bestDistance;
		final int[] bp = scratch.bestPosition;
		final int ref = ry * cols + rx;
		// the reference is always in its group, at column 0
		int filled = 0;
		final int y0 = Math.max(0, ry - window), y1 = Math.min(rows - p, ry + window);
		final int x0 = Math.max(0, rx - window), x1 = Math.min(cols - p, rx + window);
		final int need = k - 1;
		for (int cy = y0; cy <= y1; cy++) {
			for (int cx = x0; cx <= x1; cx++) {
				final int cand = cy * cols + cx;
				if (cand == ref || need == 0) continue;
				final double bound = filled < need ? Double.POSITIVE_INFINITY : bd[need - 1];
				final double d = distance(x, cols, p, ref, cand, bound);
				if (filled == need && !(d < bound)) continue; // equal distance: the earlier candidate stays
				// insertion into the sorted list; equal distances keep scan order (strict <)
				int i = filled < need ? filled++ : need - 1;
				while (i > 0 && d < bd[i - 1]) {
					bd[i] = bd[i - 1];
					bp[i] = bp[i - 1];
					i--;
				}
				bd[i] = d;
				bp[i] = cand;
			}
		}
		group[groupOffset] = ref;
		for (int i = 0; i < filled; i++) group[groupOffset + 1 + i] = bp[i];
	}

	/**
	 * Sum of squared differences of two patches, stopping early (returning a value ≥ bound)
	 * once a full row has been added and the partial sum reaches {@code bound}.
	 */
	private static double distance(final double[] x, final int cols, final int p, final int a, final int b,
		final double bound)
	{
		double s = 0;
		for (int u = 0; u < p; u++) {
			final int ra = a + u * cols, rb = b + u * cols;
			for (int v = 0; v < p; v++) {
				final double d = x[ra + v] - x[rb + v];
				s += d * d;
			}
			if (s >= bound) return s;
		}
		return s;
	}
}
