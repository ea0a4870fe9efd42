package org.deeplowrank.solver.kernels;

import java.util.Arrays;

import org.deeplowrank.solver.linalg.Matrix;

/**
 * Pure-Java float {@link DenseKernels}: float[] buffers and a cache-blocked GEMM written
 * for HotSpot's auto-vectorization: op(B) is packed into separate row arrays and each row
 * of C is accumulated in a 0-indexed array, four rows of op(B) per pass (see
 * {@link #packRows}); float doubles the SIMD lanes of double. Parallel over blocks of rows of C; every entry of C is summed in the same order
 * whatever the thread count, so results do not depend on it. Norms and the loss are
 * accumulated in double.
 */
public final class JavaFloatKernels implements DenseKernels {

	/** Rows of op(B) per packed panel: 128 x 1024 floats = 512 KiB, fits L2. */
	private static final int K_BLOCK = 128;
	/** Columns of C per panel: a packed panel is K_BLOCK x N_PANEL entries. */
	private static final int N_PANEL = 1024;
	/** Below this many multiply-adds a product runs on the calling thread. */
	private static final long PARALLEL_THRESHOLD = 1L << 18;

	/** A float matrix, row-major. */
	static final class Block implements Buffer {

		final int rows, cols;
		final float[] a;

		Block(final int rows, final int cols) {
			this.rows = rows;
			this.cols = cols;
			this.a = new float[Math.multiplyExact(rows, cols)];
		}

		@Override
		public int rows() {
			return rows;
		}

		@Override
		public int cols() {
			return cols;
		}
	}

	private final ParallelRows parallel;
	private final Product product = new Product();
	/** A panel of op(B), K_BLOCK rows of N_PANEL entries (see {@link #pack}). */
	private final float[][] packed = new float[K_BLOCK][N_PANEL];

	public JavaFloatKernels(final int threads) {
		this.parallel = new ParallelRows(threads);
	}

	@Override
	public String name() {
		return "java";
	}

	@Override
	public Precision precision() {
		return Precision.FLOAT;
	}

	private static float[] data(final Buffer b) {
		return ((Block) b).a;
	}

	@Override
	public Buffer allocate(final int rows, final int cols) {
		return new Block(rows, cols);
	}

	@Override
	public void upload(final Matrix src, final Buffer dst) {
		check(src, dst);
		final float[] d = data(dst);
		for (int i = 0; i < d.length; i++) d[i] = (float) src.re[i];
	}

	@Override
	public void download(final Buffer src, final Matrix dst) {
		check(dst, src);
		final float[] s = data(src);
		for (int i = 0; i < s.length; i++) dst.re[i] = s[i];
		if (dst.im != null) Arrays.fill(dst.im, 0);
	}

	static void check(final Matrix m, final Buffer b) {
		if (m.rows != b.rows() || m.cols != b.cols()) {
			throw new IllegalArgumentException("shape mismatch: " + m.rows + " x " + m.cols + " vs " + b.rows() + " x " + b
				.cols());
		}
		if (m.isComplex()) throw new IllegalArgumentException("real kernels: complex matrix");
	}

	@Override
	public void copy(final Buffer src, final Buffer dst) {
		System.arraycopy(data(src), 0, data(dst), 0, data(dst).length);
	}

	@Override
	public void step(final Buffer x, final double eta, final Buffer g, final Buffer out) {
		final float[] xa = data(x), ga = data(g), o = data(out);
		final float e = (float) eta;
		for (int i = 0; i < o.length; i++) o[i] = xa[i] - e * ga[i];
	}

	@Override
	public double norm2(final Buffer x) {
		final float[] a = data(x);
		double s = 0;
		for (final float v : a) s += (double) v * v;
		return s;
	}

	@Override
	public double residual(final Buffer w, final Buffer y, final Buffer m, final Buffer out) {
		final float[] wa = data(w), ya = data(y), o = data(out);
		final float[] ma = m == null ? null : data(m);
		if (ma == null) for (int i = 0; i < o.length; i++) o[i] = wa[i] - ya[i];
		else for (int i = 0; i < o.length; i++) o[i] = ma[i] * wa[i] - ya[i];
		return 0.5 * norm2(out);
	}

