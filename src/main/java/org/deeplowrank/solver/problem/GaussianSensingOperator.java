package org.deeplowrank.solver.problem;

import java.util.Arrays;
import java.util.Random;

/**
 * The dense Gaussian sensing operator of the papers (WIND §2, GLRL §3): m matrices A_i of
 * size rows x cols with iid N(0, 1/m) entries, {@code 𝒜(X)_i = <A_i, X>}. The variance
 * 1/m makes {@code E[𝒜*𝒜] = I}, so {@code E ||𝒜(X)||² = ||X||_F²} and the sensing loss
 * has the same scale as the full-observation one.
 * <p>
 * All A_i are stored as one row-major m x (rows*cols) array (row i is A_i vectorized
 * row-major), so one application costs m*rows*cols multiply-adds and as many doubles of
 * memory. That is what the theory is stated for, and fine for the small matrices of the
 * papers' experiments, but hopeless for images: the constructor refuses more than
 * {@value #MAX_ENTRIES} entries and points to {@link FastSensingOperator}.
 * <p>
 * Determinism: the entries are drawn, in storage order, by {@link Random#nextGaussian()}
 * from a {@link Random} seeded with {@link #mixSeed(long) mixSeed(seed ^ SALT)}. The
 * SplitMix64 finalizer spreads every bit of the seed over the 48 bits that
 * {@link Random} actually uses, so seeds that differ only in their high bits (or
 * consecutive seeds) still give unrelated operators.
 */
public final class GaussianSensingOperator implements SensingOperator {

	/** Largest number of stored entries (400 MB of doubles). */
	public static final long MAX_ENTRIES = 50_000_000L;

	/** Separates this operator's random stream from other uses of the same seed. */
	private static final long SALT = 0x5DEECE66DL * 31 + 1;

	private final int rows;
	private final int cols;
	private final int m;
	private final int n;
	/** Row-major m x n: a[i*n + k] is entry k of vectorized A_i. */
	private final double[] a;

	/**
	 * @param rows rows of the sensed matrices, at least 1
	 * @param cols columns of the sensed matrices, at least 1
	 * @param m number of measurements, at least 1
	 * @param seed seed of the entries; the same seed gives the same operator
	 * @throws IllegalArgumentException for sizes below 1 or more than {@value #MAX_ENTRIES}
	 *           entries in total
	 */
	public GaussianSensingOperator(final int rows, final int cols, final int m, final long seed) {
		if (rows < 1 || cols < 1) {
			throw new IllegalArgumentException("gaussian sensing operator: matrix size " + rows + " x " + cols
				+ " is invalid; rows and cols must be at least 1");
		}
		if (m < 1) {
			throw new IllegalArgumentException("gaussian sensing operator: measurements m = " + m
				+ " is invalid; m must be at least 1");
		}
		final long entries = (long) m * rows * cols;
		if ((long) rows * cols > Integer.MAX_VALUE || entries > MAX_ENTRIES) {
			final long mb = (entries * Double.BYTES + (1L << 20) - 1) >> 20;
			throw new IllegalArgumentException("the dense gaussian operator would need " + mb + " MB (" + m + " x "
				+ rows + "*" + cols + " = " + entries + " entries, limit " + MAX_ENTRIES
				+ "); use operator=fast for image-sized matrices");
		}
		this.rows = rows;
		this.cols = cols;
		this.m = m;
		this.n = rows * cols;
		this.a = new double[(int) entries];
		final Random rng = new Random(mixSeed(seed ^ SALT));
		final double std = 1 / Math.sqrt(m);
		for (int k = 0; k < a.length; k++) a[k] = std * rng.nextGaussian();
	}

	/**
	 * SplitMix64 finalizer (Steele, Lea, Flood 2014): a bijection on 64-bit values whose
	 * output bits each depend on all input bits. Used to seed {@link Random}, which keeps
	 * only the low 48 bits of its seed.
	 */
	public static long mixSeed(long z) {
		z += 0x9E3779B97F4A7C15L;
		z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
		z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
		return z ^ (z >>> 31);
	}

	@Override
	public int rows() {
		return rows;
	}

	@Override
	public int cols() {
		return cols;
	}

	@Override
	public int measurements() {
		return m;
	}

	@Override
	public void apply(final double[] x, final double[] out) {
		checkLengths(x, "x", n, out, "out", m, "apply");
		for (int i = 0; i < m; i++) {
			final int base = i * n;
			double s = 0;
			for (int k = 0; k < n; k++) s += a[base + k] * x[k];
			out[i] = s;
		}
	}

	@Override
	public void adjoint(final double[] y, final double[] out) {
		checkLengths(y, "y", m, out, "out", n, "adjoint");
		Arrays.fill(out, 0);
		// Row by row (Σ_i y_i A_i) so that the stored array is read sequentially.
		for (int i = 0; i < m; i++) {
			final double yi = y[i];
			if (yi == 0) continue;
			final int base = i * n;
			for (int k = 0; k < n; k++) out[k] += yi * a[base + k];
		}
	}

	/** "gaussian m x n": the shape of the dense matrix of the operator, n = rows*cols. */
	@Override
	public String describe() {
		return "gaussian " + m + " x " + n;
	}

	@Override
	public String toString() {
		return describe() + " (" + rows + " x " + cols + " matrices)";
	}

	static void checkLengths(final double[] in, final String inName, final int inLength, final double[] out,
		final String outName, final int outLength, final String what)
	{
		if (in.length != inLength) {
			throw new IllegalArgumentException(what + ": " + inName + " has length " + in.length + ", expected "
				+ inLength);
		}
		if (out.length != outLength) {
			throw new IllegalArgumentException(what + ": " + outName + " has length " + out.length + ", expected "
				+ outLength);
		}
	}
}
