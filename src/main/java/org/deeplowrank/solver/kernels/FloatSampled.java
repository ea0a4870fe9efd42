// Generated from DoubleSampled.java by GenerateFloatKernels (src/test/java): do not edit.
// Edit the double template and regenerate (see GenerateFloatKernels); GeneratedFloatKernelsTest
// fails while this file differs from the generator's output.
package org.deeplowrank.solver.kernels;

import java.util.Arrays;

/**
 * The Ω-only kernels of completion ({@link DenseKernels#sampledResidual} and the three after
 * it) on row-major arrays: Y and the residual R = P_Ω(W − Y) on the entries of an
 * {@link ObservedSet}, in its row order. Each kernel runs in parallel over the rows of its
 * output (over the columns for Aᵀ R) and sums every output entry in Ω's fixed row (or
 * column) order, so results do not depend on the thread count. Shapes are checked by the
 * caller. {@link #loss} sums ½‖R‖² in the same wide type in both precisions (its lines are
 * marked for the generator).
 */
final class FloatSampled implements DenseKernels.Sampled {

	/** Below this many multiply-adds a kernel runs on the calling thread. */
	private static final long PARALLEL_THRESHOLD = 1L << 18;

	final ObservedSet omega;
	private final ParallelRows parallel;
	/** Y and R on Ω, in the row order of {@link #omega}. */
	private final float[] y, r;
	/** Bᵀ of the last {@link #residual} (cols x k), and A and the output of the product in progress. */
	private float[] bt, a, out;
	/** Inner dimension of the last {@link #residual}; 0 before the first. */
	int k;

	FloatSampled(final ObservedSet omega, final ParallelRows parallel) {
		this.omega = omega;
		this.parallel = parallel;
		y = new float[omega.size()];
		r = new float[omega.size()];
		for (int e = 0; e < y.length; e++) y[e] = (float) omega.values[e];
	}

	/**
	 * r_e = (A B)_{i,c} − y_e for every observed (i, c), A (rows x k) times B (k x cols)
	 * without forming A B. Keeps Bᵀ for {@link #residualTimesTransposed}.
	 */
	void residual(final float[] a, final float[] b, final int k) {
		if (bt == null || this.k != k) {
			this.k = k;
			bt = new float[omega.cols * k];
		}
		final float[] bt = this.bt;
		final int cols = omega.cols;
		// Bᵀ once (O(k·cols)) so that every sampled entry is a dot product of two contiguous rows
		for (int p = 0; p < k; p++) for (int c = 0; c < cols; c++) bt[c * k + p] = b[p * cols + c];
		this.a = a;
		parallel.run(omega.rows, (long) r.length * k, PARALLEL_THRESHOLD, residualRows);
		this.a = null;
	}

	/** ½‖R‖² of the last {@link #residual}, summed in entry order on the calling thread (whatever the thread count). */
	double loss() { // kept double
		double sum = 0; // kept double
		for (int e = 0; e < r.length; e++) sum += (double) r[e] * r[e]; // kept double
		return 0.5 * sum; // kept double
	}

	/** r_e = A_i · Bᵀ_c − y_e for the rows lo..hi-1. */
	private final ParallelRows.Body residualRows = this::residualRowsBody;

	private void residualRowsBody(final int lo, final int hi) {
		final int k = this.k;
		final int[] rowStart = omega.rowStart, col = omega.col;
		final float[] a = this.a, bt = this.bt;
		for (int i = lo; i < hi; i++) {
			final int ai = i * k;
			for (int e = rowStart[i]; e < rowStart[i + 1]; e++) {
				final int bc = col[e] * k;
				float dot = 0;
				for (int p = 0; p < k; p++) dot += a[ai + p] * bt[bc + p];
				r[e] = dot - y[e];
			}
		}
	}

	/** {@code out <- R Bᵀ} (rows x k) with R and B of the last {@link #residual}. */
	void residualTimesTransposed(final float[] out) {
		this.out = out;
		parallel.run(omega.rows, (long) r.length * k, PARALLEL_THRESHOLD, residualTimesTransposedRows);
		this.out = null;
	}

	/** Rows lo..hi-1 of R Bᵀ. */
	private final ParallelRows.Body residualTimesTransposedRows = this::residualTimesTransposedRowsBody;

	private void residualTimesTransposedRowsBody(final int lo, final int hi) {
		final int k = this.k;
		final int[] rowStart = omega.rowStart, col = omega.col;
		final float[] o = this.out, bt = this.bt;
		for (int i = lo; i < hi; i++) {
			final int oi = i * k;
			Arrays.fill(o, oi, oi + k, 0);
			for (int e = rowStart[i]; e < rowStart[i + 1]; e++) {
				final float re = r[e];
				final int bc = col[e] * k;
				for (int p = 0; p < k; p++) o[oi + p] += re * bt[bc + p];
			}
		}
	}

	/** {@code out <- Aᵀ R} (k x cols), A rows x k, with R of the last {@link #residual}. */
	void transposedTimesResidual(final float[] a, final float[] out) {
		this.a = a;
		this.out = out;
		parallel.run(omega.cols, (long) r.length * k, PARALLEL_THRESHOLD, transposedTimesResidualCols);
		this.a = null;
		this.out = null;
	}

	/** Columns lo..hi-1 of Aᵀ R: (Aᵀ R)_{:,c} = Σ_{(i,c)∈Ω} r A_iᵀ, summed in ascending i. */
	private final ParallelRows.Body transposedTimesResidualCols = this::transposedTimesResidualColsBody;

	private void transposedTimesResidualColsBody(final int lo, final int hi) {
		final int k = this.k, cols = omega.cols;
		final int[] colStart = omega.colStart, colRow = omega.colRow, colEntry = omega.colEntry;
		final float[] o = this.out, a = this.a;
		// one column of the output summed contiguously, then stored (strided) once
		final float[] acc = new float[k];
		for (int c = lo; c < hi; c++) {
			Arrays.fill(acc, 0);
			for (int at = colStart[c]; at < colStart[c + 1]; at++) {
				final float re = r[colEntry[at]];
				final int ai = colRow[at] * k;
				for (int p = 0; p < k; p++) acc[p] += re * a[ai + p];
			}
			for (int p = 0; p < k; p++) o[p * cols + c] = acc[p];
		}
	}

	/** {@code out <- R} as a dense rows x cols matrix (zero off Ω). */
	void scatterResidual(final float[] out) {
		final int[] rowStart = omega.rowStart, col = omega.col;
		final int cols = omega.cols;
		Arrays.fill(out, 0);
		for (int i = 0; i < omega.rows; i++) {
			for (int e = rowStart[i]; e < rowStart[i + 1]; e++) out[i * cols + col[e]] = r[e];
		}
	}
}
