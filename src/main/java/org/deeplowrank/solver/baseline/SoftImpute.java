package org.deeplowrank.solver.baseline;

import java.util.Random;
import java.util.function.BooleanSupplier;

import org.deeplowrank.solver.kernels.JavaBackend;
import org.deeplowrank.solver.linalg.Matrix;
import org.deeplowrank.solver.linalg.MatrixOps;
import org.deeplowrank.solver.linalg.Orthonormal;
import org.deeplowrank.solver.linalg.SubspaceIteration;
import org.deeplowrank.solver.linalg.Svd;

/**
 * SoftImpute (Mazumder, Hastie and Tibshirani 2010), the nuclear-norm baseline: iterate
 * Z ← S_λ(P_Ω(Y) + P_Ω^⊥(Z)), where S_λ shrinks every singular value by λ (soft
 * thresholding), until the relative change of Z is below the tolerance. Its fixed point
 * minimizes ½‖P_Ω(Z − Y)‖_F² + λ‖Z‖_*.
 * <p>
 * <b>Partial SVD.</b> S_λ only needs the singular triplets whose values exceed λ, and the
 * iterates are low rank: Mazumder et al. (2010, §5) compute them with a partial SVD of
 * X = P_Ω(Y) + P_Ω^⊥(Z), which is "sparse + low rank". A dense SVD of the rows x cols X
 * costs O(rows·cols·min(rows, cols)) per iteration (0.67 s at 512 x 512, a minute a run);
 * here the top of X's spectrum comes from a warm-started block subspace iteration (Halko,
 * Martinsson and Tropp 2011, Alg. 4.4; X dense, so its products are dense GEMMs): a
 * cols x b orthonormal block V is kept between iterations, each iteration makes
 * {@value #SWEEPS} sweeps V ← orth(Xᵀ(X V)) and the small SVD X V = U_b S_b W_bᵀ, so that
 * X ≈ U_b S_b (V W_b)ᵀ and S_λ(X) ≈ U_b max(S_b − λ, 0)(V W_b)ᵀ: O(rows·cols·b) per
 * iteration. The truncation is exact when every singular value outside the block is
 * ≤ λ, so the block keeps at least {@value #GUARD} values ≤ λ (it doubles otherwise and the
 * iteration is redone; the margin also keeps the convergence ratio (σ_{b+1}/σ_k)² of the
 * sweeps away from 1). When the block would exceed a quarter of min(rows, cols), where
 * {@link SubspaceIteration#worthwhile} puts the break-even, that iteration takes the full
 * SVD, and the run returns to the block (seeded with the full SVD's top vectors) once the
 * full SVD shows few enough values above λ: the first iterates, whose missing entries are
 * still far off, are the high-rank ones (at 512 x 512, rank 16, half missing, λ = 1 % of
 * σ₁: 27 full-SVD iterations, then 60 on the block at 0.04 s each; SoftImputeBenchmark).
 * <p>
 * <b>Why the result is the full-SVD algorithm's.</b> Warm-started sweeps track X's top
 * subspace while it moves; as the iteration converges X stops moving, so the sweeps, which
 * go on from iteration to iteration, converge the block to X's top-b right singular
 * subspace, where U_b max(S_b − λ, 0)(V W_b)ᵀ is exactly S_λ(X): the fixed point is the one
 * of the full-SVD iteration. The stopping rule makes that explicit: when the change of Z
 * falls below the tolerance, the block is first polished on that X (sweeps until the
 * extrapolated change of S_λ(X) is below a tenth of the tolerance; else a full SVD), and
 * the change is re-tested on the polished Z: the run stops where the full-SVD run would,
 * with the same S_λ(X).
 * <p>
 * The starting block is seeded with {@link #SEED} and products are summed in an order that
 * does not depend on the thread count ({@link JavaBackend}), so the same inputs give the
 * same output, bit for bit.
 */
public final class SoftImpute {

	public static final class Result {
		public final Matrix completed;
		public final int iterations;
		public final boolean converged;
		/** ½‖P_Ω(Z − Y)‖² at the result. */
		public final double dataLoss;

		Result(final Matrix completed, final int iterations, final boolean converged, final double dataLoss) {
			this.completed = completed;
			this.iterations = iterations;
			this.converged = converged;
			this.dataLoss = dataLoss;
		}
	}

