package org.deeplowrank.ij1;

import java.util.List;
import java.util.Locale;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ImageProcessor;

/**
 * The guesses behind the dialog's defaults, from the open images alone: which one is the
 * mask of the input, and whether anything is missing at all.
 */
final class DialogDefaults {

	private DialogDefaults() {}

	/**
	 * The open image that most likely is the input's mask: of the input's width and height,
	 * not the input itself, and named like a mask ({@code *mask*}) or binary (at most two
	 * values, one of them 0). A named one wins over a merely binary one; among equals, the
	 * first. Null if none looks like a mask.
	 */
	static String likelyMask(final ImagePlus input, final List<String> titles, final CommandBridge.Images images) {
		if (input == null) return null;
		String binary = null;
		for (final String t : titles) {
			if (t.equals(input.getTitle())) continue;
			final ImagePlus imp = images.byTitle(t);
			if (imp == null || imp.getWidth() != input.getWidth() || imp.getHeight() != input.getHeight()) continue;
			if (t.toLowerCase(Locale.ROOT).contains("mask")) return t;
			if (binary == null && isBinary(imp)) binary = t;
		}
		return binary;
	}

	/** At most two distinct values in the first plane, one of them 0 (ImageJ's masks are 0/255). */
	static boolean isBinary(final ImagePlus imp) {
		if (imp.getBitDepth() == 24) return false;
		final ImageProcessor ip = imp.getStack().getProcessor(1);
		final int n = ip.getPixelCount();
		boolean zero = false;
		float other = Float.NaN;
		for (int i = 0; i < n; i++) {
			final float v = ip.getf(i);
			if (Float.isNaN(v)) return false;
			if (v == 0) zero = true;
			else if (Float.isNaN(other)) other = v;
			else if (v != other) return false; // a third value
		}
		return zero;
	}

	/** Whether an image has NaN pixels (which are missing without a mask); only 32-bit images can. */
	static boolean hasNaN(final ImagePlus imp) {
		if (imp.getBitDepth() != 32) return false;
		final ImageStack stack = imp.getStack();
		for (int s = 1; s <= stack.getSize(); s++) {
			final float[] px = (float[]) stack.getPixels(s);
			for (final float v : px)
				if (Float.isNaN(v)) return true;
		}
		return false;
	}

	/** The question asked before a completion without a mask on an image without NaN pixels. */
	static String nothingMissingQuestion(final String title) {
		return "Nothing is missing in " + title + ": this will only fit a low-rank approximation.\n" +
			"(Choose a mask image or *Selection* as Missing pixels to fill pixels in.)\n \nContinue?";
	}
}
