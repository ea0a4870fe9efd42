package org.deeplowrank.io;

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

import net.imglib2.RandomAccessibleInterval;

/**
 * Reading and writing image files through ij.jar (the readers and the TIFF writer Fiji
 * users already rely on; no SCIFIO needed), for the runner, the batch and the macros.
 * Planes, stacks, hyperstacks, 8-, 16-, 32-bit and RGB.
 * <p>
 * Reading is strict: a file whose pixel data are shorter than its header says is refused
 * before it is decoded ({@link TruncationCheck}), because ij.jar would read the missing
 * pixels as zeros (or leave out the missing planes) without a word, and a completion of
 * such an image looks like a success.
 * <p>
 * ImageJ 1.x reports failures by printing to {@code System.out} when there is no GUI,
 * which would corrupt the runner's one-line stdout contract; the calls into ij.jar are
 * therefore made with {@code System.out} captured, and whatever it printed becomes part
 * of our error message instead. Writes are atomic ({@link AtomicFiles}): a target path
 * only ever holds a complete file.
 */
public final class ImageFiles {

	/** File types we let ij.jar open: plain raster formats that need no dialog or plugin. */
	private static final int[] READABLE = { Opener.TIFF, Opener.PNG, Opener.JPEG, Opener.GIF, Opener.BMP, Opener.PGM,
		Opener.FITS, Opener.JAVA_OR_TEXT };

	/** File name extensions of the images a folder batch picks up. */
	public static final String[] IMAGE_EXTENSIONS = { ".tif", ".tiff", ".png", ".jpg", ".jpeg", ".gif", ".bmp",
		".pgm", ".fits", ".fit", ".fts" };

	private ImageFiles() {}

	/** Whether a file name has one of {@link #IMAGE_EXTENSIONS}. */
	public static boolean isImageName(final String name) {
		final String n = name.toLowerCase(Locale.ROOT);
		for (final String e : IMAGE_EXTENSIONS)
			if (n.endsWith(e) && n.length() > e.length()) return true;
		return false;
	}

	/**
	 * Opens an image file (TIFF including stacks and hyperstacks, PNG, JPEG, GIF, BMP, PGM,
	 * FITS, or a {@code .txt} text image).
	 *
	 * @throws IOException with a user-level message naming the file, also when the file is
	 *           truncated
	 */
	public static ImagePlus open(final Path path) throws IOException {
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
		quietly(() -> {
			TruncationCheck.check(path, type);
			return null;
		}, printed);
		final ImagePlus imp;
		try {
			imp = quietly(() -> opener.openImage(file), printed);
		}
		catch (final RuntimeException e) {
			throw new IOException("cannot open image " + name + ": not an image ij.jar can read (" + e + ")");
		}
		if (imp == null || imp.getWidth() == 0 || imp.getStack() == null || imp.getStack().getPixels(1) == null) {
			throw new IOException("cannot open image " + name + ": not an image ij.jar can read" + detail(printed[0]));
		}
		return imp;
	}

	/**
	 * Opens an image file as an ImgLib2 image (see {@link ImagePlusImages#wrap}).
	 *
	 * @throws IOException with a user-level message naming the file, also for an image type
	 *           the solver cannot use (indexed colour)
	 */
	public static ImagePlusImages.Wrapped read(final Path path) throws IOException {
		final ImagePlus imp = open(path);
		if (imp.getType() == ImagePlus.COLOR_256) {
			throw new IOException("cannot open image '" + path +
				"': it is an indexed-color image; convert it to RGB or grayscale first (Image>Type in Fiji)");
		}
		return ImagePlusImages.wrap(imp, "image");
	}

	/**
	 * Writes an ImagePlus (plane or stack) as TIFF with FileSaver, atomically, creating
	 * parent folders. FileSaver's TIFF holds the pixels, the ImageJ version, the
	 * calibration, the display range and the properties, and no time stamp, so the same
	 * image gives the same bytes.
	 */
	public static void saveTiff(final ImagePlus imp, final Path path) throws IOException {
		AtomicFiles.write(path, tmp -> {
			final String[] printed = new String[1];
			final boolean ok = quietly(() -> new FileSaver(imp).saveAsTiff(tmp.toString()), printed);
			if (!ok) throw new IOException("cannot write '" + path + "'" + detail(printed[0]));
		});
	}

	/**
	 * Writes an image (plane or stack; float, 8-, 16-bit or RGB) as TIFF, atomically,
	 * creating parent folders.
	 *
	 * @param like the input it was computed from (stack layout, calibration), or null
	 * @param inputs files this run reads; the output must not replace any of them
	 * @throws IOException with a user-level message
	 */
	public static void saveTiff(final RandomAccessibleInterval<?> image, final ImagePlus like, final Path path,
		final Collection<Path> inputs) throws IOException
	{
		saveTiff(image, like, path, inputs, null);
	}

	/**
	 * As {@link #saveTiff(RandomAccessibleInterval, ImagePlus, Path, Collection)}, with a line
	 * added to the image's Info (shown by Image &gt; Show Info…, kept in the TIFF), e.g. the
	 * mark of a partial result; null = none.
	 */
	public static void saveTiff(final RandomAccessibleInterval<?> image, final ImagePlus like, final Path path,
		final Collection<Path> inputs, final String infoLine) throws IOException
	{
		checkNotInput(path, inputs, "output");
		final ImagePlus imp = ImagePlusImages.toImagePlus(image, String.valueOf(path.getFileName()), like);
		if (infoLine != null) {
			final String info = imp.getInfoProperty();
			imp.setProperty("Info", info == null || info.isEmpty() ? infoLine : infoLine + "\n" + info);
		}
		saveTiff(imp, path);
	}

	/** {@link #saveTiff(RandomAccessibleInterval, ImagePlus, Path, Collection)} without a template. */
	public static void saveTiff(final RandomAccessibleInterval<?> image, final Path path, final Collection<Path> inputs)
		throws IOException
	{
		saveTiff(image, null, path, inputs);
	}

	/** Writes the (first plane of the) image as PNG, atomically. */
	public static void savePng(final ImagePlus imp, final Path path) throws IOException {
		AtomicFiles.write(path, tmp -> {
			final String[] printed = new String[1];
			final boolean ok = quietly(() -> new FileSaver(imp).saveAsPng(tmp.toString()), printed);
			if (!ok) throw new IOException("cannot write '" + path + "'" + detail(printed[0]));
		});
	}

	/**
	 * Throws if {@code path} is (or would replace) one of {@code inputs}.
	 *
	 * @param key the key naming {@code path}, for the message
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
	static synchronized <T> T quietly(final Callable<T> call, final String[] printed) throws IOException {
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
