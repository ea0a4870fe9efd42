package org.deeplowrank.solver.kernels;

import java.util.Arrays;

/**
 * The observed set Ω of a rows x cols completion, indexed for the Ω-only kernels of both
 * precisions: row by row (CSR: the entries of row i are {@code rowStart[i] ..
 * rowStart[i+1]-1}, at columns {@code col[e]}) and column by column (the entries of column c
 * are {@code colStart[c] .. colStart[c+1]-1}, in rows {@code colRow[at]}, entry
 * {@code colEntry[at]} of the row order), with the observed values Y_Ω in the row order.
 * Entry e of the row order is the e-th ascending flat index; within a column, rows ascend.
 * Built once per run; immutable.
 */
final class ObservedSet {

	final int rows, cols;
	final int[] rowStart, col, colStart, colRow, colEntry;
	/** Y on Ω, entry e at flat index {@code observed[e]} (shared with the caller: read only). */
	final double[] values;

	/**
	 * @param observed ascending flat indices into the rows x cols matrix
	 * @param values Y at those entries ({@code values[e]} belongs to {@code observed[e]})
	 */
	ObservedSet(final int rows, final int cols, final int[] observed, final double[] values) {
		if (observed.length != values.length) throw new IllegalArgumentException("Ω has " + observed.length +
			" entries but " + values.length + " values");
		this.rows = rows;
		this.cols = cols;
		this.values = values;
		final int n = observed.length;
		rowStart = new int[rows + 1];
		colStart = new int[cols + 1];
		col = new int[n];
		colRow = new int[n];
		colEntry = new int[n];
		int prev = -1;
		for (int e = 0; e < n; e++) {
			final int f = observed[e];
			if (f <= prev || f >= rows * cols) throw new IllegalArgumentException("Ω indices must ascend within the matrix");
			prev = f;
			rowStart[f / cols + 1]++;
			colStart[f % cols + 1]++;
			col[e] = f % cols;
		}
		for (int i = 0; i < rows; i++) rowStart[i + 1] += rowStart[i];
		for (int c = 0; c < cols; c++) colStart[c + 1] += colStart[c];
		final int[] fill = Arrays.copyOf(colStart, cols);
		// entries in ascending flat order: within a column, rows ascend
		for (int e = 0; e < n; e++) {
			final int at = fill[col[e]]++;
			colRow[at] = observed[e] / cols;
			colEntry[at] = e;
		}
	}

	/** |Ω|. */
	int size() {
		return col.length;
	}

	/** The factors of a residual on Ω: A (rows x k) and B (k x cols). */
	void checkFactors(final DenseKernels.Buffer a, final DenseKernels.Buffer b) {
		if (b.rows() != a.cols() || a.rows() != rows || b.cols() != cols) throw new IllegalArgumentException(
			"sampledResidual shape mismatch");
	}

	/** The output of R Bᵀ: rows x k, k the inner dimension of the last residual. */
	void checkResidualTimesTransposed(final DenseKernels.Buffer out, final int k) {
		if (out.rows() != rows || out.cols() != k) throw new IllegalArgumentException(
			"residualTimesTransposed shape mismatch");
	}

	/** A (rows x k) and the output of Aᵀ R (k x cols), k the inner dimension of the last residual. */
	void checkTransposedTimesResidual(final DenseKernels.Buffer a, final DenseKernels.Buffer out, final int k) {
		if (a.rows() != rows || a.cols() != k || out.rows() != k || out.cols() != cols) {
			throw new IllegalArgumentException("transposedTimesResidual shape mismatch");
		}
	}

	/** A dense rows x cols output. */
	void checkDense(final DenseKernels.Buffer out) {
		if (out.rows() != rows || out.cols() != cols) throw new IllegalArgumentException("scatterResidual shape mismatch");
	}
}
