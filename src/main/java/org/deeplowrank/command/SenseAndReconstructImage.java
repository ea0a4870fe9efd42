package org.deeplowrank.command;

import java.util.function.BooleanSupplier;

import org.deeplowrank.image.ImgMatrices;
import org.deeplowrank.solver.Matrix;
import org.deeplowrank.solver.OperatorKind;
import org.deeplowrank.solver.Reconstruction;
import org.deeplowrank.solver.ReconstructionResult;
import org.deeplowrank.solver.SolverListener;
import org.deeplowrank.solver.SolverSettings;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Simulates compressed sensing of an image (random linear measurements, optional noise)
 * and reconstructs it from the measurements alone with a deep matrix factorization; the
 * image itself is the reference, so {@code rel_error} says how well it was recovered.
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
		description = "Number of linear measurements; 0 = 30% of the number of pixels.")
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
	protected ReconstructionResult reconstruct(final SolverSettings settings, final SolverListener listener,
		final BooleanSupplier cancel)
	{
		final Matrix x = ImgMatrices.toMatrix(image, "image");
		final OperatorKind op = OperatorKind.parse(operator);
		final int m = measurementCount(measurements, x.size());
		if (!(noise >= 0) || !Double.isFinite(noise)) {
			throw new IllegalArgumentException("bad value for 'noise': " + noise + " (expected a standard deviation >= 0)");
		}
		return Reconstruction.sense(x, m, op, noise, settings, listener, cancel);
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
