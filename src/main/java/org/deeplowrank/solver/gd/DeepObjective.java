package org.deeplowrank.solver.gd;

import org.deeplowrank.solver.kernels.DenseKernels.Buffer;
import org.deeplowrank.solver.kernels.DenseKernels;
import org.deeplowrank.solver.kernels.JavaBackend;
import org.deeplowrank.solver.kernels.MatrixKernels;
import org.deeplowrank.solver.linalg.Matrix;
import org.deeplowrank.solver.problem.DataTerm;
import org.deeplowrank.solver.problem.Entrywise;

/**
 * The objective L = f(W_N ⋯ W_1) + (a/4) Σ_j ‖Δ_{j,j+1}‖_F² and its layer gradients
 * (4L eq. 5 and eq. 1/4, ACGH eq. 14; METHOD.md §1):
 * <pre>
 *   ∇_{W_j} f     = S_j^H ∇f(W) P_{j-1}^H,     P_j = W_j ⋯ W_1,  S_j = W_N ⋯ W_{j+1}
 *   ∇_{W_j} L_reg = −a W_j Δ_{j-1,j} + a Δ_{j,j+1} W_j   (Δ_{0,1} = Δ_{N,N+1} = 0)
 * </pre>
 * Computed with 3(N−1) products: prefixes P_j (N−1), then H_j = S_j^H ∇f = W_{j+1}^H H_{j+1}
 * from H_N = ∇f (N−1), then ∇_{W_j} f = H_j P_{j-1}^H (N−1); at full width d that is
 * 6(N−1)d³ flops per gradient. The one implementation of this algorithm: it runs on any
 * {@link DenseKernels} (java/double on {@link Matrix}, java/float, native BLAS), which also
 * evaluate the data term ({@link DenseKernels#dataFit}). All workspaces are allocated once
 * here; {@link #evaluate(Buffer[], Buffer[])} allocates nothing.
 * <p>
 * For completion with few observed entries the last of each kind of product is done on Ω
 * only ({@link Residual#OMEGA}): W on Ω, ∇_{W_N} f = R P_{N−1}ᵀ and H_{N−1} = W_Nᵀ R with R =
 * P_Ω(W − Y) sparse, i.e. 3|Ω|·d_{N−1} instead of 3·d_N·d_0·d_{N−1} multiply-adds; W and the dense
 * ∇f are then formed only by {@link #productBuffer} and {@link #dataGradientBuffer}.
 */
public final class DeepObjective {

	/**
	 * How the completion residual is computed. DENSE: form W = W_N P_{N−1}, then the fused
	 * masked residual and two dense products with it. OMEGA: W only on Ω (rows of W_N times
	 * columns of P_{N−1}), then ∇_{W_N} f = R P_{N−1}ᵀ and H_{N−1} = W_Nᵀ R as sparse-times-dense
	 * products; W and the dense ∇f are formed only when asked (log steps, validation, end).
	 */
	public enum Residual {
		DENSE, OMEGA;

