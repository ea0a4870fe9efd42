package org.deeplowrank.solver.problem;

import java.util.Locale;

import org.deeplowrank.solver.linalg.Matrix;

/**
 * Patch (block-Hankel) lifting of an image: the rows x cols image becomes the
 * p² x P matrix whose column k is the k-th p x p patch, vectorized row by row (lifted row
 * {@code dy*p + dx} holds the patch pixel at offset (dy, dx)); P = the number of patch
 * positions. Positions lie on a grid of step {@code stride} in both directions, and the
 * last position (rows − p, resp. cols − p) is always included, so every pixel is covered
 * by at least one patch. Columns are ordered row by row over the positions (top-left
 * first). A lifted entry is observed iff its pixel is. {@link #unlift} maps back by
 * averaging all the patch estimates of each pixel.
 * <p>
 * <b>Why lifting helps.</b> A natural image is only approximately low rank as a matrix:
 * an edge or texture that is not aligned with the axes needs many rank-one terms, and a
 * fully missing row or column cannot be completed at all in the image domain (nothing
 * constrains its factor). Its patch matrix is much closer to low rank: patches of natural
 * images are self-similar and concentrate near a low-dimensional subspace, so the lifted
 * singular values decay much faster. The model case is exact: a 2-D complex exponential
 * e^{i(a y + b x)} lifts to a rank-one matrix (patch at (y0, x0) = e^{i(a y0 + b x0)}
 * times a fixed patch), so a sum of r real 2-D sinusoids cos(a y + b x + φ), whatever
 * their frequencies and orientations, lifts to a matrix of rank ≤ 2r, as soon as
 * p² ≥ 2r (the spectral-compressed-sensing / EMaC argument). Every pixel appears in up to
 * (p/stride)² lifted entries, so the lifted problem also has many more observations per
 * degree of freedom, and a missing row is seen through the patches that straddle it.
 * <p>
 * <b>Cost and stride.</b> One lifted copy holds P·p² doubles, about (p/stride)² times the
 * image, and a deep GD run keeps about 2·depth + 11 copies ({@link #liftedBytes}); each
 * iteration costs about 6·p⁴·P multiply-adds (depth 3, full width p²). For a 2048 x 2048
 * image with p = 8: stride 1 gives P = 2041² ≈ 4.2 M patches, 2.1 GB per copy, about 36 GB
 * for a depth-3 run and on the order of a minute per iteration; stride 2 gives 0.53 GB per
 * copy (≈ 9 GB), stride 4 gives 0.13 GB per copy (≈ 2.3 GB; each pixel still in 4 patches),
 * stride 8 (= p, no overlap) 34 MB per copy. For big images use stride p/4 … p/2, or
 * process tiles (with overlapping margins) one at a time. The hidden width of the
 * factorization is min(p², P), normally p², so the layers are small; the cost is in the
 * p² x P matrices, never in anything of size P x P.
 */
public final class HankelLifting {

	/** Copies of the lifted matrix a deep GD run keeps beyond {@code 2·depth}: see {@link #liftedBytes}. */
	static final int EXTRA_COPIES = 11;

	private final int rows, cols, patch, stride;
	/** Top-left corners of the patches along y and x. */
	private final int[] ys, xs;
	/** Number of patches covering each pixel. */
	private final int[] count;

	/**
	 * @param rows image height
	 * @param cols image width
	 * @param patch p, 1 ≤ p ≤ min(rows, cols)
	 * @param stride s, 1 ≤ s ≤ p (larger steps would leave pixels uncovered)
	 */
	public HankelLifting(final int rows, final int cols, final int patch, final int stride) {
		checkArguments(rows, cols, patch, stride);
		this.rows = rows;
		this.cols = cols;
		this.patch = patch;
		this.stride = stride;
		ys = positions(rows, patch, stride);
		xs = positions(cols, patch, stride);
		final long entries = (long) ys.length * xs.length * patch * patch;
		if (entries > Integer.MAX_VALUE - 16) {
			throw new IllegalArgumentException(String.format(Locale.ROOT,
				"the patch matrix of a %d x %d image with patch %d and stride %d would have %d entries, more than one " +
					"Java array holds; use a larger 'stride' or split the image into tiles", cols, rows, patch, stride,
				entries));
		}
		count = new int[rows * cols];
		final int[] cy = coverage(rows, ys, patch), cx = coverage(cols, xs, patch);
		for (int y = 0; y < rows; y++) {
			for (int x = 0; x < cols; x++) count[y * cols + x] = cy[y] * cx[x];
		}
	}

	/** Validates the lifting parameters with messages naming the key and the valid range. */
	static void checkArguments(final int rows, final int cols, final int patch, final int stride) {
		if (rows < 1 || cols < 1) throw new IllegalArgumentException("the image is empty (" + cols + " x " + rows + ")");
		final int max = Math.min(rows, cols);
		if (patch < 1 || patch > max) {
			throw new IllegalArgumentException("bad value for 'patch': " + patch + " (expected 1..min(width, height) = " +
				max + ")");
		}
		if (stride < 1 || stride > patch) {
			throw new IllegalArgumentException("bad value for 'stride': " + stride + " (expected 1..patch = " + patch +
				"; a step larger than the patch would leave pixels uncovered)");
		}
	}

