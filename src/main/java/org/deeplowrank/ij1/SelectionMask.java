package org.deeplowrank.ij1;

import ij.ImagePlus;
import ij.gui.Roi;
import ij.process.ByteProcessor;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedByteType;

/** The area selection (ROI) of an image window as the mask of the pixels to complete. */
public final class SelectionMask {

	private SelectionMask() {}

	/**
	 * The area selection of {@code imp} as a mask (1 inside = missing, 0 outside), or null
	 * when the image has no area selection (none, or a line or points).
	 */
	public static Img<UnsignedByteType> of(final ImagePlus imp) {
		final Roi roi = imp.getRoi();
		if (roi == null || !roi.isArea()) return null;
		final ByteProcessor bp = new ByteProcessor(imp.getWidth(), imp.getHeight());
		bp.setValue(1);
		bp.fill(roi);
		return ArrayImgs.unsignedBytes((byte[]) bp.getPixels(), imp.getWidth(), imp.getHeight());
	}
}
