package org.deeplowrank.solver.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.deeplowrank.solver.TestMatrices;
import org.deeplowrank.solver.gd.DeepFactorization;
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
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/**
 * Every {@link DenseKernels} (java float, native float and double, and the Matrix
 * reference) against EJML and the reference path: 1e-12 relative in double, 1e-5 in float,
 * on random products (all transpose flags, alpha, beta), the element-wise kernels, and 100
 * solver iterations; and bit-identical reruns.
 */
class KernelsEqualityTest {

	/** The native kernels must load where the build bundles natives (linux-x86_64). */
	static boolean nativeExpected() {
		final String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
		final String arch = System.getProperty("os.arch", "");
		return os.contains("linux") && (arch.equals("amd64") || arch.equals("x86_64"));
	}

	/** (label, kernels, tolerance) for every implementation available here. */
	static List<Object[]> allKernels(final int threads) {
		final List<Object[]> k = new ArrayList<>();
		k.add(new Object[] { "java/double", new MatrixKernels(new JavaBackend(threads), false), 1e-12 });
		k.add(new Object[] { "java/float", new JavaFloatKernels(threads), 1e-5 });
		if (nativeExpected()) assertTrue(Kernels.nativeAvailable(), "native BLAS did not load: " + Kernels.nativeFailure());
		if (Kernels.nativeAvailable()) {
			final DataTerm real = new FullObservation(Matrix.real(1, 1));
			k.add(new Object[] { "native/double", Kernels.create(BackendKind.NATIVE, Precision.DOUBLE, threads, real,
				false), 1e-12 });
			k.add(new Object[] { "native/float", Kernels.create(BackendKind.NATIVE, Precision.FLOAT, threads, real, false),
				1e-5 });
		}
		return k;
	}

	private static Matrix random(final int r, final int c, final Random rnd) {
		final Matrix m = Matrix.real(r, c);
		for (int i = 0; i < m.re.length; i++) m.re[i] = rnd.nextGaussian();
		return m;
	}

	private static double relative(final Matrix got, final Matrix want) {
		return MatrixOps.distanceF(got, want) / MatrixOps.normF(want);
	}

	private static DMatrixRMaj ejml(final Matrix m) {
		return new DMatrixRMaj(m.rows, m.cols, true, m.re);
	}

	@Test
	void productsAgreeWithEjmlForAllFlagsAlphaAndBeta() {
		final Random rnd = new Random(11);
		final int m = 37, k = 53, n = 29;
		for (final Object[] entry : allKernels(2)) {
			final DenseKernels kern = (DenseKernels) entry[1];
			final double tol = (Double) entry[2];
			try {
				for (final boolean ta : new boolean[] { false, true }) {
					for (final boolean tb : new boolean[] { false, true }) {
						final Matrix a = ta ? random(k, m, rnd) : random(m, k, rnd);
						final Matrix b = tb ? random(n, k, rnd) : random(k, n, rnd);
						final Matrix c0 = random(m, n, rnd);
						final double alpha = -0.7, beta = 0.3;
						// EJML: want = alpha op(A) op(B) + beta C0
						final DMatrixRMaj prod = new DMatrixRMaj(m, n);
						if (ta && tb) CommonOps_DDRM.multTransAB(alpha, ejml(a), ejml(b), prod);
						else if (ta) CommonOps_DDRM.multTransA(alpha, ejml(a), ejml(b), prod);
						else if (tb) CommonOps_DDRM.multTransB(alpha, ejml(a), ejml(b), prod);
						else CommonOps_DDRM.mult(alpha, ejml(a), ejml(b), prod);
						final Matrix want = Matrix.real(m, n);
						for (int i = 0; i < want.re.length; i++) want.re[i] = prod.data[i] + beta * c0.re[i];
						final Buffer ab = upload(kern, a), bb = upload(kern, b), cb = upload(kern, c0);
						kern.gemm(ta, ab, tb, bb, alpha, beta, cb);
						final Matrix got = Matrix.real(m, n);
						kern.download(cb, got);
						final double err = relative(got, want);
						assertTrue(err <= tol, entry[0] + " ta=" + ta + " tb=" + tb + ": relative error " + err);
						// beta = 0 ignores C's old content, even NaN
						final Matrix nan = Matrix.real(m, n);
						java.util.Arrays.fill(nan.re, Double.NaN);
						kern.upload(nan, cb);
						kern.gemm(ta, ab, tb, bb, 1, 0, cb);
						kern.download(cb, got);
						assertTrue(MatrixOps.isFinite(got), entry[0] + ": beta = 0 must ignore NaN in C");
					}
				}
			}
			finally {
				kern.close();
			}
		}
	}

