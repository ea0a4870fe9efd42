package org.deeplowrank.solver.kernels;

import org.deeplowrank.solver.linalg.Masked;
import org.deeplowrank.solver.linalg.Matrix;
import org.deeplowrank.solver.problem.DataTerm;
import org.deeplowrank.solver.problem.Entrywise;

/**
 * The one kernel interface of the solver: the dense kernels of its inner loop, on matrices
 * that live in the kernel's own storage for the whole run ({@link Buffer} handles): a GEMM
 * with transpose flags into preallocated outputs, the few fused element-wise kernels the
 * gradient needs, the data term on those buffers ({@link #dataFit}) and the residual on Ω
 * only. A {@code DeepObjective} and {@code GradientDescent} written against this interface
 * run unchanged on every set: {@link MatrixKernels} (java/double, on {@link Matrix}
 * buffers: real or complex, any {@link DataTerm}), {@link JavaFloatKernels} (java/float)
 * and the native OpenBLAS kernels (off-heap float or double, package
 * {@code org.deeplowrank.nativeblas}, loaded by {@link Kernels}). Data cross into and out
 * of a kernel's storage only by {@link #upload} and {@link #download}: at the start, at
 * log steps and at the end. (The solver's other products, on {@link Matrix}, go through
 * {@link JavaBackend}, the GEMM of the java/double kernels.)
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

	/** True when the buffers hold complex entries (the java/double kernels for complex layers). */
	default boolean complex() {
		return false;
	}

	/** A zero rows x cols matrix. */
	Buffer allocate(int rows, int cols);

	/** {@code dst <- src} (same shape and field; rounds to the kernel's precision). */
	void upload(Matrix src, Buffer dst);

	/** {@code dst <- src} (same shape and field). */
	void download(Buffer src, Matrix dst);

	/** A new {@link Matrix} holding {@code src} (complex when the kernels are). */
	default Matrix download(final Buffer src) {
		final Matrix m = new Matrix(src.rows(), src.cols(), complex());
		download(src, m);
		return m;
	}

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
	 * is P_Ω(W − Y) = ∇f(W) (GLRL §3). {@code out} may be {@code w} (in place: an entry is
	 * read before it is written). Real buffers only.
	 */
	double residual(Buffer w, Buffer y, Buffer m, Buffer out);

	/**
	 * Stages a completion's target in one pass over {@code src}, with no rows x cols copy in
	 * between: {@code values <- scale·(src − shift)} on the entries not {@code drop}ped and 0
	 * on the others, and {@code mask <-} 1 and 0 likewise ({@code mask} null: not written).
	 * Returns the sum of the squared staged values (in double, before any rounding to the
	 * kernels' precision). {@code src} is real, of the buffers' shape; dropped entries may
	 * hold anything (NaN). The selections have no branch on the mask ({@link Masked}).
	 * This default stages through a Java matrix; the kernels write their storage directly.
	 */
	default double stageCompletion(final Matrix src, final double shift, final double scale, final boolean[] drop,
		final Buffer values, final Buffer mask)
	{
		final Matrix staging = Matrix.real(src.rows, src.cols);
		double sum2 = 0;
		for (int k = 0; k < staging.re.length; k++) {
			final double v = Masked.unless(drop[k], scale * (src.re[k] - shift));
			staging.re[k] = v;
			sum2 += v * v;
		}
		upload(staging, values);
		if (mask != null) {
			for (int k = 0; k < staging.re.length; k++) staging.re[k] = Masked.unless(drop[k], 1);
			upload(staging, mask);
		}
		return sum2;
	}

	/** A data term f evaluated on the kernels' buffers (built once by {@link #dataFit}). */
	interface DataFit {

		/**
		 * f at {@code product}; with {@code gradient}, ∇f(W) into {@code grad}. Without,
		 * {@code grad} may still be overwritten (it is the workspace of the fused residual).
		 */
		double evaluate(Buffer product, Buffer grad, boolean gradient);
	}

	/**
	 * {@code data} on these kernels: the fused masked {@link #residual} on its entrywise
	 * view (Y, zero where unobserved, and the 0/1 mask of Ω uploaded once). Real completion
	 * and full observation only; {@link MatrixKernels} evaluate any data term itself.
	 *
	 * @throws IllegalArgumentException for a data term without an entrywise view (sensing) or a complex one
	 */
	default DataFit dataFit(final DataTerm data) {
		final Entrywise e = data.entrywise().orElseThrow(() -> new IllegalArgumentException(name() +
			" kernels run completion and full observation only"));
		if (e.isComplex()) throw new IllegalArgumentException(name() + " kernels are real only");
		final Matrix y = e.maskedTarget();
		final Matrix mask = e.observedMask();
		final Buffer yb = allocate(y.rows, y.cols);
		upload(y, yb);
		final Buffer mb;
		if (mask != null) {
			mb = allocate(y.rows, y.cols);
			upload(mask, mb);
		}
		else mb = null;
		return (p, g, gradient) -> residual(p, yb, mb, g);
	}

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
