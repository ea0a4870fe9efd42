package org.deeplowrank.solver.problem;

import java.util.Optional;

import org.deeplowrank.solver.linalg.Matrix;

/**
 * Matrix completion, f(W) = ½ Σ_{(i,j)∈Ω} |W_ij − Y_ij|² (GLRL §3), ∇f = P_Ω(W − Y).
 * Unobserved entries of Y are never read (they may hold NaN).
 */
public final class MaskedCompletion implements DataTerm {

	private final Matrix target;
	/** Flat indices of Ω, ascending. */
	private final int[] observed;
	private final double valueAtZero;
	private final Entrywise entrywise;

	/**
	 * @param missing {@code missing[k]} true when flat entry k is not observed; null = all
	 *          observed
	 */
	public MaskedCompletion(final Matrix target, final boolean[] missing) {
		if (missing != null && missing.length != target.size()) {
			throw new IllegalArgumentException("mask has " + missing.length + " entries, target has " + target.size());
		}
		this.target = target;
		int count = 0;
		for (int k = 0; k < target.size(); k++) if (missing == null || !missing[k]) count++;
		if (count == 0) throw new IllegalArgumentException("every entry is missing: nothing to complete from");
		observed = new int[count];
		int c = 0;
		double s = 0;
		for (int k = 0; k < target.size(); k++) {
			if (missing == null || !missing[k]) {
				observed[c++] = k;
				final double yr = target.re[k];
				final double yi = target.im == null ? 0 : target.im[k];
				if (!Double.isFinite(yr) || !Double.isFinite(yi)) {
					throw new IllegalArgumentException("observed entry " + k + " is not finite (" + yr + ")");
				}
				s += yr * yr + yi * yi;
			}
		}
		valueAtZero = 0.5 * s;
		entrywise = new Entrywise(target, observed);
	}

	@Override
	public int rows() {
		return target.rows;
	}

	@Override
	public int cols() {
		return target.cols;
	}

	/** Y and Ω. */
	@Override
	public Optional<Entrywise> entrywise() {
		return Optional.of(entrywise);
	}

	/** Y with zeros at the unobserved entries (a new matrix; see {@link Entrywise#maskedTarget}). */
	public Matrix maskedTarget() {
		return entrywise.maskedTarget();
	}

	@Override
	public double evaluate(final Matrix w, final Matrix grad) {
		target.checkSameShape(w);
		if (grad != null) grad.zero();
		final double[] y = target.re, yi = target.im, wr = w.re, wi = w.im;
		double s = 0;
		for (final int k : observed) {
			final double r = wr[k] - y[k];
			s += r * r;
			if (grad != null) grad.re[k] = r;
			if (wi != null) {
				final double ri = wi[k] - (yi == null ? 0 : yi[k]);
				s += ri * ri;
				if (grad != null) grad.im[k] = ri;
			}
		}
		return 0.5 * s;
	}

	@Override
	public int observationCount() {
		return observed.length;
	}

	@Override
	public double valueAtZero() {
		return valueAtZero;
	}
}
