package org.deeplowrank.solver;

import java.util.Arrays;

/**
 * Pure-Java float {@link DenseKernels}: float[] buffers and a cache-blocked GEMM written
 * for HotSpot's auto-vectorization (the inner loop updates four rows of C from one row of
 * op(B), so each loaded B vector feeds four multiply-adds; float doubles the SIMD lanes of
 * double). Parallel over blocks of rows of C; every entry of C is summed in the same order
 * whatever the thread count, so results do not depend on it. Norms and the loss are
 * accumulated in double.
 */
public final class JavaFloatKernels implements DenseKernels {

	/** Rows of op(B) per cache block: 128 x 1024 floats = 512 KiB. */
	private static final int K_BLOCK = 128;
	/** Below this many multiply-adds a product runs on the calling thread. */
	private static final long PARALLEL_THRESHOLD = 1L << 18;
	static final boolean UNROLL = Boolean.getBoolean("unroll");

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
	private float[] transposeWork = new float[0];

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
		float[] bb = data(b);
		if (tb) {
			// op(B) must be row-major k x n for the row-update loop
			final int len = k * n;
			if (transposeWork.length < len) transposeWork = new float[len];
			final float[] t = transposeWork;
			final int br = b.rows(), bc = b.cols();
			for (int i = 0; i < br; i++) {
				final int row = i * bc;
				for (int j = 0; j < bc; j++) t[j * br + i] = bb[row + j];
			}
			bb = t;
		}
		final Product p = product;
		p.ta = ta;
		p.a = data(a);
		p.ac = a.cols();
		p.b = bb;
		p.alpha = (float) alpha;
		p.beta = (float) beta;
		p.c = data(c);
		p.m = m;
		p.n = n;
		p.k = k;
		parallel.run(m, (long) m * n * k, PARALLEL_THRESHOLD, p);
	}

	/** The operands of the product in progress, and its row kernel. */
	private static final class Product implements ParallelRows.Body {

		boolean ta;
		float[] a, b, c;
		int ac, m, n, k;
		float alpha, beta;

		@Override
		public void rows(final int lo, final int hi) {
			final float[] c = this.c, b = this.b, a = this.a;
			final int n = this.n, k = this.k, m = this.m, ac = this.ac;
			final boolean ta = this.ta;
			for (int i = lo; i < hi; i++) {
				final int ci = i * n;
				if (beta == 0) Arrays.fill(c, ci, ci + n, 0f);
				else if (beta != 1) for (int j = 0; j < n; j++) c[ci + j] *= beta;
			}
			for (int p0 = 0; p0 < k; p0 += K_BLOCK) {
				final int p1 = Math.min(k, p0 + K_BLOCK);
				int i = lo;
				for (; UNROLL && i + 4 <= hi; i += 4) {
					final int c0 = i * n, c1 = c0 + n, c2 = c1 + n, c3 = c2 + n;
					for (int p = p0; p < p1; p++) {
						// op(A)[i,p] = A[i,p] or A[p,i]
						final float s0, s1, s2, s3;
						if (ta) {
							final int ap = p * m + i;
							s0 = alpha * a[ap];
							s1 = alpha * a[ap + 1];
							s2 = alpha * a[ap + 2];
							s3 = alpha * a[ap + 3];
						}
						else {
							final int ai = i * ac + p;
							s0 = alpha * a[ai];
							s1 = alpha * a[ai + ac];
							s2 = alpha * a[ai + 2 * ac];
							s3 = alpha * a[ai + 3 * ac];
						}
						final int bp = p * n;
						for (int j = 0; j < n; j++) {
							final float bj = b[bp + j];
							c[c0 + j] += s0 * bj;
							c[c1 + j] += s1 * bj;
							c[c2 + j] += s2 * bj;
							c[c3 + j] += s3 * bj;
						}
					}
				}
				for (; i < hi; i++) {
					final int ci = i * n;
					for (int p = p0; p < p1; p++) {
						final float s = alpha * (ta ? a[p * m + i] : a[i * ac + p]);
						final int bp = p * n;
						for (int j = 0; j < n; j++) c[ci + j] += s * b[bp + j];
					}
				}
			}
		}
	}

	@Override
	public void close() {
		parallel.close();
	}
}