	/** How S_λ is computed in each iteration. */
	public enum Route {
		/** The block when {@link SubspaceIteration#worthwhile} (4·b ≤ min(rows, cols)), else the full SVD. */
		AUTO,
		/** A full SVD per iteration: the reference algorithm. */
		FULL,
		/**
		 * Always the block, which may grow up to min(rows, cols) (a full SVD only when a stop's
		 * polish does not settle): for tests, the block's own answer.
		 */
		PARTIAL
	}

	/** What a run did, for tests and benchmarks. */
	public static final class Steps {
		/** Iterations whose S_λ came from the block, or from a full SVD (also counting a polish's fallback). */
		public int partial, full;
		/** Times the block was doubled, sweeps spent polishing at a stop. */
		public int growths, polishSweeps;
		/** Largest block used, and the block at the end (0 when the run never used one). */
		public int maxBlock, lastBlock;

		@Override
		public String toString() {
			return "partial=" + partial + " full=" + full + " growths=" + growths + " polish=" + polishSweeps +
				" maxBlock=" + maxBlock + " lastBlock=" + lastBlock;
		}
	}

	/** Seeds the starting block (and the columns added when it grows): same inputs, same output. */
	static final long SEED = 0x50F71A9E5EEDL;
	/** Sweeps per iteration: the block is warm-started on a slowly changing X. */
	static final int SWEEPS = 2;
	/** Values ≤ λ the block must hold for its truncation to be exact (and its sweeps to converge fast). */
	static final int GUARD = 5;
	/** Sweeps allowed to polish the block at a stop before a full SVD decides instead. */
	static final int MAX_POLISH = 60;

	private SoftImpute() {}

	/** S_λ(X) = U max(Σ − λ, 0) V^T (real matrices). */
	public static Matrix shrink(final Matrix x, final double lambda) {
		final Matrix out = Matrix.real(x.rows, x.cols);
		shrinkFull(x, lambda, new JavaBackend(1), out);
		return out;
	}

	/**
	 * out ← S_λ(x) by a dense SVD of x, which is returned (the sum order, hence the result,
	 * does not depend on the backend's threads: {@link #shrink}'s single thread gives the same).
	 */
	private static Svd shrinkFull(final Matrix x, final double lambda, final JavaBackend be, final Matrix out) {
		final Svd svd = Svd.of(x);
		final int k = svd.s.length;
		final Matrix us = svd.u.copy();
		for (int i = 0; i < us.rows; i++) {
			for (int c = 0; c < k; c++) us.re[i * k + c] *= Math.max(svd.s[c] - lambda, 0);
		}
		be.gemm(false, us, true, svd.v, 1, 0, out);
		return svd;
	}

	/**
	 * @param missing true = unobserved (null: all observed, one shrinkage step)
	 * @param lambda absolute threshold λ ≥ 0
	 */
	public static Result complete(final Matrix y, final boolean[] missing, final double lambda, final int maxIterations,
		final double tolerance, final BooleanSupplier cancel)
	{
		return complete(y, missing, lambda, maxIterations, tolerance, cancel, Route.AUTO, null);
	}

