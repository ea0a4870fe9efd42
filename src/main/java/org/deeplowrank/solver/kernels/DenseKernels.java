package org.deeplowrank.solver.kernels;

import org.deeplowrank.solver.linalg.Matrix;

/**
 * The dense kernels of the solver's inner loop, on matrices that live in the kernel's own
 * storage for the whole run ({@link Buffer} handles): a GEMM with transpose flags into
 * preallocated outputs, plus the few fused element-wise kernels the gradient needs. A
 * {@link DeepObjective} and {@link GradientDescent} written against this interface run
 * unchanged on {@link MatrixKernels} (the double reference on {@link Matrix}, real or
 * complex, any {@link DataTerm}), {@link JavaFloatKernels} (float, pure Java) and the
 * native OpenBLAS kernels (off-heap float or double, package
 * {@code org.deeplowrank.nativeblas}, loaded by {@link Kernels}). Data cross into and out
 * of a kernel's storage only by {@link #upload} and {@link #download}: at the start, at
 * log steps and at the end.
 * <p>
 * Scalars (alpha, step, norms, losses) are passed and returned in double; sums are
 * accumulated in double by every implementation. Not thread-safe: a solver owns its
 * kernels; {@link #close()} frees native memory.
 */
public interface DenseKernels extends AutoCloseable {

	/** A matrix in the kernel's storage (row-major). */
	interface Buffer {

		int rows();

		int cols();
	}

	/** Backend name reported in logs: {@code java} or {@code native}. */
	String name();

	/** {@code float} or {@code double}: the precision of the stored entries. */
	Precision precision();

	/** {@code name/precision}, e.g. {@code native/float}, as reported in the summary line. */
	default String description() {
		return name() + "/" + precision().key();
	}

	/** A zero rows x cols matrix. */
	Buffer allocate(int rows, int cols);

	/** {@code dst <- src} (same shape; rounds to the kernel's precision). */
	void upload(Matrix src, Buffer dst);

	/** {@code dst <- src} (same shape). */
	void download(Buffer src, Matrix dst);

	/**
	 * {@code C <- alpha op(A) op(B) + beta C}, {@code op(X)} = X or X^H. C must not alias A
	 * or B; with beta = 0 the old content of C is ignored.
	 */
	void gemm(boolean conjTransA, Buffer a, boolean conjTransB, Buffer b, double alpha, double beta, Buffer c);

	/** {@code dst <- src}. */
	void copy(Buffer src, Buffer dst);

	/** {@code out <- x − eta g} (the gradient step into the spare buffer). */
	void step(Buffer x, double eta, Buffer g, Buffer out);

	/** ‖x‖_F². */
	double norm2(Buffer x);

	/**
	 * The fused masked residual of completion: {@code out <- m∘w − y} (m = null: every
	 * entry observed, {@code out <- w − y}), returning ½‖out‖² = f(W). {@code y} must be 0
	 * where {@code m} is, and {@code m} holds 0 (missing) or 1 (observed), so {@code out}
	 * is P_Ω(W − Y) = ∇f(W) (GLRL §3). Only for real kernels; {@link MatrixKernels}
	 * evaluates its {@link DataTerm} instead.
	 */
	double residual(Buffer w, Buffer y, Buffer m, Buffer out);

	/**
	 * The observed set Ω of completion stored row by row (flat indices ascending), with Y on
	 * Ω and room for the residual R = P_Ω(W − Y) on Ω: the operand of the Ω-only kernels
	 * below, built once by {@link #sampled}.
	 */
	interface Sampled {}

	/** True when the kernels implement the Ω-only operations ({@link #sampled} and the three after it). */
	default boolean hasSampledKernels() {
		return false;
	}

	/**
	 * Ω given by its ascending flat indices into a rows x cols product, and Y at those
	 * entries ({@code yObserved[e]} belongs to {@code observed[e]}).
	 */
	default Sampled sampled(final int rows, final int cols, final int[] observed, final double[] yObserved) {
		throw new UnsupportedOperationException(description() + " kernels have no residual-on-Ω path");
	}

	/**
	 * The residual on Ω only: r_e = (A B)_{i,c} − y_e for each observed (i, c), without
	 * forming A B (|Ω|·k flops instead of rows·cols·k). Stores R in {@code s} and returns
	 * ½‖R‖² = f(W). {@code b} is kept (transposed) for {@link #residualTimesTransposed}.
	 */
	default double sampledResidual(final Buffer a, final Buffer b, final Sampled s) {
		throw new UnsupportedOperationException(description() + " kernels have no residual-on-Ω path");
	}

	/** {@code out <- R Bᵀ} with R from the last {@link #sampledResidual} and its B (sparse times dense). */
	default void residualTimesTransposed(final Sampled s, final Buffer out) {
		throw new UnsupportedOperationException(description() + " kernels have no residual-on-Ω path");
	}

	/** {@code out <- Aᵀ R} with R from the last {@link #sampledResidual} (dense times sparse). */
	default void transposedTimesResidual(final Buffer a, final Sampled s, final Buffer out) {
		throw new UnsupportedOperationException(description() + " kernels have no residual-on-Ω path");
	}

	/** {@code out <- R} as a dense rows x cols matrix (zero off Ω): ∇f, formed only when asked. */
	default void scatterResidual(final Sampled s, final Buffer out) {
		throw new UnsupportedOperationException(description() + " kernels have no residual-on-Ω path");
	}

	/** Frees the storage of every buffer (native memory); the kernels are unusable after. */
	@Override
	void close();
}
