package org.deeplowrank.command;

import org.deeplowrank.image.StackReconstruction.MatrixSolver;
import org.deeplowrank.image.StackReconstruction.Request;
import org.deeplowrank.solver.Reconstruction;
import org.deeplowrank.solver.ReconstructionResult;
import org.deeplowrank.solver.problem.OperatorKind;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Simulates compressed sensing of an image (random linear measurements, optional noise)
 * and reconstructs it from the measurements alone with a deep matrix factorization; the
 * image itself is the reference, so {@code rel_error} says how well it was recovered.
 * Each part of a stack (plane, or Casorati matrix) is measured separately.
 */
@Plugin(type = Command.class, headless = true, label = SenseAndReconstructImage.LABEL,
	menuPath = "Plugins>Deep Low-Rank>" + SenseAndReconstructImage.LABEL,
	description = "Measures an image with a random linear operator and reconstructs it from the measurements " +
		"by gradient descent on a deep matrix factorization (matrix sensing).")
public class SenseAndReconstructImage extends SolverCommand {

	public static final String LABEL = "Sense and Reconstruct Image";

	/** Default measurement count as a fraction of the pixel count (measurements = 0). */
	static final double DEFAULT_FRACTION = 0.3;

	@Parameter(label = "Measurements", min = "0",
		description = "Number of linear measurements (per plane, or per Casorati matrix); 0 = 30% of its pixels.")
	private int measurements = 0;

	@Parameter(label = "Operator", choices = { "gaussian", "fast" },
		description = "fast: structured random operator (any image size); gaussian: dense iid Gaussian matrix " +
			"(small images only: it stores measurements x pixels numbers).")
	private String operator = OperatorKind.FAST.key();

	@Parameter(label = "Noise (std, image units)", min = "0",
		description = "Standard deviation of Gaussian noise added to each measurement, in image units.")
	private double noise = 0;

	@Parameter(label = "Relative error", type = ItemIO.OUTPUT,
		description = "|reconstruction - image| / |image| (Frobenius norms).")
	private double rel_error;

	@Override
	protected void configure(final Request request) {
		request.completion = false;
		request.reference = image; // for the rel_error of the whole image (each part's own is the solver's)
		OperatorKind.parse(operator);
		measurementCount(measurements, 1);
		if (!(noise >= 0) || !Double.isFinite(noise)) {
			throw new IllegalArgumentException("bad value for 'noise': " + noise + " (expected a standard deviation >= 0)");
		}
	}

	@Override
	protected MatrixSolver solver() {
		final OperatorKind op = OperatorKind.parse(operator);
		final int requested = measurements;
		final double sigma = noise;
		return (x, missing, reference, settings, listener, cancel) -> Reconstruction.sense(x, measurementCount(requested, x
			.size()), op, sigma, settings, listener, cancel);
	}

	@Override
	public String resultSuffix() {
		return "_sensed";
	}

	@Override
	protected void published(final ReconstructionResult r) {
		rel_error = r.relError;
	}

	/** The measurement count for the key value {@code requested} (0 = the default fraction). */
	static int measurementCount(final int requested, final int pixels) {
		if (requested < 0) {
			throw new IllegalArgumentException("bad value for 'measurements': " + requested +
				" (expected 0 for 30% of the pixels, or a positive count)");
		}
		if (requested > 0) return requested;
		return Math.max(1, (int) Math.round(DEFAULT_FRACTION * pixels));
	}
}
