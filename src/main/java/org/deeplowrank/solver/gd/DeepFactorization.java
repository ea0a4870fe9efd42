package org.deeplowrank.solver.gd;

import org.deeplowrank.solver.kernels.JavaBackend;
import org.deeplowrank.solver.linalg.Matrix;

/**
 * The layers W_1..W_N of a deep factorization W = W_N ⋯ W_1, W_j ∈ F^{d_j × d_{j-1}}
 * (METHOD.md §1): d_0 = columns of the target, d_N = rows.
 */
public final class DeepFactorization {

	private final Matrix[] layers;

	/** @param layers W_1 first; consecutive shapes must chain and share the field */
	public DeepFactorization(final Matrix... layers) {
		if (layers.length == 0) throw new IllegalArgumentException("depth must be >= 1");
		for (int j = 1; j < layers.length; j++) {
			if (layers[j].cols != layers[j - 1].rows) {
				throw new IllegalArgumentException("layer " + (j + 1) + " has " + layers[j].cols + " columns but layer " + j +
					" has " + layers[j - 1].rows + " rows");
			}
			if (layers[j].isComplex() != layers[0].isComplex()) throw new IllegalArgumentException("mixed fields");
		}
		this.layers = layers.clone();
	}

	/**
	 * Layer sizes d_0..d_N for a rows x cols target: every hidden width is {@code width},
	 * or min(rows, cols) when {@code width == 0} (the width condition of ACGH §3.2.1).
	 */
	public static int[] dims(final int rows, final int cols, final int depth, final int width) {
		if (depth < 1) throw new IllegalArgumentException("depth must be >= 1, got " + depth);
		final int[] d = new int[depth + 1];
		final int h = width > 0 ? width : Math.min(rows, cols);
		d[0] = cols;
		for (int j = 1; j < depth; j++) d[j] = h;
		d[depth] = rows;
		return d;
	}

	public int depth() {
		return layers.length;
	}

	/** W_j, 1-based as in the papers (the live matrix, not a copy). */
	public Matrix layer(final int j) {
		return layers[j - 1];
	}

	/** The layer array, W_1 first (live). */
	public Matrix[] layers() {
		return layers;
	}

	public boolean isComplex() {
		return layers[0].isComplex();
	}

	/** d_0..d_N. */
	public int[] dims() {
		final int[] d = new int[layers.length + 1];
		d[0] = layers[0].cols;
		for (int j = 0; j < layers.length; j++) d[j + 1] = layers[j].rows;
		return d;
	}

	public DeepFactorization copy() {
		final Matrix[] c = new Matrix[layers.length];
		for (int j = 0; j < c.length; j++) c[j] = layers[j].copy();
		return new DeepFactorization(c);
	}

	/** The product W_N ⋯ W_1 (allocates; for tests and final results). */
	public Matrix product(final JavaBackend backend) {
		Matrix p = layers[0].copy();
		for (int j = 1; j < layers.length; j++) {
			final Matrix next = new Matrix(layers[j].rows, p.cols, isComplex());
			backend.mult(layers[j], p, next);
			p = next;
		}
		return p;
	}

	/** Δ_{j,j+1} = W_j W_j^H − W_{j+1}^H W_{j+1} into {@code out} (d_j x d_j), 1 ≤ j < N. */
	public void imbalance(final int j, final JavaBackend backend, final Matrix out) {
		final Matrix wj = layers[j - 1], wn = layers[j];
		backend.gemm(false, wj, true, wj, 1, 0, out);
		backend.gemm(true, wn, false, wn, -1, 1, out);
	}
}
