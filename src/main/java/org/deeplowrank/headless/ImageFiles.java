package org.deeplowrank.headless;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Locale;
import java.util.concurrent.Callable;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.io.Opener;
import ij.measure.Calibration;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import org.deeplowrank.command.AtomicFiles;
import org.deeplowrank.image.ImgMatrices;

/**
 * Image file input and output for the headless runner, through ij.jar (the readers and
 * the TIFF writer Fiji users already rely on; no SCIFIO needed).
 * <p>
 * Only this class touches ImageJ 1.x types: the rest of the code sees ImgLib2 images.
 * ImageJ 1.x reports failures by printing to {@code System.out} when there is no GUI,
 * which would corrupt the runner's one-line stdout contract; the calls into ij.jar are
 * therefore made with {@code System.out} captured, and whatever it printed becomes part
 * of our error message instead.
 */
public final class ImageFiles {

	/** File types we let ij.jar open: plain raster formats that need no dialog or plugin. */
	private static final int[] READABLE = { Opener.TIFF, Opener.PNG, Opener.JPEG, Opener.GIF, Opener.BMP, Opener.PGM,
		Opener.FITS, Opener.JAVA_OR_TEXT };

	private ImageFiles() {}

	static {
		// ij.jar must never try to open a window from the runner
		if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
	}

	/**
	 * Opens a 2-D grayscale image (8-, 16- or 32-bit TIFF, PNG, ..., or a text image
	 * {@code .txt}) as 32-bit floats, width x height.
	 *
	 * @throws IOException with a user-level message naming the file
	 */
	public static Img<FloatType> open(final Path path) throws IOException {
		final String name = "'" + path + "'";
		if (!Files.exists(path)) throw new IOException("cannot open image " + name + ": file not found");
		if (Files.isDirectory(path)) throw new IOException("cannot open image " + name + ": it is a folder");
		if (!Files.isReadable(path)) throw new IOException("cannot open image " + name + ": permission denied");
		final String file = path.toAbsolutePath().toString();
		final Opener opener = new Opener();
		opener.setSilentMode(true);
		final int type = opener.getFileType(file);
		boolean readable = false;
		for (final int t : READABLE) readable |= t == type;
		if (type == Opener.JAVA_OR_TEXT) readable = file.toLowerCase(Locale.ROOT).endsWith(".txt");
		if (!readable) throw new IOException("cannot open image " + name + ": not an image ij.jar can read");
		final String[] printed = new String[1];
		final ImagePlus imp = quietly(() -> opener.openImage(file), printed);
		if (imp == null || imp.getWidth() == 0) {
			throw new IOException("cannot open image " + name + ": not an image ij.jar can read" + detail(printed[0]));
		}
		try {
			return toImg(imp, name);
		}
		finally {
			imp.close();
		}
	}

	/**
	 * Copies a single-plane grayscale ImagePlus into a float image. Raw pixel values are
	 * used (what the file stores), except for ImageJ's "signed 16-bit" images, whose raw
	 * values are offset by 32768 and only meaningful through their calibration.
	 */
	static Img<FloatType> toImg(final ImagePlus imp, final String name) throws IOException {
		final int w = imp.getWidth(), h = imp.getHeight();
		if (imp.getStackSize() > 1) {
			throw new IOException(String.format(Locale.ROOT,
				"cannot open image %s: it has %d planes (%d x %d x %d); this command takes a 2-D image", name, imp
					.getStackSize(), w, h, imp.getStackSize()));
		}
		if (imp.getType() == ImagePlus.COLOR_RGB) {
			throw new IOException("cannot open image " + name +
				": it is an RGB color image; convert it to 8-, 16- or 32-bit grayscale first (Image>Type in Fiji)");
		}
		if (imp.getType() == ImagePlus.COLOR_256) {
			throw new IOException("cannot open image " + name +
				": it is an indexed-color image; convert it to grayscale first (Image>Type in Fiji)");
		}
		final ImageProcessor ip = imp.getProcessor();
		final Calibration cal = imp.getCalibration();
		ip.setCalibrationTable(cal.isSigned16Bit() ? cal.getCTable() : null);
		final float[] pixels = (float[]) ip.convertToFloatProcessor().getPixels();
		return ArrayImgs.floats(pixels, w, h);
	}

	/**
	 * Writes a 2-D image as a 32-bit float TIFF with ij.jar's FileSaver, atomically (see
	 * {@link AtomicFiles}), creating parent folders.
	 *
	 * @param inputs files this run reads; the output must not replace any of them
	 * @throws IOException with a user-level message
	 */
	public static void saveTiff(final RandomAccessibleInterval<? extends RealType<?>> image, final Path path,
		final Collection<Path> inputs) throws IOException
	{
		checkNotInput(path, inputs, "output");
		ImgMatrices.checkTwoDimensional(image, "output image");
		final int w = (int) image.dimension(0), h = (int) image.dimension(1);
		final float[] pixels = new float[Math.multiplyExact(w, h)];
		final Cursor<? extends RealType<?>> c = Views.flatIterable(image).cursor();
		int k = 0;
		while (c.hasNext()) pixels[k++] = c.next().getRealFloat();
		final FloatProcessor fp = new FloatProcessor(w, h, pixels);
		fp.resetMinAndMax();
		save(new ImagePlus(String.valueOf(path.getFileName()), fp), path);
	}

	/**
	 * Writes any ImagePlus as TIFF through FileSaver, atomically. FileSaver's TIFF holds
	 * the pixels, the ImageJ version, the calibration and the display range, and no time
	 * stamp, so the same pixels give the same bytes (the runner's tests check this).
	 */
	static void save(final ImagePlus imp, final Path path) throws IOException {
		AtomicFiles.write(path, tmp -> {
			final String[] printed = new String[1];
			final boolean ok = quietly(() -> new FileSaver(imp).saveAsTiff(tmp.toString()), printed);
			if (!ok) throw new IOException("cannot write '" + path + "'" + detail(printed[0]));
		});
	}

	/**
	 * Throws if {@code path} is (or would replace) one of {@code inputs}.
	 *
	 * @param key the runner key naming {@code path}, for the message
	 */
	public static void checkNotInput(final Path path, final Collection<Path> inputs, final String key)
		throws IOException
	{
		final Path p = path.toAbsolutePath().normalize();
		for (final Path in : inputs) {
			final Path i = in.toAbsolutePath().normalize();
			boolean same = p.equals(i);
			if (!same && Files.exists(p) && Files.exists(i)) same = Files.isSameFile(p, i);
			if (same) {
				throw new IOException(key + " would overwrite the input image '" + in + "'; choose another " + key + " path");
			}
		}
	}

	private static String detail(final String printed) {
		if (printed == null) return "";
		final String s = printed.trim().replaceAll("\\s+", " ");
		return s.isEmpty() ? "" : " (ij.jar: " + s + ")";
	}

	/** Runs an ij.jar call with System.out captured (see the class comment). */
	private static synchronized <T> T quietly(final Callable<T> call, final String[] printed) throws IOException {
		final PrintStream original = System.out;
		final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
		System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
		try {
			return call.call();
		}
		catch (final IOException | RuntimeException e) {
			throw e;
		}
		catch (final Exception e) {
			throw new IOException(e);
		}
		finally {
			System.setOut(original);
			printed[0] = buffer.toString(StandardCharsets.UTF_8);
		}
	}
}
