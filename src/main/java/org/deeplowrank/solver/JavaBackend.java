package org.deeplowrank.solver;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;

/**
 * Pure-Java {@link MatrixBackend}: a cache-blocked row-major GEMM whose inner loop is an
 * axpy over a row of C (auto-vectorized by HotSpot), parallel over blocks of rows of C.
 * Every entry of C is summed in the same order whatever the thread count, so results
 * are bit-identical across machines with the same JVM.
 * <p>
 * Complex products are composed of real ones on the split storage of {@link Matrix}.
 * Not thread-safe (it reuses a transpose workspace); use one instance per solver.
 */
public final class JavaBackend implements MatrixBackend {

	/** Rows of op(B) per cache block: 128 rows x 512 doubles = 512 KiB, fits L2. */
	private static final int K_BLOCK = 128;
	/** Below this many multiply-adds a product runs on the calling thread. */
	private static final long PARALLEL_THRESHOLD = 1L << 18;

	private final int threads;
	private final ForkJoinPool pool;
	private final RowTask[] rowTasks;
	private final Split split;
	private double[] transposeWork = new double[0];

	/** A backend using all available processors. */
	public JavaBackend() {
		this(Runtime.getRuntime().availableProcessors());
	}

	public JavaBackend(final int threads) {
		if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
		this.threads = threads;
		this.pool = threads > 1 ? new ForkJoinPool(threads) : null;
		this.rowTasks = new RowTask[threads * 4];
		for (int i = 0; i < rowTasks.length; i++) rowTasks[i] = new RowTask();
		this.split = new Split();
	}

	@Override
	public String name() {
		return "java";
	}

	public int threads() {
		return threads;
	}

	@Override
	public void gemm(final boolean ta, final Matrix a, final boolean tb, final Matrix b, final double alpha,
		final double beta, final Matrix c)
	{
		final int m = ta ? a.cols : a.rows;
		final int k = ta ? a.rows : a.cols;
		final int kb = tb ? b.cols : b.rows;
		final int n = tb ? b.rows : b.cols;
		if (k != kb || c.rows != m || c.cols != n) {
			throw new IllegalArgumentException("gemm shape mismatch: op(A) " + m + "x" + k + ", op(B) " + kb + "x" + n +
				", C " + c.rows + "x" + c.cols);
		}
		if (c == a || c == b || c.re == a.re || c.re == b.re) throw new IllegalArgumentException("gemm: C aliases an operand");
		final boolean complexResult = a.im != null || b.im != null;
		if (complexResult && c.im == null) throw new IllegalArgumentException("gemm: complex product into a real matrix");
		// op(A) = Ar' + i*sa*Ai', sa = -1 for the conjugate transpose
		final double sa = ta ? -1 : 1;
		final double sb = tb ? -1 : 1;
		real(ta, a.re, a.rows, a.cols, tb, b.re, b.rows, b.cols, alpha, beta, c.re, m, n, k);
		if (c.im != null) {
			if (complexResult) {
				if (b.im != null) real(ta, a.re, a.rows, a.cols, tb, b.im, b.rows, b.cols, alpha * sb, beta, c.im, m, n, k);
				else real(ta, a.im, a.rows, a.cols, tb, b.re, b.rows, b.cols, alpha * sa, beta, c.im, m, n, k);
				if (a.im != null && b.im != null) {
					real(ta, a.im, a.rows, a.cols, tb, b.re, b.rows, b.cols, alpha * sa, 1, c.im, m, n, k);
					real(ta, a.im, a.rows, a.cols, tb, b.im, b.rows, b.cols, -alpha * sa * sb, 1, c.re, m, n, k);
				}
			}
			else {
				scale(c.im, beta);
			}
		}
	}

	private static void scale(final double[] x, final double beta) {
		if (beta == 0) java.util.Arrays.fill(x, 0);
		else if (beta != 1) for (int i = 0; i < x.length; i++) x[i] *= beta;
	}

