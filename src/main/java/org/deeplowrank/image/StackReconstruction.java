package org.deeplowrank.image;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.converter.ColorChannelOrder;
import net.imglib2.converter.Converters;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgFactory;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Intervals;
import net.imglib2.util.Util;
import net.imglib2.view.Views;
import org.deeplowrank.solver.MatrixSolver;
import org.deeplowrank.solver.ReconstructionResult;
import org.deeplowrank.solver.SolverSettings;
import org.deeplowrank.solver.gd.LogRecord;
import org.deeplowrank.solver.gd.SolverListener;
import org.deeplowrank.solver.gd.StopReason;
import org.deeplowrank.solver.linalg.Matrix;

/**
 * Runs a matrix reconstruction over a whole image: a plane, a stack, an RGB image, a
 * multi-channel stack. This is the ONE place where images become matrices and back, for
 * the SciJava commands, the ImageJ 1.x bridge and the batch alike.
 * <p>
 * Dimensions: 0 = x (width), 1 = y (height); one optional channel axis; every other
 * dimension is a plane index (z, t, ... flattened, the first one fastest, as ImageJ orders
 * its stacks). An {@link ARGBType} image is viewed as its red, green and blue channels
 * ({@link Converters#argbChannels}, a view, no copy) and the result is merged back into
 * RGB. Channels are always separate problems. Within a channel, {@link StackMode#SLICES}
 * makes one (height x width) matrix per plane, {@link StackMode#CASORATI} one
 * (pixels x planes) matrix whose column t is plane t read line by line.
 * <p>
 * Missing pixels (completion): nonzero mask pixels and NaN image pixels. The mask is one
 * plane (applied to every plane and channel), or has the image's planes (applied to every
 * channel), or has the image's full shape. A reference, when given, has the image's shape.
 * <p>
 * Output type: 32-bit float; RGB for RGB input (clamped to 0..255 and rounded); with
 * {@code keepType}, the input's integer type (8-bit, 16-bit, ...: clamped to its range and
 * rounded).
 * <p>
 * Part k (0-based, channels outer, planes inner) runs with seed {@code seed + k}, so a 2-D
 * image behaves exactly as a direct solver call, and parts are reproducible. A cancel stops
 * the running part (its partial iterate is kept) and skips the remaining ones (NaN in a
 * float output); the result then says {@link StopReason#CANCELLED}.
 */
public final class StackReconstruction {

	/** Progress of a run, called on the solver's thread. */
	public interface Listener {

		/** Part {@code index} (0-based) of {@code count} starts. */
		default void started(final Part part, final int index, final int count) {}

		/** After each iteration of the running part. */
		default void progress(final Part part, final int index, final int count, final int iteration, final int max) {}

		/** A diagnostics row of the running part was logged. */
		default void logged(final Part part, final int index, final LogRecord record) {}
	}

	/** What to reconstruct and how. Fields are set directly; only {@link #image} is required. */
	public static final class Request {

		/** RealType pixels, or ARGBType for RGB. */
		public RandomAccessibleInterval<?> image;
		/** The dimension holding channels, or -1 (not allowed for an ARGBType image, whose channels are its type). */
		public int channelAxis = -1;
		/** Nonzero = missing (completion only); null = only NaN pixels are missing. */
		public RandomAccessibleInterval<?> mask;
		/** Ground truth of the image's shape for rel_error, or null. */
		public RandomAccessibleInterval<?> reference;
		public StackMode mode = StackMode.SLICES;
		public boolean keepType;
		/** Completion: mask and NaN pixels are missing. Sensing: nothing is (NaN is then an error of the solver). */
		public boolean completion = true;
		/**
		 * The solver needs each matrix to be a 2-D image (patch lifting: its patches are
		 * 2-D neighbourhoods). Stacks then run plane by plane, and {@link StackMode#CASORATI}
		 * with more than one plane is refused (a Casorati matrix has whole planes as columns,
		 * so its "patches" would mix unrelated pixels).
		 */
		public boolean planesOnly;
	}