	@Override
	public void gemm(final boolean ta, final Buffer a, final boolean tb, final Buffer b, final double alpha,
		final double beta, final Buffer c)
	{
		final int m = ta ? a.cols() : a.rows();
		final int k = ta ? a.rows() : a.cols();
		final int kb = tb ? b.cols() : b.rows();
		final int n = tb ? b.rows() : b.cols();
		if (k != kb || c.rows() != m || c.cols() != n) {
			throw new IllegalArgumentException("gemm shape mismatch: op(A) " + m + "x" + k + ", op(B) " + kb + "x" + n +
				", C " + c.rows() + "x" + c.cols());
		}
		if (c == a || c == b) throw new IllegalArgumentException("gemm: C aliases an operand");
		final Product p = product;
		p.ta = ta;
		p.a = data(a);
		p.ac = a.cols();
		p.b = packed;
		p.alpha = (float) alpha;
		p.beta = (float) beta;
		p.c = data(c);
		p.m = m;
		p.n = n;
		final float[] bData = data(b);
		final int bc = b.cols();
		// C is computed panel by panel (N_PANEL columns, K_BLOCK rows of op(B) at a time): the
		// packed panel stays in cache, and the workspace stays small whatever the shape
		for (int j0 = 0; j0 < n; j0 += N_PANEL) {
			final int nb = Math.min(N_PANEL, n - j0);
			for (int p0 = 0; p0 < k || p0 == 0; p0 += K_BLOCK) {
				final int p1 = Math.min(k, p0 + K_BLOCK);
				pack(tb, bData, bc, p0, p1, j0, nb);
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
					if (beta == 0) Arrays.fill(c, ci, ci + nb, 0f);
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

	/**
	 * Ω row by row: entries rowStart[i]..rowStart[i+1]-1 are in row i, at columns col[e];
	 * and column by column (colStart, colRow, colEntry) for Aᵀ R, so that every Ω kernel
	 * runs in parallel over rows (or columns) with each output summed in a fixed order.
	 */
	static final class SampledSet implements Sampled {

		final int rows, cols;
		final int[] rowStart, col, colStart, colRow, colEntry;
		final float[] y, r;
		/** Bᵀ of the last {@link #sampledResidual} (cols x k), and A of the current product. */
		float[] bt, a, out;
		int k;

		SampledSet(final int rows, final int cols, final int[] observed, final double[] yObserved) {
			if (observed.length != yObserved.length) throw new IllegalArgumentException("Ω has " + observed.length +
				" entries but " + yObserved.length + " values");
			this.rows = rows;
			this.cols = cols;
			final int n = observed.length;
			rowStart = new int[rows + 1];
			colStart = new int[cols + 1];
			col = new int[n];
			colRow = new int[n];
			colEntry = new int[n];
			y = new float[n];
			r = new float[n];
			int prev = -1;
			for (int e = 0; e < n; e++) {
				final int f = observed[e];
				if (f <= prev || f >= rows * cols) throw new IllegalArgumentException("Ω indices must ascend within the matrix");
				prev = f;
				rowStart[f / cols + 1]++;
				colStart[f % cols + 1]++;
				col[e] = f % cols;
				y[e] = (float) yObserved[e];
			}
			for (int i = 0; i < rows; i++) rowStart[i + 1] += rowStart[i];
			for (int c = 0; c < cols; c++) colStart[c + 1] += colStart[c];
			final int[] fill = Arrays.copyOf(colStart, cols);
			// entries in ascending flat order: within a column, rows ascend
			for (int e = 0; e < n; e++) {
				final int at = fill[col[e]]++;
				colRow[at] = observed[e] / cols;
				colEntry[at] = e;
			}
		}

		/** r_e = A_i · Bᵀ_c − y_e for the rows lo..hi-1. */
		final ParallelRows.Body residualRows = this::residualRowsBody;

		private void residualRowsBody(final int lo, final int hi) {
			final int k = this.k;
			final float[] a = this.a, bt = this.bt;
			for (int i = lo; i < hi; i++) {
				final int ai = i * k;
				for (int e = this.rowStart[i]; e < this.rowStart[i + 1]; e++) {
					final int bc = this.col[e] * k;
					float dot = 0;
					for (int p = 0; p < k; p++) dot += a[ai + p] * bt[bc + p];
					this.r[e] = dot - this.y[e];
				}
			}
		}

		/** Rows lo..hi-1 of R Bᵀ into out (rows x k). */
		final ParallelRows.Body residualTimesTransposedRows = this::residualTimesTransposedRowsBody;

		private void residualTimesTransposedRowsBody(final int lo, final int hi) {
			final int k = this.k;
			final float[] o = this.out, bt = this.bt;
			for (int i = lo; i < hi; i++) {
				final int oi = i * k;
				Arrays.fill(o, oi, oi + k, 0f);
				for (int e = this.rowStart[i]; e < this.rowStart[i + 1]; e++) {
					final float re = this.r[e];
					final int bc = this.col[e] * k;
					for (int p = 0; p < k; p++) o[oi + p] += re * bt[bc + p];
				}
			}
		}

		/** Columns lo..hi-1 of Aᵀ R into out (k x cols): (Aᵀ R)_{:,c} = Σ_{(i,c)∈Ω} r A_iᵀ. */
		final ParallelRows.Body transposedTimesResidualCols = this::transposedTimesResidualColsBody;

		private void transposedTimesResidualColsBody(final int lo, final int hi) {
			final int k = this.k, cols = SampledSet.this.cols;
			final float[] o = this.out, a = this.a;
			// one column of the output summed contiguously, then stored (strided) once
			final float[] acc = new float[k];
			for (int c = lo; c < hi; c++) {
				Arrays.fill(acc, 0f);
				for (int at = this.colStart[c]; at < this.colStart[c + 1]; at++) {
					final float re = this.r[this.colEntry[at]];
					final int ai = this.colRow[at] * k;
					for (int p = 0; p < k; p++) acc[p] += re * a[ai + p];
				}
				for (int p = 0; p < k; p++) o[p * cols + c] = acc[p];
			}
		}
	}

	@Override
	public boolean hasSampledKernels() {
		return true;
	}

	@Override
	public Sampled sampled(final int rows, final int cols, final int[] observed, final double[] yObserved) {
		return new SampledSet(rows, cols, observed, yObserved);
	}

	@Override
	public double sampledResidual(final Buffer a, final Buffer b, final Sampled sampled) {
		final SampledSet s = (SampledSet) sampled;
		final int k = a.cols();
		if (b.rows() != k || a.rows() != s.rows || b.cols() != s.cols) throw new IllegalArgumentException(
			"sampledResidual shape mismatch");
		final float[] ba = data(b);
		if (s.bt == null || s.k != k) {
			s.k = k;
			s.bt = new float[s.cols * k];
		}
		final float[] bt = s.bt;
		// Bᵀ once (O(k·cols)) so that every sampled entry is a dot product of two contiguous rows
		for (int p = 0; p < k; p++) for (int c = 0; c < s.cols; c++) bt[c * k + p] = ba[p * s.cols + c];
		s.a = data(a);
		parallel.run(s.rows, (long) s.r.length * k, PARALLEL_THRESHOLD, s.residualRows);
		double sum = 0;
		for (final float re : s.r) sum += (double) re * re;
		return 0.5 * sum;
	}

	@Override
	public void residualTimesTransposed(final Sampled sampled, final Buffer out) {
		final SampledSet s = (SampledSet) sampled;
		if (out.rows() != s.rows || out.cols() != s.k) throw new IllegalArgumentException("residualTimesTransposed shape mismatch");
		s.out = data(out);
		parallel.run(s.rows, (long) s.r.length * s.k, PARALLEL_THRESHOLD, s.residualTimesTransposedRows);
	}

	@Override
	public void transposedTimesResidual(final Buffer a, final Sampled sampled, final Buffer out) {
		final SampledSet s = (SampledSet) sampled;
		final int k = a.cols();
		if (a.rows() != s.rows || out.rows() != k || out.cols() != s.cols || s.k != k) {
			throw new IllegalArgumentException("transposedTimesResidual shape mismatch");
		}
		s.a = data(a);
		s.out = data(out);
		parallel.run(s.cols, (long) s.r.length * k, PARALLEL_THRESHOLD, s.transposedTimesResidualCols);
	}

	@Override
	public void scatterResidual(final Sampled sampled, final Buffer out) {
		final SampledSet s = (SampledSet) sampled;
		if (out.rows() != s.rows || out.cols() != s.cols) throw new IllegalArgumentException("scatterResidual shape mismatch");
		final float[] o = data(out);
		Arrays.fill(o, 0f);
		for (int i = 0; i < s.rows; i++) {
			for (int e = s.rowStart[i]; e < s.rowStart[i + 1]; e++) o[i * s.cols + s.col[e]] = s.r[e];
		}
	}

	@Override
	public void close() {
		parallel.close();
	}
}