	/** 0, s, 2s, … ≤ n − p, plus n − p if the grid misses it. */
	static int[] positions(final int n, final int p, final int s) {
		final int last = n - p;
		final int k = last / s + 1 + (last % s == 0 ? 0 : 1);
		final int[] pos = new int[k];
		for (int i = 0; i < k; i++) pos[i] = Math.min(i * s, last);
		return pos;
	}

	private static int[] coverage(final int n, final int[] pos, final int p) {
		final int[] c = new int[n];
		for (final int q : pos) for (int d = 0; d < p; d++) c[q + d]++;
		return c;
	}

	/** Number of patches P for these parameters (validated as in the constructor). */
	public static long patchCount(final int rows, final int cols, final int patch, final int stride) {
		checkArguments(rows, cols, patch, stride);
		return (long) positions(rows, patch, stride).length * positions(cols, patch, stride).length;
	}

	/**
	 * Estimated Java heap, in bytes, for a deep GD completion of the lifted matrix: one
	 * lifted copy is P·p²·8 bytes, and a run of depth N needs about 2N + 11 of them. In GD:
	 * the first layer W_1 (p² x P), its gradient and spare copy, the best-validation copy,
	 * N − 1 prefix products, N − 1 backpropagated products and the data gradient; around it:
	 * the lifted image, the normalized target, the lifted and scaled reference, the mask and
	 * observed-index lists, the GEMM transpose buffer, the SVD copies at log steps and the
	 * final product. Checked against the smallest -Xmx that runs (256 x 256, p = 8, stride 1,
	 * one copy 32 MB: depth 3 needs ≈ 550 MB = 17 copies, depth 5 ≈ 650 MB). Layers of size
	 * p² x p² are negligible and nothing of size P x P is ever formed. An estimate for sizing
	 * the heap and choosing the stride, not a bound.
	 */
	public static long liftedBytes(final int rows, final int cols, final int patch, final int stride, final int depth) {
		final long copy = patchCount(rows, cols, patch, stride) * patch * patch * 8L;
		final long imageBytes = (long) rows * cols * 8L;
		return copy * (2L * Math.max(depth, 1) + EXTRA_COPIES) + 4 * imageBytes;
	}

	/**
	 * Refuses a lifted run that would not fit in {@code availableBytes} of heap (by
	 * {@link #liftedBytes}, with 10 % left for everything else), with a message naming the
	 * smallest {@code stride} that fits, or saying that none does. The stride is not
	 * changed automatically: the result would then depend on the machine's heap, and the
	 * same inputs must give the same output everywhere.
	 */
	public static void checkMemory(final int rows, final int cols, final int patch, final int stride, final int depth,
		final long availableBytes)
	{
		final long need = liftedBytes(rows, cols, patch, stride, depth);
		final long budget = (long) (0.9 * availableBytes);
		if (need <= budget) return;
		int fits = -1;
		for (int s = stride + 1; s <= patch && fits < 0; s++) {
			if (liftedBytes(rows, cols, patch, s, depth) <= budget) fits = s;
		}
		final String head = String.format(Locale.ROOT, "lifting=hankel of a %d x %d image with patch %d and stride %d " +
			"needs about %s of Java heap (depth %d), more than the %s available", cols, rows, patch, stride, gigabytes(need),
			depth, gigabytes(availableBytes));
		final int tile = largestTile(patch, stride, depth, budget);
		final String tiles = tile > 0 ? String.format(Locale.ROOT, "tiles of at most %d pixels with stride %d (tile=%d; " +
			"each tile is lifted alone)", tile, stride, tile) : "tiles (tile=...)";
		if (fits > 0) {
			throw new IllegalArgumentException(String.format(Locale.ROOT, "%s: use stride=%d (about %s; each pixel is " +
				"still in up to %d patches), or give Java more memory (-Xmx), or %s", head, fits, gigabytes(liftedBytes(rows,
					cols, patch, fits, depth)), sq((patch + fits - 1) / fits), tiles));
		}
		throw new IllegalArgumentException(String.format(Locale.ROOT, "%s, even with stride=%d (about %s): give Java " +
			"more memory (-Xmx), use a smaller 'patch', or %s", head, patch, gigabytes(liftedBytes(rows, cols, patch, patch,
				depth)), tiles));
	}

	/**
	 * The largest square tile side (a multiple of 64, at least 64) whose lifted run fits in
	 * {@code budget} bytes, or 0 when not even 64 does: what to suggest for the 'tile' key.
	 */
	static int largestTile(final int patch, final int stride, final int depth, final long budget) {
		int best = 0;
		for (int t = 64; t <= 1 << 16; t += 64) {
			if (t < patch || liftedBytes(t, t, patch, stride, depth) > budget) {
				if (t >= patch) break;
				continue;
			}
			best = t;
		}
		return best;
	}

	private static int sq(final int x) {
		return x * x;
	}

	private static String gigabytes(final long bytes) {
		return String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
	}

