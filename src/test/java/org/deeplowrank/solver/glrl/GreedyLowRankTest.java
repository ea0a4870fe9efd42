package org.deeplowrank.solver.glrl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import org.deeplowrank.solver.Method;
import org.deeplowrank.solver.Reconstruction;
import org.deeplowrank.solver.ReconstructionResult;
import org.deeplowrank.solver.SolverSettings;
import org.deeplowrank.solver.TestMatrices;
import org.deeplowrank.solver.baseline.SoftImpute;
import org.deeplowrank.solver.gd.DeepFactorization;
import org.deeplowrank.solver.gd.DeepObjective;
import org.deeplowrank.solver.gd.GradientDescent;
import org.deeplowrank.solver.gd.Initializers;
import org.deeplowrank.solver.gd.StopReason;
import org.deeplowrank.solver.kernels.JavaBackend;
import org.deeplowrank.solver.linalg.Matrix;
import org.deeplowrank.solver.linalg.MatrixOps;
import org.deeplowrank.solver.linalg.Svd;
import org.deeplowrank.solver.problem.MaskedCompletion;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GreedyLowRankTest {

	private static final JavaBackend BE = new JavaBackend(1);

	/** GLRL Ex. 5.9: Ω = {(1,3),(1,4),(2,3),(3,1),(3,2),(4,1)} (1-based), M_13 = 1, M_14 = M_23 = R. */
	private static MaskedCompletion example59(final double r) {
		final Matrix m = Matrix.real(4, 4);
		final boolean[] missing = new boolean[16];
		Arrays.fill(missing, true);
		final int[][] omega = { { 0, 2 }, { 0, 3 }, { 1, 2 }, { 2, 0 }, { 2, 1 }, { 3, 0 } };
		final double[] vals = { 1, r, r, 1, r, r };
		for (int k = 0; k < omega.length; k++) {
			m.set(omega[k][0], omega[k][1], vals[k]);
			missing[omega[k][0] * 4 + omega[k][1]] = false;
		}
		return new MaskedCompletion(m, missing);
	}

	/**
	 * Ex. 5.9 through the entry point with the default keys and symmetric=true: center=auto
	 * must not center (the mean would make the target indefinite) and GLRL returns w w^T,
	 * not the minimum nuclear norm completion.
	 */
	@ParameterizedTest(name = "R = {0}")
	@ValueSource(doubles = { 2, 3, 5 })
	void example59WithDefaultKeysAndSymmetricReturnsTheRankOneCompletion(final double r) {
		final MaskedCompletion f = example59(r);
		final Matrix image = f.maskedTarget();
		final boolean[] missing = new boolean[16];
		final int[] observed = f.entrywise().get().observedIndices();
		Arrays.fill(missing, true);
		for (final int k : observed) missing[k] = false;
		final SolverSettings s = SolverSettings.GREEDY_DEFAULTS.toBuilder().symmetric(true).build();
		final ReconstructionResult res = Reconstruction.completeGreedy(image, missing, null, s, null, null);
		final double[] w = { 1, r, 1, r };
		final Matrix expected = Matrix.real(4, 4);
		for (int i = 0; i < 4; i++) for (int j = 0; j < 4; j++) expected.set(i, j, w[i] * w[j]);
		final double rel = MatrixOps.distanceF(res.reconstruction, expected) / MatrixOps.normF(expected);
		assertTrue(rel < 1e-3, "rel " + rel + ", nuclear norm " + nuclear(res.reconstruction) + ": " + res.message);
	}

	private static double nuclear(final Matrix w) {
		double s = 0;
		for (final double v : Svd.singularValues(w)) s += v;
		return s;
	}

	@ParameterizedTest(name = "R = {0}")
	@ValueSource(doubles = { 2, 5, 10 })
	void example59StopsAfterOnePhaseAtTheRankOneCompletion(final double r) {
		final MaskedCompletion f = example59(r);
		// eigenvalues of -∇f(0) = P_Ω(M): ±(1 ± sqrt(1 + 4R²))/2 (METHOD.md §5 correction)
		final Matrix g = Matrix.real(4, 4);
		f.evaluate(Matrix.real(4, 4), g);
		final DMatrixRMaj a = new DMatrixRMaj(4, 4);
		for (int k = 0; k < 16; k++) a.data[k] = -g.re[k];
		final EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(4, false, true);
		assertTrue(eig.decompose(a));
		final double[] ev = new double[4];
		for (int i = 0; i < 4; i++) ev[i] = eig.getEigenvalue(i).real;
		Arrays.sort(ev);
		final double s = Math.sqrt(1 + 4 * r * r);
		final double[] expected = { (-1 - s) / 2, (1 - s) / 2, (s - 1) / 2, (1 + s) / 2 };
		for (int i = 0; i < 4; i++) assertEquals(expected[i], ev[i], 1e-12);

		final GreedyLowRank.Options o = new GreedyLowRank.Options();
		o.symmetric = true;
		o.depth = 2;
		o.step = 0.2 / (2 * r * r + 2);
		o.phaseIterations = 3_000_000; // R = 10 is ill-conditioned: the last digits converge slowly
		o.tolerance = 1e-4;
		final GreedyLowRank.Result res = new GreedyLowRank(f, BE, o).run(null, null);
		assertEquals(1, res.phases.size(), res.message);
		assertEquals(StopReason.CONVERGED, res.stopReason, res.message);
		// Lanczos on the operator gives the same λ_1, λ_2
		assertEquals(expected[3], res.phases.get(0).lambda1, 1e-10);
		assertEquals(expected[2], res.phases.get(0).lambda2, 1e-10);
		final double[] w = { 1, r, 1, r };
		for (int i = 0; i < 4; i++) {
			for (int j = 0; j < 4; j++) {
				assertEquals(w[i] * w[j], res.product.get(i, j), 1e-4 * r * r, "M_rank(" + i + "," + j + ")");
			}
		}
		// the rank-one completion, not the minimum nuclear norm one (4R)
		assertEquals(2 * r * r + 2, nuclear(res.product), 1e-3 * r * r);
		assertTrue(nuclear(res.product) > 4 * r + 1);
	}

	/**
	 * Symmetric depth-2 GD (W = U U^T, tied layers) on Ex. 5.9 with R = 2: from a PSD init
	 * of norm 1e-16 it ends at the rank-one completion (‖W‖_* = 2R²+2 = 10), from 1e-2 at a
	 * completion of smaller nuclear norm (< 9): the implicit bias depends on the scale.
	 */
	@Test
	void symmetricGdImplicitBiasDependsOnInitScale() {
		final MaskedCompletion f = example59(2);
		assertEquals(10, finalNuclearNorm(f, 1e-16), 0.05);
		assertTrue(finalNuclearNorm(f, 1e-2) < 9);
	}

	private static double finalNuclearNorm(final MaskedCompletion f, final double initNorm) {
		final Random rnd = new Random(3);
		final Matrix u = Initializers.gaussianMatrix(4, 4, false, 1, rnd);
		final Matrix uut = Matrix.real(4, 4);
		BE.gemm(false, u, true, u, 1, 0, uut);
		MatrixOps.scale(Math.sqrt(initNorm / MatrixOps.normF(uut)), u);
		final Matrix ut = Matrix.real(4, 4);
		MatrixOps.conjTranspose(u, ut);
		final DeepFactorization init = new DeepFactorization(ut, u); // W_1 = U^T, W_2 = U
		final int[] dims = { 4, 4, 4 };
		final GradientDescent.Options o = new GradientDescent.Options();
		o.step = 0.02;
		o.maxIterations = 300000;
		o.tolerance = 1e-13;
		final GradientDescent.Result r = new GradientDescent(new DeepObjective(dims, false, f, 0, BE), BE, o).run(init,
			null, null);
		assertTrue(r.dataLoss < 1e-10, "fits the observations: " + r.dataLoss + " " + r.message);
		// the tied form stays symmetric exactly
		final Matrix w1t = Matrix.real(4, 4);
		MatrixOps.conjTranspose(r.layers.layer(1), w1t);
		assertEquals(0, TestMatrices.maxAbsDiff(w1t, r.layers.layer(2)), 0);
		return nuclear(r.product);
	}

	/**
	 * A 20 x 20 rank-3 PSD target observed symmetrically with p = 0.3 (each position drawn
	 * with probability 0.3, then Ω ∪ Ω^T): exactly 3 phases and exact recovery. Seeds 10–19
	 * all recover (rel. error < 1e-6); drawing only the upper triangle with p = 0.3 leaves
	 * about 63 entries for 57 degrees of freedom, which no seed we tried recovers.
	 */
	@Test
	void recoversRankThreePsdTargetInThreePhases() {
		final int n = 20;
		final Random rnd = new Random(11);
		final Matrix v = Initializers.gaussianMatrix(n, 3, false, 1, rnd);
		final Matrix target = Matrix.real(n, n);
		BE.gemm(false, v, true, v, 1, 0, target);
		final boolean[] missing = new boolean[n * n];
		Arrays.fill(missing, true);
		for (int i = 0; i < n; i++) {
			for (int j = 0; j < n; j++) {
				if (rnd.nextDouble() < 0.3) {
					missing[i * n + j] = false;
					missing[j * n + i] = false;
				}
			}
		}
		final MaskedCompletion f = new MaskedCompletion(target, missing);
		final GreedyLowRank.Options o = new GreedyLowRank.Options();
		o.symmetric = true;
		o.step = 0.2 / Svd.singularValues(target)[0];
		o.phaseIterations = 50000;
		o.tolerance = 1e-4;
		final GreedyLowRank.Result res = new GreedyLowRank(f, BE, o).run(null, null);
		assertEquals(StopReason.CONVERGED, res.stopReason, res.message);
		assertEquals(3, res.phases.size(), res.message);
		final double rel = MatrixOps.distanceF(res.product, target) / MatrixOps.normF(target);
		assertTrue(rel < 1e-4, "relative error " + rel);
		for (final GreedyLowRank.Phase p : res.phases) {
			assertTrue(p.lossEnd < p.lossStart);
			assertTrue(p.lambda1 >= p.lambda2);
		}
		assertEquals(3, res.layers.layer(1).rows, "factors only as wide as the rank found");
	}

	/** From W = 0 the GD step is exactly zero (a saddle); GLRL's growth escapes it. */
	@Test
	void zeroIsASaddleThatGlrlEscapesWithTheFirstOrderDrop() {
		final Matrix truth = TestMatrices.lowRank(12, 9, 2, 5);
		final MaskedCompletion f = new MaskedCompletion(truth, TestMatrices.missingExcept(108, 70, 6));
		for (final int depth : new int[] { 2, 3, 4 }) {
			final int[] dims = DeepFactorization.dims(12, 9, depth, 4);
			final DeepFactorization zero = Initializers.identity(dims, false, 0);
			final DeepObjective obj = new DeepObjective(dims, false, f, 0, BE);
			final Matrix[] g = new Matrix[depth];
			for (int j = 0; j < depth; j++) g[j] = zero.layer(j + 1).like();
			obj.evaluate(zero.layers(), g);
			for (final Matrix gj : g) assertEquals(0, MatrixOps.normF(gj), 0, "exactly zero gradient at 0");
		}
		// phase-start drop: f(εuv^T) - f(0) = -ε σ_1(∇f(0)) + O(ε²)
		final GreedyLowRank.Options o = new GreedyLowRank.Options();
		o.depth = 3;
		final GreedyLowRank glrl = new GreedyLowRank(f, BE, o);
		final Matrix g0 = Matrix.real(12, 9);
		final double f0 = f.evaluate(Matrix.real(12, 9), g0);
		final GreedyLowRank.Direction d = glrl.direction(g0);
		assertEquals(Svd.singularValues(g0)[0], d.lambda1, 1e-10);
		assertEquals(Svd.singularValues(g0)[1], d.lambda2, 1e-10);
		for (final double eps : new double[] { 1e-4, 1e-6 }) {
			final Matrix w = Matrix.real(12, 9);
			for (int i = 0; i < 12; i++) for (int j = 0; j < 9; j++) w.set(i, j, eps * d.u[i] * d.v[j]);
			final double drop = f0 - f.evaluate(w, null);
			assertEquals(eps * d.lambda1, drop, 10 * eps * eps * MatrixOps.normF(g0));
		}
		o.step = 0.02;
		o.maxRank = 2;
		final GreedyLowRank.Result res = new GreedyLowRank(f, BE, o).run(null, null);
		assertTrue(res.dataLoss < 1e-10 * f0, "escaped the saddle and fitted: " + res.dataLoss + " / " + f0);
		assertEquals(2, res.phases.size());
		assertEquals(2, res.layers.layer(2).rows, "hidden width = rank found");
	}

	@Test
	void softImputeMatchesDirectSvdShrinkage() {
		final Matrix y = TestMatrices.lowRank(8, 6, 3, 2);
		final double lambda = 0.7;
		// full observation: one step is the shrinkage of Y
		final SoftImpute.Result full = SoftImpute.complete(y, null, lambda, 10, 1e-12, null);
		final Svd svd = Svd.of(y);
		final Matrix ref = Matrix.real(8, 6);
		for (int c = 0; c < svd.s.length; c++) {
			final double s = Math.max(svd.s[c] - lambda, 0);
			for (int i = 0; i < 8; i++) for (int j = 0; j < 6; j++) ref.re[i * 6 + j] += s * svd.u.re[i * 6 + c] *
				svd.v.re[j * 6 + c];
		}
		assertTrue(TestMatrices.maxAbsDiff(full.completed, ref) < 1e-12);
		// with a mask: the result is a fixed point Z = S_λ(P_Ω(Y) + P_Ω^⊥(Z))
		final boolean[] missing = TestMatrices.missingExcept(48, 30, 3);
		final SoftImpute.Result r = SoftImpute.complete(y, missing, lambda, 10000, 1e-13, null);
		assertTrue(r.converged);
		final Matrix x = Matrix.real(8, 6);
		for (int k = 0; k < 48; k++) x.re[k] = missing[k] ? r.completed.re[k] : y.re[k];
		assertTrue(TestMatrices.maxAbsDiff(SoftImpute.shrink(x, lambda), r.completed) < 1e-10);
	}

	/** Through the user-level entry point: a positive rank-3 image with 50 % missing. */
	@Test
	void completeGreedyRecoversALowRankImageWithPhaseTable() {
		final Matrix truth = TestMatrices.lowRank(40, 30, 3, 21);
		for (int k = 0; k < truth.size(); k++) truth.re[k] = 500 + 50 * truth.re[k];
		final boolean[] missing = TestMatrices.missingExcept(1200, 600, 22);
		final ReconstructionResult r = Reconstruction.completeGreedy(truth, missing, truth, SolverSettings.GREEDY_DEFAULTS,
			null, null);
		assertTrue(r.relError < 1e-4, r.summaryLine() + " " + r.message);
		// centering removes the mean; the rest is rank 3 (4 phases at most: the mean's leftover)
		assertTrue(r.phases.size() >= 3 && r.phases.size() <= 4, r.message);
		assertEquals(GreedyLowRank.Phase.columns().size(), r.phases.get(0).values().length);
		assertTrue(r.log.get(r.log.size() - 1).iteration == r.steps());
		final ReconstructionResult soft = Reconstruction.softImpute(truth, missing, truth, SolverSettings.builder().method(
			Method.SOFTIMPUTE).lambda(1e-3).iterations(500).tolerance(1e-9).build(), null);
		assertTrue(soft.relError < 0.05, soft.summaryLine());
		assertEquals(1, soft.log.size());
	}
}
