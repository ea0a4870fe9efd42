package org.deeplowrank.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.deeplowrank.solver.MatrixSolver;
import org.deeplowrank.solver.Reconstruction;
import org.deeplowrank.solver.ReconstructionResult;
import org.deeplowrank.solver.SolverSettings;
import org.deeplowrank.solver.TileSettings;
import org.deeplowrank.solver.gd.StopReason;
import org.deeplowrank.solver.linalg.Matrix;
import org.junit.jupiter.api.Test;

/**
 * Tiling: the geometry, the partition of unity, and the acceptance test of the issue: an
 * image that is low rank on every tile, cut into 4 x 4 overlapping tiles with 30 % of its
 * pixels missing, is recovered as well as each tile alone, with no seams (the error where
 * tiles are blended is within 2x of the error inside the tiles).
 */
class TileGridTest {

	@Test
	void tilesCoverTheMatrixAndOverlapByAtLeastTheOverlap() {
		final int[][] cases = { { 112, 112, 34, 8 }, { 100, 37, 16, 5 }, { 20, 24, 12, 4 }, { 1000, 999, 256, 32 },
			{ 30, 5, 16, 4 } };
		for (final int[] c : cases) {
			final TileGrid g = new TileGrid(c[0], c[1], c[2], c[3]);
			final Set<Integer> tops = new HashSet<>(), lefts = new HashSet<>();
			for (int t = 0; t < g.count(); t++) {
				tops.add(g.top(t));
				lefts.add(g.left(t));
				assertTrue(g.top(t) >= 0 && g.top(t) + g.height() <= c[0] && g.left(t) >= 0 && g.left(t) + g.width() <= c[1], g
					.toString());
			}
			checkAxis(new ArrayList<>(tops), g.height(), c[0], c[3], g);
			checkAxis(new ArrayList<>(lefts), g.width(), c[1], c[3], g);
			assertEquals(tops.size() * lefts.size(), g.count());
		}
		assertEquals(16, new TileGrid(112, 112, 34, 8).count(), "4 x 4 tiles");
		assertEquals(1, new TileGrid(30, 30, 64, 8).count(), "a matrix smaller than a tile is one tile");
	}

	private static void checkAxis(final List<Integer> starts, final int len, final int n, final int overlap,
		final TileGrid g)
	{
		starts.sort(null);
		assertEquals(0, (int) starts.get(0));
		assertEquals(n, starts.get(starts.size() - 1) + len, "the last tile ends at the border: " + g);
		for (int i = 1; i < starts.size(); i++)
			assertTrue(starts.get(i - 1) + len - starts.get(i) >= overlap, "overlap of neighbours: " + g);
	}

	@Test
	void weightsAreAPartitionOfUnityAndBlendingGivesTheMatrixBack() {
		final Random rng = new Random(3);
		for (final int[] c : new int[][] { { 112, 112, 34, 8 }, { 100, 37, 16, 5 }, { 61, 70, 20, 9 } }) {
			final TileGrid g = new TileGrid(c[0], c[1], c[2], c[3]);
			final Matrix m = Matrix.real(c[0], c[1]);
			for (int i = 0; i < m.re.length; i++) m.re[i] = rng.nextGaussian();
			final Matrix back = Matrix.real(c[0], c[1]);
			for (int t = 0; t < g.count(); t++) g.blend(t, g.crop(m, t), back);
			for (int y = 0; y < c[0]; y++)
				for (int x = 0; x < c[1]; x++) {
					double sum = 0;
					for (int t = 0; t < g.count(); t++) {
						final double w = g.weight(t, y, x);
						assertTrue(w >= 0 && w <= 1 + 1e-15);
						sum += w;
					}
					assertEquals(1, sum, 1e-12, "sum of the weights at " + y + "," + x + " in " + g);
					assertEquals(m.get(y, x), back.get(y, x), 1e-12);
				}
		}
	}

	/** The keys tile and overlap as settings. */
	static TileSettings tiles(final int tile, final int overlap) {
		return SolverSettings.builder().tile(tile).overlap(overlap).build().tiles();
	}

	@Test
	void oneTileIsTheSolverItselfAndSeedsFollowThePosition() {
		final List<Long> seeds = new ArrayList<>();
		final MatrixSolver inner = (data, missing, reference, s, listener, cancel) -> {
			seeds.add(s.seed());
			return ReconstructionResult.builder().reconstruction(data.copy()).stopReason(StopReason.CONVERGED).steps(1)
				.backend("test").build();
		};
		final Matrix m = Matrix.real(30, 20);
		final SolverSettings s = SolverSettings.builder().seed(42).build();
		TileGrid.tiled(inner, tiles(32, 8)).solve(m, null, null, s, null, null);
		assertEquals(List.of(42L), seeds, "one tile: the solver as without tiles");
		assertSame(inner, TileGrid.tiled(inner, tiles(0, 0)), "tile = 0: no tiling");
		seeds.clear();
		TileGrid.tiled(inner, tiles(12, 4)).solve(m, null, null, s, null, null);
		final TileGrid g = new TileGrid(30, 20, 12, 4);
		assertEquals(g.count(), seeds.size());
		assertEquals(42L, (long) seeds.get(0), "tile (0, 0) keeps the seed");
		assertEquals(g.count(), new HashSet<>(seeds).size(), "every tile its own seed");
		final TileGrid other = new TileGrid(30, 20, 12, 2); // 3 x 2 tiles instead of 4 x 2; tile 1 at the same place
		assertEquals(g.top(1), other.top(1));
		assertEquals(g.left(1), other.left(1));
		assertNotEquals(g.count(), other.count());
		assertEquals(g.seed(42, 1), other.seed(42, 1), "a function of the position, not of the tile count");
		assertNotEquals(g.seed(42, 1), g.seed(43, 1));
	}

