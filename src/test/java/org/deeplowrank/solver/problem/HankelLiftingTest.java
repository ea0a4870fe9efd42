package org.deeplowrank.solver.problem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.deeplowrank.solver.LiftedCompletion;
import org.deeplowrank.solver.Lifting;
import org.deeplowrank.solver.Reconstruction;
import org.deeplowrank.solver.ReconstructionResult;
import org.deeplowrank.solver.SolverSettings;
import org.deeplowrank.solver.TestMatrices;
import org.deeplowrank.solver.linalg.Matrix;
import org.deeplowrank.solver.linalg.MatrixOps;
import org.deeplowrank.solver.linalg.Svd;
import org.junit.jupiter.api.Test;

/** Patch (block-Hankel) lifting and completion in the lifted domain. */
public class HankelLiftingTest {

	private static Matrix random(final int rows, final int cols, final long seed) {
		final Random rnd = new Random(seed);
		final Matrix m = Matrix.real(rows, cols);
		for (int k = 0; k < m.size(); k++) m.re[k] = rnd.nextGaussian() * 100 + 500;
		return m;
	}

	@Test
	void liftThenUnliftIsTheIdentity() {
		final int[][] cases = { // rows, cols, patch, stride
			{ 10, 10, 3, 1 }, { 10, 10, 3, 3 }, { 18, 23, 5, 3 }, { 23, 17, 4, 1 }, { 17, 29, 17, 3 }, { 7, 9, 1, 1 },
			{ 31, 20, 8, 3 }, { 12, 12, 12, 1 } };
		for (final int[] c : cases) {
			final Matrix image = random(c[0], c[1], c[0] * 31L + c[1]);
			final HankelLifting h = new HankelLifting(c[0], c[1], c[2], c[3]);
			final Matrix lifted = h.lift(image);
			assertEquals(c[2] * c[2], lifted.rows);
			assertEquals(h.patches(), lifted.cols);
			assertEquals(HankelLifting.patchCount(c[0], c[1], c[2], c[3]), h.patches());
			final Matrix back = h.unlift(lifted);
			assertTrue(TestMatrices.maxAbsDiff(image, back) < 1e-12 * 1000, "case " + java.util.Arrays.toString(c));
			// every pixel covered; every lifted entry is its pixel
			for (int y = 0; y < c[0]; y++) for (int x = 0; x < c[1]; x++) assertTrue(h.coverage(y, x) >= 1);
			for (int k = 0; k < h.patches(); k++) {
				final int[] pos = h.position(k);
				for (int dy = 0; dy < c[2]; dy++) for (int dx = 0; dx < c[2]; dx++) {
					assertEquals(image.get(pos[0] + dy, pos[1] + dx), lifted.get(dy * c[2] + dx, k));
				}
			}
			// the last position is always included
			final int[] last = h.position(h.patches() - 1);
			assertArrayEquals(new int[] { c[0] - c[2], c[1] - c[2] }, last);
		}
	}

	@Test
	void liftedMaskMarksEveryEntryOfAMissingPixel() {
		final HankelLifting h = new HankelLifting(11, 13, 4, 3);
		final boolean[] missing = TestMatrices.missingExcept(11 * 13, 60, 5);
		final Matrix indicator = Matrix.real(11, 13);
		for (int k = 0; k < missing.length; k++) indicator.re[k] = missing[k] ? 1 : 0;
		final boolean[] lifted = h.liftMissing(missing);
		final Matrix liftedIndicator = h.lift(indicator);
		int count = 0;
		for (int i = 0; i < lifted.length; i++) {
			assertEquals(liftedIndicator.re[i] == 1, lifted[i]);
			if (lifted[i]) count++;
		}
		assertEquals(null, h.liftMissing(null));
		// lifted entries of a set of pixels = the lifted mask of that set
		int[] pixels = new int[0];
		for (int k = 0; k < missing.length; k++) if (missing[k]) {
			pixels = java.util.Arrays.copyOf(pixels, pixels.length + 1);
			pixels[pixels.length - 1] = k;
		}
		final int[] idx = h.liftedIndices(pixels);
		assertEquals(count, idx.length);
		for (final int i : idx) assertTrue(lifted[i]);
	}

