package org.deeplowrank.solver;

import java.util.Objects;

import org.deeplowrank.solver.gd.FieldKind;
import org.deeplowrank.solver.gd.InitKind;
import org.deeplowrank.solver.gd.OptimizerKind;

/**
 * The settings of gradient descent on the deep factorization (also the shared depth, step
 * and log settings of GLRL's phases), in units that do not depend on the image's size or
 * bit depth (the data are normalized first, see {@link Reconstruction}). Immutable; part of
 * {@link SolverSettings}, whose builder makes them and checks them and holds their defaults.
 */
public final class GdSettings {

	private final int depth, width;
	private final InitKind init;
	private final double scale;
	private final FieldKind field;
	private final OptimizerKind optimizer;
	private final double lr;
	private final int iterations;
	private final double tolerance, regularization;
	private final int logEvery, singularValues;
	private final double maxSeconds;

	GdSettings(final int depth, final int width, final InitKind init, final double scale, final FieldKind field,
		final OptimizerKind optimizer, final double lr, final int iterations, final double tolerance,
		final double regularization, final int logEvery, final int singularValues, final double maxSeconds)
	{
		this.maxSeconds = maxSeconds;
		this.depth = depth;
		this.width = width;
		this.init = init;
		this.scale = scale;
		this.field = field;
		this.optimizer = optimizer;
		this.lr = lr;
		this.iterations = iterations;
		this.tolerance = tolerance;
		this.regularization = regularization;
		this.logEvery = logEvery;
		this.singularValues = singularValues;
	}

	/** Number of layers N ≥ 1 (N = 1 is plain least squares on W). */
	public int depth() {
		return depth;
	}

	/** Hidden width; 0 = min(rows, cols) (full width, no rank cap). */
	public int width() {
		return width;
	}

	/** How the layers start. */
	public InitKind init() {
		return init;
	}

	/**
	 * Initial size s of each layer: Gaussian layers have iid entries of standard deviation
	 * s / sqrt(d_in), so ‖W_j‖_2 ≈ s (1 + sqrt(d_out/d_in)) ≤ 2s whatever the image size;
	 * Haar layers likewise; orthogonal and identity layers have all singular values s;
	 * balanced layers factor a Gaussian product with iid entries of std s^N / sqrt(cols),
	 * the entry size a product of N Gaussian layers has. The initial product is thus about
	 * s^N relative to the normalized data (RMS 1).
	 */
	public double scale() {
		return scale;
	}

	/** Real or complex layers (complex: the product is compared to the real data, the real part is returned). */
	public FieldKind field() {
		return field;
	}

	/** Whether the layers are complex. */
	public boolean complex() {
		return field.isComplex();
	}

	/** Fixed or adaptive step. */
	public OptimizerKind optimizer() {
		return optimizer;
	}

	/**
	 * Relative step. GD: η = lr / (N σ^{2-2/N}) with σ the estimated spectral norm of the
	 * normalized target, so lr = 1 is half the stability limit at a balanced solution.
	 * Adaptive: η = lr σ^{1/N} / 100 (each step moves the layers by about lr % of their
	 * expected final size). The absolute η is logged in the {@code step} column.
	 */
	public double lr() {
		return lr;
	}

	/**
	 * Safety cap on the number of gradient steps (GLRL: over all phases); a run normally ends
	 * by converging ({@link #tolerance()}) or by early stopping on the held-out entries.
	 */
	public int iterations() {
		return iterations;
	}

	/** Wall-clock budget of a run in seconds (0 = no limit); the run then returns its best (or last) iterate. */
	public double maxSeconds() {
		return maxSeconds;
	}

	/**
	 * Convergence threshold (0 disables): stop when, over 10 iterations, the relative change
	 * per iteration of the product W (‖W_t − W_{t−10}‖/(10 ‖W_t‖)) and of the validation
	 * error are both below this, unless the data gradient still has a strong
	 * direction (a plateau between rank increments). Armed once the loss is below half its
	 * initial value, because GD from a small initialization starts on a plateau (the saddle at 0).
	 */
	public double tolerance() {
		return tolerance;
	}

	/** Balanced regularizer coefficient a ≥ 0 (4L eq. 1). */
	public double regularization() {
		return regularization;
	}

	/** Log every k iterations (and the last iterate). */
	public int logEvery() {
		return logEvery;
	}

	/** Number of top singular values in the log. */
	public int singularValues() {
		return singularValues;
	}

	@Override
	public boolean equals(final Object o) {
		if (!(o instanceof GdSettings)) return false;
		final GdSettings g = (GdSettings) o;
		return depth == g.depth && width == g.width && init == g.init && Double.compare(scale, g.scale) == 0 &&
			field == g.field && optimizer == g.optimizer && Double.compare(lr, g.lr) == 0 && iterations == g.iterations &&
			Double.compare(tolerance, g.tolerance) == 0 && Double.compare(regularization, g.regularization) == 0 &&
			logEvery == g.logEvery && singularValues == g.singularValues && Double.compare(maxSeconds, g.maxSeconds) == 0;
	}

	@Override
	public int hashCode() {
		return Objects.hash(depth, width, init, scale, field, optimizer, lr, iterations, tolerance, regularization, logEvery,
			singularValues, maxSeconds);
	}
}