	@Test
	void badKeysAreNamed() {
		assertEquals("bad value for 'overlap': 16 (expected 0 <= overlap < tile = 16, e.g. tile/8)", assertThrows(
			IllegalArgumentException.class, () -> TileSettings.check(16, 16)).getMessage());
		assertEquals("bad value for 'tile': -1 (expected 0 for no tiling, or the tile side in pixels, e.g. 1024)",
			assertThrows(IllegalArgumentException.class, () -> TileSettings.check(-1, 0)).getMessage());
		final boolean[] missing = new boolean[40 * 40];
		for (int y = 0; y < 20; y++) for (int x = 0; x < 20; x++) missing[y * 40 + x] = true;
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TileGrid.tiled(
			Reconstruction::complete, tiles(16, 4)).solve(Matrix.real(40, 40), missing, null, SolverSettings.DEFAULTS,
				null, null));
		assertEquals("tile 1/9 (x 0-15, y 0-15) has no observed pixel: use a larger 'tile' (or 'overlap') so that " +
			"every tile sees some data", e.getMessage());
	}

	/** A smooth image that is low rank on every tile: a constant and two plane waves (rank <= 5). */
	static Matrix tileWiseLowRank(final int n) {
		final Matrix m = Matrix.real(n, n);
		for (int y = 0; y < n; y++)
			for (int x = 0; x < n; x++)
				m.re[y * n + x] = 3 + Math.sin(0.21 * x + 0.13 * y + 0.4) + 0.6 * Math.cos(0.07 * x - 0.19 * y + 1.1);
		return m;
	}

	@Test
	void fourByFourTilesRecoverALowRankImageAsWellAsEachTileAloneWithoutSeams() {
		final int n = 112;
		final Matrix truth = tileWiseLowRank(n);
		final boolean[] missing = new boolean[n * n];
		final Random rng = new Random(11);
		for (int i = 0; i < missing.length; i++) missing[i] = rng.nextDouble() < 0.3;
		final SolverSettings s = SolverSettings.builder().iterations(1500).logEvery(500).threads(1).validation(0).seed(5)
			.build();
		final TileGrid grid = new TileGrid(n, n, 34, 8);
		assertEquals(16, grid.count());

		// the tiled solver, recording what each tile gave alone (completed with only its own pixels)
		final List<ReconstructionResult> tiles = new ArrayList<>();
		final MatrixSolver recording = (data, m, reference, settings, listener, cancel) -> {
			final ReconstructionResult r = Reconstruction.complete(data, m, reference, settings, listener, cancel);
			tiles.add(r);
			return r;
		};
		final ReconstructionResult blended = TileGrid.tiled(recording, tiles(34, 8)).solve(truth, missing, null, s, null,
			null);
		assertEquals(16, tiles.size());
		double aloneErr2 = 0;
		int aloneCount = 0;
		for (int t = 0; t < grid.count(); t++) {
			final boolean[] m = grid.crop(missing, t);
			final Matrix tt = grid.crop(truth, t);
			for (int i = 0; i < m.length; i++)
				if (m[i]) {
					final double d = tiles.get(t).reconstruction.re[i] - tt.re[i];
					aloneErr2 += d * d;
					aloneCount++;
				}
		}
		final double alone = Math.sqrt(aloneErr2 / aloneCount);

		double all2 = 0, seam2 = 0, inner2 = 0, ref2 = 0;
		int all = 0, seam = 0, inner = 0;
		for (int y = 0; y < n; y++)
			for (int x = 0; x < n; x++) {
				final int i = y * n + x;
				ref2 += truth.re[i] * truth.re[i];
				if (!missing[i]) {
					assertEquals(truth.re[i], blended.reconstruction.re[i], 0, "observed pixels are kept exactly");
					continue;
				}
				final double d = blended.reconstruction.re[i] - truth.re[i];
				double maxWeight = 0;
				for (int t = 0; t < grid.count(); t++) maxWeight = Math.max(maxWeight, grid.weight(t, y, x));
				all2 += d * d;
				all++;
				if (maxWeight < 1) {
					seam2 += d * d;
					seam++;
				}
				else {
					inner2 += d * d;
					inner++;
				}
			}
		final double blend = Math.sqrt(all2 / all), atSeams = Math.sqrt(seam2 / seam), inside = Math.sqrt(inner2 / inner);
		final double rms = Math.sqrt(ref2 / (n * n));
		final String report = String.format("rmse: blended %.3g, tiles alone %.3g, at seams %.3g (%d px), inside %.3g " +
			"(%d px), image rms %.3g", blend, alone, atSeams, seam, inside, inner, rms);
		System.out.println("TileGridTest: " + report);
		assertTrue(blend < 1e-2 * rms, "recovered: " + report);
		assertTrue(blend <= 1.1 * alone, "as well as each tile alone: " + report);
		assertTrue(atSeams <= 2 * inside, "no seams: " + report);
		assertTrue(seam > 1000 && inner > 1000, report);
	}
}
