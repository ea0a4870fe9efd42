package org.deeplowrank.solver;

/**
 * The objective L = f(W_N ⋯ W_1) + (a/4) Σ_j ‖Δ_{j,j+1}‖_F² and its layer gradients
 * (4L eq. 5 and eq. 1/4, ACGH eq. 14; METHOD.md §1):
 * <pre>
 *   ∇_{W_j} f     = S_j^H ∇f(W) P_{j-1}^H,     P_j = W_j ⋯ W_1,  S_j = W_N ⋯ W_{j+1}
 *   ∇_{W_j} L_reg = −a W_j Δ_{j-1,j} + a Δ_{j,j+1} W_j   (Δ_{0,1} = Δ_{N,N+1} = 0)
 * </pre>
 * Computed with 3(N−1) products: prefixes P_j (N−1), then H_j = S_j^H ∇f = W_{j+1}^H H_{j+1}
 * from H_N = ∇f (N−1), then ∇_{W_j} f = H_j P_{j-1}^H (N−1). All workspaces are
 * allocated once here; {@link #evaluate} allocates nothing.
 */
public final class DeepObjective {

	private final int n;
	private final int[] dims;
	private final DataTerm data;
	private final double a;
	private final MatrixBackend backend;
	/** prefix[j] = P_j for 2 ≤ j ≤ N (prefix[N] is the product); P_1 is W_1 itself. */
	private final Matrix[] prefix;
	/** h[j] = H_j for 1 ≤ j ≤ N−1; H_N is {@link #dataGrad}. */
	private final Matrix[] h;
	/** delta[j] = Δ_{j,j+1}, 1 ≤ j ≤ N−1 (only used when a > 0). */
	private final Matrix[] delta;
	private final Matrix product;
	private final Matrix dataGrad;
	private double lastData;
	private double lastReg;

	public DeepObjective(final int[] dims, final boolean complex, final DataTerm data, final double a,
		final MatrixBackend backend)
	{
		this.n = dims.length - 1;
		if (n < 1) throw new IllegalArgumentException("depth must be >= 1");
		if (data.rows() != dims[n] || data.cols() != dims[0]) {
			throw new IllegalArgumentException("data is " + data.rows() + " x " + data.cols() + " but the factorization is " +
				dims[n] + " x " + dims[0]);
		}
		if (!(a >= 0)) throw new IllegalArgumentException("regularization must be >= 0");
		this.dims = dims.clone();
		this.data = data;
		this.a = a;
		this.backend = backend;
		prefix = new Matrix[n + 1];
		for (int j = 2; j <= n; j++) prefix[j] = new Matrix(dims[j], dims[0], complex);
		product = n == 1 ? new Matrix(dims[1], dims[0], complex) : prefix[n];
		dataGrad = new Matrix(dims[n], dims[0], complex);
		h = new Matrix[n];
		for (int j = 1; j < n; j++) h[j] = new Matrix(dims[j], dims[0], complex);
		delta = new Matrix[n];
		if (a > 0) for (int j = 1; j < n; j++) delta[j] = new Matrix(dims[j], dims[j], complex);
	}

	public int depth() {
		return n;
	}

	public int[] dims() {
		return dims.clone();
	}

	public DataTerm dataTerm() {
		return data;
	}

	public double regularization() {
		return a;
	}

	/**
	 * Evaluates L at layers {@code w} (W_1 first) and, when {@code grads != null}, writes
	 * ∇_{W_j} L into {@code grads[j-1]}. Returns L = f + L_reg.
	 */
	public double evaluate(final Matrix[] w, final Matrix[] grads) {
		// prefixes P_j = W_j P_{j-1}
		if (n == 1) product.setTo(w[0]);
		for (int j = 2; j <= n; j++) backend.mult(w[j - 1], j == 2 ? w[0] : prefix[j - 1], prefix[j]);
		lastData = data.evaluate(product, grads == null ? null : dataGrad);
		lastReg = 0;
		if (a > 0) {
			for (int j = 1; j < n; j++) {
				backend.gemm(false, w[j - 1], true, w[j - 1], 1, 0, delta[j]);
				backend.gemm(true, w[j], false, w[j], -1, 1, delta[j]);
				lastReg += 0.25 * a * MatrixOps.normF2(delta[j]);
			}
		}
		if (grads != null) {
			for (int j = n; j >= 1; j--) {
				final Matrix hj = j == n ? dataGrad : h[j];
				if (j < n) backend.gemm(true, w[j], false, j + 1 == n ? dataGrad : h[j + 1], 1, 0, hj);
				if (j == 1) grads[0].setTo(hj);
				else backend.gemm(false, hj, true, j == 2 ? w[0] : prefix[j - 1], 1, 0, grads[j - 1]);
			}
			if (a > 0) {
				for (int j = 1; j <= n; j++) {
					if (j < n) backend.gemm(false, delta[j], false, w[j - 1], a, 1, grads[j - 1]);
					if (j > 1) backend.gemm(false, w[j - 1], false, delta[j - 1], -a, 1, grads[j - 1]);
				}
			}
		}
		return lastData + lastReg;
	}

	/** f at the last evaluation. */
	public double lastData() {
		return lastData;
	}

	/** L_reg at the last evaluation. */
	public double lastRegularizer() {
		return lastReg;
	}

	/** The product W at the last evaluation (a live workspace: copy it to keep it). */
	public Matrix product() {
		return product;
	}

	/** P_{N-1} = W_{N-1} ⋯ W_1 at the last evaluation (live), for N ≥ 2. */
	Matrix prefixBeforeLast(final Matrix[] w) {
		if (n < 2) throw new IllegalStateException("depth 1 has no prefix");
		return n == 2 ? w[0] : prefix[n - 1];
	}

	/** ∇f(W) at the last evaluation with gradients (live workspace). */
	public Matrix dataGradient() {
		return dataGrad;
	}
}
