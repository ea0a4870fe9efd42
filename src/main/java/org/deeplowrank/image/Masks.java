package org.deeplowrank.image;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import org.deeplowrank.solver.linalg.Matrix;

/**
 * Which pixels are missing, from a mask image and from NaN pixels.
 * <p>
 * Convention: a nonzero mask pixel marks a MISSING pixel, zero marks an observed one.
 * This matches how masks are usually drawn (paint over the damage, e.g. 255 on black) and
 * how Fiji's binary masks come out of a selection or a threshold. The image's own NaN
 * pixels count as missing too, because a 32-bit image with NaN holes is the other
 * common way to say "no data here", and the solver cannot use a NaN as an observation.
 */
public final class Masks {

	/** The message for a mask that hides everything (also raised by the solver; kept identical). */
	public static final String ALL_MISSING =
		"every pixel is missing: nothing to complete from (check the mask: nonzero marks MISSING pixels)";

	private Masks() {}

	/**
	 * The missing-pixel flags of {@code image}, row-major like the matrix.
	 *
	 * @param image the data (its NaN pixels are missing)
	 * @param mask nonzero = missing (NaN in the mask counts as nonzero); {@code null} = only
	 *          the NaN pixels are missing
	 * @throws IllegalArgumentException if the mask is not 2-D or its size differs from the image
	 */
	public static boolean[] missing(final Matrix image, final RandomAccessibleInterval<? extends RealType<?>> mask) {
		final boolean[] missing = new boolean[image.size()];
		if (mask != null) {
			ImgMatrices.checkTwoDimensional(mask, "mask");
			if (mask.dimension(0) != image.cols || mask.dimension(1) != image.rows) {
				throw new IllegalArgumentException("mask is " + mask.dimension(0) + " x " + mask.dimension(1) +
					" but image is " + ImgMatrices.size(image));
			}
			final Matrix m = ImgMatrices.toMatrix(mask, "mask");
			for (int k = 0; k < missing.length; k++) missing[k] = m.re[k] != 0; // NaN != 0 is true
		}
		for (int k = 0; k < missing.length; k++) missing[k] |= Double.isNaN(image.re[k]);
		return missing;
	}

	/** Number of {@code true} entries. */
	public static int count(final boolean[] flags) {
		int n = 0;
		for (final boolean f : flags) if (f) n++;
		return n;
	}

	/**
	 * Throws the user-level message when nothing is observed; checked before the solver
	 * runs so that the message does not depend on the solver's own checks.
	 */
	public static void requireObserved(final boolean[] missing) {
		if (missing.length > 0 && count(missing) == missing.length) throw new IllegalArgumentException(ALL_MISSING);
	}
}