		public String key() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}
	}

	/**
	 * Observed fraction |Ω|/(rows·cols) below which the Ω path is cheaper on the java
	 * kernels (float and double): the break-even measured in docs/benchmarks.md, section
	 * "Residual on Ω only" (~14 % for java at d = 512, N = 3). The native kernels keep
	 * the dense path (no Ω kernels on their off-heap buffers; their break-even was ~9 %).
	 */
	public static final double OMEGA_BREAK_EVEN_JAVA = 0.14;

	private final int n;
	private final int[] dims;
	private final DataTerm data;
	private final double a;
	private final DenseKernels kernels;
	/** f on the kernels' buffers (null on the Ω path). */
	private final DenseKernels.DataFit dataFit;
	/** prefix[j] = P_j for 2 ≤ j ≤ N (prefix[N] is the product); P_1 is W_1 itself. */
	private final Buffer[] prefix;
	/** h[j] = H_j for 1 ≤ j ≤ N−1; H_N is {@link #dataGrad}. */
	private final Buffer[] h;
	/** delta[j] = Δ_{j,j+1}, 1 ≤ j ≤ N−1 (only used when a > 0). */
	private final Buffer[] delta;
	private final Buffer product;
	private final Buffer dataGrad;
	/** The layers and gradients of {@link #evaluate(Matrix[], Matrix[])} in the kernels' storage (allocated on first use). */
	private Buffer[] matrixLayers, matrixGrads;
	private double lastData;
	private double lastReg;
	/** Ω path state: the observed set on the kernels (null on the dense path). */
	private final DenseKernels.Sampled sampled;
	/** Ω path: W_N and P_{N−1} of the last evaluation, to form W or ∇f densely when asked. */
	private Buffer lastLeft, lastRight;
	private boolean productStale, gradientStale;

	/**
	 * The objective on the java/double kernels of {@code backend} ({@link Matrix} buffers:
	 * any data term, real or complex layers).
	 */
	public DeepObjective(final int[] dims, final boolean complex, final DataTerm data, final double a,
		final JavaBackend backend)
	{
		this(dims, data, a, new MatrixKernels(backend, complex));
	}

	/**
	 * The objective on {@code kernels}' buffers. Kernels other than {@link MatrixKernels}
	 * take real entrywise data terms (completion, full observation: {@link DataTerm#entrywise}).
	 */
	public DeepObjective(final int[] dims, final DataTerm data, final double a, final DenseKernels kernels) {
		this(dims, data, a, kernels, null);
	}

	/**
	 * As {@link #DeepObjective(int[], DataTerm, double, DenseKernels)} with the residual
	 * path forced ({@code null}: automatic, see {@link #automaticResidual}); for tests and
	 * the benchmark.
	 */
	public DeepObjective(final int[] dims, final DataTerm data, final double a, final DenseKernels kernels,
		final Residual forced)
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
		this.kernels = kernels;
		final Residual path = forced != null ? forced : automaticResidual(dims.length - 1, data, kernels);
		if (path == Residual.OMEGA) {
			if (!omegaPossible(dims.length - 1, data, kernels)) throw new IllegalArgumentException(
				"the residual on Ω needs real masked completion, depth >= 2 and java kernels; got " + kernels.description());
			final Entrywise e = data.entrywise().get();
			sampled = kernels.sampled(data.rows(), data.cols(), e.observedIndices(), e.observedValues());
			dataFit = null;
		}
		else {
			sampled = null;
			dataFit = kernels.dataFit(data);
		}
		prefix = new Buffer[n + 1];
		for (int j = 2; j <= n; j++) prefix[j] = kernels.allocate(dims[j], dims[0]);
		product = n == 1 ? kernels.allocate(dims[1], dims[0]) : prefix[n];
		dataGrad = kernels.allocate(dims[n], dims[0]);
		h = new Buffer[n];
		for (int j = 1; j < n; j++) h[j] = kernels.allocate(dims[j], dims[0]);
		delta = new Buffer[n];
		if (a > 0) for (int j = 1; j < n; j++) delta[j] = kernels.allocate(dims[j], dims[j]);
	}

	/** Whether the Ω path can run: real masked completion with unobserved entries, depth ≥ 2, Ω kernels. */
	static boolean omegaPossible(final int depth, final DataTerm data, final DenseKernels kernels) {
		if (depth < 2 || !kernels.hasSampledKernels()) return false;
		return data.entrywise().map(e -> e.hasMissing() && !e.isComplex()).orElse(false);
	}

	/**
	 * The cheaper path by the measured cost model: OMEGA when it can run and the observed
	 * fraction is below {@link #OMEGA_BREAK_EVEN_JAVA}, else DENSE.
	 */
	static Residual automaticResidual(final int depth, final DataTerm data, final DenseKernels kernels) {
		if (!omegaPossible(depth, data, kernels)) return Residual.DENSE;
		final double fraction = data.observationCount() / ((double) data.rows() * data.cols());
		return fraction < OMEGA_BREAK_EVEN_JAVA ? Residual.OMEGA : Residual.DENSE;
	}

	/** The residual path in use (reported in the summary line as {@code residual=…}). */
	public Residual residual() {
		return sampled != null ? Residual.OMEGA : Residual.DENSE;
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

	public DenseKernels kernels() {
		return kernels;
	}

	/**
	 * Evaluates L at {@link Matrix} layers {@code w} (W_1 first) and, when
	 * {@code grads != null}, writes ∇_{W_j} L into {@code grads[j-1]}. Returns L = f + L_reg.
	 * The layers are uploaded to the kernels and the gradients downloaded (for tests and
	 * GLRL's phase starts; the solver loop keeps its iterates in the kernels).
	 */
	public double evaluate(final Matrix[] w, final Matrix[] grads) {
		if (matrixLayers == null) matrixLayers = allocateLayers();
		if (grads != null && matrixGrads == null) matrixGrads = allocateLayers();
		for (int j = 0; j < n; j++) kernels.upload(w[j], matrixLayers[j]);
		final double loss = evaluate(matrixLayers, grads == null ? null : matrixGrads);
		if (grads != null) for (int j = 0; j < n; j++) kernels.download(matrixGrads[j], grads[j]);
		return loss;
	}

	/** Buffers of the layers' shapes, W_1 first. */
	private Buffer[] allocateLayers() {
		final Buffer[] b = new Buffer[n];
		for (int j = 0; j < n; j++) b[j] = kernels.allocate(dims[j + 1], dims[j]);
		return b;
	}

	/** As {@link #evaluate(Matrix[], Matrix[])} on the kernels' buffers. */
	public double evaluate(final Buffer[] w, final Buffer[] grads) {
		// prefixes P_j = W_j P_{j-1}
		if (sampled != null) {
			// Ω path: prefixes up to P_{N−1}, then W only on Ω
			for (int j = 2; j < n; j++) kernels.gemm(false, w[j - 1], false, j == 2 ? w[0] : prefix[j - 1], 1, 0, prefix[j]);
			lastLeft = w[n - 1];
			lastRight = n == 2 ? w[0] : prefix[n - 1];
			lastData = kernels.sampledResidual(lastLeft, lastRight, sampled);
			productStale = gradientStale = true;
		}
		else {
			if (n == 1) kernels.copy(w[0], product);
			for (int j = 2; j <= n; j++) kernels.gemm(false, w[j - 1], false, j == 2 ? w[0] : prefix[j - 1], 1, 0, prefix[j]);
			lastData = dataFit.evaluate(product, dataGrad, grads != null);
		}
		lastReg = 0;
		if (a > 0) {
			for (int j = 1; j < n; j++) {
				kernels.gemm(false, w[j - 1], true, w[j - 1], 1, 0, delta[j]);
				kernels.gemm(true, w[j], false, w[j], -1, 1, delta[j]);
				lastReg += 0.25 * a * kernels.norm2(delta[j]);
			}
		}
		if (grads != null) {
			for (int j = n; j >= 1; j--) {
				if (sampled != null && j == n) {
					// ∇_{W_N} f = R P_{N−1}ᵀ (N ≥ 2 on this path)
					kernels.residualTimesTransposed(sampled, grads[n - 1]);
					continue;
				}
				final Buffer hj = j == n ? dataGrad : h[j];
				if (sampled != null && j + 1 == n) kernels.transposedTimesResidual(w[j], sampled, hj);
				else if (j < n) kernels.gemm(true, w[j], false, j + 1 == n ? dataGrad : h[j + 1], 1, 0, hj);
				if (j == 1) kernels.copy(hj, grads[0]);
				else kernels.gemm(false, hj, true, j == 2 ? w[0] : prefix[j - 1], 1, 0, grads[j - 1]);
			}
			if (a > 0) {
				for (int j = 1; j <= n; j++) {
					if (j < n) kernels.gemm(false, delta[j], false, w[j - 1], a, 1, grads[j - 1]);
					if (j > 1) kernels.gemm(false, w[j - 1], false, delta[j - 1], -a, 1, grads[j - 1]);
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

	/** The product W at the last evaluation, in the kernels' storage (live). */
	public Buffer productBuffer() {
		if (productStale) {
			kernels.gemm(false, lastLeft, false, lastRight, 1, 0, product);
			productStale = false;
		}
		return product;
	}

	/** P_{N-1} = W_{N-1} ⋯ W_1 at the last evaluation (live), for N ≥ 2. */
	Buffer prefixBeforeLast(final Buffer[] w) {
		if (n < 2) throw new IllegalStateException("depth 1 has no prefix");
		return n == 2 ? w[0] : prefix[n - 1];
	}

	/** ∇f(W) at the last evaluation with gradients, in the kernels' storage (live). */
	public Buffer dataGradientBuffer() {
		if (gradientStale) {
			kernels.scatterResidual(sampled, dataGrad);
			gradientStale = false;
		}
		return dataGrad;
	}
}
