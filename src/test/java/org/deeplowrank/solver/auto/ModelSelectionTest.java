package org.deeplowrank.solver.auto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.deeplowrank.solver.TestMatrices;
import org.deeplowrank.solver.linalg.Matrix;
import org.deeplowrank.solver.linalg.MatrixOps;
import org.junit.jupiter.api.Test;

/** Held-out estimator selection: the rule on synthetic candidates, then the auto candidates on model data. */
class ModelSelectionTest {

	/** A candidate that returns truth + offset·sign pattern at every pixel (ignores the data). */
	private static ModelSelection.Candidate offset(final String name, final Matrix truth, final double offset) {
		return ModelSelection.candidate(name, (image, missing) -> {
			final Matrix x = truth.copy();
			for (int q = 0; q < x.re.length; q++) x.re[q] += offset * ((q % 2 == 0) ? 1 : -1);
			return x;
		});
	}

	private static Matrix masked(final Matrix truth, final boolean[] missing) {
		final Matrix y = truth.copy();
		for (int q = 0; q < missing.length; q++) if (missing[q]) y.re[q] = Double.NaN;
		return y;
	}

	@Test
	void picksTheCandidateWithTheSmallestHeldOutError() {
		final Matrix truth = TestMatrices.lowRank(20, 30, 2, 1);
		final boolean[] missing = TestMatrices.missingExcept(truth.size(), 300, 2);
		final ModelSelection.Choice c = ModelSelection.select(masked(truth, missing), missing, List.of(offset("far",
			truth, 2), offset("near", truth, 0.5), offset("middle", truth, 1)), 0.2, 3, false);
		assertEquals("near", c.name);
		assertEquals(120, c.heldOut); // two folds of round(0.2 · 300)
		// every candidate is off by exactly its offset at every pixel
		assertArrayEquals(new double[] { 2, 0.5, 1 }, c.heldOutRmse, 1e-12);
		assertEquals(1, c.blendWeight, 0.0);
		// observed pixels as observed, missing ones from the winner
		for (int q = 0; q < missing.length; q++) {
			assertEquals(missing[q] ? truth.re[q] + 0.5 * ((q % 2 == 0) ? 1 : -1) : truth.re[q], c.result.re[q], 1e-12);
		}
		assertTrue(c.summaryLine().startsWith("chosen=near held_out=120 rmse: far=2.000 near=0.5000 middle=1.000"), c.summaryLine());
	}

	@Test
	void everyHeldOutPixelIsPredictedByTheRunThatHidItAndOnlyThere() {
		final Matrix truth = TestMatrices.lowRank(20, 30, 2, 1);
		final boolean[] missing = TestMatrices.missingExcept(truth.size(), 300, 2);
		final List<boolean[]> masks = new java.util.ArrayList<>();
		// returns the truth where the pixel is observed in its input, 0 where hidden
		final ModelSelection.Candidate peek = ModelSelection.candidate("peek", (image, miss) -> {
			masks.add(miss.clone());
			final Matrix x = truth.copy();
			for (int q = 0; q < x.re.length; q++) if (miss[q]) x.re[q] = 0;
			return x;
		});
		final ModelSelection.Choice c = ModelSelection.select(masked(truth, missing), missing, List.of(peek), 0.2, 3,
			false);
		// two folds and the rerun on all observed pixels
		assertEquals(ModelSelection.FOLDS + 1, masks.size());
		int hidden = 0;
		for (int q = 0; q < missing.length; q++) {
			int hiddenIn = 0;
			for (int f = 0; f < ModelSelection.FOLDS; f++) if (masks.get(f)[q] && !missing[q]) hiddenIn++;
			assertTrue(hiddenIn <= 1, "pixel " + q + " hidden in " + hiddenIn + " folds");
			hidden += hiddenIn;
			assertEquals(missing[q], masks.get(ModelSelection.FOLDS)[q]);
		}
		assertEquals(c.heldOut, hidden);
		// the held-out RMSE is that of predicting 0 at the hidden pixels: the truth's RMS there
		double s = 0;
		for (int q = 0; q < missing.length; q++) {
			boolean h = false;
			for (int f = 0; f < ModelSelection.FOLDS; f++) h |= masks.get(f)[q] && !missing[q];
			if (h) s += truth.re[q] * truth.re[q];
		}
		assertEquals(Math.sqrt(s / hidden), c.heldOutRmse[0], 1e-12);
	}

