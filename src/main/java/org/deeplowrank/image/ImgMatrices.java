package org.deeplowrank.image;

import java.util.Locale;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;
import org.deeplowrank.solver.linalg.Matrix;

/**
 * Copies between ImgLib2 images and the solver's {@link Matrix}.
 * <p>
 * The solver works on dense row-major doubles, so images are copied rather than wrapped:
 * the copy decouples the run from whatever backs the image (a virtual stack, a cell image,
 * an ImageJ 1.x processor that a user may edit while the solver runs). The convention is
 * fixed here once for every caller: matrix rows are image lines (y, height), columns are
 * image columns (x, width), so entry (y, x) sits at {@code re[y * cols + x]}.
 * <p>
 * Only 2-D images are accepted. Trailing dimensions of size 1 are tolerated because
 * Fiji often hands a single plane over as e.g. 64 x 64 x 1; anything else is refused
 * with a message that names the dimensions, rather than silently taking the first plane.
 */
public final class ImgMatrices {

	private ImgMatrices() {}

	/** Copies a 2-D image into a real matrix (rows = height). */
	public static Matrix toMatrix(final RandomAccessibleInterval<? extends RealType<?>> image) {
		return toMatrix(image, "image");
	}

	/**
	 * Copies a 2-D image into a real matrix (rows = height).
	 *
	 * @param what the name used in error messages ("image", "mask", "reference")
	 * @throws IllegalArgumentException if the image is not 2-D or is too large for one array
	 */
	public static Matrix toMatrix(final RandomAccessibleInterval<? extends RealType<?>> image, final String what) {
		if (image == null) throw new IllegalArgumentException("missing value for '" + what + "'");
		checkTwoDimensional(image, what);
		final long w = image.dimension(0), h = image.dimension(1);
		if (w * h > Integer.MAX_VALUE - 8) {
			throw new IllegalArgumentException(what + " is " + w + " x " + h + ": too many pixels for one array");
		}
		final Matrix m = Matrix.real((int) h, (int) w);
		// flatIterable visits x fastest, then y, then the (singleton) rest: exactly row-major
		final Cursor<? extends RealType<?>> c = Views.flatIterable(image).cursor();
		int k = 0;
		while (c.hasNext()) m.re[k++] = c.next().getRealDouble();
		return m;
	}

	/** The real part of {@code m} as a width x height float image (the solver's doubles rounded to float). */
	public static Img<FloatType> toImg(final Matrix m) {
		final float[] pixels = new float[m.size()];
		for (int k = 0; k < pixels.length; k++) pixels[k] = (float) m.re[k];
		return ArrayImgs.floats(pixels, m.cols, m.rows);
	}

	/** "64 x 64 x 20": the dimensions the way users read them (width first). */
	public static String describe(final RandomAccessibleInterval<?> image) {
		final StringBuilder sb = new StringBuilder();
		for (int d = 0; d < image.numDimensions(); d++) {
			if (d > 0) sb.append(" x ");
			sb.append(image.dimension(d));
		}
		return sb.toString();
	}

	/** Width x height of a 2-D image, for size-mismatch messages. */
	public static String size(final Matrix m) {
		return m.cols + " x " + m.rows;
	}

	/**
	 * Throws unless the image has two dimensions (plus trailing singletons).
	 *
	 * @param what the name used in the message
	 */
	public static void checkTwoDimensional(final RandomAccessibleInterval<?> image, final String what) {
		final int n = image.numDimensions();
		boolean ok = n >= 2;
		for (int d = 2; ok && d < n; d++) ok = image.dimension(d) == 1;
		if (!ok) {
			throw new IllegalArgumentException(String.format(Locale.ROOT, "%s has %d dimension%s (%s); this command takes a 2-D image",
				what, n, n == 1 ? "" : "s", describe(image)));
		}
	}
}
