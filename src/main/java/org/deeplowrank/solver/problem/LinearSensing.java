package org.deeplowrank.solver.problem;

import org.deeplowrank.solver.linalg.Matrix;

/**
 * Matrix sensing, f(W) = ½ Σ_i (⟨A_i, W⟩ − y_i)² with ⟨A, B⟩ = Re tr(A^H B) (WIND §2,
 * GLRL §3), ∇f = 𝒜*(𝒜(W) − y). The A_i are real, so for complex W only Re W is
 * measured and the imaginary part of the gradient is zero.
 * <p>
 * Held-out measurements (validation): the sum runs over the other measurements only;
 * {@link #heldOutRmse} is the RMS residual on the held-out ones.
 */
public final class LinearSensing implements DataTerm {

	private final SensingOperator op;
	private final double[] y;
	private final double[] residual;
	private final double valueAtZero;
	/** Held-out measurements (excluded from f), or null. */
	private final boolean[] heldOut;
	private final int fitted;

	public LinearSensing(final SensingOperator op, final double[] measurements) {
		this(op, measurements, null);
	}

	/**
	 * @param heldOut {@code heldOut[i]} true: measurement i is not fitted (validation); null = none
	 */
	public LinearSensing(final SensingOperator op, final double[] measurements, final boolean[] heldOut) {
		if (measurements.length != op.measurements()) {
			throw new IllegalArgumentException(measurements.length + " measurements for an operator of " + op.measurements());
		}
		if (heldOut != null && heldOut.length != measurements.length) {
			throw new IllegalArgumentException(heldOut.length + " held-out flags for " + measurements.length +
				" measurements");
		}
		this.op = op;
		this.y = measurements.clone();
		this.residual = new double[y.length];
		this.heldOut = heldOut == null ? null : heldOut.clone();
		double s = 0;
		int n = 0;
		for (int i = 0; i < y.length; i++) {
			if (heldOut != null && heldOut[i]) continue;
			s += y[i] * y[i];
			n++;
		}
		if (n == 0) throw new IllegalArgumentException("every measurement is held out: nothing to fit");
		fitted = n;
		valueAtZero = 0.5 * s;
	}

	/** RMS of 𝒜(W) − y over the held-out measurements (NaN if none). */
	public double heldOutRmse(final Matrix w) {
		if (heldOut == null) return Double.NaN;
		final double[] a = new double[y.length];
		op.apply(w.re, a);
		double s = 0;
		int n = 0;
		for (int i = 0; i < y.length; i++) {
			if (!heldOut[i]) continue;
			s += (a[i] - y[i]) * (a[i] - y[i]);
			n++;
		}
		return n == 0 ? Double.NaN : Math.sqrt(s / n);
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
			final double r = heldOut != null && heldOut[i] ? 0 : residual[i] - y[i];
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
		return fitted;
	}

	@Override
	public double valueAtZero() {
		return valueAtZero;
	}
}