	@Test
	void aLargePlaneIsScoredOnDisjointCropsSpreadOverIt() {
		assertEquals(null, ModelSelection.selectionCrops(255, 4096));
		assertEquals(null, ModelSelection.selectionCrops(300, 300));
		final int[][] crops = ModelSelection.selectionCrops(512, 600);
		// cells of 256 x 256: 2 x 2 full cells, a crop at the centre of each
		assertEquals(4, crops.length);
		final boolean[] covered = new boolean[512 * 600];
		for (final int[] c : crops) {
			assertEquals(ModelSelection.CROP, c[2]);
			assertEquals(ModelSelection.CROP, c[3]);
			for (int y = c[0]; y < c[0] + c[2]; y++) {
				for (int x = c[1]; x < c[1] + c[3]; x++) {
					assertTrue(!covered[y * 600 + x], "crops overlap");
					covered[y * 600 + x] = true;
				}
			}
		}
		assertArrayEquals(new int[] { 64, 320, 128, 128 }, crops[1]);
		// the candidates see the crops during the selection, then the whole plane
		// a constant plane, and a candidate that keeps its input and predicts −1 where hidden: its held-out
		// RMSE is 4 exactly when every held-out pixel is read from its own crop at its own place
		final Matrix truth = Matrix.real(512, 512);
		java.util.Arrays.fill(truth.re, 3);
		final boolean[] missing = TestMatrices.missingExcept(truth.size(), truth.size() / 2, 2);
		final List<String> sizes = new java.util.ArrayList<>();
		final ModelSelection.Candidate record = ModelSelection.candidate("record", (image, miss) -> {
			sizes.add(image.rows + "x" + image.cols);
			final Matrix x = image.copy();
			for (int q = 0; q < x.re.length; q++) if (miss[q]) x.re[q] = -1;
			return x;
		});
		final ModelSelection.Choice c = ModelSelection.select(masked(truth, missing), missing, List.of(record), 0.1, 3,
			false);
		assertEquals(List.of("128x128", "128x128", "128x128", "128x128", "512x512"), sizes);
		assertEquals(4, c.crops);
		assertTrue(c.summaryLine().contains("(in 4 crops of 128x128)"), c.summaryLine());
		assertEquals(4, c.heldOutRmse[0], 1e-12);
		assertTrue(c.heldOut > 0.09 * 4 * 128 * 128 / 2 && c.heldOut < 0.11 * 4 * 128 * 128 / 2, "" + c.heldOut);
	}

	@Test
	void blendsTwoCandidatesWithOppositeErrors() {
		final Matrix truth = TestMatrices.lowRank(16, 16, 1, 4);
		final boolean[] missing = TestMatrices.missingExcept(truth.size(), 128, 5);
		// +0.5 and −1 everywhere: the blend 2/3 · a + 1/3 · b is exact
		final ModelSelection.Choice c = ModelSelection.select(masked(truth, missing), missing, List.of(offset("a", truth,
			0.5), offset("b", truth, -1)), 0.25, 6, true);
		assertEquals("a+b", c.name);
		assertEquals(2 / 3.0, c.blendWeight, 1e-12);
		assertEquals(0, c.blendRmse, 1e-12);
		assertEquals(0, MatrixOps.distanceF(c.result, truth), 1e-10);
	}

