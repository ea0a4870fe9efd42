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

	/**
	 * Estimated heap, in bytes, that {@link #solve} needs for a rows x cols matrix beyond
	 * the matrix, its mask and the returned reconstruction ({@link MemoryEstimate}); 0 when
	 * not known (the caller then counts only the image's own copies).
	 */
	default long workingBytes(final int rows, final int cols, final SolverSettings settings) {
		return 0;
	}

	/**
	 * A change of this solver's keys under which {@link #workingBytes} fits in
	 * {@code budget} bytes, for the message of a run that does not fit, e.g.
	 * {@code "operator=fast (about 40 MB)"}; null when there is none (the caller still
	 * suggests tiles and -Xmx).
	 */
	default String memoryAdvice(final int rows, final int cols, final SolverSettings settings, final long budget) {
		return null;
	}

	/** Whether this solver completes a matrix that can be cut into tiles (key {@code tile}); sensing cannot. */
	default boolean tileable() {
		return false;
	}
}
