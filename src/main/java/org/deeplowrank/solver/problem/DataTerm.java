package org.deeplowrank.solver.problem;

import java.util.Optional;

import org.deeplowrank.solver.linalg.Matrix;

/**
 * The data term f(W) of the objective (METHOD.md §1) with its gradient
 * {@code ∇f(W)} under the convention {@code df = Re tr(∇f^H dW)}.
 */
public interface DataTerm {

	/** Rows of W (d_N). */
	int rows();

	/** Columns of W (d_0). */
	int cols();

	/**
	 * Evaluates f at {@code w} and, when {@code grad != null}, writes ∇f(W) into it
	 * (same shape and field as {@code w}). Must not allocate.
	 */
	double evaluate(Matrix w, Matrix grad);

	/** Number of scalar observations (|Ω| or m), for the observed-entry RMSE sqrt(2f/count). */
	int observationCount();

	/** f(0) = ½‖y‖², the scale against which divergence and round-off floors are judged. */
	double valueAtZero();

	/**
	 * The entrywise view of f (target and observed set) when f = ½ Σ_{(i,j)∈Ω} |W_ij − Y_ij|²,
	 * for kernels that evaluate f on their own storage; empty when f is not a sum over
	 * entries of W (sensing), which only {@link #evaluate} computes.
	 */
	default Optional<Entrywise> entrywise() {
		return Optional.empty();
	}
}
