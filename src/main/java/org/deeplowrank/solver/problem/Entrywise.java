package org.deeplowrank.solver.problem;

import org.deeplowrank.solver.linalg.Matrix;

/**
 * What an entrywise data term observes, f(W) = ½ Σ_{(i,j)∈Ω} |W_ij − Y_ij|² with Ω a set
 * of entries (completion, GLRL §3) or every entry (full observation): the view through
 * which kernels evaluate f themselves, with the fused masked residual m∘W − Y or on Ω only
 * (see {@link DataTerm#entrywise}). Sensing has none: its f is not a sum over entries of W.
 */
public final class Entrywise {

	private final Matrix target;
	/** Flat indices of Ω, ascending (shared with the data term); null = every entry. */
	private final int[] observed;

	/**
	 * @param target Y (live: read, never modified; its unobserved entries are never read)
	 * @param observed flat indices of Ω, ascending (shared, not copied); null = every entry
	 */
	Entrywise(final Matrix target, final int[] observed) {
		this.target = target;
		this.observed = observed;
	}

	public int rows() {
		return target.rows;
	}

	public int cols() {
		return target.cols;
	}

	/** True when Y (and so W) is complex. */
	public boolean isComplex() {
		return target.isComplex();
	}

	/** True when some entry is not observed (Ω is not every entry). */
	public boolean hasMissing() {
		return observed != null && observed.length < target.size();
	}

	/** Y with zeros at the unobserved entries (a new matrix), for the fused residual. */
	public Matrix maskedTarget() {
		if (observed == null) return target.copy();
		final Matrix y = target.like();
		for (final int k : observed) {
			y.re[k] = target.re[k];
			if (y.im != null) y.im[k] = target.im[k];
		}
		return y;
	}

	/** The 0/1 indicator of Ω as a real matrix (a new one), or null when every entry is observed. */
	public Matrix observedMask() {
		if (!hasMissing()) return null;
		final Matrix m = Matrix.real(target.rows, target.cols);
		for (final int k : observed) m.re[k] = 1;
		return m;
	}

	/** Flat indices of the observed entries, ascending (do not modify: may be shared). */
	public int[] observedIndices() {
		if (observed != null) return observed;
		final int[] all = new int[target.size()];
		for (int k = 0; k < all.length; k++) all[k] = k;
		return all;
	}

	/** Re Y at the observed entries, in the order of {@link #observedIndices} (a new array). */
	public double[] observedValues() {
		if (observed == null) return target.re.clone();
		final double[] v = new double[observed.length];
		for (int e = 0; e < v.length; e++) v[e] = target.re[observed[e]];
		return v;
	}
}
