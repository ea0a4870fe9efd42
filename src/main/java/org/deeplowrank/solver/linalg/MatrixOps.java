package org.deeplowrank.solver.linalg;

/**
 * Element-wise kernels on {@link Matrix} (the only implementation of each): no
 * allocation, real and complex alike. Inner products use {@code <A,B> = Re tr(A^H B)}.
 */
public final class MatrixOps {

	private MatrixOps() {}

	/** {@code y <- y + alpha x}. */
	public static void axpy(final double alpha, final Matrix x, final Matrix y) {
		y.checkSameShape(x);
		axpy(alpha, x.re, y.re);
		if (x.im != null) {
			if (y.im == null) throw new IllegalArgumentException("axpy: complex x into real y");
			axpy(alpha, x.im, y.im);
		}
	}

	static void axpy(final double alpha, final double[] x, final double[] y) {
		for (int i = 0; i < y.length; i++) y[i] += alpha * x[i];
	}

	/** {@code out <- x - alpha g} (a gradient step into a separate buffer). */
	public static void step(final Matrix x, final double alpha, final Matrix g, final Matrix out) {
		out.checkSameShape(x);
		for (int i = 0; i < out.re.length; i++) out.re[i] = x.re[i] - alpha * g.re[i];
		if (out.im != null) {
			for (int i = 0; i < out.im.length; i++) out.im[i] = x.im[i] - alpha * g.im[i];
		}
	}

	/** {@code x <- alpha x}. */
	public static void scale(final double alpha, final Matrix x) {
		for (int i = 0; i < x.re.length; i++) x.re[i] *= alpha;
		if (x.im != null) for (int i = 0; i < x.im.length; i++) x.im[i] *= alpha;
	}

	/** {@code out <- a - b}; {@code out} may be {@code a} or {@code b}. */
	public static void subtract(final Matrix a, final Matrix b, final Matrix out) {
		a.checkSameShape(b);
		out.checkSameShape(a);
		for (int i = 0; i < out.re.length; i++) out.re[i] = a.re[i] - b.re[i];
		if (out.im != null) {
			for (int i = 0; i < out.im.length; i++) {
				out.im[i] = (a.im == null ? 0 : a.im[i]) - (b.im == null ? 0 : b.im[i]);
			}
		}
		else if ((a.im != null) || (b.im != null)) {
			throw new IllegalArgumentException("subtract: complex operand into real output");
		}
	}

	/** {@code Re tr(A^H B)}. */
	public static double dot(final Matrix a, final Matrix b) {
		a.checkSameShape(b);
		double s = 0;
		for (int i = 0; i < a.re.length; i++) s += a.re[i] * b.re[i];
		if (a.im != null && b.im != null) for (int i = 0; i < a.im.length; i++) s += a.im[i] * b.im[i];
		return s;
	}

	/** Squared Frobenius norm. */
	public static double normF2(final Matrix a) {
		double s = 0;
		for (final double v : a.re) s += v * v;
		if (a.im != null) for (final double v : a.im) s += v * v;
		return s;
	}

	public static double normF(final Matrix a) {
		return Math.sqrt(normF2(a));
	}

	/** {@code ||A - B||_F}. */
	public static double distanceF(final Matrix a, final Matrix b) {
		a.checkSameShape(b);
		double s = 0;
		for (int i = 0; i < a.re.length; i++) {
			final double d = a.re[i] - b.re[i];
			s += d * d;
		}
		if (a.im != null || b.im != null) {
			for (int i = 0; i < a.re.length; i++) {
				final double d = (a.im == null ? 0 : a.im[i]) - (b.im == null ? 0 : b.im[i]);
				s += d * d;
			}
		}
		return Math.sqrt(s);
	}

	/** True when every entry is finite. */
	public static boolean isFinite(final Matrix a) {
		for (final double v : a.re) if (!Double.isFinite(v)) return false;
		if (a.im != null) for (final double v : a.im) if (!Double.isFinite(v)) return false;
		return true;
	}

	/** {@code out <- A^H} (out has the transposed shape). */
	public static void conjTranspose(final Matrix a, final Matrix out) {
		if (out.rows != a.cols || out.cols != a.rows) throw new IllegalArgumentException("conjTranspose: shape");
		for (int i = 0; i < a.rows; i++) {
			for (int j = 0; j < a.cols; j++) {
				out.re[j * a.rows + i] = a.re[i * a.cols + j];
				if (out.im != null) out.im[j * a.rows + i] = a.im == null ? 0 : -a.im[i * a.cols + j];
			}
		}
	}
}
