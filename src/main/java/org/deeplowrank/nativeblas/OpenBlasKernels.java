package org.deeplowrank.nativeblas;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.deeplowrank.solver.kernels.DenseKernels;
import org.deeplowrank.solver.kernels.Precision;
import org.deeplowrank.solver.linalg.Masked;
import org.deeplowrank.solver.linalg.Matrix;

/**
 * {@link DenseKernels} on OpenBLAS (through {@code org.bytedeco:openblas}): every buffer
 * is off-heap memory (a {@link FloatPointer} or {@link DoublePointer}) for the whole run,
 * so a product is one {@code cblas_sgemm}/{@code cblas_dgemm} call with no copy. The
 * element-wise kernels are BLAS level-1 calls (the step is copy + axpy; norms are dot
 * products accumulated in double, {@code cblas_dsdot} for float), except the masked
 * residual m∘w − y, a Java loop over views of the off-heap memory (BLAS has no
 * element-wise product).
 * <p>
 * The only class that imports org.bytedeco; the solver loads it by reflection
 * ({@code Kernels}), so a missing native library costs a log line, not a crash. OpenBLAS
 * keeps one process-wide thread count: {@link #create} sets it to {@code threads}.
 */
public final class OpenBlasKernels implements DenseKernels {

	/** An off-heap row-major matrix. */
	private static final class NativeBlock implements Buffer {

		final int rows, cols;
		final FloatPointer f;
		final DoublePointer d;
		/** Views of the memory for the Java element-wise loops (made once: the residual runs every step). */
		final FloatBuffer fv;
		final DoubleBuffer dv;

		NativeBlock(final int rows, final int cols, final boolean single) {
			this.rows = rows;
			this.cols = cols;
			final long size = Math.multiplyExact((long) rows, (long) cols);
			final long n = Math.max(1, size);
			// a block kept from an earlier run when there is one of this size (NativeMemoryPool)
			final Pointer kept = NativeMemoryPool.take(single, n);
			f = single ? kept != null ? (FloatPointer) kept : new FloatPointer(n) : null;
			d = single ? null : kept != null ? (DoublePointer) kept : new DoublePointer(n);
			pointer().zero();
			fv = single ? f.asBuffer() : null;
			dv = single ? null : d.asBuffer();
		}

		Pointer pointer() {
			return f != null ? f : d;
		}