	/**
	 * {@link #complete(Matrix, boolean[], double, int, double, BooleanSupplier)} with the way
	 * S_λ is computed chosen ({@code route}) and what the run did counted into {@code steps}
	 * (may be null): for tests and benchmarks that compare the routes.
	 */
	public static Result complete(final Matrix y, final boolean[] missing, final double lambda, final int maxIterations,
		final double tolerance, final BooleanSupplier cancel, final Route route, final Steps steps)
	{
		if (!(lambda >= 0)) throw new IllegalArgumentException("bad value for 'lambda': " + lambda + " (expected >= 0)");
		final Steps st = steps != null ? steps : new Steps();
		final int rows = y.rows, cols = y.cols, small = Math.min(rows, cols);
		final JavaBackend be = new JavaBackend();
		// one full step is all a fully observed matrix takes (λ = 0: S_0(X) = X, all values kept)
		final boolean blockRoute = route == Route.PARTIAL || (route == Route.AUTO && missing != null && lambda > 0 &&
			SubspaceIteration.worthwhile(1, rows, cols));
		// AUTO's largest block: the largest b with 4·b ≤ min(rows, cols), SubspaceIteration.worthwhile's break-even
		final Block block = blockRoute ? new Block(rows, cols, route == Route.PARTIAL ? small : small / 4, be, st)
			: null;
		boolean onBlock = blockRoute;
		Matrix z = Matrix.real(rows, cols), next = Matrix.real(rows, cols);
		final Matrix x = Matrix.real(rows, cols);
		int it = 0;
		boolean converged = false;
		while (it < maxIterations) {
			for (int k = 0; k < x.re.length; k++) x.re[k] = (missing != null && missing[k]) ? z.re[k] : y.re[k];
			boolean exact = true;
			if (onBlock && block.step(x, lambda, next, SWEEPS, true)) {
				st.partial++;
				exact = false;
			}
			else {
				onBlock = fullStep(x, lambda, be, next, block, st);
			}
			it++;
			double change = MatrixOps.distanceF(next, z);
			double norm = MatrixOps.normF(next);
			if (!exact && (missing == null || change <= tolerance * Math.max(norm, Double.MIN_NORMAL))) {
				// the stop must be judged on S_λ(X) itself, not on the block's current estimate of it
				if (!block.polish(x, lambda, next, tolerance)) onBlock = fullStep(x, lambda, be, next, block, st);
				change = MatrixOps.distanceF(next, z);
				norm = MatrixOps.normF(next);
			}
			final Matrix t = z;
			z = next;
			next = t;
			if (missing == null || change <= tolerance * Math.max(norm, Double.MIN_NORMAL)) {
				converged = true;
				break;
			}
			if (cancel != null && cancel.getAsBoolean()) break;
		}
		double f = 0;
		for (int k = 0; k < y.re.length; k++) {
			if (missing == null || !missing[k]) f += 0.5 * (z.re[k] - y.re[k]) * (z.re[k] - y.re[k]);
		}
		return new Result(z, it, converged, f);
	}

	/**
	 * out ← S_λ(x) by a full SVD, whose top vectors restart the block when the values above λ
	 * and the oversampling of {@link SubspaceIteration#blockFor} fit in it (for AUTO: when
	 * {@link SubspaceIteration#worthwhile}); returns whether the next iteration is the
	 * block's. Without the return, the first iterate (S_λ of the zero-filled data, whose
	 * noise bulk is above λ) would send the run to full SVDs for good.
	 */
	private static boolean fullStep(final Matrix x, final double lambda, final JavaBackend be, final Matrix out,
		final Block block, final Steps st)
	{
		final Svd svd = shrinkFull(x, lambda, be, out);
		st.full++;
		if (block == null) return false;
		int above = 0;
		while (above < svd.s.length && svd.s[above] > lambda) above++;
		final int nb = SubspaceIteration.blockFor(above, x.rows, x.cols);
		if (nb > block.maxBlock) return false;
		block.restart(svd.v, nb);
		return true;
	}

	/**
	 * The warm-started block: V (cols x b, orthonormal) and its workspaces, which are
	 * reallocated only when b changes (growing, or shrinking to the rank found).
	 */
	private static final class Block {

		private final int rows, cols, maxBlock;
		private final JavaBackend be;
		private final Steps steps;
		private final Random rnd = new Random(SEED);
		private int b;
		/** V, the next V, X V (rows x b), V W_b. */
		private Matrix v, vNext, xv, vw;
		/** The polish's previous S_λ(X) estimate. */
		private Matrix previous;

		Block(final int rows, final int cols, final int maxBlock, final JavaBackend be, final Steps steps) {
			this.rows = rows;
			this.cols = cols;
			this.maxBlock = maxBlock;
			this.be = be;
			this.steps = steps;
			b = Math.min(SubspaceIteration.blockFor(1, rows, cols), maxBlock);
			setBlock(Orthonormal.haarColumns(cols, b, false, rnd));
		}

