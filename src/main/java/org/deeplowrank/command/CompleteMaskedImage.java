package org.deeplowrank.command;

import net.imglib2.img.Img;

import org.deeplowrank.image.StackReconstruction.MatrixSolver;
import org.deeplowrank.image.StackReconstruction.Request;
import org.deeplowrank.solver.Reconstruction;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Fills in the missing pixels of an image by fitting a deep matrix factorization to the
 * observed ones (matrix completion). The solver keys are inherited from
 * {@link SolverParameters}; this class only adds the mask and the optional reference.
 */
@Plugin(type = Command.class, headless = true, label = CompleteMaskedImage.LABEL,
	menuPath = "Plugins>Deep Low-Rank>" + CompleteMaskedImage.LABEL,
	description = "Completes an image from its observed pixels by gradient descent on a deep matrix factorization. " +
		"Nonzero mask pixels (and NaN image pixels) are missing.")
public class CompleteMaskedImage extends SolverCommand {

	public static final String LABEL = "Complete Masked Image";

	@Parameter(label = "Mask (nonzero = missing)", required = false,
		description = "Which pixels are missing: nonzero pixels are MISSING, zero pixels are observed; one plane (used " +
			"for every plane and channel) or one per plane of the image. Without a mask only NaN pixels are missing.")
	private Img<?> mask;

	@Parameter(label = "Reference (optional)", required = false,
		description = "Ground truth of the image's shape, only to log rel_error = |W - reference| / |reference|.")
	private Img<?> reference;

	@Override
	protected void configure(final Request request) {
		request.completion = true;
		request.mask = mask;
		request.reference = reference;
	}

	@Override
	protected MatrixSolver solver() {
		return Reconstruction::complete;
	}

	@Override
	public String resultSuffix() {
		return "_completed";
	}
}