	/** One matrix of the run: a channel (or -1) and a plane (or -1 = all planes, Casorati). */
	public static final class Part {

		public final int channel;
		public final long plane;
		/** "slice 3/20", "red", "channel 2, Casorati" ... for messages and logs; "" for a plain 2-D image. */
		public final String name;

		Part(final int channel, final long plane, final String name) {
			this.channel = channel;
			this.plane = plane;
			this.name = name;
		}
	}

	/** The message for {@link Request#planesOnly} with a Casorati stack. */
	public static final String PLANES_ONLY = "lifting=hankel cannot be combined with stack=casorati: the lifting " +
		"takes p x p patches of a 2-D image, and a Casorati matrix (pixels x frames) is not one. Use stack=slices " +
		"with lifting=hankel (each plane completed from its own patches), or stack=casorati with lifting=none " +
		"(each frame completed from the others)";

	private StackReconstruction() {}

	/** A numeric view of an image (ARGB split into channels) with its channel axis. */
	static final class Source {

		final RandomAccessibleInterval<? extends RealType<?>> data;
		final int channelAxis;
		final boolean rgb;

		Source(final RandomAccessibleInterval<? extends RealType<?>> data, final int channelAxis, final boolean rgb) {
			this.data = data;
			this.channelAxis = channelAxis;
			this.rgb = rgb;
		}

		int channels() {
			return channelAxis < 0 ? 1 : (int) data.dimension(channelAxis);
		}

		/** Dimensions other than x, y and the channel axis. */
		long[] planeDims() {
			final List<Long> d = new ArrayList<>();
			for (int i = 2; i < data.numDimensions(); i++)
				if (i != channelAxis) d.add(data.dimension(i));
			final long[] a = new long[d.size()];
			for (int i = 0; i < a.length; i++) a[i] = d.get(i);
			return a;
		}

		long planes() {
			long p = 1;
			for (final long d : planeDims()) p *= d;
			return p;
		}

		/** The (x, y, planes...) view of channel c. */
		RandomAccessibleInterval<? extends RealType<?>> channel(final int c) {
			return channelAxis < 0 ? data : Views.hyperSlice(data, channelAxis, data.min(channelAxis) + c);
		}
	}

