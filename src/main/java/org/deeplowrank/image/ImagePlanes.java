package org.deeplowrank.image;

import java.util.Arrays;
import java.util.Locale;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.converter.Converters;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.util.Intervals;
import net.imglib2.util.Util;
import net.imglib2.view.Views;
import org.deeplowrank.solver.linalg.Matrix;

/**
 * An image as the matrices the solver works on: which channels and planes it has, and the
 * matrix of each (a copy) read from and written back to its pixels.
 * <p>
 * Dimensions: 0 = x (width), 1 = y (height); one optional channel axis; every other
 * dimension is a plane index (z, t, ... flattened, the first one fastest, as ImageJ orders
 * its stacks). An {@link ARGBType} image is viewed as its red, green and blue channels
 * ({@link Converters#argbChannels}: a view, no copy) on an extra last axis. Everything else
 * (channels, planes) is a view of the image too ({@link Views#hyperSlice}); only the
 * matrices are copies.
 * <p>
 * The matrices are copies because the solver works on dense row-major doubles, and the
 * copy decouples the run from whatever backs the image (a virtual stack, a cell image, an
 * ImageJ 1.x processor that a user may edit while the solver runs). Two layouts:
 * <ul>
 * <li>a plane: a (height x width) matrix, rows = image lines, so pixel (x, y) is entry
 * (y, x) at {@code re[y * width + x]};</li>
 * <li>the Casorati matrix of a channel: (pixels x planes), column t is plane t read line
 * by line, so pixel k of plane t is {@code re[k * planes + t]}.</li>
 * </ul>
 */
public final class ImagePlanes {

	/** {@link #matrix}'s plane index for the Casorati matrix of all planes. */
	public static final long ALL_PLANES = -1;

	private final RandomAccessibleInterval<? extends RealType<?>> data;
	private final int channelAxis;
	private final boolean rgb;

	private ImagePlanes(final RandomAccessibleInterval<? extends RealType<?>> data, final int channelAxis,
		final boolean rgb)
	{
		this.data = data;
		this.channelAxis = channelAxis;
		this.rgb = rgb;
	}

	/**
	 * The planes of an image: RealType pixels as they are, ARGBType as its R, G, B channels.
	 *
	 * @param channelAxis the dimension holding channels, or -1 (not allowed for RGB, whose
	 *          channels are its pixel type)
	 * @param what the name used in messages ("image", "mask", "reference")
	 * @throws IllegalArgumentException for fewer than 2 dimensions, a bad channel axis or
	 *           pixels that are not numbers
	 */
	@SuppressWarnings("unchecked")
	public static ImagePlanes of(final RandomAccessibleInterval<?> img, final int channelAxis, final String what) {
		if (img.numDimensions() < 2) {
			throw new IllegalArgumentException(what + " has " + img.numDimensions() +
				" dimension(s); expected at least x and y");
		}
		final Object type = Util.getTypeFromInterval(img);
		if (type instanceof ARGBType) {
			if (channelAxis >= 0) throw new IllegalArgumentException(what + " is RGB: its channels are its pixel type");
			final RandomAccessibleInterval<UnsignedByteType> ch = Converters.argbChannels(
				(RandomAccessibleInterval<ARGBType>) img, 1, 2, 3);
			return new ImagePlanes(ch, img.numDimensions(), true);
		}
		if (type instanceof RealType) {
			if (channelAxis == 0 || channelAxis == 1 || channelAxis >= img.numDimensions() || channelAxis < -1) {
				throw new IllegalArgumentException("bad channel axis " + channelAxis + " for " + what + " " + describe(img));
			}
			return new ImagePlanes((RandomAccessibleInterval<? extends RealType<?>>) img, channelAxis, false);
		}
		throw new IllegalArgumentException(what + " has pixels of type " + type.getClass().getSimpleName() +
			"; expected grayscale numbers (8-, 16-, 32-bit) or RGB");
	}

