package org.deeplowrank.solver.glrl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;

import org.deeplowrank.solver.Reconstruction;
import org.deeplowrank.solver.ReconstructionResult;
import org.deeplowrank.solver.SolverSettings;
import org.deeplowrank.solver.TestMatrices;
import org.deeplowrank.solver.gd.SolverListener;
import org.deeplowrank.solver.kernels.BackendKind;
import org.deeplowrank.solver.kernels.DenseKernels;
import org.deeplowrank.solver.kernels.JavaBackend;
import org.deeplowrank.solver.kernels.Kernels;
import org.deeplowrank.solver.kernels.MatrixKernels;
import org.deeplowrank.solver.kernels.Precision;
import org.deeplowrank.solver.linalg.Matrix;
import org.deeplowrank.solver.linalg.MatrixOps;
import org.deeplowrank.solver.linalg.Svd;
import org.deeplowrank.solver.problem.MaskedCompletion;
import org.junit.jupiter.api.Test;

/**
 * GLRL on the run's {@link DenseKernels} (native BLAS or java, chosen by {@code backend}):
 * the same phases and product on either, in double whatever {@code precision=auto} would
 * pick for gradient descent, float refused, identical output run to run, and no rows x cols
 * buffer allocated per phase.
 */
class GreedyLowRankKernelsTest {

	/** A rank-4 image, 48 x 40, not centered (its mean is small), half missing: GLRL recovers it in 4 phases. */
	private static Matrix image() {
		final Matrix truth = TestMatrices.lowRank(48, 40, 4, 31);
		for (int k = 0; k < truth.size(); k++) truth.re[k] = 50 * truth.re[k];
		return truth;
	}

	private static boolean[] missing() {
		return TestMatrices.missingExcept(48 * 40, 960, 32);
	}

	private static ReconstructionResult run(final Matrix truth, final BackendKind backend, final Precision precision) {
		return Reconstruction.completeGreedy(truth, missing(), truth, SolverSettings.GREEDY_DEFAULTS.toBuilder().backend(
			backend).precision(precision).build(), null, null);
	}

	@Test
	void nativeAndJavaKernelsGiveTheSamePhasesAndProduct() {
		assumeTrue(Kernels.nativeAvailable(), () -> "native BLAS not loadable here: " + Kernels.nativeFailure());
		final Matrix truth = image();
		final ReconstructionResult java = run(truth, BackendKind.JAVA, Precision.AUTO);
		final ReconstructionResult blas = run(truth, BackendKind.NATIVE, Precision.AUTO);
		assertEquals("java/double", java.backend);
		assertEquals("native/double", blas.backend);
		assertTrue(java.relError < 1e-6, java.summaryLine() + " " + java.message);
		assertEquals(4, java.phases.size(), java.message);
		assertEquals(java.phases.size(), blas.phases.size(), java.message + " | " + blas.message);
		assertEquals(java.stopReason, blas.stopReason);
		for (int p = 0; p < java.phases.size(); p++) {
			// a phase's step count may differ by a step where ‖∇L‖ crosses its threshold within round-off
			assertEquals(java.phases.get(p).iterations, blas.phases.get(p).iterations, 2, "phase " + (p + 1));
			assertEquals(java.phases.get(p).nuclearNorm, blas.phases.get(p).nuclearNorm, 1e-9 * java.phases.get(
				p).nuclearNorm, "phase " + (p + 1));
		}
		final double rel = MatrixOps.distanceF(java.reconstruction, blas.reconstruction) / MatrixOps.normF(
			java.reconstruction);
		assertTrue(rel < 1e-9, "native vs java product: relative difference " + rel);
	}