		/**
		 * out ← S_λ(x) from the block after {@code sweeps} sweeps, growing the block while it
		 * holds fewer than {@link #GUARD} values ≤ λ (when {@code adapt}, it also shrinks to the
		 * number of values above λ plus the oversampling of {@link SubspaceIteration#blockFor}
		 * once that is at most half of it). False (out untouched) when the block would exceed
		 * {@code maxBlock}: S_λ(x) needs a full SVD.
		 */
		boolean step(final Matrix x, final double lambda, final Matrix out, final int sweeps, final boolean adapt) {
			while (true) {
				for (int s = 0; s < sweeps; s++) sweep(x);
				be.gemm(false, x, false, v, 1, 0, xv);
				final Svd r = Svd.of(xv);
				int above = 0;
				while (above < b && r.s[above] > lambda) above++;
				// b = min(rows, cols) spans X's whole row space: exact whatever the count
				if (above > b - GUARD && b < Math.min(rows, cols)) {
					if (b >= maxBlock) return false;
					grow(Math.min(2 * b, maxBlock));
					continue;
				}
				// out = U_b max(S_b − λ, 0) (V W_b)ᵀ; V W_b (the Ritz vectors, by value) is the next start
				be.gemm(false, v, false, r.v, 1, 0, vw);
				final Matrix us = r.u;
				for (int i = 0; i < rows; i++) {
					for (int c = 0; c < b; c++) us.re[i * b + c] *= Math.max(r.s[c] - lambda, 0);
				}
				be.gemm(false, us, true, vw, 1, 0, out);
				final Matrix t = v;
				v = vw;
				vw = t;
				final int fit = SubspaceIteration.blockFor(above, rows, cols);
				if (adapt && 2 * fit <= b) keep(fit);
				return true;
			}
		}

		/**
		 * Polishes the block on a fixed x: sweeps until the change of the estimate of S_λ(x)
		 * in {@code out}, extrapolated geometrically from two successive changes, is below a
		 * tenth of {@code tolerance}·‖S_λ(x)‖. False after {@link #MAX_POLISH} sweeps, or when
		 * the block can no longer grow.
		 */
		boolean polish(final Matrix x, final double lambda, final Matrix out, final double tolerance) {
			if (previous == null) previous = Matrix.real(rows, cols);
			double last = Double.NaN;
			for (int s = 0; s < MAX_POLISH; s++) {
				previous.setTo(out);
				steps.polishSweeps++;
				if (!step(x, lambda, out, 1, false)) return false;
				final double change = MatrixOps.distanceF(out, previous);
				final double bound = 0.1 * tolerance * MatrixOps.normF(out);
				if (change == 0) return true;
				final double ratio = change / last;
				if (ratio < 1 && change * ratio / (1 - ratio) <= bound && change <= bound) return true;
				last = change;
			}
			return false;
		}

		/** Restarts from the first {@code nb} columns of an orthonormal cols x ≥nb matrix (a full SVD's V). */
		void restart(final Matrix basis, final int nb) {
			setBlock(columns(basis, nb));
		}

		/** V ← orth(Xᵀ X V), replacing a column that vanishes (X of rank < b) by a random one. */
		private void sweep(final Matrix x) {
			be.gemm(false, x, false, v, 1, 0, xv);
			be.gemm(true, x, false, xv, 1, 0, vNext);
			if (!Orthonormal.orthonormalizeColumns(vNext)) {
				for (int c = 0; c < b; c++) orthogonalizeOrReplace(vNext, c);
			}
			final Matrix t = v;
			v = vNext;
			vNext = t;
		}

		/** Doubles (up to nb) the block: the kept columns and random ones orthogonalized against them. */
		private void grow(final int nb) {
			final Matrix g = Matrix.real(cols, nb);
			for (int i = 0; i < cols; i++) {
				System.arraycopy(v.re, i * b, g.re, i * nb, b);
				for (int c = b; c < nb; c++) g.re[i * nb + c] = rnd.nextGaussian();
			}
			for (int c = b; c < nb; c++) orthogonalizeOrReplace(g, c);
			steps.growths++;
			setBlock(g);
		}

		/** Keeps the first nb columns (V is sorted by value after a step). */
		private void keep(final int nb) {
			setBlock(columns(v, nb));
		}

		private void orthogonalizeOrReplace(final Matrix m, final int c) {
			for (int attempt = 0; !Orthonormal.orthogonalizeColumn(m, c); attempt++) {
				if (attempt >= 10) throw new IllegalStateException("SoftImpute: Gram-Schmidt failed repeatedly");
				for (int i = 0; i < m.rows; i++) m.re[i * m.cols + c] = rnd.nextGaussian();
			}
		}

		private static Matrix columns(final Matrix m, final int nb) {
			final Matrix out = Matrix.real(m.rows, nb);
			for (int i = 0; i < m.rows; i++) System.arraycopy(m.re, i * m.cols, out.re, i * nb, nb);
			return out;
		}

		private void setBlock(final Matrix start) {
			v = start;
			b = start.cols;
			vNext = Matrix.real(cols, b);
			vw = Matrix.real(cols, b);
			xv = Matrix.real(rows, b);
			steps.maxBlock = Math.max(steps.maxBlock, b);
			steps.lastBlock = b;
		}
	}
}
