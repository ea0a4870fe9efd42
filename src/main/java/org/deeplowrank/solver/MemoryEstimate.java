package org.deeplowrank.solver;

import java.util.Locale;

import org.deeplowrank.solver.gd.DeepFactorization;
import org.deeplowrank.solver.problem.HankelLifting;
import org.deeplowrank.solver.problem.OperatorKind;

/**
 * Estimated Java heap, in bytes, that one matrix solver needs for one rows x cols matrix
 * beyond the matrix, its mask and its result (which the caller counts): what the image
 * layer adds up before a run to refuse one that cannot fit, with a message naming the
 * tile size, stride or operator that does (the run is never changed automatically: the
 * same inputs must give the same output on every machine).
 * <p>
 * Each estimate is a count of full-size copies, read from the code and checked against
 * the smallest {@code -Xmx} that runs (the figures are in each method's comment; G1, the
 * default collector, 12 iterations so that log steps are included). They are estimates for
 * sizing the heap, not bounds: a run that is close to the limit may still fail, and one
 * slightly above it may still run.
 */
public final class MemoryEstimate {

	/**
	 * Copies of all layers a GD run holds: the layers, their gradients and the spare copy,
	 * the kernels' copy, the initialization kept for the result, and at full width the N − 1
	 * prefix and backpropagated products (each the size of a layer). Fitted with
	 * {@link #PRODUCT_COPIES} to the smallest -Xmx that runs (see {@link #gdBytes}).
	 */
	static final int LAYER_COPIES = 5;
	/** Copies of the rows x cols product beyond the layers' (residual, normalized target). */
	static final int PRODUCT_COPIES = 1;

	private MemoryEstimate() {}

	/**
	 * Working heap of a completion of a rows x cols matrix with {@code method} and
	 * {@code lifting} and the other keys of {@code s} (everything but the matrix, its mask
	 * and the returned reconstruction).
	 */
	public static long completionBytes(final Method method, final LiftingSettings lifting, final int rows,
		final int cols, final SolverSettings s)
	{
		final long n = (long) rows * cols;
		// the nonlocal groups: linear in the pixels (NonlocalSettings#memoryBytes), whatever completes a group
		if (lifting.kind() == Lifting.NONLOCAL) return s.nonlocal().memoryBytes(rows, cols, s.threads());
		switch (method) {
			case AUTO:
				// the candidates run one after the other (whole matrix as gd, nonlocal groups, biharmonic);
				// their held-out estimates and the blend are kept: about 4 more planes
				return Math.max(gdBytes(rows, cols, s.gd().depth(), s.gd().width(), 0), Math.max(s.nonlocal().memoryBytes(
					rows, cols, s.threads()), 8L * 9 * n)) + 8L * 4 * n;
			case GD:
				if (lifting.hankel()) return liftedBytes(rows, cols, lifting, s.gd().depth());
				return gdBytes(rows, cols, s.gd().depth(), s.gd().width(), 0);
			case GLRL:
				if (lifting.hankel()) return liftedBytes(rows, cols, lifting, s.gd().depth());
				// GLRL: product, gradient, Lanczos vectors and the last layer of up to max_rank columns
				// (0 = min(rows, cols)), the nuclear norm's SVD of the product at the end (EJML: about 3 copies)
				return 8L * (8 * n + glrlLayerEntries(rows, cols, s)) + svdBytes(rows, cols);
			case SOFTIMPUTE:
				// iterate, target, shrunk product and EJML's SVD of the full matrix (its copy, U, V) at each step
				return 8L * 6 * n + svdBytes(rows, cols);
			case HARMONIC:
			case BIHARMONIC:
				// CG on the missing pixels: the image, the Laplacian, r, z, d, q and the solution (about 9 vectors)
				return 8L * 9 * n;
			default:
				return 8L * 8 * n;
		}
	}