	/**
	 * 5 x 5, p = 2, stride 2: positions {0, 2, 3} along each axis (3 added to reach the
	 * border), so coverage along an axis is 1, 1, 1, 2, 1. Entry (r = dy·2 + dx, patch
	 * (iy, ix)) = 100 iy + 10 ix + r: every estimate of a pixel differs.
	 */
	@Test
	void unliftAveragesTheEstimatesWithBorderCounts() {
		final HankelLifting h = new HankelLifting(5, 5, 2, 2);
		assertEquals(9, h.patches());
		final Matrix lifted = Matrix.real(4, 9);
		for (int r = 0; r < 4; r++) for (int k = 0; k < 9; k++) lifted.set(r, k, 100 * (k / 3) + 10 * (k % 3) + r);
		final Matrix u = h.unlift(lifted);
		// corner (0,0): patch (0,0), offset (0,0) only
		assertEquals(1, h.coverage(0, 0));
		assertEquals(0, u.get(0, 0), 1e-12);
		// top edge (y 0, x 3): patches (0,1) at offset (0,1) -> 11 and (0,2) at offset (0,0) -> 20
		assertEquals(2, h.coverage(0, 3));
		assertEquals(15.5, u.get(0, 3), 1e-12);
		// interior (3,3): (1,1)@(1,1) 113, (1,2)@(1,0) 122, (2,1)@(0,1) 211, (2,2)@(0,0) 220
		assertEquals(4, h.coverage(3, 3));
		assertEquals((113 + 122 + 211 + 220) / 4.0, u.get(3, 3), 1e-12);
		// bottom-right corner (4,4): (2,2)@(1,1) -> 223
		assertEquals(1, h.coverage(4, 4));
		assertEquals(223, u.get(4, 4), 1e-12);
		// (1,2): (0,1)@(1,0) -> 12
		assertEquals(12, u.get(1, 2), 1e-12);
		// left edge (3,0): (1,0)@(1,0) 102, (2,0)@(0,0) 200
		assertEquals(151, u.get(3, 0), 1e-12);

		// stride 1, 4 x 4, p = 3: positions {0, 1}; constant value k in patch k
		final HankelLifting s1 = new HankelLifting(4, 4, 3, 1);
		final Matrix l1 = Matrix.real(9, 4);
		for (int r = 0; r < 9; r++) for (int k = 0; k < 4; k++) l1.set(r, k, k);
		final Matrix u1 = s1.unlift(l1);
		assertEquals(0, u1.get(0, 0), 1e-12); // corner: patch 0 only
		assertEquals(0.5, u1.get(0, 1), 1e-12); // edge: patches 0, 1
		assertEquals(1.5, u1.get(1, 1), 1e-12); // interior: all four
		assertEquals(3, u1.get(3, 3), 1e-12); // opposite corner: patch 3 only
		assertEquals(2.5, u1.get(3, 1), 1e-12); // bottom edge (x = 1): patches 2, 3
	}

