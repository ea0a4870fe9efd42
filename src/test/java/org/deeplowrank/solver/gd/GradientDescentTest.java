package org.deeplowrank.solver.gd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.deeplowrank.solver.TestMatrices;
import org.deeplowrank.solver.kernels.JavaBackend;
import org.deeplowrank.solver.linalg.Matrix;
import org.deeplowrank.solver.linalg.MatrixOps;
import org.deeplowrank.solver.problem.FullObservation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GradientDescentTest {

	private static final JavaBackend BE = new JavaBackend(1);

	/**
	 * With a = 0, one GD step changes Δ_{j,j+1} by exactly η²(G_j G_j^H − G_{j+1}^H G_{j+1})
	 * (4L eq. 111, MVM): the first-order terms cancel because W_j G_j^H = W_{j+1}^H G_{j+1}
	 * up to Hermitian transposition.
	 */
	@ParameterizedTest(name = "complex={0} depth={1}")
	@CsvSource({ "false,2", "false,3", "true,3", "true,4", "false,5" })
	void oneStepChangesImbalanceByEtaSquaredTerm(final boolean complex, final int depth) {
		final Random rnd = new Random(21);
		final int[] d = new int[depth + 1];
		for (int j = 0; j <= depth; j++) d[j] = 4 + (j % 2);
		final Matrix target = Initializers.gaussianMatrix(d[depth], d[0], complex, 1, rnd);
		final DeepObjective obj = new DeepObjective(d, complex, new FullObservation(target), 0, BE);
		final DeepFactorization w = Initializers.gaussian(d, complex, 1, rnd);
		final Matrix[] g = new Matrix[depth];
		for (int j = 0; j < depth; j++) g[j] = w.layer(j + 1).like();
		obj.evaluate(w.layers(), g);
		final double eta = 0.0137;
		final Matrix[] before = new Matrix[depth];
		for (int j = 1; j < depth; j++) {
			before[j] = new Matrix(d[j], d[j], complex);
			w.imbalance(j, BE, before[j]);
		}
		for (int j = 0; j < depth; j++) MatrixOps.axpy(-eta, g[j], w.layer(j + 1));
		for (int j = 1; j < depth; j++) {
			final Matrix after = new Matrix(d[j], d[j], complex);
			w.imbalance(j, BE, after);
			final Matrix predicted = before[j].copy();
			BE.gemm(false, g[j - 1], true, g[j - 1], eta * eta, 1, predicted);
			BE.gemm(true, g[j], false, g[j], -eta * eta, 1, predicted);
			final double change = TestMatrices.maxAbsDiff(after, before[j]);
			assertTrue(change > 1e-6, "the imbalance does change");
			assertTrue(TestMatrices.maxAbsDiff(after, predicted) < 1e-13 * Math.max(1, MatrixOps.normF(before[j])),
				"pair " + j + ": " + TestMatrices.maxAbsDiff(after, predicted));
		}
	}

	/**
	 * ACGH Claim 4 (eq. 50–51): for Φ = I, even depth, the unbalanced init with product
	 * c·e_1e_1^T + rest makes GD explode for any step, while the balanced init with the same
	 * product converges; the solver reports the divergence as a message.
	 */
	@Test
	void claim4UnbalancedInitDivergesWhileBalancedConverges() {
		final int d = 3, depth = 4;
		final double eta = 0.01, c = 0.8;
		final int[] dims = DeepFactorization.dims(d, d, depth, 0);
		final Matrix phi = Matrix.identity(d, false);
		final double bigA = Math.max(Math.max(Math.sqrt(eta * depth), 2 / (eta * (1 - c) * Math.pow(c, (depth - 1.0) /
			depth))), Math.max(Math.max(2000, 20 / eta), Math.pow(20 * Math.pow(10, 2 * depth - 1) / Math.pow(eta, 2 *
				depth), 1.0 / (2 * depth - 2))));
		final Matrix[] unbalanced = new Matrix[depth];
		final Matrix[] balanced = new Matrix[depth];
		for (int j = 1; j <= depth; j++) {
			unbalanced[j - 1] = Matrix.identity(d, false);
			balanced[j - 1] = Matrix.identity(d, false);
			unbalanced[j - 1].set(0, 0, j <= depth / 2 ? bigA * Math.pow(c, 1.0 / depth) : Math.pow(c, 1.0 / depth) /
				bigA);
			balanced[j - 1].set(0, 0, Math.pow(c, 1.0 / depth));
		}
		final DeepFactorization u = new DeepFactorization(unbalanced);
		final DeepFactorization b = new DeepFactorization(balanced);
		assertEquals(c, u.product(BE).get(0, 0), 1e-12, "same product");
		assertEquals(c, b.product(BE).get(0, 0), 1e-12);

		final GradientDescent.Options o = new GradientDescent.Options();
		o.step = eta;
		o.maxIterations = 5000;
		final GradientDescent.Result ru = new GradientDescent(new DeepObjective(dims, false, new FullObservation(phi), 0,
			BE), BE, o).run(u, null, null);
		assertEquals(StopReason.DIVERGED, ru.stopReason);
		assertTrue(ru.message.contains("diverged") && ru.message.contains("step"), ru.message);
		assertTrue(MatrixOps.isFinite(ru.product), "the last finite iterate is returned");
		assertTrue(ru.steps < 10, "explodes at once: " + ru.steps);

		final GradientDescent.Result rb = new GradientDescent(new DeepObjective(dims, false, new FullObservation(phi), 0,
			BE), BE, o).run(b, null, null);
		assertTrue(rb.stopReason == StopReason.CONVERGED || rb.stopReason == StopReason.MAX_ITERATIONS);
		assertTrue(rb.dataLoss < 1e-20, "balanced converges, loss " + rb.dataLoss);
	}

	@Test
	void cancelStopsWithAPartialResultAndAdaptiveStepWorks() {
		final Matrix y = TestMatrices.lowRank(20, 20, 2, 4);
		final int[] dims = DeepFactorization.dims(20, 20, 3, 0);
		final GradientDescent.Options o = new GradientDescent.Options();
		o.step = 0.05;
		o.optimizer = OptimizerKind.ADAPTIVE;
		o.maxIterations = 100000;
		final int[] calls = { 0 };
		final GradientDescent.Result r = new GradientDescent(new DeepObjective(dims, false, new FullObservation(y), 0,
			BE), BE, o).run(Initializers.gaussian(dims, false, 0.1, new Random(1)), null, () -> ++calls[0] > 50);
		assertEquals(StopReason.CANCELLED, r.stopReason);
		assertEquals(50, r.steps);
		assertTrue(r.dataLoss < 0.9 * MatrixOps.normF2(y) / 2, "it made progress before the cancel: " + r.dataLoss);
	}

	@Test
	void logHasRequestedRowsAndColumns() {
		final Matrix y = TestMatrices.lowRank(12, 10, 2, 4);
		final int[] dims = DeepFactorization.dims(12, 10, 3, 0);
		final GradientDescent.Options o = new GradientDescent.Options();
		o.step = 0.05;
		o.maxIterations = 35;
		o.logEvery = 10;
		o.singularValues = 3;
		o.reference = y;
		final GradientDescent.Result r = new GradientDescent(new DeepObjective(dims, false, new FullObservation(y), 0,
			BE), BE, o).run(Initializers.gaussian(dims, false, 0.5, new Random(1)), null, null);
		assertEquals(5, r.log.size()); // 0, 10, 20, 30, 35
		assertEquals(35, r.log.get(4).iteration);
		assertEquals(LogRecord.columns(3).size(), r.log.get(0).values().length);
		for (final LogRecord rec : r.log) {
			assertTrue(rec.relError >= 0 && rec.singularValues[0] >= rec.singularValues[1]);
			// the imbalance is computed at the first and last rows and every IMBALANCE_EVERY iterations
			final boolean due = rec.iteration == 0 || rec.iteration == 35;
			assertTrue(due ? rec.maxImbalance >= 0 : Double.isNaN(rec.maxImbalance), rec.iteration + ": " + rec.maxImbalance);
		}
		assertTrue(r.log.get(4).loss < r.log.get(0).loss);
	}
}
