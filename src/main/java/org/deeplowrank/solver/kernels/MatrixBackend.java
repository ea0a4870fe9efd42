package org.deeplowrank.solver.kernels;

import org.deeplowrank.solver.linalg.Matrix;

/**
 * The one narrow interface through which the solver multiplies matrices, so a faster
 * backend (native BLAS, GPU) can be plugged in without touching the solver.
 * <p>
 * Implementations are not required to be thread-safe: a solver owns its backend.
 */
public interface MatrixBackend {

	/** Short name reported in logs, e.g. {@code "java"}. */
	String name();

	/**
	 * General matrix product {@code C <- alpha * op(A) * op(B) + beta * C}, where
	 * {@code op(X)} is {@code X} or its conjugate transpose {@code X^H}.
	 * Real and complex operands may be mixed; {@code C} must be complex when either
	 * operand is. {@code C} must not share storage with {@code A} or {@code B}. When
	 * {@code beta == 0}, the previous content of {@code C} is ignored (even NaN).
	 */
	void gemm(boolean conjTransA, Matrix a, boolean conjTransB, Matrix b, double alpha, double beta, Matrix c);

	/** {@code C <- op(A) op(B)}. */
	default void mult(final boolean conjTransA, final Matrix a, final boolean conjTransB, final Matrix b, final Matrix c) {
		gemm(conjTransA, a, conjTransB, b, 1, 0, c);
	}

	/** {@code C <- A B}. */
	default void mult(final Matrix a, final Matrix b, final Matrix c) {
		gemm(false, a, false, b, 1, 0, c);
	}
}
