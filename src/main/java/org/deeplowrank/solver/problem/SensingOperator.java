package org.deeplowrank.solver.problem;

/**
 * A linear measurement operator {@code 𝒜: R^{rows x cols} -> R^m},
 * {@code 𝒜(X)_i = <A_i, X> = tr(A_i^T X)} (WIND §2, GLRL §3), with its exact adjoint
 * {@code 𝒜*(y) = Σ_i y_i A_i}. Matrices are row-major arrays of length rows*cols.
 * Implementations keep their own workspaces: no allocation per application, so an
 * instance must not be used from two threads at once.
 */
public interface SensingOperator {

	int rows();

	int cols();

	/** Number of measurements m. */
	int measurements();

	/** {@code out[i] = <A_i, X>}; {@code x.length == rows*cols}, {@code out.length == m}. */
	void apply(double[] x, double[] out);

	/** {@code out = Σ_i y_i A_i}; {@code y.length == m}, {@code out.length == rows*cols}. */
	void adjoint(double[] y, double[] out);

	/** Short description for logs, e.g. "gaussian 560 x 300". */
	String describe();
}
