package org.deeplowrank.solver.problem;

import java.util.Arrays;
import java.util.Random;

/**
 * A structured random sensing operator for image-sized matrices: the subsampled
 * randomized Hadamard transform (SRHT; Ailon &amp; Chazelle 2006, Tropp 2011), the usual
 * fast stand-in for a dense Gaussian operator. With n = rows*cols and
 * Npad = the next power of two &ge; n,
 * <pre>
 *   𝒜  = sqrt(Npad/m) · S · H · D · P
 *   𝒜* = sqrt(Npad/m) · Pᵀ · D · H · Sᵀ
 * </pre>
 * where P zero-pads the row-major vectorized matrix to length Npad, D is a random ±1
 * diagonal, H the orthonormal Walsh–Hadamard transform (symmetric, H² = I) and S keeps m
 * distinct coordinates chosen uniformly at random. Since {@code E[SᵀS] = (m/Npad) I},
 * {@code E[𝒜*𝒜] = PᵀDH·HDP = PᵀP = I} on R^n: the same normalization as the Gaussian
 * operator with N(0, 1/m) entries ({@link GaussianSensingOperator}), so the two can be
 * swapped without retuning the step size. The adjoint is exact, not approximate.
 * <p>
 * Why: a dense Gaussian operator on a 512 x 512 image with m = n/4 would hold
 * 2^34 doubles. This one stores only the m selected indices, Npad sign bits and one
 * workspace of Npad doubles, and an application costs one in-place fast Walsh–Hadamard
 * transform, O(Npad log Npad) = O(n log n) operations, with no allocation.
 * <p>
 * Determinism: one {@link Random} seeded with
 * {@link GaussianSensingOperator#mixSeed(long) mixSeed(seed ^ SALT)} first draws the
 * signs (64 per {@link Random#nextLong()}, bit k set means D_kk = −1), then the rows of S
 * by selection sampling (Knuth's Algorithm S, TAOCP vol. 2 §3.4.2), which picks each
 * m-subset with equal probability and yields the indices already sorted.
 * <p>
 * Not thread-safe: {@link #apply} and {@link #adjoint} share the workspace.
 */
public final class FastSensingOperator implements SensingOperator {

	/** Largest padded length: the workspace must fit one Java array. */
	public static final int MAX_PADDED = 1 << 30;

	/** Separates this operator's random stream from other uses of the same seed. */
	private static final long SALT = 0x2545F4914F6CDD1DL;

	private final int rows;
	private final int cols;
	private final int m;
	private final int n;
	private final int npad;
	/** Sign bits of D: bit (k &amp; 63) of signs[k &gt;&gt;&gt; 6] set means D_kk = −1. */
	private final long[] signs;
	/** Rows of H kept by S, strictly increasing. */
	private final int[] selected;
	/** sqrt(Npad/m) times the 1/sqrt(Npad) of the orthonormal H: 1/sqrt(m). */
	private final double scale;
	private final double[] work;

	/**
	 * @param rows rows of the sensed matrices, at least 1
	 * @param cols columns of the sensed matrices, at least 1
	 * @param m number of measurements, 1..Npad where Npad is the next power of two
	 *          &ge; rows*cols
	 * @param seed seed of D and S; the same seed gives the same operator
	 * @throws IllegalArgumentException for invalid sizes or m
	 */
	public FastSensingOperator(final int rows, final int cols, final int m, final long seed) {
		if (rows < 1 || cols < 1) {
			throw new IllegalArgumentException("fast sensing operator: matrix size " + rows + " x " + cols
				+ " is invalid; rows and cols must be at least 1");
		}
		final long nl = (long) rows * cols;
		if (nl > MAX_PADDED) {
			throw new IllegalArgumentException("fast sensing operator: " + rows + " x " + cols + " = " + nl
				+ " entries is too large; at most " + MAX_PADDED + " (2^30) entries are supported");
		}
		this.rows = rows;
		this.cols = cols;
		this.n = (int) nl;
		this.npad = nextPowerOfTwo(n);
		if (m < 1 || m > npad) {
			throw new IllegalArgumentException("fast sensing operator: measurements m = " + m + " is invalid for "
				+ rows + " x " + cols + "; m must be between 1 and " + npad
				+ " (the next power of two >= rows*cols)");
		}
		this.m = m;
		this.scale = 1 / Math.sqrt(m);

		final Random rng = new Random(GaussianSensingOperator.mixSeed(seed ^ SALT));
		signs = new long[(npad + 63) >>> 6];
		for (int w = 0; w < signs.length; w++) signs[w] = rng.nextLong();

		// Algorithm S: keep index t with probability (needed) / (remaining candidates).
		selected = new int[m];
		int count = 0;
		for (int t = 0; t < npad && count < m; t++) {
			if (rng.nextInt(npad - t) < m - count) selected[count++] = t;
		}
		work = new double[npad];
	}

	static int nextPowerOfTwo(final int n) {
		return n <= 1 ? 1 : Integer.highestOneBit(n - 1) << 1;
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

	/** Padded length Npad, the size of the Hadamard transform. */
	public int paddedLength() {
		return npad;
	}

	/** The rows of H kept by S, increasing (a copy). */
	public int[] selectedRows() {
		return selected.clone();
	}

	private boolean negative(final int k) {
		return (signs[k >>> 6] >>> (k & 63) & 1L) != 0;
	}

	@Override
	public void apply(final double[] x, final double[] out) {
		GaussianSensingOperator.checkLengths(x, "x", n, out, "out", m, "apply");
		// D P x
		for (int k = 0; k < n; k++) work[k] = negative(k) ? -x[k] : x[k];
		Arrays.fill(work, n, npad, 0);
		fwht(work);
		// sqrt(Npad/m) S (unnormalized H / sqrt(Npad))
		for (int i = 0; i < m; i++) out[i] = scale * work[selected[i]];
	}

	@Override
	public void adjoint(final double[] y, final double[] out) {
		GaussianSensingOperator.checkLengths(y, "y", m, out, "out", n, "adjoint");
		// Sᵀ y
		Arrays.fill(work, 0);
		for (int i = 0; i < m; i++) work[selected[i]] = y[i];
		fwht(work);
		// sqrt(Npad/m) Pᵀ D (H = unnormalized / sqrt(Npad))
		for (int k = 0; k < n; k++) {
			final double v = scale * work[k];
			out[k] = negative(k) ? -v : v;
		}
	}

	/**
	 * In-place unnormalized fast Walsh–Hadamard transform (Sylvester ordering), length a
	 * power of two: log2(N) butterfly passes, N log2 N additions. Dividing by sqrt(N)
	 * gives the orthonormal, symmetric H; the callers fold that into {@link #scale}.
	 */
	static void fwht(final double[] a) {
		final int len = a.length;
		for (int h = 1; h < len; h <<= 1) {
			for (int i = 0; i < len; i += h << 1) {
				for (int j = i, end = i + h; j < end; j++) {
					final double u = a[j];
					final double v = a[j + h];
					a[j] = u + v;
					a[j + h] = u - v;
				}
			}
		}
	}

	/** "fast (randomized Hadamard) m of Npad". */
	@Override
	public String describe() {
		return "fast (randomized Hadamard) " + m + " of " + npad;
	}

	@Override
	public String toString() {
		return describe() + " (" + rows + " x " + cols + " matrices)";
	}
}