	/** Reconstructs the image; see the class comment. */
	public static StackResult run(final Request request, final SolverSettings settings, final MatrixSolver solver,
		final Listener listener, final BooleanSupplier cancel)
	{
		if (request.image == null) throw new IllegalArgumentException("missing value for 'image'");
		final Source src = source(request.image, request.channelAxis, "image");
		final long w = src.data.dimension(0), h = src.data.dimension(1);
		final int channels = src.channels();
		final long planes = src.planes();
		if (w * h > Integer.MAX_VALUE - 8) {
			throw new IllegalArgumentException("image is " + w + " x " + h + ": too many pixels for one array");
		}
		final boolean casorati = request.mode == StackMode.CASORATI && planes > 1;
		if (casorati && request.planesOnly) throw new IllegalArgumentException(PLANES_ONLY);
		if (casorati && w * h * planes > Integer.MAX_VALUE - 8) {
			throw new IllegalArgumentException("image is " + describe(request.image) +
				": too many values for one Casorati matrix; use stack=slices");
		}
		final MaskSource mask = request.completion && request.mask != null ? maskSource(request.mask, src,
			request.image) : null;
		final Source ref = request.reference == null ? null : referenceSource(request.reference, src, request.image);

		final List<Part> parts = new ArrayList<>();
		for (int c = 0; c < channels; c++) {
			if (casorati) parts.add(new Part(src.channelAxis < 0 ? -1 : c, -1, partName(src, c, -1, planes, true)));
			else for (long p = 0; p < planes; p++)
				parts.add(new Part(src.channelAxis < 0 ? -1 : c, p, partName(src, c, p, planes, false)));
		}

		final Img<FloatType> out = ArrayImgs.floats(Intervals.dimensionsAsLongArray(src.data));
		for (final FloatType t : out) t.set(Float.NaN);
		final Source outSrc = new Source(out, src.channelAxis, src.rgb);
		final ReconstructionResult[] results = new ReconstructionResult[parts.size()];
		final double[] refNorm2 = new double[parts.size()];
		long missingCount = 0, entries = 0;
		final Listener l = listener == null ? new Listener() {} : listener;
		for (int k = 0; k < parts.size(); k++) {
			final Part part = parts.get(k);
			if (k > 0 && cancel != null && cancel.getAsBoolean()) break;
			final int index = k, count = parts.size();
			l.started(part, index, count);
			final int c = Math.max(part.channel, 0);
			final Matrix y = casorati ? casorati(src.channel(c), (int) (w * h), (int) planes) : planeMatrix(src.channel(
				c), part.plane);
			boolean[] missing = null;
			if (request.completion) {
				missing = new boolean[y.size()];
				if (mask != null) mask.fill(missing, c, part.plane, casorati, (int) (w * h), (int) planes);
				for (int i = 0; i < missing.length; i++) missing[i] |= Double.isNaN(y.re[i]);
				final int m = Masks.count(missing);
				if (m == missing.length) throw failed(part, count, Masks.ALL_MISSING);
				missingCount += m;
				entries += missing.length;
			}
			Matrix r = null;
			if (ref != null) {
				r = casorati ? casorati(ref.channel(c), (int) (w * h), (int) planes) : planeMatrix(ref.channel(c),
					part.plane);
				for (final double v : r.re) refNorm2[k] += v * v;
			}
			final SolverSettings s = settings.withSeed(settings.seed() + k);
			final SolverListener sl = new SolverListener() {

				@Override
				public void logged(final LogRecord record) {
					l.logged(part, index, record);
				}

				@Override
				public void progress(final int iteration, final int max) {
					l.progress(part, index, count, iteration, max);
				}
			};
			try {
				results[k] = solver.solve(y, missing, r, s, sl, cancel);
			}
			catch (final IllegalArgumentException e) {
				throw failed(part, count, e.getMessage());
			}
			if (results[k] == null) break;
			final Matrix x = results[k].reconstruction;
			if (casorati) writeCasorati(x, outSrc.channel(c), (int) (w * h), (int) planes);
			else write(x, plane(outSrc.channel(c), part.plane));
			if (results[k].stopReason == StopReason.CANCELLED) break;
		}
		return new StackResult(convertOutput(out, src, request), parts, Arrays.asList(results), combine(parts,
			results, refNorm2), src.rgb ? -1 : src.channelAxis, entries == 0 ? Double.NaN : (double) missingCount /
				entries);
	}

	private static IllegalArgumentException failed(final Part part, final int count, final String message) {
		return new IllegalArgumentException(count > 1 && !part.name.isEmpty() ? part.name + ": " + message : message);
	}

	// -- Sources --

	/** The numeric view of an image: RealType as is, ARGBType as its R, G, B channels (last axis). */
	@SuppressWarnings("unchecked")
	static Source source(final RandomAccessibleInterval<?> img, final int channelAxis, final String what) {
		if (img.numDimensions() < 2) {
			throw new IllegalArgumentException(what + " has " + img.numDimensions() + " dimension(s); expected at least x and y");
		}
		final Object type = Util.getTypeFromInterval(img);
		if (type instanceof ARGBType) {
			if (channelAxis >= 0) throw new IllegalArgumentException(what + " is RGB: its channels are its pixel type");
			final RandomAccessibleInterval<UnsignedByteType> ch = Converters.argbChannels(
				(RandomAccessibleInterval<ARGBType>) img, 1, 2, 3);
			return new Source(ch, img.numDimensions(), true);
		}
		if (type instanceof RealType) {
			if (channelAxis == 0 || channelAxis == 1 || channelAxis >= img.numDimensions() || channelAxis < -1) {
				throw new IllegalArgumentException("bad channel axis " + channelAxis + " for " + what + " " + describe(img));
			}
			return new Source((RandomAccessibleInterval<? extends RealType<?>>) img, channelAxis, false);
		}
		throw new IllegalArgumentException(what + " has pixels of type " + type.getClass().getSimpleName() +
			"; expected grayscale numbers (8-, 16-, 32-bit) or RGB");
	}

