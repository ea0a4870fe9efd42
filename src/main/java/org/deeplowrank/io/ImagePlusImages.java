package org.deeplowrank.io;

import java.util.ArrayList;
import java.util.List;

import ij.CompositeImage;
import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.basictypeaccess.array.IntArray;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Fraction;
import net.imglib2.util.Util;
import net.imglib2.view.Views;

import org.deeplowrank.image.ImagePlanes;

/**
 * ImageJ 1.x images as ImgLib2 images and back; the only place where the two meet (for
 * files and for the images of ImageJ's windows alike).
 * <p>
 * Into ImgLib2: the planes of the ImagePlus are wrapped, not copied (a {@link PlanarImg}
 * over ImageJ's own pixel arrays; read only by this project), with dimensions
 * (x, y[, c][, planes]) in ImageJ's stack order, c present when the image has more than
 * one channel. 8- and 16-bit images keep their type (for {@code keep_type}), RGB becomes
 * {@link ARGBType}, raw pixel values are used except for ImageJ's "signed 16-bit" images,
 * whose raw values are offset by 32768 and are converted through their calibration.
 * <p>
 * Back to ImageJ: a new ImagePlus with the input's stack layout (channels, slices,
 * frames), spatial calibration and slice labels; value calibration is kept only when the
 * pixel type is kept.
 */
public final class ImagePlusImages {

	private ImagePlusImages() {}

	/** An ImagePlus seen as an ImgLib2 image. */
	public static final class Wrapped {

		public final ImagePlus source;
		/** (x, y[, c][, planes]); RealType pixels, or ARGBType for RGB. */
		public final Img<?> img;
		/** The dimension holding channels, or -1. */
		public final int channelAxis;

		Wrapped(final ImagePlus source, final Img<?> img, final int channelAxis) {
			this.source = source;
			this.img = img;
			this.channelAxis = channelAxis;
		}
	}

	/**
	 * Wraps an ImagePlus.
	 *
	 * @param what the name for messages ("image", "mask")
	 * @throws IllegalArgumentException for types the solver cannot use (indexed colour)
	 */
	public static Wrapped wrap(final ImagePlus imp, final String what) {
		final int w = imp.getWidth(), h = imp.getHeight();
		final int c = imp.getType() == ImagePlus.COLOR_RGB ? 1 : Math.max(1, imp.getNChannels());
		final int n = imp.getStackSize();
		final int p = Math.max(1, n / c);
		final List<Long> dims = new ArrayList<>(List.of((long) w, (long) h));
		int channelAxis = -1;
		if (c > 1) {
			channelAxis = 2;
			dims.add((long) c);
		}
		if (p > 1) dims.add((long) p);
		final long[] d = dims.stream().mapToLong(Long::longValue).toArray();
		final ImageStack stack = imp.getStack();
		final Calibration cal = imp.getCalibration();
		switch (imp.getType()) {
			case ImagePlus.GRAY8: {
				final List<ByteArray> planes = new ArrayList<>();
				for (int i = 1; i <= n; i++) planes.add(new ByteArray((byte[]) stack.getPixels(i)));
				final PlanarImg<UnsignedByteType, ByteArray> img = new PlanarImg<>(planes, d, new Fraction());
				img.setLinkedType(new UnsignedByteType(img));
				return new Wrapped(imp, img, channelAxis);
			}
			case ImagePlus.GRAY16: {
				if (cal.isSigned16Bit()) {
					final List<FloatArray> planes = new ArrayList<>();
					for (int i = 1; i <= n; i++) {
						final ImageProcessor ip = stack.getProcessor(i);
						ip.setCalibrationTable(cal.getCTable());
						planes.add(new FloatArray((float[]) ip.convertToFloatProcessor().getPixels()));
					}
					final PlanarImg<FloatType, FloatArray> img = new PlanarImg<>(planes, d, new Fraction());
					img.setLinkedType(new FloatType(img));
					return new Wrapped(imp, img, channelAxis);
				}
				final List<ShortArray> planes = new ArrayList<>();
				for (int i = 1; i <= n; i++) planes.add(new ShortArray((short[]) stack.getPixels(i)));
				final PlanarImg<UnsignedShortType, ShortArray> img = new PlanarImg<>(planes, d, new Fraction());
				img.setLinkedType(new UnsignedShortType(img));
				return new Wrapped(imp, img, channelAxis);
			}
			case ImagePlus.GRAY32: {
				final List<FloatArray> planes = new ArrayList<>();
				for (int i = 1; i <= n; i++) planes.add(new FloatArray((float[]) stack.getPixels(i)));
				final PlanarImg<FloatType, FloatArray> img = new PlanarImg<>(planes, d, new Fraction());
				img.setLinkedType(new FloatType(img));
				return new Wrapped(imp, img, channelAxis);
			}
			case ImagePlus.COLOR_RGB: {
				final List<IntArray> planes = new ArrayList<>();
				for (int i = 1; i <= n; i++) planes.add(new IntArray((int[]) stack.getPixels(i)));
				final PlanarImg<ARGBType, IntArray> img = new PlanarImg<>(planes, d, new Fraction());
				img.setLinkedType(new ARGBType(img));
				return new Wrapped(imp, img, -1);
			}
			default:
				throw new IllegalArgumentException(what + " '" + imp.getTitle() +
					"' is an indexed-color image; convert it to RGB or grayscale first (Image>Type)");
		}
	}

