package org.deeplowrank.command;

import java.util.function.BooleanSupplier;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;

import org.deeplowrank.image.ImgMatrices;
import org.deeplowrank.image.Masks;
import org.deeplowrank.solver.Matrix;
import org.deeplowrank.solver.Reconstruction;
import org.deeplowrank.solver.ReconstructionResult;
import org.deeplowrank.solver.SolverListener;
import org.deeplowrank.solver.SolverSettings;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Fills in the missing pixels of an image by fitting a deep matrix factorization to the
 * observed ones (matrix completion). The solver keys are inherited from
 * {@link SolverCommand}; this class only adds the mask and the optional reference.
 */
@Plugin(type = Command.class, headless = true, label = CompleteMaskedImage.LABEL,
	menuPath = "Plugins>Deep Low-Rank>" + CompleteMaskedImage.LABEL,
	description = "Completes an image from its observed pixels by gradient descent on a deep matrix factorization. " +
		"Nonzero mask pixels (and NaN image pixels) are missing.")
public class CompleteMaskedImage extends SolverCommand {

	public static final String LABEL = "Complete Masked Image";

	@Parameter(label = "Mask (nonzero = missing)", required = false,
		description = "Same size as the image; nonzero pixels are MISSING, zero pixels are observed. " +
			"Without a mask only NaN pixels are missing.")
	private Img<? extends RealType<?>> mask;

	@Parameter(label = "Reference (optional)", required = false,
		description = "Ground truth of the same size, only to log rel_error = |W - reference| / |reference|.")
	private Img<? extends RealType<?>> reference;

	@Override
	protected ReconstructionResult reconstruct(final SolverSettings settings, final SolverListener listener,
		final BooleanSupplier cancel)
	{
		final Matrix y = ImgMatrices.toMatrix(image, "image");
		final boolean[] missing = Masks.missing(y, mask);
		Masks.requireObserved(missing);
		Matrix ref = null;
		if (reference != null) {
			ref = ImgMatrices.toMatrix(reference, "reference");
			if (!ref.sameShape(y)) {
				throw new IllegalArgumentException("reference is " + ImgMatrices.size(ref) + " but image is " +
					ImgMatrices.size(y));
			}
		}
		return Reconstruction.complete(y, missing, ref, settings, listener, cancel);
	}
}
