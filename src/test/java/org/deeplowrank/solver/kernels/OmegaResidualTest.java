package org.deeplowrank.solver.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.deeplowrank.solver.TestMatrices;
import org.deeplowrank.solver.gd.DeepFactorization;
import org.deeplowrank.solver.gd.DeepObjective.Residual;
import org.deeplowrank.solver.gd.DeepObjective;
import org.deeplowrank.solver.gd.GradientDescent;
import org.deeplowrank.solver.gd.InitKind;
import org.deeplowrank.solver.gd.Initializers;
import org.deeplowrank.solver.kernels.DenseKernels.Buffer;
import org.deeplowrank.solver.linalg.Matrix;
import org.deeplowrank.solver.linalg.MatrixOps;
import org.deeplowrank.solver.linalg.SpectralNorm;
import org.deeplowrank.solver.problem.DataTerm;
import org.deeplowrank.solver.problem.FullObservation;
import org.deeplowrank.solver.problem.MaskedCompletion;
import org.junit.jupiter.api.Test;

/**
 * The residual-on-Ω path of {@link DeepObjective} (sampled product, sparse-times-dense
 * gradient terms) against the dense path on the same kernels: loss and every layer
 * gradient to 1e-12 relative (double) and 1e-5 (float) for depths 2–4 with and without the
 * regularizer, the same solver iterates at 5 % observed, and the automatic choice.
 */
class OmegaResidualTest {

	private static final double[] TOL = { 1e-12, 1e-5 };

	private static DenseKernels kernels(final int which) {
		return which == 0 ? new MatrixKernels(new JavaBackend(1), false) : new JavaFloatKernels(2);
	}

	private static boolean[] missing(final int size, final double observed, final Random rnd) {
		final boolean[] m = new boolean[size];
		for (int k = 0; k < size; k++) m[k] = rnd.nextDouble() >= observed;
		m[rnd.nextInt(size)] = false;
		return m;
	}

	private static Matrix random(final int r, final int c, final Random rnd) {
		final Matrix m = Matrix.real(r, c);
		for (int i = 0; i < m.re.length; i++) m.re[i] = rnd.nextGaussian();
		return m;
	}

	private static double relative(final Matrix got, final Matrix want) {
		return MatrixOps.distanceF(got, want) / MatrixOps.normF(want);
	}

	/** Loss, layer gradients, the product and ∇f formed on demand: Ω path = dense path. */
	@Test
	void omegaPathMatchesDensePathOnLossAndGradients() {
		final Random rnd = new Random(51);
		for (int which = 0; which < 2; which++) {
			final double tol = TOL[which];
			for (int depth = 2; depth <= 4; depth++) {
				for (final double a : new double[] { 0, 0.3 }) {
					// rectangular, narrow hidden layers, some rows without any observed entry
					final int rows = 37, cols = 29;
					final int[] dims = new int[depth + 1];
					dims[0] = cols;
					dims[depth] = rows;
					for (int j = 1; j < depth; j++) dims[j] = 5 + 3 * j;
					final Matrix y = random(rows, cols, rnd);
					final boolean[] miss = missing(rows * cols, 0.2, rnd);
					for (int c = 0; c < cols; c++) miss[3 * cols + c] = true;
					final DataTerm data = new MaskedCompletion(y, miss);
					final Matrix[] w = new Matrix[depth];
					for (int j = 0; j < depth; j++) w[j] = random(dims[j + 1], dims[j], rnd);
					final String what = (which == 0 ? "double" : "float") + " depth " + depth + " a " + a;
					try (DenseKernels k = kernels(which)) {
						final DeepObjective dense = new DeepObjective(dims, data, a, k, Residual.DENSE);
						final DeepObjective omega = new DeepObjective(dims, data, a, k, Residual.OMEGA);
						assertEquals(Residual.OMEGA, omega.residual());
						final Buffer[] wb = new Buffer[depth], gd = new Buffer[depth], go = new Buffer[depth];
						for (int j = 0; j < depth; j++) {
							wb[j] = k.allocate(dims[j + 1], dims[j]);
							k.upload(w[j], wb[j]);
							gd[j] = k.allocate(dims[j + 1], dims[j]);
							go[j] = k.allocate(dims[j + 1], dims[j]);
						}
						final double ld = dense.evaluate(wb, gd);
						final double lo = omega.evaluate(wb, go);
						assertEquals(ld, lo, tol * ld, what + ": loss");
						assertEquals(dense.lastRegularizer(), omega.lastRegularizer(), tol * ld, what + ": regularizer");
						for (int j = 0; j < depth; j++) {
							final double e = relative(download(k, go[j]), download(k, gd[j]));
							assertTrue(e <= tol, what + ": layer " + (j + 1) + " gradient differs by " + e);
						}
						assertTrue(relative(download(k, omega.productBuffer()), download(k, dense.productBuffer())) <= tol,
							what + ": product formed on demand");
						assertTrue(relative(download(k, omega.dataGradientBuffer()), download(k, dense
							.dataGradientBuffer())) <= tol, what + ": dense ∇f formed on demand");
						// the loss alone (no gradients) on the Ω path
						assertEquals(ld, omega.evaluate(wb, null), tol * ld, what + ": loss without gradients");
					}
				}
			}
		}
	}