	private static Source referenceSource(final RandomAccessibleInterval<?> reference, final Source image,
		final RandomAccessibleInterval<?> original)
	{
		final Source ref = source(reference, -1, "reference");
		if (!Arrays.equals(strip(dims(ref.data)), strip(dims(image.data)))) {
			throw new IllegalArgumentException("reference is " + describe(reference) + " but image is " + describe(
				original));
		}
		return new Source(ref.data, image.channelAxis, image.rgb);
	}

	/** Where a mask's flags come from: one plane for all, one per plane, or one per channel and plane. */
	private static final class MaskSource {

		final RandomAccessibleInterval<? extends RealType<?>> data;
		/** 0: one plane; 1: per plane; 2: per channel and plane (data has the image's channel axis). */
		final int kind;
		final int channelAxis;
		boolean[] single;

		MaskSource(final RandomAccessibleInterval<? extends RealType<?>> data, final int kind, final int channelAxis) {
			this.data = data;
			this.kind = kind;
			this.channelAxis = channelAxis;
		}

		void fill(final boolean[] missing, final int c, final long plane, final boolean casorati, final int pixels,
			final int planes)
		{
			RandomAccessibleInterval<? extends RealType<?>> v = data;
			if (kind == 2) v = Views.hyperSlice(data, channelAxis, data.min(channelAxis) + c);
			if (!casorati) {
				flags(kind == 0 ? v : StackReconstruction.plane(v, plane), missing, 0, 1);
				return;
			}
			for (int p = 0; p < planes; p++) {
				if (kind == 0) {
					if (single == null) {
						single = new boolean[pixels];
						flags(v, single, 0, 1);
					}
					for (int i = 0; i < pixels; i++) missing[i * planes + p] = single[i];
				}
				else flags(StackReconstruction.plane(v, p), missing, p, planes);
			}
		}
	}

	private static MaskSource maskSource(final RandomAccessibleInterval<?> mask, final Source image,
		final RandomAccessibleInterval<?> original)
	{
		Source m = source(mask, -1, "mask");
		if (m.rgb) {
			// an RGB mask: a pixel is marked when any of its colour channels is nonzero
			final RandomAccessibleInterval<? extends RealType<?>> any = Converters.convert(
				(RandomAccessibleInterval<ARGBType>) cast(mask), (a, b) -> b.setReal(a.get() & 0xffffff), new FloatType());
			m = new Source(any, -1, false);
		}
		final long[] md = strip(dims(m.data));
		final long w = image.data.dimension(0), h = image.data.dimension(1);
		if (md.length == 2 && md[0] == w && md[1] == h) return new MaskSource(m.data, 0, -1);
		final long[] planeShape = new long[2 + image.planeDims().length];
		planeShape[0] = w;
		planeShape[1] = h;
		System.arraycopy(image.planeDims(), 0, planeShape, 2, image.planeDims().length);
		if (Arrays.equals(md, strip(planeShape))) return new MaskSource(m.data, 1, -1);
		if (!image.rgb && image.channelAxis >= 0 && Arrays.equals(md, strip(dims(image.data)))) {
			return new MaskSource(m.data, 2, image.channelAxis);
		}
		final String msg = "mask is " + describe(mask) + " but image is " + describe(original);
		if (md.length == 2 && strip(dims(image.data)).length == 2) throw new IllegalArgumentException(msg);
		throw new IllegalArgumentException(msg + " (a mask is one plane for all, or has the image's planes)");
	}