	private static Buffer upload(final DenseKernels k, final Matrix m) {
		final Buffer b = k.allocate(m.rows, m.cols);
		k.upload(m, b);
		return b;
	}

	@Test
	void elementWiseKernelsAgreeWithTheReference() {
		final Random rnd = new Random(5);
		final int r = 23, c = 31;
		final Matrix w = random(r, c, rnd), g = random(r, c, rnd), y = random(r, c, rnd);
		final Matrix mask = Matrix.real(r, c);
		for (int i = 0; i < mask.re.length; i++) {
			mask.re[i] = rnd.nextDouble() < 0.3 ? 0 : 1;
			y.re[i] *= mask.re[i]; // y is zero where unobserved
		}
		// reference values computed directly
		final Matrix wantStep = Matrix.real(r, c), wantRes = Matrix.real(r, c), wantFull = Matrix.real(r, c);
		double wantF = 0, wantFullF = 0;
		for (int i = 0; i < w.re.length; i++) {
			wantStep.re[i] = w.re[i] - 0.25 * g.re[i];
			wantRes.re[i] = mask.re[i] * w.re[i] - y.re[i];
			wantFull.re[i] = w.re[i] - y.re[i];
			wantF += 0.5 * wantRes.re[i] * wantRes.re[i];
			wantFullF += 0.5 * wantFull.re[i] * wantFull.re[i];
		}
		for (final Object[] entry : allKernels(1)) {
			final DenseKernels k = (DenseKernels) entry[1];
			final double tol = (Double) entry[2];
			try {
				final Buffer wb = upload(k, w), gb = upload(k, g), yb = upload(k, y), mb = upload(k, mask);
				final Buffer out = k.allocate(r, c);
				final Matrix got = Matrix.real(r, c);
				k.step(wb, 0.25, gb, out);
				k.download(out, got);
				assertTrue(relative(got, wantStep) <= tol, entry[0] + " step");
				final double f = k.residual(wb, yb, mb, out);
				k.download(out, got);
				assertTrue(relative(got, wantRes) <= tol, entry[0] + " masked residual");
				assertEquals(wantF, f, tol * wantF, entry[0] + " masked loss");
				final double ff = k.residual(wb, yb, null, out);
				k.download(out, got);
				assertTrue(relative(got, wantFull) <= tol, entry[0] + " full residual");
				assertEquals(wantFullF, ff, tol * wantFullF, entry[0] + " full loss");
				assertEquals(MatrixOps.normF2(g), k.norm2(gb), tol * MatrixOps.normF2(g), entry[0] + " norm2");
				k.copy(gb, out);
				k.download(out, got);
				assertTrue(relative(got, g) <= tol, entry[0] + " copy");
				// in place (out = w), as the fast engine runs it: the same entries and loss exactly
				final Matrix separate = Matrix.real(r, c), inPlace = Matrix.real(r, c);
				for (final Buffer m : new Buffer[] { mb, null }) {
					final double fs = k.residual(wb, yb, m, out);
					k.download(out, separate);
					final Buffer wc = upload(k, w);
					final double fi = k.residual(wc, yb, m, wc);
					k.download(wc, inPlace);
					assertArrayEquals(separate.re, inPlace.re, 0, entry[0] + " in-place residual");
					assertEquals(fs, fi, 0, entry[0] + " in-place loss");
				}
			}
			finally {
				k.close();
			}
		}
	}

