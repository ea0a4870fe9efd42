package org.deeplowrank.solver.gd;

import java.util.Random;

import org.deeplowrank.solver.kernels.JavaBackend;
import org.deeplowrank.solver.linalg.Matrix;
import org.deeplowrank.solver.linalg.MatrixOps;
import org.deeplowrank.solver.linalg.Orthonormal;
import org.deeplowrank.solver.linalg.Svd;

/**
 * Layer initializations (METHOD.md §2), all scaled by one number s with the meaning
 * documented on {@code GdSettings.scale}: each layer is about s in operator norm.
 */
public final class Initializers {

	private Initializers() {}

	/** Builds the initialization of kind {@code kind} for layer sizes {@code dims} = d_0..d_N. */
	public static DeepFactorization create(final InitKind kind, final int[] dims, final boolean complex,
		final double scale, final Random rnd)
	{
		switch (kind) {
			case GAUSSIAN: return gaussian(dims, complex, scale, rnd);
			case BALANCED: return balanced(dims, complex, scale, rnd);
			case HAAR: return haar(dims, complex, scale, rnd);
			case ORTHOGONAL: return orthogonal(dims, complex, scale, rnd);
			case IDENTITY: return identity(dims, complex, scale);
			default: throw new IllegalArgumentException("unknown init " + kind);
		}
	}

	/**
	 * The initialization of kind {@code kind} with {@code epsilon} the ε of the paper that
	 * defines it (the key {@code scale} with {@code units=paper}), instead of the
	 * size-independent scale of {@link #create}:
	 * <ul>
	 * <li>GAUSSIAN: iid entries ε·N(0,1)_F for every layer (4L eq. 13; WIND §2.2's std
	 * ε/(C√h) is ε = ε_WIND/(C√h));</li>
	 * <li>HAAR: 4L eq. 6, W_j = ε Q_{j,j+1} G Q_{j-1,j}^H (odd j; G^H for even j), G iid
	 * N(0,1)_F;</li>
	 * <li>BALANCED: ACGH Procedure 1 with A iid N(0, ε²)_F (𝒟 of ACGH Theorem 2, s = ε);</li>
	 * <li>ORTHOGONAL, IDENTITY: ε times an isometry, as in {@link #create} (ε = 1 with the
	 * identity is ACGH Claim 5's W_j(0) = I).</li>
	 * </ul>
	 */
	public static DeepFactorization createInPaperUnits(final InitKind kind, final int[] dims, final boolean complex,
		final double epsilon, final Random rnd)
	{
		switch (kind) {
			case GAUSSIAN: {
				final Matrix[] w = new Matrix[dims.length - 1];
				for (int j = 1; j < dims.length; j++) w[j - 1] = gaussianMatrix(dims[j], dims[j - 1], complex, epsilon, rnd);
				return new DeepFactorization(w);
			}
			case BALANCED:
				return balancedFrom(gaussianMatrix(dims[dims.length - 1], dims[0], complex, epsilon, rnd), dims);
			case HAAR: return haarWithEpsilon(dims, complex, epsilon, rnd);
			default: return create(kind, dims, complex, epsilon, rnd);
		}
	}

	/**
	 * Small Gaussian (4L eq. 13): iid entries s/sqrt(d_{j-1}) · N(0,1)_F, where a complex
	 * N(0,1)_C has real and imaginary parts iid N(0,½). In the papers' notation
	 * ε = s / sqrt(d) for square layers.
	 */
	public static DeepFactorization gaussian(final int[] dims, final boolean complex, final double scale,
		final Random rnd)
	{
		final Matrix[] w = new Matrix[dims.length - 1];
		for (int j = 1; j < dims.length; j++) {
			w[j - 1] = gaussianMatrix(dims[j], dims[j - 1], complex, scale / Math.sqrt(dims[j - 1]), rnd);
		}
		return new DeepFactorization(w);
	}

	/** iid std · N(0,1)_F entries. */
	public static Matrix gaussianMatrix(final int rows, final int cols, final boolean complex, final double std,
		final Random rnd)
	{
		final Matrix m = new Matrix(rows, cols, complex);
		final double s = complex ? std * Math.sqrt(0.5) : std;
		for (int i = 0; i < m.re.length; i++) {
			m.re[i] = s * rnd.nextGaussian();
			if (complex) m.im[i] = s * rnd.nextGaussian();
		}
		return m;
	}

	/**
	 * ACGH Procedure 1: sample A (d_N x d_0) with iid entries of std s^N / sqrt(d_0), take
	 * its thin SVD A = U Σ V^H, and set W_N ≃ U Σ^{1/N}, W_j ≃ Σ^{1/N}, W_1 ≃ Σ^{1/N} V^H
	 * ("≃": zero padding). Then W_N ⋯ W_1 = A and Δ_{j,j+1} = 0 exactly. With a hidden
	 * width below min(d_0, d_N) (a rank cap) the top-k part of the SVD is used, so the
	 * product is A's best rank-k approximation, still balanced.
	 */
	public static DeepFactorization balanced(final int[] dims, final boolean complex, final double scale,
		final Random rnd)
	{
		final int n = dims.length - 1;
		final Matrix a = gaussianMatrix(dims[n], dims[0], complex, Math.pow(scale, n) / Math.sqrt(dims[0]), rnd);
		return balancedFrom(a, dims);
	}

