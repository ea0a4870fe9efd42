package org.deeplowrank.image;

import java.util.Arrays;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.converter.Converters;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;
import org.deeplowrank.solver.linalg.Matrix;

/**
 * Which entries of each matrix of an {@link ImagePlanes} are missing: the nonzero pixels
 * of a mask, and the image's own NaN pixels.
 * <p>
 * Convention: a nonzero mask pixel marks a MISSING pixel, zero an observed one (NaN in the
 * mask counts as nonzero). This matches how masks are usually drawn (paint over the
 * damage, e.g. 255 on black) and how Fiji's binary masks come out of a selection or a
 * threshold; an ImageJ area selection reaches this class already as such a mask image
 * (inside = 1), from the ImageJ 1.x bridge. An RGB mask marks a pixel when any of its
 * colours is nonzero. NaN image pixels are missing too, because a 32-bit image with NaN
 * holes is the other common way to say "no data here", and the solver cannot use a NaN as
 * an observation.
 * <p>
 * A mask is one plane (for every plane and channel), or has the image's planes (for every
 * channel), or has the image's full shape (one plane per channel and plane). The mask is
 * read through views; the flags of a matrix are a new array in its layout (see
 * {@link ImagePlanes}).
 */
public final class MaskPlanes {

	/** The message for a mask that hides everything (also raised by the solver; kept identical). */
	public static final String ALL_MISSING =
		"every pixel is missing: nothing to complete from (check the mask: nonzero marks MISSING pixels)";

	/** How the mask's planes map onto the image's. */
	private enum Layout {
		/** One plane for all planes and channels. */
		ONE_FOR_ALL,
		/** One plane per plane of the image, the same for every channel. */
		PER_PLANE,
		/** The image's shape: one plane per channel and plane (the mask has the image's channel axis). */
		PER_CHANNEL_AND_PLANE
	}

	/** Null: only NaN pixels are missing. */
	private final RandomAccessibleInterval<? extends RealType<?>> mask;
	private final Layout layout;
	private final ImagePlanes image;
	/** The one-plane mask in Casorati order is the same for every column: read once. */
	private boolean[] onePlane;

	private MaskPlanes(final RandomAccessibleInterval<? extends RealType<?>> mask, final Layout layout,
		final ImagePlanes image)
	{
		this.mask = mask;
		this.layout = layout;
		this.image = image;
	}

	/**
	 * The missing entries of {@code image}'s matrices.
	 *
	 * @param mask nonzero = missing, or null (only NaN pixels are missing)
	 * @param original the image as given, named in messages
	 * @throws IllegalArgumentException when the mask's shape fits none of the layouts
	 */
	@SuppressWarnings("unchecked")
	public static MaskPlanes of(final RandomAccessibleInterval<?> mask, final ImagePlanes image,
		final RandomAccessibleInterval<?> original)
	{
		if (mask == null) return new MaskPlanes(null, Layout.ONE_FOR_ALL, image);
		ImagePlanes m = ImagePlanes.of(mask, -1, "mask");
		if (m.isRgb()) {
			// an RGB mask: a pixel is marked when any of its colour channels is nonzero (a view)
			m = ImagePlanes.of(Converters.convert((RandomAccessibleInterval<ARGBType>) mask, (a, b) -> b.setReal(a.get() &
				0xffffff), new FloatType()), -1, "mask");
		}
		final long[] md = ImagePlanes.strip(ImagePlanes.dims(m.data()));
		final long w = image.width(), h = image.height();
		if (md.length == 2 && md[0] == w && md[1] == h) return new MaskPlanes(m.data(), Layout.ONE_FOR_ALL, image);
		final long[] planeDims = image.planeDims();
		final long[] planeShape = new long[2 + planeDims.length];
		planeShape[0] = w;
		planeShape[1] = h;
		System.arraycopy(planeDims, 0, planeShape, 2, planeDims.length);
		if (Arrays.equals(md, ImagePlanes.strip(planeShape))) return new MaskPlanes(m.data(), Layout.PER_PLANE, image);
		final long[] imageShape = ImagePlanes.strip(ImagePlanes.dims(image.data()));
		if (!image.isRgb() && image.channelAxis() >= 0 && Arrays.equals(md, imageShape)) {
			return new MaskPlanes(m.data(), Layout.PER_CHANNEL_AND_PLANE, image);
		}
		final String msg = "mask is " + ImagePlanes.describe(mask) + " but image is " + ImagePlanes.describe(original);
		if (md.length == 2 && imageShape.length == 2) throw new IllegalArgumentException(msg);
		throw new IllegalArgumentException(msg + " (a mask is one plane for all, or has the image's planes)");
	}

	/**
	 * The missing entries of a single plane ({@link ImagePlanes#singlePlane}): the mask must
	 * be one grayscale 2-D plane of the image's size.
	 *
	 * @param mask nonzero = missing, or null (only NaN pixels are missing)
	 * @throws IllegalArgumentException naming the key {@code mask} or both sizes
	 */
	public static MaskPlanes singlePlane(final RandomAccessibleInterval<?> mask, final ImagePlanes image) {
		return mask == null ? of(null, image, image.data()) : of(ImagePlanes.twoDimensional(mask, "mask").data(), image,
			image.data());
	}

	/**
	 * The missing entries of {@code data}, the matrix of plane p of channel c
	 * ({@link ImagePlanes#matrix}; p = {@link ImagePlanes#ALL_PLANES} for the Casorati
	 * matrix): marked in the mask, or NaN.
	 */
	public boolean[] missing(final Matrix data, final int c, final long p) {
		final boolean[] missing = new boolean[data.size()];
		if (mask != null) fill(missing, c, p);
		for (int i = 0; i < missing.length; i++) missing[i] |= Double.isNaN(data.re[i]);
		return missing;
	}

	private void fill(final boolean[] missing, final int c, final long p) {
		final RandomAccessibleInterval<? extends RealType<?>> v = layout == Layout.PER_CHANNEL_AND_PLANE ? Views
			.hyperSlice(mask, image.channelAxis(), mask.min(image.channelAxis()) + c) : mask;
		if (p != ImagePlanes.ALL_PLANES) {
			flags(layout == Layout.ONE_FOR_ALL ? v : ImagePlanes.plane(v, p), missing, 0, 1);
			return;
		}
		final int planes = (int) image.planes(), pixels = (int) image.pixels();
		if (layout == Layout.ONE_FOR_ALL && onePlane == null) {
			onePlane = new boolean[pixels];
			flags(v, onePlane, 0, 1);
		}
		for (int t = 0; t < planes; t++) {
			if (layout == Layout.ONE_FOR_ALL) for (int i = 0; i < pixels; i++) missing[i * planes + t] = onePlane[i];
			else flags(ImagePlanes.plane(v, t), missing, t, planes);
		}
	}

	/** Nonzero (or NaN) pixel k sets dst[offset + k * stride]. */
	private static void flags(final RandomAccessibleInterval<? extends RealType<?>> plane, final boolean[] dst,
		final int offset, final int stride)
	{
		final Cursor<? extends RealType<?>> c = Views.flatIterable(plane).cursor();
		int k = offset;
		while (c.hasNext()) {
			dst[k] |= c.next().getRealDouble() != 0; // NaN != 0 is true
			k += stride;
		}
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