	/** The p² x P patch matrix of {@code image} (imaginary parts lifted too, if any). */
	public Matrix lift(final Matrix image) {
		checkImage(image.rows, image.cols, "image");
		final Matrix out = new Matrix(liftedRows(), liftedCols(), image.isComplex());
		liftArray(image.re, out.re);
		if (image.im != null) liftArray(image.im, out.im);
		return out;
	}

	/** The lifted mask: entry observed iff its pixel is; null (nothing missing) stays null. */
	public boolean[] liftMissing(final boolean[] missing) {
		if (missing == null) return null;
		if (missing.length != rows * cols) {
			throw new IllegalArgumentException("mask has " + missing.length + " pixels but the image has " + rows * cols);
		}
		final int n = liftedCols();
		final boolean[] out = new boolean[liftedRows() * n];
		for (int dy = 0; dy < patch; dy++) {
			for (int dx = 0; dx < patch; dx++) {
				int o = (dy * patch + dx) * n;
				for (final int y0 : ys) {
					final int base = (y0 + dy) * cols + dx;
					for (final int x0 : xs) out[o++] = missing[base + x0];
				}
			}
		}
		return out;
	}

	/**
	 * Flat indices (row-major in the p² x P lifted matrix), ascending, of every lifted
	 * entry of the given pixels (flat image indices): what a held-out validation set of
	 * pixels becomes in the lifted domain.
	 */
	public int[] liftedIndices(final int[] pixels) {
		final boolean[] chosen = new boolean[rows * cols];
		for (final int k : pixels) {
			if (k < 0 || k >= chosen.length) throw new IndexOutOfBoundsException("pixel " + k + " of " + chosen.length);
			chosen[k] = true;
		}
		final boolean[] lifted = liftMissing(chosen);
		int n = 0;
		for (final boolean b : lifted) if (b) n++;
		final int[] out = new int[n];
		int c = 0;
		for (int i = 0; i < lifted.length; i++) if (lifted[i]) out[c++] = i;
		return out;
	}

	private void liftArray(final double[] src, final double[] dst) {
		final int n = liftedCols();
		for (int dy = 0; dy < patch; dy++) {
			for (int dx = 0; dx < patch; dx++) {
				int o = (dy * patch + dx) * n;
				for (final int y0 : ys) {
					final int base = (y0 + dy) * cols + dx;
					for (final int x0 : xs) dst[o++] = src[base + x0];
				}
			}
		}
	}

	/**
	 * The image whose pixel is the average of all its estimates in {@code lifted} (one per
	 * covering patch; fewer at the borders when the positions do not overlap evenly).
	 * This is the adjoint of {@link #lift} followed by division by the coverage count, i.e.
	 * the least-squares image closest to the lifted matrix; for a lifted image it is the
	 * exact inverse.
	 */
	public Matrix unlift(final Matrix lifted) {
		if (lifted.rows != liftedRows() || lifted.cols != liftedCols()) {
			throw new IllegalArgumentException("lifted matrix is " + lifted.rows + " x " + lifted.cols + " but this " +
				"lifting makes " + liftedRows() + " x " + liftedCols());
		}
		final Matrix out = new Matrix(rows, cols, lifted.isComplex());
		unliftArray(lifted.re, out.re);
		if (lifted.im != null) unliftArray(lifted.im, out.im);
		return out;
	}

	private void unliftArray(final double[] src, final double[] dst) {
		final int n = liftedCols();
		for (int dy = 0; dy < patch; dy++) {
			for (int dx = 0; dx < patch; dx++) {
				int o = (dy * patch + dx) * n;
				for (final int y0 : ys) {
					final int base = (y0 + dy) * cols + dx;
					for (final int x0 : xs) dst[base + x0] += src[o++];
				}
			}
		}
		for (int k = 0; k < dst.length; k++) dst[k] /= count[k];
	}

	private void checkImage(final int r, final int c, final String what) {
		if (r != rows || c != cols) {
			throw new IllegalArgumentException(what + " is " + c + " x " + r + " but the lifting was made for " + cols +
				" x " + rows);
		}
	}

	/** Number of patches P (= lifted columns). */
	public int patches() {
		return ys.length * xs.length;
	}

	/** p². */
	public int liftedRows() {
		return patch * patch;
	}

	/** P. */
	public int liftedCols() {
		return patches();
	}

	public int patch() {
		return patch;
	}

	public int stride() {
		return stride;
	}

	public int rows() {
		return rows;
	}

	public int cols() {
		return cols;
	}

	/** Number of patches that cover pixel (y, x). */
	public int coverage(final int y, final int x) {
		return count[y * cols + x];
	}

	/** Top-left corner (y0, x0) of patch (lifted column) k. */
	public int[] position(final int k) {
		if (k < 0 || k >= patches()) throw new IndexOutOfBoundsException("patch " + k + " of " + patches());
		return new int[] { ys[k / xs.length], xs[k % xs.length] };
	}

	@Override
	public String toString() {
		return String.format(Locale.ROOT, "patch lifting %d x %d -> %d x %d (patch %d, stride %d)", cols, rows,
			liftedRows(), liftedCols(), patch, stride);
	}
}
