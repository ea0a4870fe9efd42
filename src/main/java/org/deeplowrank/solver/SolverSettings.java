package org.deeplowrank.solver;

import org.deeplowrank.solver.gd.InitKind;
import org.deeplowrank.solver.gd.OptimizerKind;
import org.deeplowrank.solver.kernels.BackendKind;
import org.deeplowrank.solver.kernels.Precision;

/**
 * User-facing solver settings, in units that do not depend on the image's size or
 * bit depth (the data are normalized first, see {@link Reconstruction}). Field names are
 * the parameter keys of the commands.
 */
public final class SolverSettings {

	/** Number of layers N ≥ 1 (N = 1 is plain least squares on W). */
	public int depth = 3;
	/** Hidden width; 0 = min(rows, cols) (full width, no rank cap). */
	public int width = 0;
	public InitKind init = InitKind.GAUSSIAN;
	/**
	 * Initial size s of each layer: Gaussian layers have iid entries of standard deviation
	 * s / sqrt(d_in), so ‖W_j‖_2 ≈ s (1 + sqrt(d_out/d_in)) ≤ 2s whatever the image size;
	 * Haar layers likewise; orthogonal and identity layers have all singular values s;
	 * balanced layers factor a Gaussian product with iid entries of std s^N / sqrt(cols),
	 * the entry size a product of N Gaussian layers has. The initial product is thus
	 * about s^N relative to the normalized data (RMS 1).
	 */
	public double scale = 0.1;
	/**
	 * Subtract the mean of the observed values before factorizing and add it back after
	 * (AUTO: only when μ² exceeds their variance). Images are positive: their mean is a
	 * dominant rank-one component (σ_1 often 10–50× σ_2) that sets the step size, and the
	 * weaker components then escape the small initialization so slowly (time ∝
	 * σ_1^{2−2/N}/σ_k for depth N ≥ 3) that the run stalls at a rank-one fit. Centering
	 * changes the rank by at most one, which is why AUTO leaves zero-mean data alone.
	 */
	public Centering center = Centering.AUTO;
	/**
	 * Completion: observed pixels keep their observed values in the result (true), or the
	 * result is the low-rank fit everywhere (false: also denoises the observed pixels). When
	 * no pixel is missing the result is always the fit (plain factorization of the image).
	 */
	public boolean keepObserved = true;
	/**
	 * Completion: fraction of the observed pixels held out (chosen by the seed) to measure
	 * the error on pixels the solver does not fit (val_rmse column); the best iterate is
	 * returned (early stopping against overfitting noise). 0 disables.
	 */
	public double validation = 0.05;
	/**
	 * Early stopping: the validation error must have stayed above its best (by > 1 %) for at
	 * least this many log steps, and for as many iterations as it took to reach the best.
	 */
	public int patience = 20;
	/** Complex layers (product compared to the real data; the real part is returned). */
	public boolean complex = false;
	public OptimizerKind optimizer = OptimizerKind.GD;
	/**
	 * Relative step. GD: η = lr / (N σ^{2-2/N}) with σ the estimated spectral norm of the
	 * normalized target, so lr = 1 is half the stability limit at a balanced solution.
	 * Adaptive: η = lr σ^{1/N} / 100 (each step moves the layers by about lr % of their
	 * expected final size). The absolute η is logged in the {@code step} column.
	 */
	public double lr = 1;
	/** Maximum number of gradient steps. */
	public int iterations = 3000;
	/**
	 * Stop when the relative loss decrease per iteration, averaged over 10 iterations,
	 * falls below this (0 disables). Armed once the loss is below half its initial value,
	 * because GD from a small initialization starts on a plateau (the saddle at 0).
	 */
	public double tolerance = 1e-7;
	/** Balanced regularizer coefficient a ≥ 0 (4L eq. 1). */
	public double regularization = 0;
	public long seed = 0;
	/** Log every k iterations (and the last iterate). */
	public int logEvery = 10;
	/** Number of top singular values in the log. */
	public int singularValues = 5;
	/** Threads for the matrix products (java pool and OpenBLAS alike); 0 = all processors. */
	public int threads = 0;
	/** Where the products run: native (OpenBLAS), java, or auto (native when it loads). */
	public BackendKind backend = BackendKind.AUTO;
	/** Precision of the iterates; AUTO = float for integer data, double otherwise ({@link Kernels#resolve}). */
	public Precision precision = Precision.AUTO;

	public SolverSettings copy() {
		final SolverSettings s = new SolverSettings();
		s.depth = depth;
		s.width = width;
		s.init = init;
		s.scale = scale;
		s.complex = complex;
		s.center = center;
		s.keepObserved = keepObserved;
		s.validation = validation;
		s.patience = patience;
		s.optimizer = optimizer;
		s.lr = lr;
		s.iterations = iterations;
		s.tolerance = tolerance;
		s.regularization = regularization;
		s.seed = seed;
		s.logEvery = logEvery;
		s.singularValues = singularValues;
		s.threads = threads;
		s.backend = backend;
		s.precision = precision;
		return s;
	}

	/** Throws {@link IllegalArgumentException} naming the first bad key and the fix. */
	public void validate() {
		if (depth < 1) throw bad("depth", depth, "an integer >= 1");
		if (depth > 64) throw bad("depth", depth, "at most 64");
		if (width < 0) throw bad("width", width, "0 (full width) or a positive integer");
		if (init == null) throw new IllegalArgumentException("missing value for 'init'");
		if (center == null) throw new IllegalArgumentException("missing value for 'center'");
		if (optimizer == null) throw new IllegalArgumentException("missing value for 'optimizer'");
		if (backend == null) throw new IllegalArgumentException("missing value for 'backend'");
		if (precision == null) throw new IllegalArgumentException("missing value for 'precision'");
		if (!(scale > 0) || !Double.isFinite(scale)) throw bad("scale", scale, "a positive number, e.g. 0.1");
		if (!(lr > 0) || !Double.isFinite(lr)) throw bad("lr", lr, "a positive number, e.g. 1");
		if (iterations < 0) throw bad("iterations", iterations, "an integer >= 0");
		if (!(tolerance >= 0) || !Double.isFinite(tolerance)) throw bad("tolerance", tolerance, "a number >= 0");
		if (!(regularization >= 0) || !Double.isFinite(regularization)) {
			throw bad("regularization", regularization, "a number >= 0");
		}
		if (!(validation >= 0) || !(validation <= 0.5)) {
			throw bad("validation", validation, "a fraction in [0, 0.5], e.g. 0.05; 0 disables");
		}
		if (patience < 1) throw bad("patience", patience, "an integer >= 1");
		if (logEvery < 1) throw bad("log_every", logEvery, "an integer >= 1");
		if (singularValues < 0) throw bad("singular_values", singularValues, "an integer >= 0");
		if (threads < 0) throw bad("threads", threads, "0 (all processors) or a positive integer");
	}

	static IllegalArgumentException bad(final String key, final Object value, final String expected) {
		return new IllegalArgumentException("bad value for '" + key + "': " + value + " (expected " + expected + ")");
	}
}
