package org.deeplowrank.solver;

/**
 * The reference {@link DenseKernels}: buffers are {@link Matrix} objects (double, real or
 * complex), products go through a {@link MatrixBackend}, element-wise work through
 * {@link MatrixOps}. It runs every data term (completion, full observation, sensing) and
 * complex layers; the other kernels cover the real hot path.
 */
public final class MatrixKernels implements DenseKernels {

	/** A buffer that is a (live) {@link Matrix}. */
	public static final class Slot implements Buffer {

		Matrix matrix;

		Slot(final Matrix matrix) {
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

	static Matrix matrix(final Buffer b) {
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

	@Override
	public void close() {}
}
