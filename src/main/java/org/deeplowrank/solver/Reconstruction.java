package org.deeplowrank.solver;

import java.util.function.BooleanSupplier;

/**
 * User-level entry points: completion and sensing of an image given as a real matrix in
 * its own units. Data are normalized internally (divided by the RMS of the observed
 * values, or for sensing by ‖y‖/sqrt(rows·cols), an estimate of the image RMS since
 * E‖𝒜(X)‖² = ‖X‖²), so the same defaults work for 8-, 16- and 32-bit images; results
 * and logged losses are scaled back to the input's units.
 */
public final class Reconstruction {

	private Reconstruction() {}

	/**
	 * Completes {@code image} from its observed entries.
	 *
	 * @param image the data (values at missing entries are ignored; NaN allowed there)
	 * @param missing {@code missing[i*cols+j]} true when entry (i, j) is unobserved;
	 *          {@code null} = nothing missing (plain factorization of the image)
	 * @param reference optional ground truth for the {@code rel_error} column, or null
	 */
	public static ReconstructionResult complete(final Matrix image, final boolean[] missing, final Matrix reference,
		final SolverSettings settings, final SolverListener listener, final BooleanSupplier cancel)
	{
		throw new UnsupportedOperationException("TODO");
	}

	/**
	 * Measures {@code image} with a seeded operator (plus Gaussian noise of std
	 * {@code noise}, in image units) and reconstructs it from the measurements; the
	 * image itself is the reference for {@code rel_error}.
	 */
	public static ReconstructionResult sense(final Matrix image, final int measurements, final OperatorKind operator,
		final double noise, final SolverSettings settings, final SolverListener listener, final BooleanSupplier cancel)
	{
		throw new UnsupportedOperationException("TODO");
	}
}
