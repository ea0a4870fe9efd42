package org.deeplowrank.solver;

import static org.deeplowrank.solver.nonlocal.NonlocalCompletionTest.masked;
import static org.deeplowrank.solver.nonlocal.NonlocalCompletionTest.planeWave;
import static org.deeplowrank.solver.nonlocal.NonlocalCompletionTest.randomMissing;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplowrank.image.TileGrid;
import org.deeplowrank.solver.linalg.Matrix;
import org.deeplowrank.solver.linalg.MatrixOps;
import org.deeplowrank.solver.nonlocal.GroupMethod;
import org.deeplowrank.solver.nonlocal.NonlocalSettings;
import org.junit.jupiter.api.Test;

/**
 * {@code lifting=nonlocal} as a key of the settings and a solver of the registry: the keys
 * reach {@link NonlocalSettings}, every bad combination is refused with a message naming
 * the fix, tiles compose, and the memory check names the tile that fits.
 */
class NonlocalLiftingTest {

	private static SolverSettings.Builder nonlocal(final Method m) {
		return SolverSettings.builder().method(m).lifting(Lifting.NONLOCAL);
	}

	private static String message(final SolverSettings.Builder b) {
		return assertThrows(IllegalArgumentException.class, b::build).getMessage();
	}

	@Test
	void theKeysReachTheNonlocalSettings() {
		final SolverSettings s = nonlocal(Method.GD).patch(6).group(20).search(9).rounds(2).seed(7).threads(3).build();
		final NonlocalSettings n = s.nonlocal();
		assertEquals(6, n.patch);
		assertEquals(20, n.groupSize);
		assertEquals(9, n.window);
		assertEquals(2, n.rounds);
		assertEquals(GroupMethod.GD, n.groupMethod);
		assertEquals(7, n.seed);
		assertEquals(3, n.threads);
		assertEquals(GroupMethod.SOFT_IMPUTE, nonlocal(Method.SOFTIMPUTE).build().nonlocal().groupMethod);
		assertEquals(8, s.withSeed(8).nonlocal().seed, "each part and tile runs with its own seed");
		// the other defaults are the model's own
		assertEquals(NonlocalSettings.DEFAULTS.lambda, n.lambda);
		assertEquals(NonlocalSettings.DEFAULTS.stride, n.stride);
		assertEquals(s, s.toBuilder().build());
		assertTrue(!s.equals(s.toBuilder().rounds(3).build()));
		assertEquals("gd on nonlocal patch groups", Methods.solver(s).toString());
	}

	@Test
	void badCombinationsAndValuesAreRefusedWithTheFix() {
		assertEquals("lifting=nonlocal works with method=gd, glrl or softimpute (the solver of each patch group), not " +
			"'harmonic': smooth inpainting has no groups; use lifting=none with method=harmonic", message(nonlocal(
				Method.HARMONIC)));
		assertTrue(message(SolverSettings.builder().method(Method.AUTO).lifting(Lifting.HANKEL)).startsWith(
			"method=auto chooses the model itself"));
		assertEquals("bad value for 'group': 2000 (expected an integer in [1, 1024], e.g. 32)", message(nonlocal(
			Method.GD).group(2000).search(40)));
		assertEquals("bad value for 'search': -1 (expected an integer >= 0, e.g. 12)", message(nonlocal(Method.GD)
			.search(-1)));
		assertEquals("'group' 32 is more than the 9 patches of a search window of ±1: use a larger 'search' (at least " +
			"3) or a smaller 'group'", message(nonlocal(Method.GD).search(1)));
		assertEquals("bad value for 'rounds': 0 (expected an integer >= 1, e.g. 3)", message(nonlocal(Method.GD).rounds(
			0)));
		assertEquals("bad value for 'patch': 70 (expected an integer in [1, 64], e.g. 8)", message(nonlocal(Method.GD)
			.patch(70)));
		// the group keys are checked whichever method runs; the patch only where it is the groups'
		assertEquals("bad value for 'rounds': 0 (expected an integer >= 1, e.g. 3)", message(SolverSettings.builder()
			.method(Method.GD).rounds(0)));
		SolverSettings.builder().method(Method.GD).lifting(Lifting.HANKEL).patch(70).build();
	}

	/**
	 * The plane wave, 80 % missing: the deep factorization per group, at the defaults,
	 * recovers it (the groups have rank 2), to 0.0099 (measured; the floor is the image
	 * border, where pixels lie in few groups, so the margin is thin). SoftImpute per group at
	 * its defaults (λ = 0.02, 4 iterations, chosen on natural images) reaches 0.086 here.
	 */
	@Test
	void recoversAPeriodicTextureWithEightyPercentMissing() {
		final Matrix truth = planeWave(64, 64);
		final boolean[] missing = randomMissing(truth.size(), 0.8, 3);
		final SolverSettings s = nonlocal(Method.GD).build();
		final ReconstructionResult r = Methods.solver(s).solve(masked(truth, missing), missing, truth, s, null, null);
		assertTrue(r.relError < 1e-2, r.summaryLine() + " " + r.message);
		assertEquals("nonlocal-gd", r.method);
		for (int q = 0; q < missing.length; q++) if (!missing[q]) assertEquals(truth.re[q], r.reconstruction.re[q], 0.0);
	}

	@Test
	void tilesCompose() {
		final Matrix truth = planeWave(72, 80);
		final boolean[] missing = randomMissing(truth.size(), 0.5, 4);
		final SolverSettings s = nonlocal(Method.SOFTIMPUTE).rounds(2).tile(48).build();
		final MatrixSolver tiled = TileGrid.tiled(Methods.solver(s), s.tiles());
		final ReconstructionResult r = tiled.solve(masked(truth, missing), missing, truth, s, null, null);
		assertEquals("nonlocal-softimpute", r.method);
		assertTrue(r.relError < 0.05, r.summaryLine());
		for (int q = 0; q < missing.length; q++) if (!missing[q]) assertEquals(truth.re[q], r.reconstruction.re[q], 0.0);
	}

	@Test
	void memoryGrowsWithThePixelsAndATooBigRunNamesTheTileThatFits() {
		final NonlocalSettings n = NonlocalSettings.DEFAULTS;
		final long small = n.memoryBytes(512, 512, 2), big = n.memoryBytes(2048, 2048, 2);
		// linear in the pixels (16 x the pixels: at most 16 x the bytes, never 256 x)
		assertTrue(big < 16 * small, big + " vs " + small);
		assertTrue(big > 8 * small, big + " vs " + small);
		assertTrue(big < 1L << 30, "a 2048 x 2048 plane fits a 4 GB heap: " + (big >> 20) + " MB");
		final long heap = 64L << 20;
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Reconstruction
			.checkNonlocalMemory(2048, 2048, n.toBuilder().threads(2).build(), heap));
		final int tile = n.tileThatFits(heap, 2);
		assertEquals("the nonlocal patch groups of a 2048 x 2048 image need about " + (n.memoryBytes(2048, 2048, 2) >>
			20) + " MB but the Java heap is 64 MB; use tiles (tile=" + tile + " fits) or give Java more memory (-Xmx)", e
				.getMessage());
		assertTrue(n.memoryBytes(tile, tile, 2) <= heap, "the tile named fits");
		assertTrue(n.memoryBytes(tile + 64, tile + 64, 2) > heap * 0.9, "and is not much smaller than needed");
		Reconstruction.checkNonlocalMemory(tile, tile, n.toBuilder().threads(2).build(), heap);
	}
}
