package org.deeplowrank.solver.baseline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplowrank.solver.TestMatrices;
import org.deeplowrank.solver.baseline.SoftImpute.Route;
import org.deeplowrank.solver.baseline.SoftImpute.Steps;
import org.deeplowrank.solver.linalg.Matrix;
import org.deeplowrank.solver.linalg.Svd;
import org.junit.jupiter.api.Test;

/**
 * The partial-SVD route of {@link SoftImpute} (warm-started block subspace iteration)
 * against the full-SVD route, the reference algorithm: same completion to tight tolerance,
 * with the block route actually taken (its step counts), growing when λ leaves more values
 * than the block holds; reproducible bit for bit; the λ check.
 */
public class SoftImputeTest {

	private static final double TOL = 1e-10;

	/**
	 * 120 x 100 rank 5, half the entries missing, λ = 1 % of the estimated top value: the
	 * block route (forced, and chosen by AUTO, which runs its first high-rank iterates on the
	 * full SVD) gives the full route's completion, rank 5, with the missing entries recovered
	 * to 3.7 % (λ's shrinkage bias).
	 */
	@Test
	void partialRouteEqualsFullRouteAndRecoversTheMissingEntries() {
		final Matrix y = TestMatrices.lowRank(120, 100, 5, 7);
		final boolean[] missing = TestMatrices.missingExcept(120 * 100, 6000, 11);
		final double lambda = 0.01 * sigma(y, missing);
		final Steps fullSteps = new Steps(), partialSteps = new Steps(), autoSteps = new Steps();
		final SoftImpute.Result full = SoftImpute.complete(y, missing, lambda, 2000, TOL, null, Route.FULL, fullSteps);
		final SoftImpute.Result partial = SoftImpute.complete(y, missing, lambda, 2000, TOL, null, Route.PARTIAL,
			partialSteps);
		final SoftImpute.Result auto = SoftImpute.complete(y, missing, lambda, 2000, TOL, null, Route.AUTO, autoSteps);
		assertTrue(full.converged && partial.converged && auto.converged, full.iterations + " " + partial.iterations +
			" " + auto.iterations);
		assertEquals(0, fullSteps.partial);
		assertEquals(0, partialSteps.full, "forced block route: " + partialSteps);
		assertTrue(autoSteps.partial > full.iterations / 2, "AUTO ran mostly on the block: " + autoSteps);
		assertTrue(partialSteps.lastBlock <= 25, "ended on a small block: " + partialSteps);
		final double scale = maxAbs(y);
		assertTrue(TestMatrices.maxAbsDiff(partial.completed, full.completed) < 1e-6 * scale, "partial vs full: " +
			TestMatrices.maxAbsDiff(partial.completed, full.completed));
		assertTrue(TestMatrices.maxAbsDiff(auto.completed, full.completed) < 1e-6 * scale, "auto vs full: " +
			TestMatrices.maxAbsDiff(auto.completed, full.completed));
		assertEquals(full.dataLoss, partial.dataLoss, 1e-6 * full.dataLoss);
		for (final SoftImpute.Result r : new SoftImpute.Result[] { full, partial, auto }) {
			assertEquals(5, rank(r.completed), "λ leaves the 5 values");
			final double e = missingError(r.completed, y, missing);
			assertTrue(e > 0.03 && e < 0.05, "relative error on the missing entries: " + e);
		}
		// the block route's answer is the fixed point Z = S_λ(P_Ω(Y) + P_Ω^⊥(Z)) of the exact shrinkage
		final Matrix x = Matrix.real(120, 100);
		for (int k = 0; k < x.re.length; k++) x.re[k] = missing[k] ? partial.completed.re[k] : y.re[k];
		assertTrue(TestMatrices.maxAbsDiff(SoftImpute.shrink(x, lambda), partial.completed) < 1e-8 * scale);
	}

	/**
	 * Rank 30 and a tiny λ (0.5 % of the top value, 2.6 % of the 30th): the first iterate S_λ(P_Ω(Y)) is full
	 * rank, so the block (11 columns at the start) must grow to the whole 100; once the
	 * missing entries settle it shrinks back to about rank + oversampling, and the completion
	 * is still the full route's.
	 */
	@Test
	void blockGrowsWhenLambdaIsTinyAndStillEqualsFullRoute() {
		final Matrix y = TestMatrices.lowRank(120, 100, 30, 7);
		final boolean[] missing = TestMatrices.missingExcept(120 * 100, 10800, 11);
		final double lambda = 0.005 * sigma(y, missing);
		final Steps fullSteps = new Steps(), partialSteps = new Steps();
		final SoftImpute.Result full = SoftImpute.complete(y, missing, lambda, 2000, TOL, null, Route.FULL, fullSteps);
		final SoftImpute.Result partial = SoftImpute.complete(y, missing, lambda, 2000, TOL, null, Route.PARTIAL,
			partialSteps);
		assertTrue(full.converged && partial.converged);
		assertEquals(0, partialSteps.full, partialSteps.toString());
		assertTrue(partialSteps.growths >= 3 && partialSteps.maxBlock == 100, "the block had to grow: " + partialSteps);
		assertTrue(partialSteps.lastBlock > 30 && partialSteps.lastBlock <= 50, "and shrank back: " + partialSteps);
		assertTrue(TestMatrices.maxAbsDiff(partial.completed, full.completed) < 1e-6 * maxAbs(y), "partial vs full: " +
			TestMatrices.maxAbsDiff(partial.completed, full.completed));
		assertEquals(30, rank(partial.completed));
		final double e = missingError(partial.completed, y, missing);
		assertTrue(e < 0.03, "relative error on the missing entries: " + e);
		assertEquals(e, missingError(full.completed, y, missing), 1e-6 * e);
	}