	@SuppressWarnings("unchecked")
	private static <T> T cast(final Object o) {
		return (T) o;
	}

	// -- Views and copies --

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

	private static Matrix planeMatrix(final RandomAccessibleInterval<? extends RealType<?>> channel, final long p) {
		final RandomAccessibleInterval<? extends RealType<?>> v = plane(channel, p);
		final Matrix m = Matrix.real((int) v.dimension(1), (int) v.dimension(0));
		read(v, m.re, 0, 1);
		return m;
	}

	private static Matrix casorati(final RandomAccessibleInterval<? extends RealType<?>> channel, final int pixels,
		final int planes)
	{
		final Matrix m = Matrix.real(pixels, planes);
		for (int p = 0; p < planes; p++) read(plane(channel, p), m.re, p, planes);
		return m;
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

	private static void write(final Matrix x, final RandomAccessibleInterval<? extends RealType<?>> plane) {
		final Cursor<? extends RealType<?>> c = Views.flatIterable(plane).cursor();
		int k = 0;
		while (c.hasNext()) c.next().setReal(x.re[k++]);
	}

	private static void writeCasorati(final Matrix x, final RandomAccessibleInterval<? extends RealType<?>> channel,
		final int pixels, final int planes)
	{
		for (int p = 0; p < planes; p++) {
			final Cursor<? extends RealType<?>> c = Views.flatIterable(plane(channel, p)).cursor();
			int k = p;
			while (c.hasNext()) {
				c.next().setReal(x.re[k]);
				k += planes;
			}
		}
	}

	// -- Output --

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static Img<?> convertOutput(final Img<FloatType> out, final Source src, final Request request) {
		if (src.rgb) {
			final RandomAccessibleInterval<UnsignedByteType> bytes = Converters.convert((RandomAccessibleInterval<FloatType>) out,
				(a, b) -> b.set((int) clampRound(a.getRealDouble(), 0, 255)), new UnsignedByteType());
			final RandomAccessibleInterval<ARGBType> rgb = Converters.mergeARGB(bytes, ColorChannelOrder.RGB);
			final Img<ARGBType> img = ArrayImgs.argbs(Intervals.dimensionsAsLongArray(rgb));
			copy(rgb, img);
			return img;
		}
		final Object type = Util.getTypeFromInterval(request.image);
		if (request.keepType && type instanceof IntegerType && type instanceof NativeType) {
			final IntegerType t = (IntegerType) ((NativeType) type).createVariable();
			final Img img = new ArrayImgFactory((NativeType) t).create(Intervals.dimensionsAsLongArray(out));
			final double min = t.getMinValue(), max = t.getMaxValue();
			final Cursor<FloatType> from = Views.flatIterable(out).cursor();
			final Cursor<IntegerType> to = Views.flatIterable((RandomAccessibleInterval<IntegerType>) img).cursor();
			while (from.hasNext()) to.next().setReal(clampRound(from.next().getRealDouble(), min, max));
			return img;
		}
		return out;
	}

	private static <T extends net.imglib2.type.Type<T>> void copy(final RandomAccessibleInterval<T> from,
		final RandomAccessibleInterval<T> to)
	{
		final Cursor<T> a = Views.flatIterable(from).cursor(), b = Views.flatIterable(to).cursor();
		while (a.hasNext()) b.next().set(a.next());
	}

	/** Rounded (half up) and clamped to [min, max]; NaN becomes min (0 for unsigned types). */
	static double clampRound(final double v, final double min, final double max) {
		if (Double.isNaN(v)) return min;
		return Math.max(min, Math.min(max, Math.floor(v + 0.5)));
	}

	// -- Results --

	private static ReconstructionResult combine(final List<Part> parts, final ReconstructionResult[] results,
		final double[] refNorm2)
	{
		if (results.length == 1) return results[0];
		StopReason stop = StopReason.CONVERGED;
		String message = null;
		int iterations = 0, ran = 0, svColumns = 0;
		double loss = 0, seconds = 0, err2 = 0, ref2 = 0;
		boolean hasRef = true;
		String backend = "";
		for (int k = 0; k < results.length; k++) {
			final ReconstructionResult r = results[k];
			if (r == null) continue;
			ran++;
			svColumns = r.singularValueColumns;
			backend = r.backend;
			iterations = Math.max(iterations, r.iterations);
			loss += r.finalLoss;
			seconds += r.seconds;
			if (Double.isNaN(r.relError)) hasRef = false;
			else {
				err2 += r.relError * r.relError * refNorm2[k];
				ref2 += refNorm2[k];
			}
			if (rank(r.stopReason) > rank(stop)) {
				stop = r.stopReason;
				message = r.message == null || r.message.isEmpty() ? null : parts.get(k).name + ": " + r.message;
			}
		}
		if (ran < results.length) {
			stop = StopReason.CANCELLED;
			message = (results.length - ran) + " of " + results.length + " parts not computed (cancelled)";
		}
		final double rel = hasRef && ran == results.length && ref2 > 0 ? Math.sqrt(err2 / ref2) : Double.NaN;
		return ReconstructionResult.builder()
			.singularValueColumns(svColumns)
			.stopReason(stop)
			.message(message)
			.iterations(iterations)
			.finalLoss(loss)
			.relError(rel)
			.seconds(seconds)
			.backend(backend)
			.build();
	}

	/** Which stop reason wins when parts (or tiles, {@link TileGrid}) differ: the one that needs the user's attention. */
	static int rank(final StopReason s) {
		switch (s) {
			case CANCELLED:
				return 3;
			case DIVERGED:
				return 2;
			case MAX_ITERATIONS:
				return 1;
			default:
				return 0;
		}
	}

	private static String partName(final Source src, final int c, final long p, final long planes,
		final boolean casorati)
	{
		final List<String> s = new ArrayList<>();
		if (src.rgb) s.add(new String[] { "red", "green", "blue" }[c]);
		else if (src.channelAxis >= 0) s.add("channel " + (c + 1));
		if (casorati) s.add("Casorati (" + planes + " planes)");
		else if (planes > 1) s.add("slice " + (p + 1) + "/" + planes);
		return String.join(", ", s);
	}

	// -- Dimensions --

	static long[] dims(final RandomAccessibleInterval<?> img) {
		return Intervals.dimensionsAsLongArray(img);
	}

	/** The dimensions without trailing singletons beyond x and y. */
	static long[] strip(final long[] d) {
		int n = d.length;
		while (n > 2 && d[n - 1] == 1) n--;
		return Arrays.copyOf(d, n);
	}

	/** The number of planes: the product of the dimensions beyond x and y. */
	public static long planeCount(final RandomAccessibleInterval<?> img) {
		long p = 1;
		for (int d = 2; d < img.numDimensions(); d++) p *= img.dimension(d);
		return p;
	}

	/** "64 x 64 x 20" (width first), "... (RGB)" for colour. */
	public static String describe(final RandomAccessibleInterval<?> img) {
		final StringBuilder sb = new StringBuilder(ImgMatrices.describe(img));
		if (Util.getTypeFromInterval(img) instanceof ARGBType) sb.append(" (RGB)");
		return sb.toString();
	}

	/** Width x height x planes of an image for summaries ("64x64x20"; RGB adds "x3"). */
	public static String size(final RandomAccessibleInterval<?> img) {
		final StringBuilder sb = new StringBuilder();
		for (final long d : strip(dims(img))) sb.append(sb.length() == 0 ? "" : "x").append(d);
		if (Util.getTypeFromInterval(img) instanceof ARGBType) sb.append("x3");
		return sb.toString().toLowerCase(Locale.ROOT);
	}
}
