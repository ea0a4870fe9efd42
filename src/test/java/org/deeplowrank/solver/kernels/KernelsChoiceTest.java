package org.deeplowrank.solver.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplowrank.solver.Reconstruction;
import org.deeplowrank.solver.ReconstructionResult;
import org.deeplowrank.solver.SolverSettings;
import org.deeplowrank.solver.TestMatrices;
import org.deeplowrank.solver.linalg.Matrix;
import org.deeplowrank.solver.problem.DataTerm;
import org.deeplowrank.solver.problem.GaussianSensingOperator;
import org.deeplowrank.solver.problem.LinearSensing;
import org.deeplowrank.solver.problem.MaskedCompletion;
import org.junit.jupiter.api.Test;

/** Which kernels the backend / precision / threads keys give, and the messages for what is refused. */
class KernelsChoiceTest {

	private static final DataTerm COMPLETION = new MaskedCompletion(TestMatrices.lowRank(6, 5, 2, 1), null);
	private static final DataTerm SENSING = new LinearSensing(new GaussianSensingOperator(6, 5, 12, 3),
		new double[12]);

	@Test
	void keysSelectTheKernels() {
		try (DenseKernels k = Kernels.create(BackendKind.JAVA, Precision.FLOAT, 1, COMPLETION, false)) {
			assertEquals("java/float", k.description());
			assertTrue(k instanceof JavaFloatKernels);
		}
		try (DenseKernels k = Kernels.create(BackendKind.JAVA, Precision.DOUBLE, 1, COMPLETION, false)) {
			assertEquals("java/double", k.description());
			assertTrue(k instanceof MatrixKernels);
		}
		final String auto = KernelsEqualityTest.nativeExpected() ? "native" : "java";
		try (DenseKernels k = Kernels.create(BackendKind.AUTO, Precision.FLOAT, 1, COMPLETION, false)) {
			assertEquals(auto + "/float", k.description());
		}
		// sensing and complex layers run on the reference kernels, in double
		try (DenseKernels k = Kernels.create(BackendKind.AUTO, Precision.DOUBLE, 1, SENSING, false)) {
			assertEquals("java/double", k.description());
		}
		try (DenseKernels k = Kernels.create(BackendKind.AUTO, Precision.DOUBLE, 1, COMPLETION, true)) {
			assertEquals("java/double", k.description());
		}
	}

	/** The threads key sets OpenBLAS's own pool too, so it and the java pool never oversubscribe. */
	@Test
	void threadsKeySetsTheNativeThreadCount() {
		if (!KernelsEqualityTest.nativeExpected()) return; // no natives bundled for this platform
		for (final int t : new int[] { 1, 2 }) {
			try (DenseKernels k = Kernels.create(BackendKind.NATIVE, Precision.FLOAT, t, COMPLETION, false)) {
				assertEquals("native/float", k.description());
				assertEquals(t, org.deeplowrank.nativeblas.OpenBlasKernels.blasThreads());
			}
		}
	}

	@Test
	void refusedCombinationsNameTheFix() {
		assertEquals("backend=native runs real completion only; sensing runs on the java backend: use backend=auto " +
			"or backend=java", assertThrows(IllegalArgumentException.class, () -> Kernels.create(BackendKind.NATIVE,
				Precision.DOUBLE, 1, SENSING, false)).getMessage());
		assertEquals("precision=float is for real completion; complex layers run in double: use precision=auto or " +
			"precision=double", assertThrows(IllegalArgumentException.class, () -> Kernels.create(BackendKind.AUTO,
				Precision.FLOAT, 1, COMPLETION, true)).getMessage());
	}

	@Test
	void autoPrecisionIsFloatForIntegerPixelsOnly() {
		final Matrix pixels = Matrix.of(new double[][] { { 0, 255, 17 }, { 65535, 3, 0 } });
		assertEquals(Precision.FLOAT, Kernels.resolve(Precision.AUTO, pixels, null, false));
		pixels.re[4] = 3.5;
		assertEquals(Precision.DOUBLE, Kernels.resolve(Precision.AUTO, pixels, null, false));
		// a missing pixel's value does not count
		final boolean[] missing = new boolean[6];
		missing[4] = true;
		assertEquals(Precision.FLOAT, Kernels.resolve(Precision.AUTO, pixels, missing, false));
		assertEquals(Precision.DOUBLE, Kernels.resolve(Precision.DOUBLE, Matrix.of(new double[][] { { 1 } }), null, false));
		// complex layers run in double only: auto must not pick float for integer pixels then refuse them
		assertEquals(Precision.DOUBLE, Kernels.resolve(Precision.AUTO, pixels, null, true));
	}

	@Test
	void complexLayersOnIntegerPixelsRunWithTheDefaultPrecision() {
		final Matrix pixels = Matrix.of(new double[][] { { 10, 20, 30 }, { 20, 40, 60 }, { 30, 60, 90 } });
		final boolean[] missing = new boolean[9];
		missing[4] = true;
		final ReconstructionResult r = Reconstruction.complete(pixels, missing, null, SolverSettings.builder().field(
			org.deeplowrank.solver.gd.FieldKind.COMPLEX).iterations(20).validation(0).build(), null, null);
		assertEquals("java/double", r.backend);
	}

	@Test
	void theSummaryLineNamesTheKernels() {
		final Matrix image = TestMatrices.lowRank(12, 10, 2, 4);
		for (int k = 0; k < image.re.length; k++) image.re[k] = Math.round(100 + 20 * image.re[k]);
		SolverSettings s = SolverSettings.builder().iterations(20).backend(BackendKind.JAVA).build();
		// nothing missing: a plain fit (no hold-out), so no completion residual path is named
		final ReconstructionResult r = Reconstruction.complete(image, null, null, s, null, null);
		assertEquals("java/float", r.backend);
		assertTrue(r.summaryLine().endsWith(" backend=java/float"), r.summaryLine());
		s = s.toBuilder().precision(Precision.DOUBLE).build();
		assertEquals("java/double", Reconstruction.complete(image, null, null, s, null, null).backend);
		// completion by gd names its residual path: Ω only at 5 % observed, dense at 50 %
		s = s.toBuilder().optimizer(org.deeplowrank.solver.gd.OptimizerKind.GD).build();
		final boolean[] sparse = new boolean[image.size()], half = new boolean[image.size()];
		for (int k = 0; k < sparse.length; k++) {
			sparse[k] = k % 20 != 0;
			half[k] = k % 2 != 0;
		}
		assertTrue(Reconstruction.complete(image, sparse, null, s, null, null).summaryLine().endsWith(
			" backend=java/double residual=omega"));
		assertTrue(Reconstruction.complete(image, half, null, s, null, null).summaryLine().endsWith(
			" backend=java/double residual=dense"));
	}

	/** The background load is the run's own: afterwards auto gives what nativeAvailable says, at the run's thread count. */
	@Test
	void theBackgroundLoadIsTheLoadARunWouldDo() {
		Kernels.preloadNative();
		Kernels.preloadNative();
		final boolean available = Kernels.nativeAvailable();
		try (DenseKernels k = Kernels.createForCompletion(BackendKind.AUTO, Precision.FLOAT, 2)) {
			assertEquals(available ? "native/float" : "java/float", k.description());
			if (available) assertEquals(2, org.deeplowrank.nativeblas.OpenBlasKernels.blasThreads());
		}
	}
}
