package org.deeplowrank.solver.problem;

import java.util.Optional;

import org.deeplowrank.solver.linalg.Matrix;
import org.deeplowrank.solver.linalg.MatrixOps;

/** f(W) = ½‖W − Y‖_F² (4L, ACGH), ∇f = W − Y. The target may be real or complex. */
public final class FullObservation implements DataTerm {

	private final Matrix target;
	private final double valueAtZero;

	public FullObservation(final Matrix target) {
		this.target = target;
		this.valueAtZero = 0.5 * MatrixOps.normF2(target);
	}

	/** Y (live, do not modify). */
	public Matrix target() {
		return target;
	}

	@Override
	public int rows() {
		return target.rows;
	}

	@Override
	public int cols() {
		return target.cols;
	}

	@Override
	public double evaluate(final Matrix w, final Matrix grad) {
		target.checkSameShape(w);
		final double[] y = target.re, yi = target.im, wr = w.re, wi = w.im;
		// summed entry by entry, real then imaginary part, as MaskedCompletion sums its
		// entries: a completion with nothing missing gives the same bits with either term
		double s = 0;
		for (int i = 0; i < wr.length; i++) {
			final double r = wr[i] - y[i];
			s += r * r;
			if (grad != null) grad.re[i] = r;
			if (wi != null) {
				final double ri = wi[i] - (yi == null ? 0 : yi[i]);
				s += ri * ri;
				if (grad != null) grad.im[i] = ri;
			}
		}
		return 0.5 * s;
	}

	/** Y, every entry observed. */
	@Override
	public Optional<Entrywise> entrywise() {
		return Optional.of(new Entrywise(target, null));
	}

	@Override
	public int observationCount() {
		return target.size();
	}

	@Override
	public double valueAtZero() {
		return valueAtZero;
	}
}
