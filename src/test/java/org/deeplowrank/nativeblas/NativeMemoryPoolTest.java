package org.deeplowrank.nativeblas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.bytedeco.javacpp.DoublePointer;
import org.deeplowrank.solver.kernels.DenseKernels;
import org.deeplowrank.solver.kernels.Precision;
import org.deeplowrank.solver.linalg.Matrix;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The off-heap blocks kept between runs: reused only at the same size and precision, zeroed, bounded. */
public class NativeMemoryPoolTest {

	private static OpenBlasKernels kernels(final Precision precision) {
		try {
			return OpenBlasKernels.create(precision, 1);
		}
		catch (final UnsatisfiedLinkError | NoClassDefFoundError e) {
			Assumptions.abort("OpenBLAS does not load here: " + e);
			return null;
		}
	}

	@AfterEach
	void release() {
		OpenBlasKernels.releaseKeptMemory();
	}

	@Test
	void aClosedRunsBlocksAreReusedZeroedAtTheSameSizeOnly() {
		OpenBlasKernels.releaseKeptMemory();
		final Matrix ones = Matrix.real(100, 50);
		Arrays.fill(ones.re, 1);
		try (OpenBlasKernels first = kernels(Precision.DOUBLE)) {
			first.upload(ones, first.allocate(100, 50));
		}
		assertEquals(100 * 50 * 8L, NativeMemoryPool.keptBytes());
		try (OpenBlasKernels other = kernels(Precision.FLOAT)) {
			other.allocate(100, 50); // floats: not the kept doubles
			assertEquals(100 * 50 * 8L, NativeMemoryPool.keptBytes());
			try (OpenBlasKernels second = kernels(Precision.DOUBLE)) {
				second.allocate(50, 99); // another size: a new block
				assertEquals(100 * 50 * 8L, NativeMemoryPool.keptBytes());
				final DenseKernels.Buffer again = second.allocate(50, 100); // the same element count
				assertEquals(0, NativeMemoryPool.keptBytes());
				for (final double v : second.download(again).re) assertEquals(0.0, v);
			}
		}
		// closed, both runs' blocks are kept again: the second's two double ones, the float one
		assertEquals(50 * 99 * 8L + 50 * 100 * 8L + 100 * 50 * 4L, NativeMemoryPool.keptBytes());
		OpenBlasKernels.releaseKeptMemory();
		assertEquals(0, NativeMemoryPool.keptBytes());
	}

	@Test
	void atMostTheLimitIsKept() {
		kernels(Precision.DOUBLE).close(); // the library loads (or the test is skipped)
		OpenBlasKernels.releaseKeptMemory();
		final long third = NativeMemoryPool.LIMIT_BYTES / 8 / 3;
		for (int i = 0; i < 4; i++) {
			NativeMemoryPool.give(new DoublePointer(third));
			assertTrue(NativeMemoryPool.keptBytes() <= NativeMemoryPool.LIMIT_BYTES, "kept " + NativeMemoryPool
				.keptBytes());
		}
		assertEquals(3 * third * 8, NativeMemoryPool.keptBytes(), "the oldest is freed for the fourth");
		NativeMemoryPool.give(new DoublePointer(NativeMemoryPool.LIMIT_BYTES / 8 + 1)); // alone above the limit
		assertEquals(3 * third * 8, NativeMemoryPool.keptBytes());
		for (int i = 0; i < NativeMemoryPool.LIMIT_BLOCKS + 5; i++) NativeMemoryPool.give(new DoublePointer(16));
		assertTrue(NativeMemoryPool.keptBytes() <= NativeMemoryPool.LIMIT_BYTES);
		assertEquals(NativeMemoryPool.LIMIT_BLOCKS * 16L * 8, NativeMemoryPool.keptBytes(), "at most the block limit");
	}
}