	/**
	 * One grayscale 2-D plane, for commands that take exactly one matrix: trailing
	 * dimensions of size 1 are tolerated because Fiji often hands a single plane over as
	 * e.g. 64 x 64 x 1; anything else is refused with a message that names the dimensions,
	 * rather than silently taking the first plane.
	 *
	 * @param key the key of the image, named in messages
	 * @throws IllegalArgumentException for RGB or non-numeric pixels, a stack, or a plane
	 *           too large for one array
	 */
	public static ImagePlanes singlePlane(final RandomAccessibleInterval<?> img, final String key) {
		final ImagePlanes p = twoDimensional(img, key);
		p.requireArrayPlanes(key);
		return p;
	}

	/** {@link #singlePlane} without the array size check (a mask, checked against the image's size instead). */
	@SuppressWarnings("unchecked")
	static ImagePlanes twoDimensional(final RandomAccessibleInterval<?> img, final String key) {
		if (!(Util.getTypeFromInterval(img) instanceof RealType)) {
			throw new IllegalArgumentException("'" + key + "' must be a grayscale image (8-, 16- or 32-bit), not " +
				dimensions(img));
		}
		final int n = img.numDimensions();
		boolean twoD = n >= 2;
		for (int d = 2; twoD && d < n; d++) twoD = img.dimension(d) == 1;
		if (!twoD) {
			throw new IllegalArgumentException(String.format(Locale.ROOT,
				"%s has %d dimension%s (%s); this command takes a 2-D image", key, n, n == 1 ? "" : "s", dimensions(img)));
		}
		return new ImagePlanes(plane((RandomAccessibleInterval<? extends RealType<?>>) img, 0), -1, false);
	}

	/** These pixels read with {@code layout}'s channel axis (a reference or output of the same shape as the image). */
	ImagePlanes withLayoutOf(final ImagePlanes layout) {
		return new ImagePlanes(data, layout.channelAxis, layout.rgb);
	}

	/**
	 * Throws unless a plane fits into one Java array.
	 *
	 * @param what the name used in the message
	 */
	void requireArrayPlanes(final String what) {
		if (width() * height() > Integer.MAX_VALUE - 8) {
			throw new IllegalArgumentException(what + " is " + width() + " x " + height() +
				": too many pixels for one array");
		}
	}

	/** The numeric view: the image itself, or for RGB its channels on an extra last axis. */
	RandomAccessibleInterval<? extends RealType<?>> data() {
		return data;
	}

	/** The channel axis of {@link #data()}, or -1. */
	int channelAxis() {
		return channelAxis;
	}

	/** True for an ARGBType image (its channels are red, green, blue). */
	boolean isRgb() {
		return rgb;
	}

	public long width() {
		return data.dimension(0);
	}

	public long height() {
		return data.dimension(1);
	}

	/** Pixels per plane. */
	long pixels() {
		return width() * height();
	}

	int channels() {
		return channelAxis < 0 ? 1 : (int) data.dimension(channelAxis);
	}

	/** Dimensions other than x, y and the channel axis. */
	long[] planeDims() {
		final long[] d = new long[data.numDimensions() - 2 - (channelAxis < 0 ? 0 : 1)];
		int k = 0;
		for (int i = 2; i < data.numDimensions(); i++)
			if (i != channelAxis) d[k++] = data.dimension(i);
		return d;
	}

	/** Planes per channel: the product of {@link #planeDims()}. */
	long planes() {
		long p = 1;
		for (final long d : planeDims()) p *= d;
		return p;
	}

	/** The (x, y, planes...) view of channel c. */
	RandomAccessibleInterval<? extends RealType<?>> channel(final int c) {
		return channelAxis < 0 ? data : Views.hyperSlice(data, channelAxis, data.min(channelAxis) + c);
	}

	/**
	 * The matrix of plane p of channel c (height x width), or with p = {@link #ALL_PLANES}
	 * the Casorati matrix of the channel (pixels x planes); a copy. Channel 0 of an image
	 * without channel axis is the image.
	 */
	public Matrix matrix(final int c, final long p) {
		final RandomAccessibleInterval<? extends RealType<?>> ch = channel(c);
		if (p == ALL_PLANES) {
			final int planes = (int) planes();
			final Matrix m = Matrix.real((int) pixels(), planes);
			for (int t = 0; t < planes; t++) read(plane(ch, t), m.re, t, planes);
			return m;
		}
		final RandomAccessibleInterval<? extends RealType<?>> v = plane(ch, p);
		final Matrix m = Matrix.real((int) v.dimension(1), (int) v.dimension(0));
		read(v, m.re, 0, 1);
		return m;
	}