	/**
	 * A new ImagePlus holding {@code img} (FloatType, UnsignedByteType, UnsignedShortType,
	 * ARGBType; other real types become 32-bit), with the stack layout, spatial
	 * calibration and slice labels of {@code like} when the plane counts agree.
	 */
	@SuppressWarnings("unchecked")
	public static ImagePlus toImagePlus(final RandomAccessibleInterval<?> img, final String title, final ImagePlus like) {
		final int w = (int) img.dimension(0), h = (int) img.dimension(1);
		final long planes = ImagePlanes.planeCount(img);
		final Object type = Util.getTypeFromInterval(img);
		final ImageStack stack = new ImageStack(w, h);
		for (long q = 0; q < planes; q++) {
			final RandomAccessibleInterval<?> plane = ImagePlanes.plane(img, q);
			final ImageProcessor ip;
			if (type instanceof ARGBType) {
				final int[] px = new int[w * h];
				final Cursor<ARGBType> c = Views.flatIterable((RandomAccessibleInterval<ARGBType>) plane).cursor();
				for (int k = 0; c.hasNext(); k++) px[k] = c.next().get();
				ip = new ColorProcessor(w, h, px);
			}
			else if (type instanceof UnsignedByteType) {
				final byte[] px = new byte[w * h];
				final Cursor<UnsignedByteType> c = Views.flatIterable((RandomAccessibleInterval<UnsignedByteType>) plane)
					.cursor();
				for (int k = 0; c.hasNext(); k++) px[k] = (byte) c.next().get();
				ip = new ByteProcessor(w, h, px);
			}
			else if (type instanceof UnsignedShortType) {
				final short[] px = new short[w * h];
				final Cursor<UnsignedShortType> c = Views.flatIterable((RandomAccessibleInterval<UnsignedShortType>) plane)
					.cursor();
				for (int k = 0; c.hasNext(); k++) px[k] = (short) c.next().get();
				ip = new ShortProcessor(w, h, px, null);
			}
			else if (type instanceof RealType) {
				final float[] px = new float[w * h];
				final Cursor<? extends RealType<?>> c = Views.flatIterable(
					(RandomAccessibleInterval<? extends RealType<?>>) plane).cursor();
				for (int k = 0; c.hasNext(); k++) px[k] = c.next().getRealFloat();
				ip = new FloatProcessor(w, h, px);
			}
			else throw new IllegalArgumentException("cannot show pixels of type " + type.getClass().getSimpleName());
			stack.addSlice(null, ip);
		}
		ImagePlus imp = new ImagePlus(title, stack);
		if (like != null && like.getStackSize() == stack.getSize()) {
			if (stack.getSize() > 1) {
				for (int i = 1; i <= stack.getSize(); i++) stack.setSliceLabel(like.getStack().getSliceLabel(i), i);
				imp.setDimensions(like.getNChannels(), like.getNSlices(), like.getNFrames());
				if (like.isHyperStack()) imp.setOpenAsHyperStack(true);
				if (like.isComposite() && like.getNChannels() > 1 && !(type instanceof ARGBType)) {
					imp = new CompositeImage(imp, ((CompositeImage) like).getMode());
				}
			}
			final Calibration cal = like.getCalibration().copy();
			if (like.getBitDepth() != imp.getBitDepth()) cal.disableDensityCalibration();
			imp.setCalibration(cal);
		}
		if (!(type instanceof ARGBType)) {
			if (imp.isComposite()) ((CompositeImage) imp).resetDisplayRanges();
			else imp.resetDisplayRange();
		}
		return imp;
	}
}
