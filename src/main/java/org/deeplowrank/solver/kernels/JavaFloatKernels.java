package org.deeplowrank.solver.kernels;

import java.util.Arrays;

import org.deeplowrank.solver.linalg.Masked;
import org.deeplowrank.solver.linalg.Matrix;

/**
 * The java/float {@link DenseKernels}: float[] buffers, the packed-panel {@link FloatGemm}
 * and the Ω kernels {@link FloatSampled}, both generated from their double templates (the
 * java/double kernels run the same code in double). Float doubles the SIMD lanes of
 * double. Parallel over blocks of rows; every entry is summed in the same order whatever the
 * thread count, so results do not depend on it. Norms and the loss are accumulated in
 * double.
 */
public final class JavaFloatKernels implements DenseKernels {

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
	private final FloatGemm gemm;

	public JavaFloatKernels(final int threads) {
		this.parallel = new ParallelRows(threads);
		this.gemm = new FloatGemm(parallel);
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
	public double stageCompletion(final Matrix src, final double shift, final double scale, final boolean[] drop,
		final Buffer values, final Buffer mask)
	{
		check(src, values);
		final float[] out = data(values), m = mask == null ? null : data(mask);
		double sum2 = 0;
		for (int k = 0; k < out.length; k++) {
			final double y = Masked.unless(drop[k], scale * (src.re[k] - shift));
			out[k] = (float) y;
			sum2 += y * y;
		}
		if (m != null) for (int k = 0; k < m.length; k++) m[k] = (float) Masked.unless(drop[k], 1);
		return sum2;
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
		gemm.multiply(ta, data(a), a.cols(), tb, data(b), b.cols(), (float) alpha, (float) beta, data(c), m, n, k);
	}

	@Override
	public boolean hasSampledKernels() {
		return true;
	}

	@Override
	public Sampled sampled(final int rows, final int cols, final int[] observed, final double[] yObserved) {
		return new FloatSampled(new ObservedSet(rows, cols, observed, yObserved), parallel);
	}

	@Override
	public double sampledResidual(final Buffer a, final Buffer b, final Sampled sampled) {
		final FloatSampled s = (FloatSampled) sampled;
		s.omega.checkFactors(a, b);
		s.residual(data(a), data(b), a.cols());
		return s.loss();
	}

	@Override
	public void residualTimesTransposed(final Sampled sampled, final Buffer out) {
		final FloatSampled s = (FloatSampled) sampled;
		s.omega.checkResidualTimesTransposed(out, s.k);
		s.residualTimesTransposed(data(out));
	}

	@Override
	public void transposedTimesResidual(final Buffer a, final Sampled sampled, final Buffer out) {
		final FloatSampled s = (FloatSampled) sampled;
		s.omega.checkTransposedTimesResidual(a, out, s.k);
		s.transposedTimesResidual(data(a), data(out));
	}

	@Override
	public void scatterResidual(final Sampled sampled, final Buffer out) {
		final FloatSampled s = (FloatSampled) sampled;
		s.omega.checkDense(out);
		s.scatterResidual(data(out));
	}

	@Override
	public void close() {
		parallel.close();
	}
}