	private static Matrix download(final DenseKernels k, final Buffer b) {
		final Matrix m = Matrix.real(b.rows(), b.cols());
		k.download(b, m);
		return m;
	}

	/** A solver run at 5 % observed: the same iterates (product, layers, logged losses) on both paths. */
	@Test
	void solverRunAtFivePercentGivesTheSameIteratesOnBothPaths() {
		final int rows = 72, cols = 64;
		final Matrix y = TestMatrices.lowRank(rows, cols, 2, 52);
		final DataTerm data = new MaskedCompletion(y, missing(rows * cols, 0.05, new Random(53)));
		final int[] dims = DeepFactorization.dims(rows, cols, 3, 0);
		final DeepFactorization init = Initializers.create(InitKind.GAUSSIAN, dims, false, 0.3, new Random(54));
		for (int which = 0; which < 2; which++) {
			try (DenseKernels k = kernels(which)) {
				final GradientDescent.Result d = run(new DeepObjective(dims, data, 0.01, k, Residual.DENSE));
				final DeepObjective auto = new DeepObjective(dims, data, 0.01, k);
				assertEquals(Residual.OMEGA, auto.residual(), "5 % observed must choose the Ω path");
				final GradientDescent.Result o = run(auto);
				final double tol = TOL[which];
				assertEquals(d.steps, o.steps);
				assertTrue(relative(o.product, d.product) <= tol, "product differs by " + relative(o.product, d.product));
				for (int j = 0; j < 3; j++) {
					final double e = relative(o.layers.layer(j + 1), d.layers.layer(j + 1));
					assertTrue(e <= tol, "layer " + (j + 1) + " differs by " + e);
				}
				assertEquals(d.log.size(), o.log.size());
				for (int i = 0; i < d.log.size(); i++) {
					assertEquals(d.log.get(i).loss, o.log.get(i).loss, tol * d.log.get(i).loss, "logged loss " + i);
				}
				assertEquals(d.dataLoss, o.dataLoss, tol * d.dataLoss);
			}
		}
	}

	private static GradientDescent.Result run(final DeepObjective obj) {
		final GradientDescent.Options o = new GradientDescent.Options();
		o.step = 0.5 / SpectralNorm.estimate(((MaskedCompletion) obj.dataTerm()).maskedTarget(), 100);
		o.maxIterations = 120;
		o.logEvery = 40;
		return new GradientDescent(obj, new JavaBackend(1), o).run(Initializers.create(InitKind.GAUSSIAN, obj.dims(),
			false, 0.3, new Random(54)), null, null);
	}

	/** The parallel float Ω kernels give the same bits with 1 and 2 threads (each output summed in a fixed order). */
	@Test
	void floatOmegaKernelsDoNotDependOnThreads() {
		final int d = 256, depth = 3;
		final Random rnd = new Random(57);
		final DataTerm data = new MaskedCompletion(random(d, d, rnd), missing(d * d, 0.05, rnd));
		final int[] dims = DeepFactorization.dims(d, d, depth, 0);
		final Matrix[] w = new Matrix[depth];
		for (int j = 0; j < depth; j++) w[j] = random(dims[j + 1], dims[j], rnd);
		final float[][][] out = new float[2][][];
		for (int t = 1; t <= 2; t++) {
			try (JavaFloatKernels k = new JavaFloatKernels(t)) {
				final DeepObjective obj = new DeepObjective(dims, data, 0, k, Residual.OMEGA);
				final Buffer[] wb = new Buffer[depth], g = new Buffer[depth];
				for (int j = 0; j < depth; j++) {
					wb[j] = k.allocate(dims[j + 1], dims[j]);
					k.upload(w[j], wb[j]);
					g[j] = k.allocate(dims[j + 1], dims[j]);
				}
				obj.evaluate(wb, g);
				out[t - 1] = new float[depth][];
				for (int j = 0; j < depth; j++) out[t - 1][j] = ((JavaFloatKernels.Block) g[j]).a.clone();
			}
		}
		for (int j = 0; j < depth; j++) {
			org.junit.jupiter.api.Assertions.assertArrayEquals(out[0][j], out[1][j], "layer " + (j + 1) +
				": 1 and 2 threads differ");
		}
	}

