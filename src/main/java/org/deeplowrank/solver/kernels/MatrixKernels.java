package org.deeplowrank.solver.kernels;

import org.deeplowrank.solver.linalg.Matrix;
import org.deeplowrank.solver.linalg.MatrixOps;

/**
 * The reference {@link DenseKernels}: buffers are {@link Matrix} objects (double, real or
 * complex), products go through a {@link MatrixBackend}, element-wise work through
 * {@link MatrixOps}. It runs every data term (completion, full observation, sensing) and
 * complex layers; the other kernels cover the real hot path.
 */
public final class MatrixKernels implements DenseKernels {

	/** A buffer that is a (live) {@link Matrix}. */
	public static final class Slot implements Buffer {

		public Matrix matrix;

		public Slot(final Matrix matrix) {
			this.matrix = matrix;
		}

		public Matrix matrix() {
			return matrix;
		}

		@Override
		public int rows() {
			return matrix.rows;
		}

		@Override
		public int cols() {
			return matrix.cols;
		}
	}

	private final MatrixBackend backend;
	private final boolean complex;

	public MatrixKernels(final MatrixBackend backend, final boolean complex) {
		this.backend = backend;
		this.complex = complex;
	}

	public MatrixBackend backend() {
		return backend;
	}

	public static Matrix matrix(final Buffer b) {
		return ((Slot) b).matrix;
	}

	@Override
	public String name() {
		return backend.name();
	}

	@Override
	public Precision precision() {
		return Precision.DOUBLE;
	}

	@Override
	public Buffer allocate(final int rows, final int cols) {
		return new Slot(new Matrix(rows, cols, complex));
	}

	@Override
	public void upload(final Matrix src, final Buffer dst) {
		matrix(dst).setTo(src);
	}

	@Override
	public void download(final Buffer src, final Matrix dst) {
		final Matrix m = matrix(src);
		if (m != dst) dst.setTo(m);
	}

	@Override
	public void gemm(final boolean ta, final Buffer a, final boolean tb, final Buffer b, final double alpha,
		final double beta, final Buffer c)
	{
		backend.gemm(ta, matrix(a), tb, matrix(b), alpha, beta, matrix(c));
	}

	@Override
	public void copy(final Buffer src, final Buffer dst) {
		matrix(dst).setTo(matrix(src));
	}

	@Override
	public void step(final Buffer x, final double eta, final Buffer g, final Buffer out) {
		MatrixOps.step(matrix(x), eta, matrix(g), matrix(out));
	}

	@Override
	public double norm2(final Buffer x) {
		return MatrixOps.normF2(matrix(x));
	}

	@Override
	public double residual(final Buffer w, final Buffer y, final Buffer m, final Buffer out) {
		final Matrix wm = matrix(w), ym = matrix(y), om = matrix(out);
		if (wm.isComplex()) throw new IllegalArgumentException("residual: real buffers only");
		final double[] wr = wm.re, yr = ym.re, or = om.re, mr = m == null ? null : matrix(m).re;
		double s = 0;
		for (int i = 0; i < or.length; i++) {
			final double r = (mr == null ? wr[i] : mr[i] * wr[i]) - yr[i];
			or[i] = r;
			s += r * r;
		}
		return 0.5 * s;
	}

	/** Ω row by row: entries rowStart[i]..rowStart[i+1]-1 are in row i, at columns col[e]. */
	static final class SampledSet implements Sampled {

		final int rows, cols;
		final int[] rowStart, col;
		final double[] y, r;
		/** Bᵀ of the last {@link #sampledResidual} (cols x k) and the Aᵀ R workspace (cols x k). */
		double[] bt, ht;
		int k;

		SampledSet(final int rows, final int cols, final int[] observed, final double[] yObserved) {
			if (observed.length != yObserved.length) throw new IllegalArgumentException("Ω has " + observed.length +
				" entries but " + yObserved.length + " values");
			this.rows = rows;
			this.cols = cols;
			rowStart = new int[rows + 1];
			col = new int[observed.length];
			y = new double[observed.length];
			r = new double[observed.length];
			int prev = -1;
			for (int e = 0; e < observed.length; e++) {
				final int f = observed[e];
				if (f <= prev || f >= rows * cols) throw new IllegalArgumentException("Ω indices must ascend within the matrix");
				prev = f;
				rowStart[f / cols + 1]++;
				col[e] = f % cols;
				y[e] = yObserved[e];
			}
			for (int i = 0; i < rows; i++) rowStart[i + 1] += rowStart[i];
		}
	}

