// Generated from DoubleGemm.java by GenerateFloatKernels (src/test/java): do not edit.
// Edit the double template and regenerate (see GenerateFloatKernels); GeneratedFloatKernelsTest
// fails while this file differs from the generator's output.
package org.deeplowrank.solver.kernels;

import java.util.Arrays;

/**
 * The pure-Java GEMM on row-major arrays, {@code C <- alpha op(A) op(B) + beta C} with
 * {@code op(X)} = X or Xᵀ: a cache-blocked product on packed panels of op(B) whose inner
 * loop updates a row of C from four rows of the panel (auto-vectorized by HotSpot, see
 * {@link #pack}), parallel over blocks of rows of C. Every entry of C is summed in the same
 * order whatever the thread count, so results do not depend on it (and are bit-identical
 * across machines with the same JVM).
 * <p>
 * The caller checks shapes and aliasing. Not thread-safe: it reuses the panel workspace.
 */
final class FloatGemm {

	/** Rows of op(B) per packed panel. */
	private static final int K_BLOCK = 128;
	/** Columns of C per panel: a packed panel (K_BLOCK x N_PANEL entries) takes 512 KiB, which fits L2. */
	private static final int N_PANEL = 512 * 1024 / (K_BLOCK * Float.BYTES);
	/** Below this many multiply-adds a product runs on the calling thread. */
	private static final long PARALLEL_THRESHOLD = 1L << 18;

	private final ParallelRows parallel;
	private final Product product = new Product();
	/** A panel of op(B), K_BLOCK rows of N_PANEL entries (see {@link #pack}). */
	private final float[][] packed = new float[K_BLOCK][N_PANEL];

	FloatGemm(final ParallelRows parallel) {
		this.parallel = parallel;
	}

	/**
	 * C (m x n) = alpha op(A) op(B) + beta C with inner dimension k; A is stored with
	 * {@code ac} columns, B with {@code bc}. With beta = 0 the old content of C is ignored.
	 */
	void multiply(final boolean ta, final float[] a, final int ac, final boolean tb, final float[] b, final int bc,
		final float alpha, final float beta, final float[] c, final int m, final int n, final int k)
	{
		final Product p = product;
		p.ta = ta;
		p.a = a;
		p.ac = ac;
		p.b = packed;
		p.alpha = alpha;
		p.beta = beta;
		p.c = c;
		p.m = m;
		p.n = n;
		// C is computed panel by panel (N_PANEL columns, K_BLOCK rows of op(B) at a time): the
		// packed panel stays in cache, and the workspace stays small whatever the shape
		for (int j0 = 0; j0 < n; j0 += N_PANEL) {
			final int nb = Math.min(N_PANEL, n - j0);
			for (int p0 = 0; p0 < k || p0 == 0; p0 += K_BLOCK) {
				final int p1 = Math.min(k, p0 + K_BLOCK);
				pack(tb, b, bc, p0, p1, j0, nb);
				p.j0 = j0;
				p.nb = nb;
				p.p0 = p0;
				p.p1 = p1;
				parallel.run(m, (long) m * nb * Math.max(1, p1 - p0), PARALLEL_THRESHOLD, p);
			}
		}
	}

	/**
	 * Rows p0..p1-1, columns j0..j0+nb-1 of op(B) into {@link #packed}, one array per row
	 * indexed from 0. HotSpot (17) vectorizes {@code acc[j] += s * row[j]} only when both
	 * arrays are indexed from 0: with offsets into one flat array it cannot rule out overlap
	 * and runs scalar code (measured here: 3 against 50 GFLOP/s per core in float). Packing
	 * costs O(kn) against the product's O(mnk).
	 */
	private void pack(final boolean tb, final float[] b, final int bc, final int p0, final int p1, final int j0,
		final int nb)
	{
		for (int p = p0; p < p1; p++) {
			final float[] row = packed[p - p0];
			if (tb) for (int j = 0; j < nb; j++) row[j] = b[(j0 + j) * bc + p];
			else System.arraycopy(b, p * bc + j0, row, 0, nb);
		}
	}

	/** The operands of the product in progress and the current panel; its row kernel. */
	private static final class Product implements ParallelRows.Body {

		boolean ta;
		float[] a, c;
		float[][] b;
		int ac, m, n, j0, nb, p0, p1;
		float alpha, beta;

		@Override
		public void rows(final int lo, final int hi) {
			final float[] c = this.c, a = this.a;
			final float[][] b = this.b;
			final int n = this.n, m = this.m, ac = this.ac, j0 = this.j0, nb = this.nb, p0 = this.p0, p1 = this.p1;
			final boolean ta = this.ta;
			final float alpha = this.alpha;
			// the part of a row of C being updated, indexed from 0 (see pack)
			final float[] acc = new float[nb];
			for (int i = lo; i < hi; i++) {
				final int ci = i * n + j0;
				if (p0 == 0) {
					if (beta == 0) Arrays.fill(c, ci, ci + nb, 0);
					else if (beta != 1) for (int j = 0; j < nb; j++) c[ci + j] *= beta;
				}
				if (p1 <= p0) continue;
				System.arraycopy(c, ci, acc, 0, nb);
				int p = p0;
				// four rows of op(B) per pass: one load and store of acc per 8 flops
				for (; p + 4 <= p1; p += 4) {
					final float s0, s1, s2, s3;
					if (ta) {
						// op(A)[i,p] = A[p,i]
						s0 = alpha * a[p * m + i];
						s1 = alpha * a[(p + 1) * m + i];
						s2 = alpha * a[(p + 2) * m + i];
						s3 = alpha * a[(p + 3) * m + i];
					}
					else {
						final int ai = i * ac + p;
						s0 = alpha * a[ai];
						s1 = alpha * a[ai + 1];
						s2 = alpha * a[ai + 2];
						s3 = alpha * a[ai + 3];
					}
					final float[] b0 = b[p - p0], b1 = b[p - p0 + 1], b2 = b[p - p0 + 2], b3 = b[p - p0 + 3];
					for (int j = 0; j < nb; j++) acc[j] += s0 * b0[j] + s1 * b1[j] + s2 * b2[j] + s3 * b3[j];
				}
				for (; p < p1; p++) {
					final float s = alpha * (ta ? a[p * m + i] : a[i * ac + p]);
					final float[] bp = b[p - p0];
					for (int j = 0; j < nb; j++) acc[j] += s * bp[j];
				}
				System.arraycopy(acc, 0, c, ci, nb);
			}
		}
	}
}
