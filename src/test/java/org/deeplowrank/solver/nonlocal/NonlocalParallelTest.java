package org.deeplowrank.solver.nonlocal;

import static org.deeplowrank.solver.nonlocal.NonlocalCompletionTest.masked;
import static org.deeplowrank.solver.nonlocal.NonlocalCompletionTest.periodicTexture;
import static org.deeplowrank.solver.nonlocal.NonlocalCompletionTest.randomMissing;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplowrank.solver.linalg.Matrix;
import org.junit.jupiter.api.Test;

/**
 * The parallel schedule (several waves of chunks taken by whichever thread is free) and the
 * continuation from a given estimate: bytes independent of the thread count, one more
 * round from a result equal to a longer run.
 */
class NonlocalParallelTest {

	/** 128 × 128 at the default grid: hundreds of groups, so 2 and 3 threads run several waves. */
	@Test
	void manyWavesGiveTheSameBytesForEveryThreadCount() {
		final Matrix truth = periodicTexture(128, 128);
		final boolean[] missing = randomMissing(truth.size(), 0.6, 3);
		final Matrix y = masked(truth, missing);
		for (final GroupMethod method : GroupMethod.values()) {
			final NonlocalSettings s = NonlocalSettings.builder().groupMethod(method).rounds(1).gdIterations(20).threads(1)
				.build();
			final NonlocalCompletion.Result one = NonlocalCompletion.solve(y, missing, s, null);
			assertTrue(one.groups > (NonlocalCompletion.SLOTS_PER_THREAD * 3 + 1) * NonlocalCompletion.CHUNK, "groups " +
				one.groups + " fill several waves");
			for (final int threads : new int[] { 2, 3 }) {
				final Matrix other = NonlocalCompletion.complete(y, missing, s.toBuilder().threads(threads).build());
				assertArrayEquals(one.image.re, other.re, 0.0, method.key + " with " + threads + " threads");
			}
		}
	}

	/** SoftImpute draws nothing at random: round 3 from the round-2 estimate is round 3 of a 3-round run. */
	@Test
	void oneMoreRoundFromAResultEqualsALongerRun() {
		final Matrix truth = periodicTexture(48, 40);
		final boolean[] missing = randomMissing(truth.size(), 0.5, 4);
		final Matrix y = masked(truth, missing);
		final NonlocalSettings s = NonlocalSettings.builder().rounds(2).build();
		final Matrix two = NonlocalCompletion.complete(y, missing, s);
		final NonlocalCompletion.Result next = NonlocalCompletion.solve(y, missing, s, two, 1, null);
		assertEquals(1, next.rounds);
		assertArrayEquals(NonlocalCompletion.complete(y, missing, s.toBuilder().rounds(3).build()).re, next.image.re, 0.0);
	}

	@Test
	void aStartOfAnotherSizeOrWithHolesIsRefused() {
		final Matrix truth = periodicTexture(20, 20);
		final boolean[] missing = randomMissing(truth.size(), 0.5, 5);
		final Matrix y = masked(truth, missing);
		final NonlocalSettings s = NonlocalSettings.DEFAULTS;
		final IllegalArgumentException size = assertThrows(IllegalArgumentException.class, () -> NonlocalCompletion
			.solve(y, missing, s, Matrix.real(20, 21), 1, null));
		assertEquals("the start estimate (21 x 20) does not match the image (20 x 20)", size.getMessage());
		final IllegalArgumentException holes = assertThrows(IllegalArgumentException.class, () -> NonlocalCompletion
			.solve(y, missing, s, y, 1, null));
		assertEquals("the start estimate has a non-finite value at a missing pixel", holes.getMessage());
		final IllegalArgumentException rounds = assertThrows(IllegalArgumentException.class, () -> NonlocalCompletion
			.solve(y, missing, s, null, -1, null));
		assertEquals("bad number of rounds: -1 (expected 0 or more)", rounds.getMessage());
	}
}