		int size() {
			return rows * cols;
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

	private final boolean single;
	private final List<NativeBlock> allocated = new ArrayList<>();
	private float[] floatWork = new float[0];
	private boolean closed;

	private OpenBlasKernels(final boolean single) {
		this.single = single;
	}

	/**
	 * Loads OpenBLAS (first call: extracts and links the native library; throws
	 * {@link UnsatisfiedLinkError} or {@link NoClassDefFoundError} when it cannot) and sets
	 * its thread count.
	 */
	public static OpenBlasKernels create(final Precision precision, final int threads) {
		if (precision != Precision.FLOAT && precision != Precision.DOUBLE) {
			throw new IllegalArgumentException("precision must be float or double, got " + precision);
		}
		if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
		// setting the count restarts OpenBLAS's pool (about 1 ms a run): only when it changes
		if (openblas_nolapack.blas_get_num_threads() != threads) openblas_nolapack.blas_set_num_threads(threads);
		return new OpenBlasKernels(precision == Precision.FLOAT);
	}

	/**
	 * Frees the off-heap blocks kept after earlier runs for the next ones (at most
	 * 128 MB are kept, the oldest freed first).
	 */
	public static void releaseKeptMemory() {
		NativeMemoryPool.release();
	}

	/** OpenBLAS's current thread count (for tests). */
	public static int blasThreads() {
		return openblas_nolapack.blas_get_num_threads();
	}

	@Override
	public String name() {
		return "native";
	}

	@Override
	public Precision precision() {
		return single ? Precision.FLOAT : Precision.DOUBLE;
	}

	private NativeBlock block(final Buffer b) {
		if (closed) throw new IllegalStateException("native kernels closed");
		return (NativeBlock) b;
	}

	@Override
	public Buffer allocate(final int rows, final int cols) {
		if (closed) throw new IllegalStateException("native kernels closed");
		final NativeBlock b = new NativeBlock(rows, cols, single);
		allocated.add(b);
		return b;
	}

	private static void check(final Matrix m, final NativeBlock b) {
		if (m.rows != b.rows || m.cols != b.cols) {
			throw new IllegalArgumentException("shape mismatch: " + m.rows + " x " + m.cols + " vs " + b.rows + " x " + b.cols);
		}
		if (m.isComplex()) throw new IllegalArgumentException("native kernels are real: complex matrix");
	}

	private float[] work(final int size) {
		if (floatWork.length < size) floatWork = new float[size];
		return floatWork;
	}

	@Override
	public void upload(final Matrix src, final Buffer dst) {
		final NativeBlock b = block(dst);
		check(src, b);
		if (single) {
			final float[] w = work(b.size());
			for (int i = 0; i < b.size(); i++) w[i] = (float) src.re[i];
			b.f.put(w, 0, b.size());
		}
		else {
			b.d.put(src.re, 0, b.size());
		}
	}

	/** Writes the off-heap memory through its views: no Java staging array, no copy. */
	@Override
	public double stageCompletion(final Matrix src, final double shift, final double scale, final boolean[] drop,
		final Buffer values, final Buffer mask)
	{
		final NativeBlock v = block(values), m = mask == null ? null : block(mask);
		check(src, v);
		if (m != null && m.size() != v.size()) throw new IllegalArgumentException("stageCompletion: mask size mismatch");
		final int size = v.size();
		double sum2 = 0;
		if (single) {
			final FloatBuffer out = v.fv;
			for (int k = 0; k < size; k++) {
				final double y = Masked.unless(drop[k], scale * (src.re[k] - shift));
				out.put(k, (float) y);
				sum2 += y * y;
			}
			if (m != null) for (int k = 0; k < size; k++) m.fv.put(k, (float) Masked.unless(drop[k], 1));
		}
		else {
			final DoubleBuffer out = v.dv;
			for (int k = 0; k < size; k++) {
				final double y = Masked.unless(drop[k], scale * (src.re[k] - shift));
				out.put(k, y);
				sum2 += y * y;
			}
			if (m != null) for (int k = 0; k < size; k++) m.dv.put(k, Masked.unless(drop[k], 1));
		}
		return sum2;
	}

	@Override
	public void download(final Buffer src, final Matrix dst) {
		final NativeBlock b = block(src);
		check(dst, b);
		if (single) {
			final float[] w = work(b.size());
			b.f.get(w, 0, b.size());
			for (int i = 0; i < b.size(); i++) dst.re[i] = w[i];
		}
		else {
			b.d.get(dst.re, 0, b.size());
		}
	}

	@Override
	public void gemm(final boolean ta, final Buffer a, final boolean tb, final Buffer b, final double alpha,
		final double beta, final Buffer c)
	{
		final NativeBlock x = block(a), y = block(b), z = block(c);
		final int m = ta ? x.cols : x.rows;
		final int k = ta ? x.rows : x.cols;
		final int kb = tb ? y.cols : y.rows;
		final int n = tb ? y.rows : y.cols;
		if (k != kb || z.rows != m || z.cols != n) {
			throw new IllegalArgumentException("gemm shape mismatch: op(A) " + m + "x" + k + ", op(B) " + kb + "x" + n +
				", C " + z.rows + "x" + z.cols);
		}
		if (z == x || z == y) throw new IllegalArgumentException("gemm: C aliases an operand");
		if (m == 0 || n == 0) return;
		if (k == 0) {
			// BLAS leaves C untouched for k = 0 only when beta = 1
			scale(beta, z);
			return;
		}
		final int opA = ta ? CblasTrans : CblasNoTrans, opB = tb ? CblasTrans : CblasNoTrans;
		if (single) {
			openblas_nolapack.cblas_sgemm(CblasRowMajor, opA, opB, m, n, k, (float) alpha, x.f, x.cols, y.f, y.cols,
				(float) beta, z.f, z.cols);
		}
		else {
			openblas_nolapack.cblas_dgemm(CblasRowMajor, opA, opB, m, n, k, alpha, x.d, x.cols, y.d, y.cols, beta, z.d,
				z.cols);
		}
	}

	private void scale(final double beta, final NativeBlock z) {
		if (beta == 1) return;
		if (beta == 0) z.pointer().zero();
		else if (single) openblas_nolapack.cblas_sscal(z.size(), (float) beta, z.f, 1);
		else openblas_nolapack.cblas_dscal(z.size(), beta, z.d, 1);
	}

	@Override
	public void copy(final Buffer src, final Buffer dst) {
		final NativeBlock s = block(src), d = block(dst);
		if (s.size() != d.size()) throw new IllegalArgumentException("copy: size mismatch");
		if (single) openblas_nolapack.cblas_scopy(s.size(), s.f, 1, d.f, 1);
		else openblas_nolapack.cblas_dcopy(s.size(), s.d, 1, d.d, 1);
	}

	@Override
	public void step(final Buffer x, final double eta, final Buffer g, final Buffer out) {
		copy(x, out);
		final NativeBlock gb = block(g), o = block(out);
		if (single) openblas_nolapack.cblas_saxpy(o.size(), (float) -eta, gb.f, 1, o.f, 1);
		else openblas_nolapack.cblas_daxpy(o.size(), -eta, gb.d, 1, o.d, 1);
	}

	@Override
	public double norm2(final Buffer x) {
		final NativeBlock b = block(x);
		return single ? openblas_nolapack.cblas_dsdot(b.size(), b.f, 1, b.f, 1) : openblas_nolapack.cblas_ddot(b.size(),
			b.d, 1, b.d, 1);
	}

	@Override
	public double residual(final Buffer w, final Buffer y, final Buffer m, final Buffer out) {
		final NativeBlock wb = block(w), yb = block(y), o = block(out);
		final int size = o.size();
		if (wb.size() != size || yb.size() != size) throw new IllegalArgumentException("residual: size mismatch");
		if (m == null) {
			if (o != wb) copy(w, out);
			if (single) openblas_nolapack.cblas_saxpy(size, -1f, yb.f, 1, o.f, 1);
			else openblas_nolapack.cblas_daxpy(size, -1, yb.d, 1, o.d, 1);
			return 0.5 * norm2(out);
		}
		// out = m∘w − y and ½‖out‖² in one pass over views of the off-heap memory: BLAS has no
		// element-wise product, and ?sbmv with no off-diagonals (the former route) ran 6×
		// slower than this loop (6.5 M entries: 65 ms against 10 ms, docs/benchmarks.md)
		final NativeBlock mb = block(m);
		if (mb.size() != size) throw new IllegalArgumentException("residual: mask size mismatch");
		// one pass: it streams four rows x cols buffers, so it runs at the memory's bandwidth
		// (measured: 6.5 M floats in 10 ms on one thread, the same on two)
		double sum = 0;
		if (single) {
			final FloatBuffer wv = wb.fv, yv = yb.fv, mv = mb.fv, ov = o.fv;
			for (int i = 0; i < size; i++) {
				final float r = mv.get(i) * wv.get(i) - yv.get(i);
				ov.put(i, r);
				sum += (double) r * r;
			}
		}
		else {
			final DoubleBuffer wv = wb.dv, yv = yb.dv, mv = mb.dv, ov = o.dv;
			for (int i = 0; i < size; i++) {
				final double r = mv.get(i) * wv.get(i) - yv.get(i);
				ov.put(i, r);
				sum += r * r;
			}
		}
		return 0.5 * sum;
	}

	@Override
	public void close() {
		if (closed) return;
		closed = true;
		// kept for the next run's buffers (fresh mappings are this run's page faults again)
		for (final NativeBlock b : allocated) NativeMemoryPool.give(b.pointer());
		allocated.clear();
	}
}