	/** 100 GD iterations on a masked completion (with a regularizer): every kernel tracks the reference. */
	@Test
	void hundredSolverIterationsAgreeWithTheReferencePath() {
		final int rows = 40, cols = 32;
		final Matrix y = TestMatrices.lowRank(rows, cols, 3, 21);
		final boolean[] missing = TestMatrices.missingExcept(rows * cols, rows * cols / 2, 22);
		final MaskedCompletion data = new MaskedCompletion(y, missing);
		final int[] dims = DeepFactorization.dims(rows, cols, 3, 0);
		final DeepFactorization init = Initializers.create(InitKind.GAUSSIAN, dims, false, 0.5, new Random(23));
		final GradientDescent.Result want = run(new MatrixKernels(new JavaBackend(1), false), data, dims, init);
		assertEquals(100, want.steps);
		assertTrue(want.dataLoss < 0.5 * data.valueAtZero(), "the reference run must make progress: " + want.dataLoss +
			" of " + data.valueAtZero());
		for (final Object[] entry : allKernels(2)) {
			final DenseKernels k = (DenseKernels) entry[1];
			final double tol = (Double) entry[2];
			final GradientDescent.Result got;
			try {
				got = run(k, data, dims, init);
			}
			finally {
				k.close();
			}
			assertEquals(want.steps, got.steps, entry[0] + "");
			final double err = relative(got.product, want.product);
			System.out.println(entry[0] + ": product relative difference after 100 iterations " + err);
			assertTrue(err <= tol, entry[0] + ": product after 100 iterations, relative difference " + err);
			for (int j = 1; j <= 3; j++) {
				final double e = relative(got.layers.layer(j), want.layers.layer(j));
				assertTrue(e <= tol, entry[0] + ": layer " + j + " relative difference " + e);
			}
			assertEquals(want.dataLoss, got.dataLoss, tol * want.dataLoss, entry[0] + " loss");
		}
	}

	private static GradientDescent.Result run(final DenseKernels k, final DataTerm data, final int[] dims,
		final DeepFactorization init)
	{
		final GradientDescent.Options o = new GradientDescent.Options();
		// lr = 1 of Reconstruction's rule, κ = 1: η = 1 / (N σ^(2 − 2/N))
		o.step = 1.0 / (dims.length - 1) / Math.pow(SpectralNorm.estimate(target(data), 100), 2 - 2.0 / (dims.length - 1));
		o.maxIterations = 100;
		o.logEvery = 50;
		final DeepObjective obj = new DeepObjective(dims, data, 0.01, k);
		return new GradientDescent(obj, new JavaBackend(1), o).run(init, null, null);
	}

	private static Matrix target(final DataTerm data) {
		return data instanceof FullObservation ? ((FullObservation) data).target() : ((MaskedCompletion) data)
			.maskedTarget();
	}

	/** Same seed ⇒ the same bits, per kernel; the java float kernels also across thread counts. */
	@Test
	void rerunsAreBitIdenticalAndJavaFloatDoesNotDependOnThreads() {
		final int rows = 96, cols = 80;
		final Matrix y = TestMatrices.lowRank(rows, cols, 2, 31);
		final DataTerm data = new FullObservation(y);
		final int[] dims = DeepFactorization.dims(rows, cols, 3, 0);
		final DeepFactorization init = Initializers.create(InitKind.GAUSSIAN, dims, false, 0.5, new Random(32));
		final List<Object[]> first = allKernels(2), second = allKernels(2);
		for (int i = 0; i < first.size(); i++) {
			final DenseKernels a = (DenseKernels) first.get(i)[1], b = (DenseKernels) second.get(i)[1];
			try {
				assertArrayEquals(run(a, data, dims, init).product.re, run(b, data, dims, init).product.re, 0, first.get(
					i)[0] + ": same inputs, different output");
			}
			finally {
				a.close();
				b.close();
			}
		}
		final JavaFloatKernels one = new JavaFloatKernels(1), two = new JavaFloatKernels(2);
		try {
			// 96 x 80 x 80 products run in parallel chunks with 2 threads, serially with 1
			assertArrayEquals(run(one, data, dims, init).product.re, run(two, data, dims, init).product.re, 0,
				"java/float: 1 and 2 threads differ");
		}
		finally {
			one.close();
			two.close();
		}
	}
}
