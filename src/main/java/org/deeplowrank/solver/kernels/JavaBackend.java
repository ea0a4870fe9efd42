package org.deeplowrank.solver.kernels;

import java.util.Arrays;

import org.deeplowrank.solver.linalg.Matrix;

/**
 * The GEMM on {@link Matrix} (real or complex, double) with which the solver's Matrix code
 * multiplies: the java/double kernels ({@link MatrixKernels}), the diagnostics of
 * {@code GradientDescent}, GLRL, the initializers, the baselines and the dynamics study.
 * Real products run the packed-panel {@link DoubleGemm} (the same template as the float
 * kernels' {@link FloatGemm}), parallel over blocks of rows of C; every entry of C is summed
 * in the same order whatever the thread count, so results do not depend on it. Complex
 * products are composed of real ones on the split storage of {@link Matrix}.
 * <p>
 * Not thread-safe (it reuses the panel workspace); use one instance per solver.
 */
public final class JavaBackend {

	private final ParallelRows parallel;
	private final DoubleGemm gemm;

	/** A backend using all available processors. */
	public JavaBackend() {
		this(Runtime.getRuntime().availableProcessors());
	}

	public JavaBackend(final int threads) {
		this.parallel = new ParallelRows(threads);
		this.gemm = new DoubleGemm(parallel);
	}

	/** Name reported in logs and the summary line: {@code java}. */
	public String name() {
		return "java";
	}

	public int threads() {
		return parallel.threads();
	}

	/** The thread pool of this backend's products, shared by the Ω kernels of {@link MatrixKernels}. */
	ParallelRows parallel() {
		return parallel;
	}

	/**
	 * General matrix product {@code C <- alpha * op(A) * op(B) + beta * C}, where
	 * {@code op(X)} is {@code X} or its conjugate transpose {@code X^H}.
	 * Real and complex operands may be mixed; {@code C} must be complex when either
	 * operand is. {@code C} must not share storage with {@code A} or {@code B}. When
	 * {@code beta == 0}, the previous content of {@code C} is ignored (even NaN).
	 */
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
		gemm.multiply(ta, a.re, a.cols, tb, b.re, b.cols, alpha, beta, c.re, m, n, k);
		if (c.im != null) {
			if (complexResult) {
				if (b.im != null) gemm.multiply(ta, a.re, a.cols, tb, b.im, b.cols, alpha * sb, beta, c.im, m, n, k);
				else gemm.multiply(ta, a.im, a.cols, tb, b.re, b.cols, alpha * sa, beta, c.im, m, n, k);
				if (a.im != null && b.im != null) {
					gemm.multiply(ta, a.im, a.cols, tb, b.re, b.cols, alpha * sa, 1, c.im, m, n, k);
					gemm.multiply(ta, a.im, a.cols, tb, b.im, b.cols, -alpha * sa * sb, 1, c.re, m, n, k);
				}
			}
			else {
				scale(c.im, beta);
			}
		}
	}

	/** {@code C <- op(A) op(B)}. */
	public void mult(final boolean conjTransA, final Matrix a, final boolean conjTransB, final Matrix b, final Matrix c) {
		gemm(conjTransA, a, conjTransB, b, 1, 0, c);
	}

	/** {@code C <- A B}. */
	public void mult(final Matrix a, final Matrix b, final Matrix c) {
		gemm(false, a, false, b, 1, 0, c);
	}

	private static void scale(final double[] x, final double beta) {
		if (beta == 0) Arrays.fill(x, 0);
		else if (beta != 1) for (int i = 0; i < x.length; i++) x[i] *= beta;
	}
}
