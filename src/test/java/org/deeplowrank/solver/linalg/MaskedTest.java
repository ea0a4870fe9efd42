package org.deeplowrank.solver.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.junit.jupiter.api.Test;

class MaskedTest {

	private static long bits(final double v) {
		return Double.doubleToRawLongBits(v);
	}

	@Test
	void unlessKeepsEveryBitOrGivesPositiveZero() {
		final double[] values = { 1.5, -0.0, 0.0, -3e-310, Double.NaN, Double.POSITIVE_INFINITY, -Double.MAX_VALUE };
		for (final double v : values) {
			assertEquals(bits(v), bits(Masked.unless(false, v)), "kept " + v);
			assertEquals(bits(0.0), bits(Masked.unless(true, v)), "dropped " + v);
		}
	}

	@Test
	void selectIsTheTernaryBitForBit() {
		final double[] values = { 2.25, -0.0, Double.NaN, Double.NEGATIVE_INFINITY, 4.9e-324 };
		for (final double a : values) {
			for (final double b : values) {
				assertEquals(bits(a), bits(Masked.select(false, a, b)));
				assertEquals(bits(b), bits(Masked.select(true, a, b)));
			}
		}
	}

	@Test
	void keptIndicesMatchABranchingLoopWhateverTheEnds() {
		final Random rnd = new Random(5);
		for (int trial = 0; trial < 200; trial++) {
			final int n = 1 + rnd.nextInt(60);
			final boolean[] drop = new boolean[n];
			final double p = rnd.nextDouble();
			for (int k = 0; k < n; k++) drop[k] = rnd.nextDouble() < p;
			// the ends in both states (the last write past the kept ones needs the spare entry)
			if (trial % 4 == 0) drop[n - 1] = true;
			if (trial % 4 == 1) drop[n - 1] = false;
			int count = 0;
			final int[] expected = new int[n];
			for (int k = 0; k < n; k++) if (!drop[k]) expected[count++] = k;
			assertEquals(count, Masked.kept(drop, n));
			final int[] out = new int[count + 1];
			Masked.keptIndices(drop, out);
			assertArrayEquals(java.util.Arrays.copyOf(expected, count), java.util.Arrays.copyOf(out, count));
		}
		assertEquals(7, Masked.kept(null, 7));
		assertEquals(0, Masked.kept(new boolean[] { true, true }, 2));
	}
}