	/** Writes {@code x}, a matrix of {@link #matrix}'s layout for (c, p), into the pixels. */
	void write(final Matrix x, final int c, final long p) {
		final RandomAccessibleInterval<? extends RealType<?>> ch = channel(c);
		if (p == ALL_PLANES) {
			final int planes = (int) planes();
			for (int t = 0; t < planes; t++) write(x, plane(ch, t), t, planes);
		}
		else write(x, plane(ch, p), 0, 1);
	}

	/** dst[offset + k * stride] = pixel k of the plane, x fastest. */
	private static void read(final RandomAccessibleInterval<? extends RealType<?>> plane, final double[] dst,
		final int offset, final int stride)
	{
		final Cursor<? extends RealType<?>> c = Views.flatIterable(plane).cursor();
		int k = offset;
		while (c.hasNext()) {
			dst[k] = c.next().getRealDouble();
			k += stride;
		}
	}

	/** Pixel k of the plane, x fastest, = x.re[offset + k * stride]. */
	private static void write(final Matrix x, final RandomAccessibleInterval<? extends RealType<?>> plane,
		final int offset, final int stride)
	{
		final Cursor<? extends RealType<?>> c = Views.flatIterable(plane).cursor();
		int k = offset;
		while (c.hasNext()) {
			c.next().setReal(x.re[k]);
			k += stride;
		}
	}

	// -- Views and shapes --

	/**
	 * Plane p of an (x, y, rest...) view: the rest decomposed with its first dimension
	 * fastest, which is ImageJ's stack order for (x, y, c, z, t). A view, not a copy.
	 */
	public static <T> RandomAccessibleInterval<T> plane(final RandomAccessibleInterval<T> v, final long p) {
		final int n = v.numDimensions();
		if (n == 2) return v;
		final long[] idx = new long[n];
		long q = p;
		for (int d = 2; d < n; d++) {
			idx[d] = v.min(d) + q % v.dimension(d);
			q /= v.dimension(d);
		}
		RandomAccessibleInterval<T> r = v;
		for (int d = n - 1; d >= 2; d--) r = Views.hyperSlice(r, d, idx[d]);
		return r;
	}

	/** The number of planes: the product of the dimensions beyond x and y. */
	public static long planeCount(final RandomAccessibleInterval<?> img) {
		long p = 1;
		for (int d = 2; d < img.numDimensions(); d++) p *= img.dimension(d);
		return p;
	}

	static long[] dims(final RandomAccessibleInterval<?> img) {
		return Intervals.dimensionsAsLongArray(img);
	}

	/** The dimensions without trailing singletons beyond x and y. */
	static long[] strip(final long[] d) {
		int n = d.length;
		while (n > 2 && d[n - 1] == 1) n--;
		return Arrays.copyOf(d, n);
	}

	/** "64 x 64 x 20": the dimensions the way users read them (width first). */
	public static String dimensions(final RandomAccessibleInterval<?> img) {
		final StringBuilder sb = new StringBuilder();
		for (int d = 0; d < img.numDimensions(); d++) {
			if (d > 0) sb.append(" x ");
			sb.append(img.dimension(d));
		}
		return sb.toString();
	}

	/** {@link #dimensions}, with " (RGB)" for colour: how messages name an image. */
	public static String describe(final RandomAccessibleInterval<?> img) {
		final String d = dimensions(img);
		return Util.getTypeFromInterval(img) instanceof ARGBType ? d + " (RGB)" : d;
	}

	/** Width x height x planes of an image for summaries ("64x64x20"; RGB adds "x3"). */
	public static String size(final RandomAccessibleInterval<?> img) {
		final StringBuilder sb = new StringBuilder();
		for (final long d : strip(dims(img))) sb.append(sb.length() == 0 ? "" : "x").append(d);
		if (Util.getTypeFromInterval(img) instanceof ARGBType) sb.append("x3");
		return sb.toString().toLowerCase(Locale.ROOT);
	}
}