	/**
	 * Working heap of sensing a rows x cols matrix with {@code measurements} measurements:
	 * the operator (gaussian: a dense measurements x pixels matrix; fast: a few pixel-sized
	 * work vectors), the measurements and their copies, and the GD run on the adjoint.
	 */
	public static long sensingBytes(final int rows, final int cols, final long measurements,
		final OperatorKind operator, final SolverSettings s)
	{
		final long n = (long) rows * cols;
		final long op = operator == OperatorKind.GAUSSIAN ? 8L * measurements * n : 8L * 3 * nextPow2(n);
		return op + 8L * 4 * measurements + gdBytes(rows, cols, s.gd().depth(), s.gd().width(), 2 * n);
	}

	/**
	 * Deep GD on a rows x cols matrix: {@link #LAYER_COPIES} of every layer,
	 * {@link #PRODUCT_COPIES} of the product, the singular values of the log steps (a k x k
	 * Gram matrix and EJML's copy, k = min(rows, cols)) and {@code extraDoubles} more.
	 * Smallest -Xmx that runs Complete Masked Image (java backend, 12 iterations, G1)
	 * against this estimate plus the image's copies and the runtime
	 * ({@code image.MemoryBudget}): 512² depth 3 58 MB (estimate 67 MB), 768² depth 3 94 MB
	 * (120 MB), 512² depth 5 81 MB (87 MB); precision=double needs the same as float.
	 */
	static long gdBytes(final int rows, final int cols, final int depth, final int width, final long extraDoubles) {
		final int[] dims = DeepFactorization.dims(rows, cols, Math.max(depth, 1), width);
		long layers = 0;
		for (int j = 1; j < dims.length; j++) {
			final long e = (long) dims[j] * dims[j - 1];
			// a layer no array can hold is refused by the solver itself, with a message naming 'width'
			if (e > Integer.MAX_VALUE - 8) return 0;
			layers += e;
		}
		final long n = (long) rows * cols;
		return 8L * (LAYER_COPIES * layers + PRODUCT_COPIES * n + extraDoubles) + gramBytes(Math.min(rows, cols));
	}

	/** The log steps' singular values: a k x k Gram matrix and EJML's copy of it. */
	static long gramBytes(final int k) {
		return 8L * 2 * k * k;
	}

	/** EJML's SVD of a rows x cols matrix: its copy, U (rows x k), V (k x cols) and the workspace. */
	static long svdBytes(final int rows, final int cols) {
		final long k = Math.min(rows, cols);
		return 8L * (2L * rows * cols + k * rows + k * cols + 3 * k * k);
	}

	private static long glrlLayerEntries(final int rows, final int cols, final SolverSettings s) {
		final int r = s.glrl().maxRank() > 0 ? Math.min(s.glrl().maxRank(), Math.min(rows, cols)) : Math.min(rows, cols);
		final long perLayer = (long) r * (rows + cols) + (long) r * r * Math.max(s.gd().depth() - 2, 0);
		return 4 * perLayer;
	}

	private static long liftedBytes(final int rows, final int cols, final LiftingSettings l, final int depth) {
		if (rows < l.patch() || cols < l.patch()) return 0; // refused with its own message by the lifting
		return HankelLifting.liftedBytes(rows, cols, l.patch(), l.stride(), depth);
	}

	private static long nextPow2(final long n) {
		long p = 1;
		while (p < n) p <<= 1;
		return p;
	}

	/** "740 MB", "3.1 GB": a heap size for messages. */
	public static String size(final long bytes) {
		if (bytes < 1_000_000_000L) return String.format(Locale.ROOT, "%d MB", (bytes + 999_999) / 1_000_000);
		return String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
	}

	/**
	 * The {@code -Xmx} option that holds {@code bytes} with the margin of the budget
	 * ({@code bytes / fraction}, rounded up to whole gigabytes, or to 64 MB below 1 GB).
	 */
	public static String xmx(final long bytes, final double fraction) {
		final double need = bytes / fraction;
		final long mb = (long) Math.ceil(need / (1 << 20));
		if (mb < 1024) return "-Xmx" + ((mb + 63) / 64 * 64) + "m";
		return "-Xmx" + (long) Math.ceil(mb / 1024.0) + "g";
	}
}
