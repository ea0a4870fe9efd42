package org.deeplowrank.solver.gd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.deeplowrank.solver.TestMatrices;
import org.deeplowrank.solver.kernels.JavaBackend;
import org.deeplowrank.solver.linalg.Matrix;
import org.deeplowrank.solver.linalg.MatrixOps;
import org.deeplowrank.solver.problem.DataTerm;
import org.deeplowrank.solver.problem.FullObservation;
import org.deeplowrank.solver.problem.GaussianSensingOperator;
import org.deeplowrank.solver.problem.LinearSensing;
import org.deeplowrank.solver.problem.MaskedCompletion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Layer gradients (4L eq. 5, ACGH eq. 14, balanced regularizer 4L eq. 1/4) against
 * central finite differences, real and complex, with and without the regularizer and for
 * every data term. Complex convention: dL = Re Σ tr(G_j^H dW_j), so the directional
 * derivative along a complex direction D is Re tr(G^H D) = {@link MatrixOps#dot}.
 */
class DeepObjectiveGradientTest {

	@ParameterizedTest(name = "{0} complex={1} a={2} depth={3}")
	@CsvSource({ "full,false,0,3", "full,true,0,3", "full,false,0.7,3", "full,true,0.7,4", "masked,false,0,2",
		"masked,true,0.5,3", "sensing,false,0,3", "sensing,true,0.3,3", "full,false,0.4,1", "masked,false,0.2,5" })
	void gradientMatchesFiniteDifferences(final String term, final boolean complex, final double a, final int depth) {
		final Random rnd = new Random(42 + depth);
		final int rows = 5, cols = 4;
		final int[] dims = { cols, 3, 6, 2, 4, 5 };
		final int[] d = new int[depth + 1];
		for (int j = 0; j < depth; j++) d[j] = dims[j];
		d[depth] = rows;
		final Matrix target = complex ? Initializers.gaussianMatrix(rows, cols, true, 1, rnd) : Initializers
			.gaussianMatrix(rows, cols, false, 1, rnd);
		final DataTerm data;
		if (term.equals("full")) data = new FullObservation(target);
		else if (term.equals("masked")) data = new MaskedCompletion(target, TestMatrices.missingExcept(rows * cols, 11,
			3));
		else {
			final GaussianSensingOperator op = new GaussianSensingOperator(rows, cols, 13, 5);
			final double[] y = new double[13];
			op.apply(target.re, y);
			data = new LinearSensing(op, y);
		}
		final DeepFactorization w = Initializers.gaussian(d, complex, 1.0, rnd);
		final DeepObjective obj = new DeepObjective(d, complex, data, a, new JavaBackend(1));
		final Matrix[] g = new Matrix[depth];
		for (int j = 0; j < depth; j++) g[j] = w.layer(j + 1).like();
		obj.evaluate(w.layers(), g);
		final double h = 1e-6;
		for (int j = 0; j < depth; j++) {
			for (int trial = 0; trial < 3; trial++) {
				final Matrix dir = Initializers.gaussianMatrix(d[j + 1], d[j], complex, 1, rnd);
				final Matrix layer = w.layer(j + 1);
				final Matrix saved = layer.copy();
				MatrixOps.axpy(h, dir, layer);
				final double plus = obj.evaluate(w.layers(), null);
				layer.setTo(saved);
				MatrixOps.axpy(-h, dir, layer);
				final double minus = obj.evaluate(w.layers(), null);
				layer.setTo(saved);
				final double fd = (plus - minus) / (2 * h);
				final double an = MatrixOps.dot(g[j], dir);
				assertEquals(fd, an, 1e-6 * Math.max(1, Math.abs(fd)), "layer " + (j + 1) + " trial " + trial);
			}
		}
		if (complex) {
			// the imaginary part of the gradient matters: a purely imaginary direction
			final Matrix dir = Matrix.complex(d[1], d[0]);
			for (int i = 0; i < dir.im.length; i++) dir.im[i] = rnd.nextGaussian();
			final Matrix layer = w.layer(1);
			final Matrix saved = layer.copy();
			MatrixOps.axpy(h, dir, layer);
			final double plus = obj.evaluate(w.layers(), null);
			layer.setTo(saved);
			MatrixOps.axpy(-h, dir, layer);
			final double minus = obj.evaluate(w.layers(), null);
			layer.setTo(saved);
			assertEquals((plus - minus) / (2 * h), MatrixOps.dot(g[0], dir), 1e-6 * Math.max(1, Math.abs(plus)));
			assertTrue(MatrixOps.normF(new Matrix(g[0].rows, g[0].cols, g[0].im, null)) > 0);
		}
	}

	/**
	 * 4L eq. 75: the regularizer's gradient flow does not move the product,
	 * Σ_j S_j (∇_{W_j} L_reg) P_{j-1} = 0.
	 */
	@ParameterizedTest(name = "complex={0} depth={1}")
	@CsvSource({ "false,2", "false,3", "true,3", "true,4", "false,5" })
	void regularizerGradientTelescopesInTheProduct(final boolean complex, final int depth) {
		final Random rnd = new Random(7);
		final int[] d = new int[depth + 1];
		for (int j = 0; j <= depth; j++) d[j] = 3 + (j % 3);
		final DeepFactorization w = Initializers.gaussian(d, complex, 1, rnd);
		final JavaBackend be = new JavaBackend(1);
		final Matrix zero = new Matrix(d[depth], d[0], complex);
		// data term with zero gradient direction: use a target equal to the product, so ∇f = 0
		final Matrix prod = w.product(be);
		final DeepObjective obj = new DeepObjective(d, complex, new FullObservation(prod), 1.3, be);
		final Matrix[] g = new Matrix[depth];
		for (int j = 0; j < depth; j++) g[j] = w.layer(j + 1).like();
		obj.evaluate(w.layers(), g);
		assertTrue(obj.lastRegularizer() > 0, "a random init is unbalanced");
		final Matrix sum = zero.like();
		double scale = 0;
		for (int j = 1; j <= depth; j++) {
			// S_j g_j P_{j-1}
			Matrix m = g[j - 1].copy();
			for (int k = j - 1; k >= 1; k--) {
				final Matrix next = new Matrix(m.rows, w.layer(k).cols, complex);
				be.mult(m, w.layer(k), next);
				m = next;
			}
			for (int k = j + 1; k <= depth; k++) {
				final Matrix next = new Matrix(w.layer(k).rows, m.cols, complex);
				be.mult(w.layer(k), m, next);
				m = next;
			}
			scale = Math.max(scale, MatrixOps.normF(m));
			MatrixOps.axpy(1, m, sum);
		}
		assertTrue(scale > 1e-3, "individual terms are not zero");
		assertTrue(MatrixOps.normF(sum) < 1e-12 * Math.max(1, scale), "sum " + MatrixOps.normF(sum));
	}
}
