package org.deeplowrank.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import ij.ImageStack;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Util;

import org.deeplowrank.image.ImagePlanes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading through ij.jar, and the 32-bit TIFF writer: atomic, reproducible, input-safe. */
class ImageFilesTest {

	@TempDir
	Path dir;

	private static double[] values(final RandomAccessibleInterval<?> img) {
		return ImagePlanes.singlePlane(img, "image").matrix(0, 0).re;
	}

	private static double[] values(final ImagePlusImages.Wrapped w) {
		return values(w.img);
	}

	private Path save(final ImagePlus imp, final String name) throws IOException {
		final Path path = dir.resolve(name);
		ImageFiles.saveTiff(imp, path);
		return path;
	}

	@Test
	void sixteenBitTiffGivesTheRawValues() throws IOException {
		final ImagePlusImages.Wrapped w = ImageFiles.read(Paths.get("examples/weave.tif"));
		final RandomAccessibleInterval<?> img = w.img;
		assertTrue(Util.getTypeFromInterval(img) instanceof UnsignedShortType, "16-bit stays 16-bit (for keep_type)");
		assertEquals(160, img.dimension(0));
		assertEquals(192, img.dimension(1));
		final short[] raw = (short[]) IJ.openImage("examples/weave.tif").getProcessor().getPixels();
		final double[] v = values(img);
		for (int k = 0; k < raw.length; k++)
			assertEquals(raw[k] & 0xffff, v[k]);
	}

	@Test
	void pngAndTextImages() throws IOException {
		final ByteProcessor bp = new ByteProcessor(3, 2, new byte[] { 0, 1, 2, 3, 4, (byte) 200 });
		final Path png = dir.resolve("small.png");
		assertTrue(new FileSaver(new ImagePlus("small", bp)).saveAsPng(png.toString()));
		assertArrayEquals(new double[] { 0, 1, 2, 3, 4, 200 }, values(ImageFiles.read(png)));

		final Path txt = Files.write(dir.resolve("small.txt"), "1.5\t2\t3\n4\t5\t-6.25\n".getBytes(
			StandardCharsets.UTF_8));
		final RandomAccessibleInterval<?> t = ImageFiles.read(txt).img;
		assertEquals(3, t.dimension(0));
		assertEquals(2, t.dimension(1));
		assertArrayEquals(new double[] { 1.5, 2, 3, 4, 5, -6.25 }, values(t));
	}

	@Test
	void folderIsNotAnImage() {
		assertEquals("cannot open image '" + dir + "': it is a folder", assertThrows(IOException.class,
			() -> ImageFiles.read(dir)).getMessage());
	}

	@Test
	void stacksHyperstacksAndRgbAreViewsWithTheirLayout() throws IOException {
		final ImageStack planes = new ImageStack(8, 6);
		for (int i = 0; i < 3; i++)
			planes.addSlice(new FloatProcessor(8, 6));
		final ImagePlusImages.Wrapped s = ImageFiles.read(save(new ImagePlus("stack", planes), "stack.tif"));
		assertArrayEquals(new long[] { 8, 6, 3 }, s.img.dimensionsAsLongArray());
		assertEquals(-1, s.channelAxis);
		final ImagePlusImages.Wrapped c = ImageFiles.read(save(new ImagePlus("rgb", new ColorProcessor(8, 6)), "rgb.tif"));
		assertTrue(Util.getTypeFromInterval(c.img) instanceof ARGBType);
		assertArrayEquals(new long[] { 8, 6 }, c.img.dimensionsAsLongArray());
		final ImagePlus hyper = IJ.createImage("h", "8-bit ramp", 8, 6, 2, 3, 4);
		final Path hp = save(hyper, "hyper.tif");
		final ImagePlusImages.Wrapped h = ImageFiles.read(hp);
		assertArrayEquals(new long[] { 8, 6, 2, 12 }, h.img.dimensionsAsLongArray());
		assertEquals(2, h.channelAxis);
		// and back: the same layout
		final Path back = dir.resolve("back.tif");
		ImageFiles.saveTiff(h.img, h.source, back, List.of(hp));
		final ImagePlus b = IJ.openImage(back.toString());
		assertEquals(2, b.getNChannels());
		assertEquals(3, b.getNSlices());
		assertEquals(4, b.getNFrames());
		assertEquals(8, b.getBitDepth());
	}

	@Test
	void saveTiffRoundTripsFloatsExactly() throws IOException {
		final float[] px = { 0.1f, -3.5f, 1e-20f, 65535.5f, Float.NaN, 7 };
		final Path out = dir.resolve("a/b/out.tif");
		ImageFiles.saveTiff(ArrayImgs.floats(px, 3, 2), out, List.of());
		final ImagePlus imp = IJ.openImage(out.toString());
		assertEquals(32, imp.getBitDepth());
		assertArrayEquals(px, (float[]) imp.getProcessor().getPixels());
		assertArrayEquals(new double[] { 0.1f, -3.5f, 1e-20f, 65535.5f, Double.NaN, 7 }, values(ImageFiles.read(out)));
	}

	@Test
	void saveTiffIsReproducibleAndLeavesNoTemporaryFiles() throws IOException, InterruptedException {
		final Img<FloatType> img = ArrayImgs.floats(new float[] { 1, 2, 3, 4 }, 2, 2);
		ImageFiles.saveTiff(img, dir.resolve("first.tif"), List.of());
		Thread.sleep(1100); // a time stamp in the file would now differ
		ImageFiles.saveTiff(img, dir.resolve("second.tif"), List.of());
		ImageFiles.saveTiff(img, dir.resolve("second.tif"), List.of()); // replacing an output is fine
		assertArrayEquals(Files.readAllBytes(dir.resolve("first.tif")), Files.readAllBytes(dir.resolve("second.tif")));
		try (Stream<Path> files = Files.list(dir)) {
			assertEquals(List.of("first.tif", "second.tif"), files.map(p -> p.getFileName().toString()).sorted().collect(
				Collectors.toList()));
		}
	}

	@Test
	void saveTiffRefusesToReplaceAnInput() throws IOException {
		final Path input = save(new ImagePlus("in", new FloatProcessor(4, 3, new float[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11,
			12 })), "in.tif");
		final byte[] before = Files.readAllBytes(input);
		final IOException e = assertThrows(IOException.class, () -> ImageFiles.saveTiff(ArrayImgs.floats(4, 3), dir
			.resolve("./in.tif"), List.of(input)));
		assertEquals("output would overwrite the input image '" + input + "'; choose another output path", e
			.getMessage());
		assertArrayEquals(before, Files.readAllBytes(input));
	}
}
