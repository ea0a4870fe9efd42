package org.deeplowrank.solver.linalg;

import java.util.Arrays;

/**
 * A dense matrix over R or C, stored row-major with split real and imaginary parts
 * (entry (i, j) is {@code re[i*cols+j] + i*im[i*cols+j]}; {@code im == null} means real).
 * <p>
 * Fields are public on purpose: kernels work on the raw arrays, EJML-style, and no
 * accessor sits in an inner loop.
 */
public final class Matrix {

	public final int rows;
	public final int cols;
	public final double[] re;
	/** Imaginary parts, or {@code null} for a real matrix. */
	public final double[] im;

	public Matrix(final int rows, final int cols, final boolean complex) {
		if (rows < 0 || cols < 0) throw new IllegalArgumentException("negative matrix size " + rows + " x " + cols);
		this.rows = rows;
		this.cols = cols;
		this.re = new double[Math.multiplyExact(rows, cols)];
		this.im = complex ? new double[rows * cols] : null;
	}

	/** Wraps the given arrays (no copy). */
	public Matrix(final int rows, final int cols, final double[] re, final double[] im) {
		if (re.length != rows * cols || (im != null && im.length != rows * cols)) {
			throw new IllegalArgumentException("array length does not match " + rows + " x " + cols);
		}
		this.rows = rows;
		this.cols = cols;
		this.re = re;
		this.im = im;
	}

	public static Matrix real(final int rows, final int cols) {
		return new Matrix(rows, cols, false);
	}

	public static Matrix complex(final int rows, final int cols) {
		return new Matrix(rows, cols, true);
	}

	/** A real matrix from row arrays (for tests and small examples). */
	public static Matrix of(final double[][] rowsData) {
		final int r = rowsData.length;
		final int c = r == 0 ? 0 : rowsData[0].length;
		final Matrix m = real(r, c);
		for (int i = 0; i < r; i++) {
			if (rowsData[i].length != c) throw new IllegalArgumentException("ragged rows");
			System.arraycopy(rowsData[i], 0, m.re, i * c, c);
		}
		return m;
	}

	public static Matrix identity(final int n, final boolean complex) {
		final Matrix m = new Matrix(n, n, complex);
		for (int i = 0; i < n; i++) m.re[i * n + i] = 1;
		return m;
	}

	public boolean isComplex() {
		return im != null;
	}

	public int size() {
		return re.length;
	}

	public double get(final int i, final int j) {
		return re[i * cols + j];
	}

	public double getIm(final int i, final int j) {
		return im == null ? 0 : im[i * cols + j];
	}

	public void set(final int i, final int j, final double value) {
		re[i * cols + j] = value;
	}

	/** A new matrix of the same shape and field, all zeros. */
	public Matrix like() {
		return new Matrix(rows, cols, isComplex());
	}

	public Matrix copy() {
		return new Matrix(rows, cols, re.clone(), im == null ? null : im.clone());
	}

	/** Copies {@code src} into this matrix (same shape; a real source zeroes the imaginary part). */
	public void setTo(final Matrix src) {
		checkSameShape(src);
		System.arraycopy(src.re, 0, re, 0, re.length);
		if (im != null) {
			if (src.im != null) System.arraycopy(src.im, 0, im, 0, im.length);
			else Arrays.fill(im, 0);
		}
	}

	public void zero() {
		Arrays.fill(re, 0);
		if (im != null) Arrays.fill(im, 0);
	}

	public boolean sameShape(final Matrix o) {
		return rows == o.rows && cols == o.cols;
	}

	public void checkSameShape(final Matrix o) {
		if (!sameShape(o)) {
			throw new IllegalArgumentException("shape mismatch: " + rows + " x " + cols + " vs " + o.rows + " x " + o.cols);
		}
	}

	@Override
	public String toString() {
		return (isComplex() ? "complex " : "real ") + rows + " x " + cols + " matrix";
	}
}