	/**
	 * Real kernel on row-major arrays: C(m x n) = alpha op(A) op(B) + beta C, inner
	 * dimension k. A is stored ar x ac, B is stored br x bc.
	 */
	private void real(final boolean ta, final double[] a, final int ar, final int ac, final boolean tb, double[] b,
		final int br, final int bc, final double alpha, final double beta, final double[] c, final int m, final int n,
		final int k)
	{
		// op(B) must be row-major k x n for the axpy loop: transpose into the workspace
		if (tb) {
			final int len = k * n;
			if (transposeWork.length < len) transposeWork = new double[len];
			final double[] t = transposeWork;
			for (int i = 0; i < br; i++) {
				final int row = i * bc;
				for (int j = 0; j < bc; j++) t[j * br + i] = b[row + j];
			}
			b = t;
		}
		final double[] bb = b;
		final long work = (long) m * n * k;
		if (pool == null || work < PARALLEL_THRESHOLD || m < 2) {
			rows(ta, a, ac, bb, alpha, beta, c, 0, m, n, k, m);
			return;
		}
		final int chunks = Math.min(m, rowTasks.length);
		// the product's operands live in fields for the reusable tasks (fork/join orders
		// these writes before the tasks read them): no allocation per product
		cTa = ta;
		cA = a;
		cAc = ac;
		cB = bb;
		cAlpha = alpha;
		cBeta = beta;
		cC = c;
		cN = n;
		cK = k;
		cM = m;
		split.chunks = chunks;
		split.reinitialize();
		pool.invoke(split);
	}

	// operands of the product being computed in parallel (see real())
	private boolean cTa;
	private double[] cA, cB, cC;
	private int cAc, cN, cK, cM;
	private double cAlpha, cBeta;

	/** Computes rows [m·i/chunks, m·(i+1)/chunks) of C. Reused across products. */
	private final class RowTask extends RecursiveAction {

		private static final long serialVersionUID = 1L;
		int index, chunks;

		@Override
		protected void compute() {
			final int lo = (int) ((long) cM * index / chunks);
			final int hi = (int) ((long) cM * (index + 1) / chunks);
			rows(cTa, cA, cAc, cB, cAlpha, cBeta, cC, lo, hi, cN, cK, cM);
		}
	}

	/** Forks the row tasks and runs the first one on the calling worker. */
	private final class Split extends RecursiveAction {

		private static final long serialVersionUID = 1L;
		int chunks;

		@Override
		protected void compute() {
			for (int i = 1; i < chunks; i++) {
				final RowTask t = rowTasks[i];
				t.index = i;
				t.chunks = chunks;
				t.reinitialize();
				t.fork();
			}
			final RowTask first = rowTasks[0];
			first.index = 0;
			first.chunks = chunks;
			first.compute();
			for (int i = chunks - 1; i >= 1; i--) rowTasks[i].join();
		}
	}

	/** Rows lo..hi-1 of C; op(B) is row-major k x n in {@code b}. */
	private static void rows(final boolean ta, final double[] a, final int ac, final double[] b, final double alpha,
		final double beta, final double[] c, final int lo, final int hi, final int n, final int k, final int m)
	{
		for (int i = lo; i < hi; i++) {
			final int ci = i * n;
			if (beta == 0) java.util.Arrays.fill(c, ci, ci + n, 0);
			else if (beta != 1) for (int j = 0; j < n; j++) c[ci + j] *= beta;
		}
		for (int p0 = 0; p0 < k; p0 += K_BLOCK) {
			final int p1 = Math.min(k, p0 + K_BLOCK);
			for (int i = lo; i < hi; i++) {
				final int ci = i * n;
				for (int p = p0; p < p1; p++) {
					// op(A)[i,p] = A[i,p] or A[p,i]
					final double s = alpha * (ta ? a[p * m + i] : a[i * ac + p]);
					final int bp = p * n;
					for (int j = 0; j < n; j++) c[ci + j] += s * b[bp + j];
				}
			}
		}
	}
}