	private static double[] re(final Buffer b) {
		final Matrix m = matrix(b);
		if (m.isComplex()) throw new IllegalArgumentException("residual on Ω: real buffers only");
		return m.re;
	}

	@Override
	public boolean hasSampledKernels() {
		return !complex;
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
		final double[] aa = re(a), ba = re(b);
		if (s.bt == null || s.k != k) {
			s.k = k;
			s.bt = new double[s.cols * k];
			s.ht = new double[s.cols * k];
		}
		final double[] bt = s.bt;
		// Bᵀ once (O(k·cols)) so that every sampled entry is a dot product of two contiguous rows
		for (int p = 0; p < k; p++) for (int c = 0; c < s.cols; c++) bt[c * k + p] = ba[p * s.cols + c];
		double sum = 0;
		for (int i = 0; i < s.rows; i++) {
			final int ai = i * k;
			for (int e = s.rowStart[i]; e < s.rowStart[i + 1]; e++) {
				final int bc = s.col[e] * k;
				double dot = 0;
				for (int p = 0; p < k; p++) dot += aa[ai + p] * bt[bc + p];
				final double re = dot - s.y[e];
				s.r[e] = re;
				sum += (double) re * re;
			}
		}
		return 0.5 * sum;
	}

	@Override
	public void residualTimesTransposed(final Sampled sampled, final Buffer out) {
		final SampledSet s = (SampledSet) sampled;
		final int k = s.k;
		if (out.rows() != s.rows || out.cols() != k) throw new IllegalArgumentException("residualTimesTransposed shape mismatch");
		final double[] o = re(out), bt = s.bt;
		java.util.Arrays.fill(o, 0);
		for (int i = 0; i < s.rows; i++) {
			final int oi = i * k;
			for (int e = s.rowStart[i]; e < s.rowStart[i + 1]; e++) {
				final double re = s.r[e];
				final int bc = s.col[e] * k;
				for (int p = 0; p < k; p++) o[oi + p] += re * bt[bc + p];
			}
		}
	}

	@Override
	public void transposedTimesResidual(final Buffer a, final Sampled sampled, final Buffer out) {
		final SampledSet s = (SampledSet) sampled;
		final int k = a.cols();
		if (a.rows() != s.rows || out.rows() != k || out.cols() != s.cols || s.ht == null || s.k != k) {
			throw new IllegalArgumentException("transposedTimesResidual shape mismatch");
		}
		final double[] aa = re(a), ht = s.ht, o = re(out);
		// (Aᵀ R)ᵀ = Rᵀ A row by row of Rᵀ (contiguous), then one transpose
		java.util.Arrays.fill(ht, 0);
		for (int i = 0; i < s.rows; i++) {
			final int ai = i * k;
			for (int e = s.rowStart[i]; e < s.rowStart[i + 1]; e++) {
				final double re = s.r[e];
				final int hc = s.col[e] * k;
				for (int p = 0; p < k; p++) ht[hc + p] += re * aa[ai + p];
			}
		}
		for (int p = 0; p < k; p++) for (int c = 0; c < s.cols; c++) o[p * s.cols + c] = ht[c * k + p];
	}

	@Override
	public void scatterResidual(final Sampled sampled, final Buffer out) {
		final SampledSet s = (SampledSet) sampled;
		if (out.rows() != s.rows || out.cols() != s.cols) throw new IllegalArgumentException("scatterResidual shape mismatch");
		final double[] o = re(out);
		java.util.Arrays.fill(o, 0);
		for (int i = 0; i < s.rows; i++) {
			for (int e = s.rowStart[i]; e < s.rowStart[i + 1]; e++) o[i * s.cols + s.col[e]] = s.r[e];
		}
	}

	@Override
	public void close() {}
}