	/**
	 * The double Ω kernels (the template of the float ones, parallel on the backend's
	 * threads) give the same bits with 1 and 2 threads: loss, every layer gradient, the
	 * product and ∇f formed on demand. At d = 256 and 5 % observed every Ω kernel has
	 * |Ω|·k ≈ 8·10⁵ multiply-adds, above the parallel threshold.
	 */
	@Test
	void doubleOmegaKernelsDoNotDependOnThreads() {
		final int d = 256, depth = 3;
		final Random rnd = new Random(58);
		final DataTerm data = new MaskedCompletion(random(d, d, rnd), missing(d * d, 0.05, rnd));
		final int[] dims = DeepFactorization.dims(d, d, depth, 0);
		final Matrix[] w = new Matrix[depth];
		for (int j = 0; j < depth; j++) w[j] = random(dims[j + 1], dims[j], rnd);
		final double[] loss = new double[2];
		final double[][][] out = new double[2][depth + 2][];
		for (int t = 1; t <= 2; t++) {
			try (DenseKernels k = new MatrixKernels(new JavaBackend(t), false)) {
				final DeepObjective obj = new DeepObjective(dims, data, 0.1, k, Residual.OMEGA);
				final Buffer[] wb = new Buffer[depth], g = new Buffer[depth];
				for (int j = 0; j < depth; j++) {
					wb[j] = k.allocate(dims[j + 1], dims[j]);
					k.upload(w[j], wb[j]);
					g[j] = k.allocate(dims[j + 1], dims[j]);
				}
				loss[t - 1] = obj.evaluate(wb, g);
				for (int j = 0; j < depth; j++) out[t - 1][j] = k.download(g[j]).re;
				out[t - 1][depth] = k.download(obj.productBuffer()).re;
				out[t - 1][depth + 1] = k.download(obj.dataGradientBuffer()).re;
			}
		}
		assertEquals(Double.doubleToRawLongBits(loss[0]), Double.doubleToRawLongBits(loss[1]), "loss: 1 and 2 threads differ");
		for (int j = 0; j < depth + 2; j++) {
			final String what = j < depth ? "layer " + (j + 1) + " gradient" : j == depth ? "product" : "∇f";
			org.junit.jupiter.api.Assertions.assertArrayEquals(out[0][j], out[1][j], 0, what + ": 1 and 2 threads differ");
		}
	}

	/** Automatic: Ω below the measured break-even, dense above, dense whenever Ω cannot run. */
	@Test
	void automaticChoiceFollowsTheBreakEven() {
		final int rows = 50, cols = 40, size = rows * cols;
		final Matrix y = random(rows, cols, new Random(55));
		final int[] dims = DeepFactorization.dims(rows, cols, 3, 0);
		final int below = (int) Math.floor(DeepObjective.OMEGA_BREAK_EVEN_JAVA * size) - 1;
		final int above = (int) Math.ceil(DeepObjective.OMEGA_BREAK_EVEN_JAVA * size) + 1;
		for (int which = 0; which < 2; which++) {
			try (DenseKernels k = kernels(which)) {
				assertEquals(Residual.OMEGA, new DeepObjective(dims, firstObserved(y, below), 0, k).residual());
				assertEquals(Residual.DENSE, new DeepObjective(dims, firstObserved(y, above), 0, k).residual());
				assertEquals(Residual.DENSE, new DeepObjective(dims, firstObserved(y, size / 2), 0, k).residual());
				assertEquals(Residual.DENSE, new DeepObjective(dims, new FullObservation(y), 0, k).residual());
				// depth 1 has no product to avoid: dense, and forcing Ω says why not
				final int[] d1 = { cols, rows };
				assertEquals(Residual.DENSE, new DeepObjective(d1, firstObserved(y, below), 0, k).residual());
				final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DeepObjective(d1,
					firstObserved(y, below), 0, k, Residual.OMEGA));
				assertTrue(e.getMessage().contains("depth >= 2"), e.getMessage());
			}
		}
		// complex reference kernels keep the dense path
		try (DenseKernels k = new MatrixKernels(new JavaBackend(1), true)) {
			final Matrix yc = Matrix.complex(rows, cols);
			assertEquals(Residual.DENSE, new DeepObjective(dims, firstObserved(yc, below), 0, k).residual());
		}
		if (Kernels.nativeAvailable()) {
			final DataTerm data = firstObserved(y, below);
			try (DenseKernels k = Kernels.create(BackendKind.NATIVE, Precision.FLOAT, 1, data, false)) {
				assertEquals(Residual.DENSE, new DeepObjective(dims, data, 0, k).residual(),
					"the native kernels have no Ω kernels");
			}
		}
	}

	/** Completion observing the first {@code count} entries in a scrambled order. */
	private static DataTerm firstObserved(final Matrix y, final int count) {
		final boolean[] miss = new boolean[y.size()];
		java.util.Arrays.fill(miss, true);
		final Random rnd = new Random(56);
		int c = 0;
		while (c < count) {
			final int k = rnd.nextInt(miss.length);
			if (miss[k]) {
				miss[k] = false;
				c++;
			}
		}
		return new MaskedCompletion(y, miss);
	}
}
