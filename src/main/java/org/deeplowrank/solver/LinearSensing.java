package org.deeplowrank.solver;

/**
 * Matrix sensing, f(W) = ½ Σ_i (⟨A_i, W⟩ − y_i)² with ⟨A, B⟩ = Re tr(A^H B) (WIND §2,
 * GLRL §3), ∇f = 𝒜*(𝒜(W) − y). The A_i are real, so for complex W only Re W is
 * measured and the imaginary part of the gradient is zero.
 */
public final class LinearSensing implements DataTerm {

	private final SensingOperator op;
	private final double[] y;
	private final double[] residual;
	private final double valueAtZero;

	public LinearSensing(final SensingOperator op, final double[] measurements) {
		if (measurements.length != op.measurements()) {
			throw new IllegalArgumentException(measurements.length + " measurements for an operator of " + op.measurements());
		}
		this.op = op;
		this.y = measurements.clone();
		this.residual = new double[y.length];
		double s = 0;
		for (final double v : y) s += v * v;
		valueAtZero = 0.5 * s;
	}

	public SensingOperator operator() {
		return op;
	}

	@Override
	public int rows() {
		return op.rows();
	}

	@Override
	public int cols() {
		return op.cols();
	}

	@Override
	public double evaluate(final Matrix w, final Matrix grad) {
		if (w.rows != op.rows() || w.cols != op.cols()) throw new IllegalArgumentException("sensing: shape mismatch");
		op.apply(w.re, residual);
		double s = 0;
		for (int i = 0; i < residual.length; i++) {
			final double r = residual[i] - y[i];
			residual[i] = r;
			s += r * r;
		}
		if (grad != null) {
			op.adjoint(residual, grad.re);
			if (grad.im != null) java.util.Arrays.fill(grad.im, 0);
		}
		return 0.5 * s;
	}

	@Override
	public int observationCount() {
		return y.length;
	}

	@Override
	public double valueAtZero() {
		return valueAtZero;
	}
}
