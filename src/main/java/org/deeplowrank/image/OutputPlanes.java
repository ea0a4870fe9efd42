package org.deeplowrank.image;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.converter.ColorChannelOrder;
import net.imglib2.converter.Converters;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgFactory;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.NativeType;
import net.imglib2.type.Type;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Util;
import net.imglib2.view.Views;
import org.deeplowrank.solver.linalg.Matrix;

/**
 * The result image of a run, assembled plane by plane in the input's shape, then given
 * the output type.
 * <p>
 * The planes are collected in a 32-bit float image of the input's numeric shape (RGB:
 * its three colours on a last axis), NaN where no result was written (parts skipped by a
 * cancel). Output type: that float image; RGB for RGB input (each colour clamped to
 * 0..255 and rounded, merged back); with {@code keepType}, the input's integer type
 * (8-bit, 16-bit, ...: clamped to its range and rounded). The rounding goes through the
 * float values, so keep_type gives the 32-bit output's values rounded.
 */
final class OutputPlanes {

	private final Img<FloatType> floats;
	/** The float image read with the input's layout (channel axis, RGB). */
	private final ImagePlanes planes;

	/** An empty (NaN) output for {@code input}'s planes. */
	OutputPlanes(final ImagePlanes input) {
		floats = ArrayImgs.floats(ImagePlanes.dims(input.data()));
		for (final FloatType t : floats) t.set(Float.NaN);
		planes = ImagePlanes.of(floats, -1, "output").withLayoutOf(input);
	}

	/** Writes the result of plane p of channel c (a matrix in {@link ImagePlanes#matrix}'s layout). */
	void write(final Matrix x, final int c, final long p) {
		planes.write(x, c, p);
	}

	/**
	 * The output image.
	 *
	 * @param original the input image (its pixel type, for RGB and {@code keepType})
	 */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	Img<?> image(final RandomAccessibleInterval<?> original, final boolean keepType) {
		final Object type = Util.getTypeFromInterval(original);
		if (type instanceof ARGBType) {
			final RandomAccessibleInterval<UnsignedByteType> bytes = Converters.convert(
				(RandomAccessibleInterval<FloatType>) floats, (a, b) -> b.set((int) clampRound(a.getRealDouble(), 0, 255)),
				new UnsignedByteType());
			final RandomAccessibleInterval<ARGBType> rgb = Converters.mergeARGB(bytes, ColorChannelOrder.RGB);
			final Img<ARGBType> img = ArrayImgs.argbs(ImagePlanes.dims(rgb));
			copy(rgb, img);
			return img;
		}
		if (keepType && type instanceof IntegerType && type instanceof NativeType) {
			final IntegerType t = (IntegerType) ((NativeType) type).createVariable();
			final Img img = new ArrayImgFactory((NativeType) t).create(ImagePlanes.dims(floats));
			final double min = t.getMinValue(), max = t.getMaxValue();
			final Cursor<FloatType> from = Views.flatIterable(floats).cursor();
			final Cursor<IntegerType> to = Views.flatIterable((RandomAccessibleInterval<IntegerType>) img).cursor();
			while (from.hasNext()) to.next().setReal(clampRound(from.next().getRealDouble(), min, max));
			return img;
		}
		return floats;
	}

	private static <T extends Type<T>> void copy(final RandomAccessibleInterval<T> from,
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
}