	/** Procedure 1 step (ii)–(iii) for a given product {@code a} (d_N x d_0). */
	public static DeepFactorization balancedFrom(final Matrix a, final int[] dims) {
		final int n = dims.length - 1;
		if (a.rows != dims[n] || a.cols != dims[0]) throw new IllegalArgumentException("product shape mismatch");
		final boolean complex = a.isComplex();
		if (n == 1) return new DeepFactorization(a.copy());
		int k = Math.min(dims[0], dims[n]);
		for (int j = 1; j < n; j++) k = Math.min(k, dims[j]);
		final Svd svd = Svd.of(a);
		final double[] root = new double[k];
		for (int i = 0; i < k; i++) root[i] = Math.pow(svd.s[i], 1.0 / n);
		final Matrix[] w = new Matrix[n];
		for (int j = 1; j <= n; j++) w[j - 1] = new Matrix(dims[j], dims[j - 1], complex);
		// W_1 ≃ Σ^{1/N} V^H : row i = root_i * conj(v_i)^T
		final Matrix w1 = w[0];
		final int kv = svd.v.cols;
		for (int i = 0; i < k; i++) {
			for (int c = 0; c < dims[0]; c++) {
				w1.re[i * w1.cols + c] = root[i] * svd.v.re[c * kv + i];
				if (complex) w1.im[i * w1.cols + c] = -root[i] * svd.v.im[c * kv + i];
			}
		}
		for (int j = 2; j < n; j++) {
			final Matrix wj = w[j - 1];
			for (int i = 0; i < k; i++) wj.re[i * wj.cols + i] = root[i];
		}
		// W_N ≃ U Σ^{1/N}
		final Matrix wn = w[n - 1];
		final int ku = svd.u.cols;
		for (int r = 0; r < dims[n]; r++) {
			for (int i = 0; i < k; i++) {
				wn.re[r * wn.cols + i] = svd.u.re[r * ku + i] * root[i];
				if (complex) wn.im[r * wn.cols + i] = svd.u.im[r * ku + i] * root[i];
			}
		}
		return new DeepFactorization(w);
	}

	/**
	 * Balanced Gaussian with Haar factors (4L eq. 6): odd j: W_j = ε Q_{j,j+1} G Q_{j-1,j}^H,
	 * even j: W_j = ε Q_{j,j+1} G^H Q_{j-1,j}^H, s_j = 1, G iid N(0,1)_F of size k x k
	 * with k = min_j d_j, and Q_{j,j+1} a Haar-distributed d_j x k isometry (for square
	 * layers, k = d and Q is Haar on O(d)/U(d), exactly eq. 6). Since Q^H Q = I_k,
	 * W_j W_j^H = ε² Q_{j,j+1} G G^H Q_{j,j+1}^H = W_{j+1}^H W_{j+1}: Δ = 0. ε = s/sqrt(k)
	 * so each layer is about s in operator norm, like the Gaussian init.
	 */
	public static DeepFactorization haar(final int[] dims, final boolean complex, final double scale,
		final Random rnd)
	{
		int k = Integer.MAX_VALUE;
		for (final int d : dims) k = Math.min(k, d);
		return haarWithEpsilon(dims, complex, scale / Math.sqrt(k), rnd);
	}

	/** 4L eq. 6 with the paper's ε (see {@link #haar}, which calls it with ε = s/sqrt(k)). */
	public static DeepFactorization haarWithEpsilon(final int[] dims, final boolean complex, final double eps,
		final Random rnd)
	{
		final int n = dims.length - 1;
		int k = Integer.MAX_VALUE;
		for (final int d : dims) k = Math.min(k, d);
		final Matrix g = gaussianMatrix(k, k, complex, 1, rnd);
		final Matrix gh = new Matrix(k, k, complex);
		MatrixOps.conjTranspose(g, gh);
		final Matrix[] q = new Matrix[n + 1]; // q[j] = Q_{j,j+1}, d_j x k
		for (int j = 0; j <= n; j++) q[j] = Orthonormal.haarColumns(dims[j], k, complex, rnd);
		final JavaBackend be = new JavaBackend(1);
		final Matrix[] w = new Matrix[n];
		final Matrix tmp = new Matrix(k, 1, complex);
		for (int j = 1; j <= n; j++) {
			final Matrix core = (j % 2 == 1) ? g : gh;
			final Matrix left = new Matrix(dims[j], k, complex);
			be.gemm(false, q[j], false, core, eps, 0, left);
			w[j - 1] = new Matrix(dims[j], dims[j - 1], complex);
			be.gemm(false, left, true, q[j - 1], 1, 0, w[j - 1]);
		}
		return new DeepFactorization(w);
	}

	/** Every layer s times a Haar partial isometry (orthonormal columns or rows). */
	public static DeepFactorization orthogonal(final int[] dims, final boolean complex, final double scale,
		final Random rnd)
	{
		final Matrix[] w = new Matrix[dims.length - 1];
		for (int j = 1; j < dims.length; j++) {
			final int r = dims[j], c = dims[j - 1];
			final Matrix layer;
			if (r >= c) {
				layer = Orthonormal.haarColumns(r, c, complex, rnd);
			}
			else {
				final Matrix t = Orthonormal.haarColumns(c, r, complex, rnd);
				layer = new Matrix(r, c, complex);
				MatrixOps.conjTranspose(t, layer);
			}
			MatrixOps.scale(scale, layer);
			w[j - 1] = layer;
		}
		return new DeepFactorization(w);
	}

	/** Every layer s times the identity, zero-padded to its shape. */
	public static DeepFactorization identity(final int[] dims, final boolean complex, final double scale) {
		final Matrix[] w = new Matrix[dims.length - 1];
		for (int j = 1; j < dims.length; j++) {
			final Matrix layer = new Matrix(dims[j], dims[j - 1], complex);
			for (int i = 0; i < Math.min(dims[j], dims[j - 1]); i++) layer.re[i * layer.cols + i] = scale;
			w[j - 1] = layer;
		}
		return new DeepFactorization(w);
	}
}