	@Test
	void floatIsRefusedBeforeAnyWorkWithTheKeyAndTheFix() {
		final Matrix truth = image();
		final AtomicInteger calls = new AtomicInteger();
		final SolverListener listener = new SolverListener() {

			@Override
			public void progress(final int iteration, final int max) {
				calls.incrementAndGet();
			}
		};
		for (final BackendKind backend : new BackendKind[] { BackendKind.NATIVE, BackendKind.JAVA }) {
			final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Reconstruction
				.completeGreedy(truth, missing(), truth, SolverSettings.GREEDY_DEFAULTS.toBuilder().backend(backend)
					.precision(Precision.FLOAT).build(), listener, () -> calls.incrementAndGet() < 0));
			assertTrue(e.getMessage().startsWith("precision=float cannot end GLRL's phases"), e.getMessage());
			assertTrue(e.getMessage().contains("use precision=auto or precision=double"), e.getMessage());
		}
		assertEquals(0, calls.get(), "refused before any step");
	}

	/** Integer pixels make gradient descent's precision=auto float; GLRL's stays double. */
	@Test
	void autoPrecisionIsDoubleForIntegerPixels() {
		final Matrix truth = image();
		for (int k = 0; k < truth.size(); k++) truth.re[k] = 500 + Math.rint(truth.re[k]);
		assertEquals(Precision.FLOAT, Kernels.resolve(Precision.AUTO, truth, missing(), false));
		final ReconstructionResult r = run(truth, BackendKind.AUTO, Precision.AUTO);
		assertTrue(r.backend.endsWith("/double"), r.backend);
		assertTrue(r.summaryLine().contains(" backend=" + r.backend), r.summaryLine());
	}

	@Test
	void sameInputsGiveIdenticalOutputRunToRun() {
		final Matrix truth = image();
		for (final BackendKind backend : new BackendKind[] { BackendKind.AUTO, BackendKind.JAVA }) {
			final ReconstructionResult a = run(truth, backend, Precision.AUTO);
			final ReconstructionResult b = run(truth, backend, Precision.AUTO);
			assertArrayEquals(a.reconstruction.re, b.reconstruction.re, backend.name());
			assertEquals(a.steps(), b.steps());
			assertEquals(a.phases.size(), b.phases.size());
			for (int p = 0; p < a.phases.size(); p++) {
				assertArrayEquals(withoutSeconds(a.phases.get(p)), withoutSeconds(b.phases.get(p)), "phase " + (p + 1) + " " +
					backend);
			}
		}
	}

	/** A phase-table row with its wall-clock seconds zeroed (the one column that may differ run to run). */
	private static double[] withoutSeconds(final GreedyLowRank.Phase p) {
		final double[] v = p.values();
		v[GreedyLowRank.Phase.columns().indexOf("seconds")] = 0;
		return v;
	}

	/**
	 * The phase table's nuclear norm (from the factors) is the product's own, at depth 2 and
	 * 3, and the phases allocate their rows x cols workspaces once per run, not per phase.
	 */
	@Test
	void phasesReuseTheirProductSizedBuffersAndReportTheProductsNuclearNorm() {
		final Matrix truth = TestMatrices.lowRank(36, 28, 5, 41);
		final MaskedCompletion f = new MaskedCompletion(truth, TestMatrices.missingExcept(36 * 28, 700, 42));
		for (final int depth : new int[] { 2, 3 }) {
			final MatrixKernels inner = new MatrixKernels(new JavaBackend(1), false);
			final AtomicInteger productSized = new AtomicInteger();
			final DenseKernels counting = (DenseKernels) Proxy.newProxyInstance(DenseKernels.class.getClassLoader(),
				new Class<?>[] { DenseKernels.class }, (proxy, method, args) -> {
					if (method.getName().equals("allocate") && (int) args[0] == 36 && (int) args[1] == 28) productSized
						.incrementAndGet();
					try {
						return method.invoke(inner, args);
					}
					catch (final InvocationTargetException e) {
						throw e.getCause();
					}
				});
			final GreedyLowRank.Options o = new GreedyLowRank.Options();
			o.depth = depth;
			o.step = 0.02;
			final GreedyLowRank.Result r = new GreedyLowRank(f, counting, new JavaBackend(1), o).run(null, null);
			assertEquals(5, r.phases.size(), r.message);
			double nuclear = 0;
			for (final double s : Svd.singularValues(r.product)) nuclear += s;
			final GreedyLowRank.Phase last = r.phases.get(r.phases.size() - 1);
			assertEquals(nuclear, last.nuclearNorm, 1e-10 * nuclear, "depth " + depth);
			// the product and ∇f (and Y and the mask, on kernels that upload them): once per run,
			// not per phase (10 over these 5 phases without the recycling)
			assertTrue(productSized.get() <= 4, "depth " + depth + ": " + productSized.get() +
				" rows x cols buffers allocated over " + r.phases.size() + " phases");
		}
	}
}