	@Test
	void extrapolatesPastTheBestUpToTheCapAndKeepsTheObservedRange() {
		final Matrix truth = TestMatrices.lowRank(16, 16, 1, 4);
		final boolean[] missing = TestMatrices.missingExcept(truth.size(), 128, 5);
		// +0.5 and +1 in the same pattern: 2 · a − 1 · b is exact (weight 2, the cap)
		final ModelSelection.Choice c = ModelSelection.select(masked(truth, missing), missing, List.of(offset("a", truth,
			0.5), offset("b", truth, 1)), 0.25, 6, true);
		assertEquals("a+b", c.name);
		assertEquals(ModelSelection.MAX_BLEND_WEIGHT, c.blendWeight, 0.0);
		assertEquals(2.0, c.blendWeight, 0.0);
		assertEquals(0, c.blendRmse, 1e-12);
		double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
		for (int q = 0; q < missing.length; q++) {
			if (!missing[q]) {
				lo = Math.min(lo, truth.re[q]);
				hi = Math.max(hi, truth.re[q]);
			}
		}
		for (int q = 0; q < missing.length; q++) {
			final double expected = Math.min(hi, Math.max(lo, truth.re[q]));
			assertEquals(expected, c.result.re[q], 1e-10, "pixel " + q);
		}
		// +0.5 and +2: the exact weight 4/3 is inside the cap
		final ModelSelection.Choice d = ModelSelection.select(masked(truth, missing), missing, List.of(offset("a", truth,
			0.5), offset("b", truth, 2)), 0.25, 6, true);
		assertEquals(4 / 3.0, d.blendWeight, 1e-12);
		// +0.5 and +0.6: the exact weight 6 is beyond it, so the blend stops at 2
		final ModelSelection.Choice e = ModelSelection.select(masked(truth, missing), missing, List.of(offset("a", truth,
			0.5), offset("b", truth, 0.6)), 0.25, 6, true);
		assertEquals(2.0, e.blendWeight, 0.0);
		assertEquals(0.4, e.blendRmse, 1e-12);
	}

	@Test
	void aRejectingCandidateDropsOutAndAllRejectingThrowsTheFirstMessage() {
		final Matrix truth = TestMatrices.lowRank(10, 10, 1, 7);
		final boolean[] missing = TestMatrices.missingExcept(truth.size(), 60, 8);
		final ModelSelection.Candidate refuses = ModelSelection.candidate("refuses", (image, m) -> {
			throw new IllegalArgumentException("too small for me");
		});
		final ModelSelection.Choice c = ModelSelection.select(masked(truth, missing), missing, List.of(refuses, offset(
			"ok", truth, 1)), 0.1, 9, true);
		assertEquals("ok", c.name);
		assertEquals("too small for me", c.rejections[0]);
		assertTrue(c.summaryLine().contains("refuses=rejected"), c.summaryLine());
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelSelection.select(
			masked(truth, missing), missing, List.of(refuses), 0.1, 9, false));
		assertEquals("too small for me", e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> ModelSelection.select(truth, missing, List.of(), 0.1, 9,
			false));
		assertThrows(IllegalArgumentException.class, () -> ModelSelection.select(truth, missing, List.of(refuses), 0.7,
			9, false));
	}

	@Test
	void heldOutPixelsAreSeededObservedAndSorted() {
		final boolean[] missing = TestMatrices.missingExcept(400, 200, 10);
		final int[] a = ModelSelection.heldOutPixels(missing, 0.1, 11);
		assertEquals(20, a.length);
		assertArrayEquals(a, ModelSelection.heldOutPixels(missing, 0.1, 11));
		for (int i = 0; i < a.length; i++) {
			assertTrue(!missing[a[i]]);
			if (i > 0) assertTrue(a[i - 1] < a[i]);
		}
		assertTrue(!java.util.Arrays.equals(a, ModelSelection.heldOutPixels(missing, 0.1, 12)));
	}
}
