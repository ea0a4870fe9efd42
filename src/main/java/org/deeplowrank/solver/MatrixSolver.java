package org.deeplowrank.solver;

import java.util.function.BooleanSupplier;

import org.deeplowrank.solver.gd.SolverListener;
import org.deeplowrank.solver.linalg.Matrix;

/**
 * Reconstructs ONE matrix (a plane, a Casorati matrix, a tile): what the image layer runs
 * for every part of an image. {@link Methods#solver} gives the one of a method and lifting;
 * the image layer wraps it for tiles and hands out the parts.
 */
@FunctionalInterface
public interface MatrixSolver {

	/**
	 * @param data the matrix, in its own units
	 * @param missing the missing entries (mask or NaN), row-major like {@code data}; null =
	 *          nothing missing
	 * @param reference ground truth for rel_error, or null
	 * @param settings the settings of this matrix: the run's, with the seed of this part (or
	 *          tile)
	 */
	ReconstructionResult solve(Matrix data, boolean[] missing, Matrix reference, SolverSettings settings,
		SolverListener listener, BooleanSupplier cancel);
}
