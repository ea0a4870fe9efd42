package org.deeplowrank.solver.linalg;

import java.util.Random;

/**
 * The top k singular values of a matrix A that is only applied to thin blocks (A X and
 * Aᴴ Y for k-column X, Y), by warm-started block subspace iteration: Q ← orth(Aᴴ A Q) for a
 * few sweeps, then the singular values of A Q (the Ritz values of the subspace, a rows x k
 * SVD). Q is kept between calls, so for a slowly changing A (the iterates of gradient
 * descent, logged every few steps) one or two sweeps per call keep it on the top singular
 * subspace: O(rows·cols·k) per sweep instead of a dense decomposition of A. The values
 * converge from below; σ_i is accurate once (σ_{k+1}/σ_i)^{2·sweeps} is small, which is why
 * the block holds more columns than the values the caller needs.
 */
public final class SubspaceIteration {

	/** A matrix given by its products with thin blocks. */
	public interface BlockOperator {
		/** y ← A x (x is cols x k, y rows x k). */
		void apply(Matrix x, Matrix y);

		/** x ← Aᴴ y. */
		void applyAdjoint(Matrix y, Matrix x);
	}

	private final int rows, cols, k;
	private final boolean complex;
	private final Random rnd;
	private Matrix q, z;
	private final Matrix y;
	private double[] values = new double[0];

	/**
	 * @param k block size (≤ min(rows, cols))
	 * @param seed seeds the starting block (and the replacement of columns that vanish), so
	 *          that the same inputs give the same values
	 */
	public SubspaceIteration(final int rows, final int cols, final int k, final boolean complex, final long seed) {
		if (k < 1 || k > Math.min(rows, cols)) {
			throw new IllegalArgumentException("block size " + k + " outside [1, " + Math.min(rows, cols) + "]");
		}
		this.rows = rows;
		this.cols = cols;
		this.k = k;
		this.complex = complex;
		this.rnd = new Random(seed);
		q = Orthonormal.haarColumns(cols, k, complex, rnd);
		z = new Matrix(cols, k, complex);
		y = new Matrix(rows, k, complex);
	}

	/** The block size for {@code wanted} values of a rows x cols matrix: 10 more columns, at most min(rows, cols). */
	public static int blockFor(final int wanted, final int rows, final int cols) {
		return Math.min(Math.min(rows, cols), Math.max(1, wanted) + 10);
	}

	/**
	 * Whether the subspace iteration is cheaper than a dense decomposition for {@code wanted}
	 * values of a rows x cols matrix: when the block is at most a quarter of the smaller side
	 * (below that a dense SVD of the small matrix costs about as much as a few sweeps).
	 */
	public static boolean worthwhile(final int wanted, final int rows, final int cols) {
		return 4 * blockFor(wanted, rows, cols) <= Math.min(rows, cols);
	}

	/** Runs {@code sweeps} sweeps on {@code a} from the kept block and returns the k values, descending. */
	public double[] update(final BlockOperator a, final int sweeps) {
		for (int s = 0; s < sweeps; s++) {
			a.apply(q, y);
			a.applyAdjoint(y, z);
			orthonormalize(z);
			final Matrix x = q;
			q = z;
			z = x;
		}
		a.apply(q, y);
		values = Svd.singularValues(y);
		return values.clone();
	}

	/** The values of the last {@link #update}, descending (empty before the first). */
	public double[] values() {
		return values.clone();
	}

	public int blockSize() {
		return k;
	}

	public int rows() {
		return rows;
	}

	public int cols() {
		return cols;
	}

	/** Gram–Schmidt on the columns; a column in the span of the previous ones is replaced by a random one. */
	private void orthonormalize(final Matrix m) {
		for (int c = 0; c < k; c++) {
			int attempts = 0;
			while (!Orthonormal.orthogonalizeColumn(m, c)) {
				if (++attempts > 10) throw new IllegalStateException("subspace iteration: Gram-Schmidt failed repeatedly");
				for (int i = 0; i < cols; i++) {
					m.re[i * k + c] = rnd.nextGaussian();
					if (complex) m.im[i * k + c] = rnd.nextGaussian();
				}
			}
		}
	}
}
