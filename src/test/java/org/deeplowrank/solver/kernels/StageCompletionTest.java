package org.deeplowrank.solver.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.deeplowrank.solver.linalg.Matrix;
import org.junit.jupiter.api.Test;

/**
 * {@link DenseKernels#stageCompletion}: every kernel set writes what the branching loop
 * would, scale·(x − shift) and 1 on the kept entries, 0 and 0 on the dropped ones (NaN there
 * included), rounded to its precision; the returned sum is that of the unrounded values.
 */
class StageCompletionTest {

	/** The kernel sets of this machine: java double and float, native ones when they load. */
	private static List<DenseKernels> all() {
		final List<DenseKernels> k = new ArrayList<>();
		k.add(Kernels.createForCompletion(BackendKind.JAVA, Precision.DOUBLE, 1));
		k.add(Kernels.createForCompletion(BackendKind.JAVA, Precision.FLOAT, 1));
		if (KernelsEqualityTest.nativeExpected()) {
			k.add(Kernels.createForCompletion(BackendKind.NATIVE, Precision.DOUBLE, 1));
			k.add(Kernels.createForCompletion(BackendKind.NATIVE, Precision.FLOAT, 1));
		}
		return k;
	}

	@Test
	void everyKernelSetStagesWhatTheBranchingLoopWould() {
		final int rows = 37, cols = 23;
		final Random rnd = new Random(3);
		final Matrix x = Matrix.real(rows, cols);
		final boolean[] drop = new boolean[x.size()];
		for (int e = 0; e < x.size(); e++) {
			drop[e] = rnd.nextDouble() < 0.4;
			x.re[e] = drop[e] && e % 3 == 0 ? Double.NaN : 100 + 7 * rnd.nextGaussian();
		}
		final double shift = 99.5, scale = 1 / 6.5;
		final Matrix wantValues = Matrix.real(rows, cols), wantMask = Matrix.real(rows, cols);
		double wantSum = 0;
		for (int e = 0; e < x.size(); e++) {
			if (drop[e]) continue;
			wantValues.re[e] = scale * (x.re[e] - shift);
			wantMask.re[e] = 1;
			wantSum += wantValues.re[e] * wantValues.re[e];
		}
		for (final DenseKernels k : all()) {
			try (DenseKernels kernels = k) {
				final DenseKernels.Buffer values = kernels.allocate(rows, cols), mask = kernels.allocate(rows, cols);
				final double sum = kernels.stageCompletion(x, shift, scale, drop, values, mask);
				assertEquals(wantSum, sum, 1e-12 * wantSum, kernels.description());
				final Matrix gotValues = Matrix.real(rows, cols), gotMask = Matrix.real(rows, cols);
				kernels.download(values, gotValues);
				kernels.download(mask, gotMask);
				final boolean single = kernels.precision() == Precision.FLOAT;
				for (int e = 0; e < x.size(); e++) {
					final double want = single ? (float) wantValues.re[e] : wantValues.re[e];
					assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(gotValues.re[e]), kernels
						.description() + " value " + e);
				}
				assertArrayEquals(wantMask.re, gotMask.re, 0, kernels.description() + " mask");
				// the default (through a Java staging matrix) stages the same, here without a mask
				final DenseKernels.Buffer again = kernels.allocate(rows, cols);
				final double viaDefault = new DenseKernels() {

					// only what the default staging reaches: upload, delegated
					@Override public String name() { return kernels.name(); }
					@Override public Precision precision() { return kernels.precision(); }
					@Override public Buffer allocate(final int r, final int c) { return kernels.allocate(r, c); }
					@Override public void upload(final Matrix src, final Buffer dst) { kernels.upload(src, dst); }
					@Override public void download(final Buffer src, final Matrix dst) { kernels.download(src, dst); }
					@Override public void gemm(final boolean a, final Buffer x1, final boolean b, final Buffer y,
						final double alpha, final double beta, final Buffer c) { throw new AssertionError(); }
					@Override public void copy(final Buffer s, final Buffer d) { throw new AssertionError(); }
					@Override public void step(final Buffer x1, final double eta, final Buffer g, final Buffer o) { throw new AssertionError(); }
					@Override public double norm2(final Buffer x1) { throw new AssertionError(); }
					@Override public double residual(final Buffer w, final Buffer y, final Buffer m, final Buffer o) { throw new AssertionError(); }
					@Override public void close() {}
				}.stageCompletion(x, shift, scale, drop, again, null);
				assertEquals(Double.doubleToRawLongBits(sum), Double.doubleToRawLongBits(viaDefault), kernels.description());
				final Matrix gotAgain = Matrix.real(rows, cols);
				kernels.download(again, gotAgain);
				assertArrayEquals(gotValues.re, gotAgain.re, 0, kernels.description() + " default");
			}
		}
	}
}
