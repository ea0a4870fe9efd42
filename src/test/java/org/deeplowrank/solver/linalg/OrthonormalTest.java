package org.deeplowrank.solver.linalg;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

class OrthonormalTest {

	/** A tall block whose columns have norms spread over {@code decades} decades and a common component. */
	private static Matrix block(final int m, final int k, final double decades, final long seed) {
		final Random rnd = new Random(seed);
		final Matrix a = Matrix.real(m, k);
		for (int i = 0; i < m; i++) {
			final double common = rnd.nextGaussian();
			for (int c = 0; c < k; c++) {
				a.re[i * k + c] = Math.pow(10, -decades * c / Math.max(k - 1, 1)) * (rnd.nextGaussian() + 0.9 * common);
			}
		}
		return a;
	}

	/** max |QᵀQ − I|. */
	private static double orthogonalityError(final Matrix q) {
		double worst = 0;
		for (int a = 0; a < q.cols; a++) {
			for (int b = 0; b < q.cols; b++) {
				double s = 0;
				for (int i = 0; i < q.rows; i++) s += q.re[i * q.cols + a] * q.re[i * q.cols + b];
				worst = Math.max(worst, Math.abs(s - (a == b ? 1 : 0)));
			}
		}
		return worst;
	}

	private static Matrix gramSchmidt(final Matrix a) {
		final Matrix q = a.copy();
		for (int c = 0; c < q.cols; c++) assertTrue(Orthonormal.orthogonalizeColumn(q, c));
		return q;
	}

	@Test
	void choleskyQrGivesGramSchmidtsFactorToRounding() {
		for (final double decades : new double[] { 0, 3 }) {
			final Matrix a = block(5000, 8, decades, 7);
			final Matrix q = a.copy();
			assertTrue(Orthonormal.orthonormalizeColumns(q));
			assertTrue(orthogonalityError(q) < 1e-13, "orthogonality " + orthogonalityError(q));
			// the same Q as column-by-column Gram–Schmidt (QR with positive diag(R) is unique)
			final Matrix g = gramSchmidt(a);
			double diff = 0;
			for (int e = 0; e < q.re.length; e++) diff = Math.max(diff, Math.abs(q.re[e] - g.re[e]));
			assertTrue(diff < 1e-10, "differs from Gram-Schmidt by " + diff);
			// and Q spans the columns of A: A = Q (QᵀA)
			double residual = 0, size = 0;
			for (int i = 0; i < a.rows; i++) {
				for (int c = 0; c < a.cols; c++) {
					double back = 0;
					for (int b = 0; b < a.cols; b++) {
						double r = 0;
						for (int t = 0; t < a.rows; t++) r += q.re[t * a.cols + b] * a.re[t * a.cols + c];
						back += q.re[i * a.cols + b] * r;
					}
					residual += Math.pow(back - a.re[i * a.cols + c], 2);
					size += Math.pow(a.re[i * a.cols + c], 2);
				}
				if (i > 200) break; // a sample of rows is enough (the products are O(m² k²))
			}
			assertTrue(Math.sqrt(residual / size) < 1e-12, "A != Q QᵀA: " + Math.sqrt(residual / size));
		}
	}

	@Test
	void nearlyDependentColumnsFallBackToGramSchmidt() {
		// column 2 = column 0 + 1e-9 noise: Cholesky QR's pivot is about 1e-18 of the column
		final Matrix a = block(300, 3, 0, 3);
		final Random rnd = new Random(5);
		for (int i = 0; i < a.rows; i++) a.re[i * 3 + 2] = a.re[i * 3] + 1e-9 * rnd.nextGaussian();
		final Matrix q = a.copy();
		assertTrue(Orthonormal.orthonormalizeColumns(q));
		assertTrue(orthogonalityError(q) < 1e-10, "orthogonality " + orthogonalityError(q));
		// a column exactly in the span is reported
		final Matrix d = block(300, 3, 0, 4);
		for (int i = 0; i < d.rows; i++) d.re[i * 3 + 2] = 2 * d.re[i * 3] - d.re[i * 3 + 1];
		assertFalse(Orthonormal.orthonormalizeColumns(d));
		assertThrows(IllegalArgumentException.class, () -> Orthonormal.orthonormalizeColumns(new Matrix(4, 2, true)));
	}
}