	/** The block's seeded start, growth and polish are reproducible: two calls, the same bits. */
	@Test
	void sameInputsGiveBitIdenticalOutput() {
		final Matrix y = TestMatrices.lowRank(80, 64, 3, 3);
		final boolean[] missing = TestMatrices.missingExcept(80 * 64, 80 * 32, 5);
		final double lambda = 0.01 * sigma(y, missing);
		for (final Route route : new Route[] { Route.AUTO, Route.PARTIAL }) {
			final Steps s1 = new Steps(), s2 = new Steps();
			final SoftImpute.Result a = SoftImpute.complete(y, missing, lambda, 2000, 1e-6, null, route, s1);
			final SoftImpute.Result b = SoftImpute.complete(y, missing, lambda, 2000, 1e-6, null, route, s2);
			assertTrue(s1.partial > 0 && s1.growths > 0 && s1.polishSweeps > 0, route + ": block route taken: " + s1);
			assertEquals(a.iterations, b.iterations);
			assertEquals(s1.toString(), s2.toString());
			assertArrayEquals(a.completed.re, b.completed.re, route + ": bit-identical");
			assertEquals(Double.doubleToLongBits(a.dataLoss), Double.doubleToLongBits(b.dataLoss));
		}
	}

	/**
	 * Fully observed: one shrinkage. The forced block starts from random columns, so only its
	 * polish (sweeps until S_λ stops changing) makes it the exact S_λ(Y).
	 */
	@Test
	void fullyObservedBlockRouteIsTheExactShrinkage() {
		final Matrix y = TestMatrices.lowRank(120, 100, 5, 9);
		final double lambda = 0.2 * Svd.singularValues(y)[4];
		final Steps steps = new Steps();
		final SoftImpute.Result r = SoftImpute.complete(y, null, lambda, 10, TOL, null, Route.PARTIAL, steps);
		assertTrue(r.converged);
		assertEquals(1, r.iterations);
		assertTrue(steps.polishSweeps >= 2, steps.toString());
		assertTrue(TestMatrices.maxAbsDiff(r.completed, SoftImpute.shrink(y, lambda)) < 1e-9 * maxAbs(y));
	}

	@Test
	void badLambdaThrows() {
		final Matrix y = TestMatrices.lowRank(60, 50, 3, 1);
		final boolean[] missing = TestMatrices.missingExcept(60 * 50, 1500, 2);
		for (final Route route : Route.values()) {
			for (final double lambda : new double[] { -1, Double.NaN }) {
				final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SoftImpute.complete(
					y, missing, lambda, 10, TOL, null, route, null));
				assertEquals("bad value for 'lambda': " + lambda + " (expected >= 0)", e.getMessage());
			}
		}
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SoftImpute.complete(y,
			missing, -0.5, 10, TOL, null));
		assertTrue(e.getMessage().contains("'lambda'") && e.getMessage().contains("-0.5"), e.getMessage());
	}

	/** σ₁ of the zero-filled observations over the observed fraction (as Reconstruction.softImpute scales λ). */
	public static double sigma(final Matrix y, final boolean[] missing) {
		final Matrix obs = y.copy();
		int observed = 0;
		for (int k = 0; k < missing.length; k++) {
			if (missing[k]) obs.re[k] = 0;
			else observed++;
		}
		return Svd.singularValues(obs)[0] * missing.length / observed;
	}

	private static int rank(final Matrix m) {
		final double[] s = Svd.singularValues(m);
		int r = 0;
		while (r < s.length && s[r] > 1e-8 * s[0]) r++;
		return r;
	}

	private static double missingError(final Matrix z, final Matrix y, final boolean[] missing) {
		double e = 0, n = 0;
		for (int k = 0; k < missing.length; k++) {
			if (!missing[k]) continue;
			e += (z.re[k] - y.re[k]) * (z.re[k] - y.re[k]);
			n += y.re[k] * y.re[k];
		}
		return Math.sqrt(e / n);
	}

	private static double maxAbs(final Matrix m) {
		double s = 0;
		for (final double v : m.re) s = Math.max(s, Math.abs(v));
		return s;
	}
}
