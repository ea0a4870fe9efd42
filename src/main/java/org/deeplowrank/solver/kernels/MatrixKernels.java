package org.deeplowrank.solver.kernels;

import org.deeplowrank.solver.linalg.Masked;
import org.deeplowrank.solver.linalg.Matrix;
import org.deeplowrank.solver.linalg.MatrixOps;
import org.deeplowrank.solver.problem.DataTerm;

/**
 * The java/double {@link DenseKernels}: buffers are {@link Matrix} objects (double, real or
 * complex), products go through a {@link JavaBackend}, element-wise work through
 * {@link MatrixOps}, and the residual on Ω through {@link DoubleSampled} (the template of the
 * float kernels' Ω kernels, parallel on the backend's threads). The only kernels that run
 * every data term (completion, full observation, sensing: {@link #dataFit} evaluates the
 * {@link DataTerm} itself) and complex layers.
 */
public final class MatrixKernels implements DenseKernels {

	/** A buffer that is a {@link Matrix}. */
	static final class Slot implements Buffer {

		final Matrix matrix;

		Slot(final Matrix matrix) {
			this.matrix = matrix;
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

	private final JavaBackend backend;
	private final boolean complex;

	public MatrixKernels(final JavaBackend backend, final boolean complex) {
		this.backend = backend;
		this.complex = complex;
	}

	/** The Matrix GEMM these kernels multiply with. */
	public JavaBackend backend() {
		return backend;
	}

	private static Matrix matrix(final Buffer b) {
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
	public boolean complex() {
		return complex;
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
	public double stageCompletion(final Matrix src, final double shift, final double scale, final boolean[] drop,
		final Buffer values, final Buffer mask)
	{
		final Matrix v = matrix(values);
		v.checkSameShape(src);
		if (v.isComplex() || src.isComplex()) throw new IllegalArgumentException("stageCompletion: real matrices only");
		final double[] out = v.re, m = mask == null ? null : matrix(mask).re;
		double sum2 = 0;
		for (int k = 0; k < out.length; k++) {
			final double y = Masked.unless(drop[k], scale * (src.re[k] - shift));
			out[k] = y;
			sum2 += y * y;
		}
		if (m != null) for (int k = 0; k < m.length; k++) m[k] = Masked.unless(drop[k], 1);
		return sum2;
	}

	@Override
	public void download(final Buffer src, final Matrix dst) {
		dst.setTo(matrix(src));
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

	/** The data term itself on the buffers' matrices: any data term, real or complex. */
	@Override
	public DataFit dataFit(final DataTerm data) {
		return (p, g, gradient) -> data.evaluate(matrix(p), gradient ? matrix(g) : null);
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
		return new DoubleSampled(new ObservedSet(rows, cols, observed, yObserved), backend.parallel());
	}

	@Override
	public double sampledResidual(final Buffer a, final Buffer b, final Sampled sampled) {
		final DoubleSampled s = (DoubleSampled) sampled;
		s.omega.checkFactors(a, b);
		s.residual(re(a), re(b), a.cols());
		return s.loss();
	}

	@Override
	public void residualTimesTransposed(final Sampled sampled, final Buffer out) {
		final DoubleSampled s = (DoubleSampled) sampled;
		s.omega.checkResidualTimesTransposed(out, s.k);
		s.residualTimesTransposed(re(out));
	}

	@Override
	public void transposedTimesResidual(final Buffer a, final Sampled sampled, final Buffer out) {
		final DoubleSampled s = (DoubleSampled) sampled;
		s.omega.checkTransposedTimesResidual(a, out, s.k);
		s.transposedTimesResidual(re(a), re(out));
	}

	@Override
	public void scatterResidual(final Sampled sampled, final Buffer out) {
		final DoubleSampled s = (DoubleSampled) sampled;
		s.omega.checkDense(out);
		s.scatterResidual(re(out));
	}

	@Override
	public void close() {}
}
