package org.deeplowrank.headless;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;

import ij.ImagePlus;

import net.imglib2.RandomAccessibleInterval;

import org.deeplowrank.ij1.IjFiles;
import org.deeplowrank.ij1.ImagePlusImages;

/**
 * Image file input and output for the headless runner: ij.jar's readers and TIFF writer
 * ({@link IjFiles}), images as ImgLib2 views of the ImageJ planes
 * ({@link ImagePlusImages}). Planes, stacks, hyperstacks, 8-, 16-, 32-bit and RGB.
 */
public final class ImageFiles {

	private ImageFiles() {}

	static {
		// ij.jar must never try to open a window from the runner
		if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
	}

	/**
	 * Opens an image file as an ImgLib2 image (see {@link ImagePlusImages#wrap}).
	 *
	 * @throws IOException with a user-level message naming the file
	 */
	public static ImagePlusImages.Wrapped open(final Path path) throws IOException {
		final ImagePlus imp = IjFiles.open(path);
		if (imp.getType() == ImagePlus.COLOR_256) {
			throw new IOException("cannot open image '" + path +
				"': it is an indexed-color image; convert it to RGB or grayscale first (Image>Type in Fiji)");
		}
		return ImagePlusImages.wrap(imp, "image");
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
		checkNotInput(path, inputs, "output");
		save(ImagePlusImages.toImagePlus(image, String.valueOf(path.getFileName()), like), path);
	}

	/** {@link #saveTiff(RandomAccessibleInterval, ImagePlus, Path, Collection)} without a template. */
	public static void saveTiff(final RandomAccessibleInterval<?> image, final Path path, final Collection<Path> inputs)
		throws IOException
	{
		saveTiff(image, null, path, inputs);
	}

	/** Writes any ImagePlus as TIFF, atomically (see {@link IjFiles#saveTiff}). */
	static void save(final ImagePlus imp, final Path path) throws IOException {
		IjFiles.saveTiff(imp, path);
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
}