	@Test
	void badPatchAndStrideAreNamed() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new HankelLifting(32, 48, 40,
			1));
		assertEquals("bad value for 'patch': 40 (expected 1..min(width, height) = 32)", e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> new HankelLifting(32, 48, 0, 1));
		assertTrue(e.getMessage().startsWith("bad value for 'patch': 0"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> new HankelLifting(32, 48, 8, 0));
		assertTrue(e.getMessage().startsWith("bad value for 'stride': 0 (expected 1..patch = 8"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> new HankelLifting(32, 48, 8, 9));
		assertTrue(e.getMessage().startsWith("bad value for 'stride': 9"), e.getMessage());
		final HankelLifting h = new HankelLifting(8, 8, 3, 1);
		assertThrows(IllegalArgumentException.class, () -> h.lift(Matrix.real(8, 9)));
		assertThrows(IllegalArgumentException.class, () -> h.unlift(Matrix.real(9, 35)));
		assertThrows(IllegalArgumentException.class, () -> h.liftMissing(new boolean[63]));
		// too large for one Java array: a clear message, not an ArithmeticException
		e = assertThrows(IllegalArgumentException.class, () -> new HankelLifting(8192, 8192, 8, 1));
		assertTrue(e.getMessage().contains("stride"), e.getMessage());

		final SolverSettings s = SolverSettings.DEFAULTS;
		final Matrix image = random(32, 48, 1);
		e = assertThrows(IllegalArgumentException.class, () -> LiftedCompletion.complete(image, null, null, hankel(s, 40,
			1, true), null, null));
		assertEquals("bad value for 'patch': 40 (expected 1..min(width, height) = 32)", e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> LiftedCompletion.completeGreedy(image, null, null, hankel(
			SolverSettings.GREEDY_DEFAULTS, 8, 12, true), null, null));
		assertTrue(e.getMessage().startsWith("bad value for 'stride': 12"), e.getMessage());
		final boolean[] all = new boolean[32 * 48];
		java.util.Arrays.fill(all, true);
		e = assertThrows(IllegalArgumentException.class, () -> LiftedCompletion.complete(image, all, null, hankel(s, 8, 2,
			true), null, null));
		assertTrue(e.getMessage().startsWith("every pixel is missing"), e.getMessage());
		final Matrix nan = image.copy();
		nan.set(3, 5, Double.NaN);
		e = assertThrows(IllegalArgumentException.class, () -> LiftedCompletion.complete(nan, null, null, hankel(s, 8, 2,
			true), null, null));
		assertTrue(e.getMessage().startsWith("pixel (x=5, y=3) is NaN"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> LiftedCompletion.complete(image, null, Matrix.real(48,
			32), hankel(s, 8, 2, true), null, null));
		assertTrue(e.getMessage().startsWith("reference is 32 x 48"), e.getMessage());
	}

	@Test
	void memoryEstimateScalesWithPatchesAndNeverSquares() {
		// 2048², p = 8: stride 1 has 2041² patches, ≈ 2.1 GB per lifted copy
		final long p1 = HankelLifting.patchCount(2048, 2048, 8, 1);
		assertEquals(2041L * 2041, p1);
		final long copy1 = p1 * 64 * 8;
		assertEquals(2.13e9, copy1, 0.01e9);
		final long b1 = HankelLifting.liftedBytes(2048, 2048, 8, 1, 3);
		assertTrue(b1 >= 9 * copy1 && b1 < 25 * copy1, "estimate " + b1);
		assertEquals(511L * 511, HankelLifting.patchCount(2048, 2048, 8, 4));
		final long b4 = HankelLifting.liftedBytes(2048, 2048, 8, 4, 3);
		assertTrue(b4 < b1 / 15 && b4 < 3e9, "stride 4: " + b4);
		assertTrue(HankelLifting.liftedBytes(2048, 2048, 8, 1, 5) > b1);
	}

	/** A lifted run that would not fit in the heap is refused with the stride that fits. */
	@Test
	void memoryCheckNamesTheStrideThatFits() {
		final long fourGb = 4L << 30;
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HankelLifting.checkMemory(2048,
			2048, 8, 1, 3, fourGb));
		assertTrue(e.getMessage().startsWith("lifting=hankel of a 2048 x 2048 image with patch 8 and stride 1 needs " +
			"about 36.4 GB of Java heap (depth 3), more than the 4.3 GB available: use stride=4 (about 2.4 GB"), e
				.getMessage());
		assertTrue(e.getMessage().contains("-Xmx"), e.getMessage());
		// or tiles: the suggested side fits at stride 1, 64 more does not
		final java.util.regex.Matcher m = java.util.regex.Pattern.compile("tile=(\\d+)").matcher(e.getMessage());
		assertTrue(m.find(), e.getMessage());
		final int tile = Integer.parseInt(m.group(1));
		assertTrue(tile >= 512 && tile < 2048, e.getMessage());
		HankelLifting.checkMemory(tile, tile, 8, 1, 3, fourGb);
		assertThrows(IllegalArgumentException.class, () -> HankelLifting.checkMemory(tile + 64, tile + 64, 8, 1, 3,
			fourGb));
		// stride 4 fits 4 GB (the requirement), stride 2 does not
		HankelLifting.checkMemory(2048, 2048, 8, 4, 3, fourGb);
		assertThrows(IllegalArgumentException.class, () -> HankelLifting.checkMemory(2048, 2048, 8, 2, 3, fourGb));
		// nothing fits: say so, and what else to do
		e = assertThrows(IllegalArgumentException.class, () -> HankelLifting.checkMemory(2048, 2048, 8, 1, 3, 1L << 27));
		assertTrue(e.getMessage().contains("even with stride=8") && e.getMessage().contains("smaller 'patch'"), e
			.getMessage());
	}

	/** A sum of 3 real 2-D sinusoids: rank 6 both as an image and when lifted. */
	public static Matrix sinusoids(final int n) {
		final double[][] f = { { 0.31, 0.77, 0.3, 1.0 }, { 1.13, -0.42, 1.9, 0.8 }, { -0.57, 0.21, -0.7, 0.6 } };
		final Matrix m = Matrix.real(n, n);
		for (int y = 0; y < n; y++) for (int x = 0; x < n; x++) {
			double v = 0;
			for (final double[] g : f) v += g[3] * Math.cos(g[0] * y + g[1] * x + g[2]);
			m.set(y, x, v);
		}
		return m;
	}

	/**
	 * 48 x 48, 70 % of the pixels missing: 691 observations for a rank-6 48 x 48 matrix
	 * (540 degrees of freedom) defeat image-domain completion, but the 64 x 441 patch
	 * matrix (p = 8, stride 2) of rank 6 sees every pixel up to 16 times and is recovered.
	 */
	@Test
	void sumOfSinusoidsIsRecoveredInTheLiftedDomain() {
		final int n = 48;
		final Matrix truth = sinusoids(n);
		final HankelLifting h = new HankelLifting(n, n, 8, 2);
		final double[] sv = Svd.singularValues(h.lift(truth));
		assertTrue(sv[5] > 1 && sv[6] < 1e-9 * sv[0], "lifted rank 6: " + java.util.Arrays.toString(sv));

		final boolean[] missing = TestMatrices.missingExcept(n * n, (int) Math.round(0.3 * n * n), 7);
		final Matrix observed = truth.copy();
		for (int k = 0; k < missing.length; k++) if (missing[k]) observed.re[k] = Double.NaN;
		final SolverSettings s = SolverSettings.builder().depth(3).scale(0.05).iterations(2500).tolerance(0).logEvery(100)
			.build();
		final long t0 = System.nanoTime();
		final ReconstructionResult r = LiftedCompletion.complete(observed, missing, truth, hankel(s, 8, 2, true), null,
			null);
		final double seconds = (System.nanoTime() - t0) * 1e-9;
		System.out.println("lifted sinusoids: " + r.summaryLine() + " wall=" + seconds);
		assertEquals(n, r.reconstruction.rows);
		assertEquals(n, r.reconstruction.cols);
		double num = 0, den = 0;
		for (int k = 0; k < missing.length; k++) {
			if (missing[k]) {
				num += sq(r.reconstruction.re[k] - truth.re[k]);
				den += sq(truth.re[k]);
			}
			else assertEquals(truth.re[k], r.reconstruction.re[k], 0.0); // keepObserved: bit-identical
		}
		assertTrue(Math.sqrt(num / den) < 1e-3, "rel error on missing pixels " + Math.sqrt(num / den));
		assertTrue(r.relError < 1e-3, r.summaryLine());
		// the reported rel_error is the image-level one
		assertEquals(MatrixOps.distanceF(r.reconstruction, truth) / MatrixOps.normF(truth), r.relError, 1e-15);
		assertNotNull(r.log);
		assertTrue(!r.log.isEmpty());

		// the same data and settings in the image domain stay far off
		final ReconstructionResult plain = Reconstruction.complete(observed, missing, truth, s, null, null);
		System.out.println("image domain, same settings: " + plain.summaryLine());
		assertTrue(plain.relError > 0.02, "image domain: " + plain.summaryLine());
	}

	/** GLRL on the lifted matrix of two sinusoids (lifted rank 4) finds it in 4 phases. */
	@Test
	void greedyLearnsTheLiftedRank() {
		final int n = 32;
		final Matrix truth = Matrix.real(n, n);
		for (int y = 0; y < n; y++) for (int x = 0; x < n; x++) {
			truth.set(y, x, Math.cos(0.4 * y + 0.9 * x + 0.2) + 0.5 * Math.cos(-0.7 * y + 0.3 * x));
		}
		final boolean[] missing = TestMatrices.missingExcept(n * n, n * n / 2, 3);
		final ReconstructionResult r = LiftedCompletion.completeGreedy(truth, missing, truth, hankel(
			SolverSettings.GREEDY_DEFAULTS, 6, 2, false), null, null);
		assertEquals(4, r.phases.size(), r.message);
		assertTrue(r.relError < 1e-6, r.summaryLine());
		assertEquals(MatrixOps.distanceF(r.reconstruction, truth) / MatrixOps.normF(truth), r.relError, 1e-15);
	}

	/** {@code s} on the patch matrix, with the observed pixels put back or not. */
	static SolverSettings hankel(final SolverSettings s, final int patch, final int stride, final boolean keepObserved) {
		return s.toBuilder().lifting(Lifting.HANKEL).patch(patch).stride(stride).keepObserved(keepObserved).build();
	}

	private static double sq(final double x) {
		return x * x;
	}
}
