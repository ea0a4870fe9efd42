package org.deeplowrank.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.io.TiffDecoder;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.ShortProcessor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files shorter than their header says are refused with a message naming the file and
 * what is missing, before ij.jar reads the missing pixels as zeros; complete files of
 * every format still open.
 */
public class TruncatedImageFilesTest {

	@TempDir
	Path dir;

	/** A 128 x 256 16-bit image: 65536 pixel bytes. */
	public static ImagePlus sixteenBit() {
		final ShortProcessor sp = new ShortProcessor(128, 256);
		for (int i = 0; i < 128 * 256; i++)
			sp.set(i, 1000 + i % 5000);
		return new ImagePlus("sixteen", sp);
	}

	/**
	 * Writes a 16-bit TIFF with ImageJ and cuts it so that only {@code present} of its
	 * 65536 pixel bytes remain (ImageJ writes the pixels last).
	 */
	public static Path truncatedSixteenBitTiff(final Path path, final int present) throws IOException {
		ImageFiles.saveTiff(sixteenBit(), path);
		final byte[] whole = Files.readAllBytes(path);
		return Files.write(path, Arrays.copyOf(whole, whole.length - 65536 + present));
	}

	private static String truncated(final Path path, final String what) {
		return "cannot open image '" + path + "': it is truncated (" + what + "); the file is damaged, re-export it";
	}

	private static String openFails(final Path path) {
		return assertThrows(IOException.class, () -> ImageFiles.open(path)).getMessage();
	}

	private static Path cut(final Path path, final long length) throws IOException {
		return Files.write(path, Arrays.copyOf(Files.readAllBytes(path), (int) length));
	}

	@Test
	void aTruncatedSixteenBitTiffSaysHowManyPixelBytesItHas() throws IOException {
		final Path tif = truncatedSixteenBitTiff(dir.resolve("x.tif"), 1234);
		assertEquals(truncated(tif, "1234 of 65536 pixel bytes present"), openFails(tif));
		final Path none = truncatedSixteenBitTiff(dir.resolve("none.tif"), 0);
		assertEquals(truncated(none, "0 of 65536 pixel bytes present"), openFails(none));
	}

	@Test
	void aStackMissingItsLastPlanesIsRefused() throws IOException {
		final ImageStack stack = new ImageStack(64, 32);
		for (int k = 0; k < 4; k++) {
			final ShortProcessor p = new ShortProcessor(64, 32);
			p.add(100 * k + 1);
			stack.addSlice(p);
		}
		final Path tif = dir.resolve("stack.tif");
		ImageFiles.saveTiff(new ImagePlus("stack", stack), tif);
		assertEquals(4, ImageFiles.open(tif).getStackSize());
		// cut 1000 bytes into plane 3
		final long start = new TiffDecoder(dir.toString() + File.separator, "stack.tif").getTiffInfo()[0].getOffset();
		cut(tif, start + 2 * 4096 + 1000);
		assertEquals(truncated(tif, "9192 of 16384 pixel bytes present"), openFails(tif));
	}

	/** A little-endian 16 x 4 8-bit TIFF with one PackBits-compressed strip per row. */
	private static byte[] packBitsTiff(final byte[] pixels) {
		final int w = 16, h = 4, entries = 9, ifd = 8, arrays = ifd + 2 + entries * 12 + 4, data = arrays + 2 * 4 * h;
		final ByteBuffer b = ByteBuffer.allocate(data + h * (w + 1)).order(ByteOrder.LITTLE_ENDIAN);
		b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(ifd);
		b.putShort((short) entries);
		final int[][] tags = { { 256, 3, 1, w }, { 257, 3, 1, h }, { 258, 3, 1, 8 }, { 259, 3, 1, 32773 }, { 262, 3, 1, 1 }, {
			273, 4, h, arrays }, { 277, 3, 1, 1 }, { 278, 3, 1, 1 }, { 279, 4, h, arrays + 4 * h } };
		for (final int[] t : tags) {
			b.putShort((short) t[0]).putShort((short) t[1]).putInt(t[2]);
			if (t[1] == 3 && t[2] == 1) b.putShort((short) t[3]).putShort((short) 0);
			else b.putInt(t[3]);
		}
		b.putInt(0);
		for (int s = 0; s < h; s++)
			b.putInt(data + s * (w + 1));
		for (int s = 0; s < h; s++)
			b.putInt(w + 1);
		for (int s = 0; s < h; s++) {
			b.put((byte) (w - 1)); // PackBits: the next w bytes are literal
			b.put(pixels, s * w, w);
		}
		return b.array();
	}

	@Test
	void aTiffWithTruncatedCompressedStripsIsRefused() throws IOException {
		final byte[] pixels = new byte[64];
		for (int i = 0; i < pixels.length; i++)
			pixels[i] = (byte) (3 * i + 1);
		final byte[] tiff = packBitsTiff(pixels);
		final Path whole = Files.write(dir.resolve("packbits.tif"), tiff);
		assertArrayEquals(pixels, (byte[]) ImageFiles.open(whole).getProcessor().getPixels(), "the file itself is right");
		// 4 strips of 17 bytes: cut 5 bytes into the last one
		final Path cut = Files.write(dir.resolve("cut.tif"), Arrays.copyOf(tiff, tiff.length - 12));
		assertEquals(truncated(cut, "56 of 68 pixel bytes present"), openFails(cut));
	}

	@Test
	void aTiffCutInsideItsHeaderIsRefused() throws IOException {
		final Path tif = truncatedSixteenBitTiff(dir.resolve("head.tif"), 0);
		cut(tif, 20); // inside the first directory
		assertEquals(truncated(tif, "the file ends inside its header"), openFails(tif));
	}

	@Test
	void pngAndJpegMustReachTheirEndMarker() throws IOException {
		final ImagePlus eight = new ImagePlus("eight", sixteenBit().getProcessor().convertToByte(true));
		final Path png = dir.resolve("x.png"), jpg = dir.resolve("x.jpg");
		assertTrue(new FileSaver(eight).saveAsPng(png.toString()));
		assertTrue(new FileSaver(eight).saveAsJpeg(jpg.toString()));
		cut(png, Files.size(png) * 2 / 3);
		assertEquals(truncated(png, "the file ends before its end-of-image marker"), openFails(png));
		cut(jpg, Files.size(jpg) * 2 / 3); // ij.jar would decode it with a grey lower part
		assertEquals(truncated(jpg, "the file ends before its end-of-image marker"), openFails(jpg));
	}

	@Test
	void pgmBmpAndFitsHeadersGiveTheirPixelBytes() throws IOException {
		final ImagePlus eight = new ImagePlus("eight", sixteenBit().getProcessor().convertToByte(true));
		final Path pgm = dir.resolve("x.pgm"), bmp = dir.resolve("x.bmp"), fits = dir.resolve("x.fits");
		assertTrue(new FileSaver(eight).saveAsPgm(pgm.toString()));
		assertTrue(new FileSaver(eight).saveAsBmp(bmp.toString()));
		assertTrue(new FileSaver(new ImagePlus("f", eight.getProcessor().convertToFloat())).saveAsFits(fits.toString()));
		cut(pgm, Files.size(pgm) - 32768 + 500); // the samples come last
		assertEquals(truncated(pgm, "500 of 32768 pixel bytes present"), openFails(pgm));
		cut(bmp, Files.size(bmp) - 32768 + 700);
		assertEquals(truncated(bmp, "700 of 32768 pixel bytes present"), openFails(bmp));
		cut(fits, 2880 + 1000); // one header block, then 128 x 256 floats
		assertEquals(truncated(fits, "1000 of 131072 pixel bytes present"), openFails(fits));
	}

	@Test
	void completeFilesOfEveryFormatStillOpen() throws IOException {
		final ImagePlus eight = new ImagePlus("eight", sixteenBit().getProcessor().convertToByte(true));
		final ImagePlus rgb = new ImagePlus("rgb", new ColorProcessor(128, 256));
		final ImagePlus[] images = { sixteenBit(), eight, rgb, new ImagePlus("f", eight.getProcessor().convertToFloat()),
			eight, eight, eight, eight, eight, rgb };
		final String[] names = { "a.tif", "b.tif", "c.tif", "d.tif", "e.png", "f.jpg", "g.gif", "h.bmp", "i.pgm", "j.jpg" };
		for (int k = 0; k < names.length; k++) {
			final Path p = dir.resolve(names[k]);
			final FileSaver saver = new FileSaver(images[k]);
			final String n = names[k];
			assertTrue(n.endsWith(".tif") ? saver.saveAsTiff(p.toString()) : n.endsWith(".png") ? saver.saveAsPng(p
				.toString()) : n.endsWith(".jpg") ? saver.saveAsJpeg(p.toString()) : n.endsWith(".gif") ? saver.saveAsGif(p
					.toString()) : n.endsWith(".bmp") ? saver.saveAsBmp(p.toString()) : saver.saveAsPgm(p.toString()));
			final ImagePlus back = ImageFiles.open(p);
			assertEquals(128, back.getWidth(), n);
			assertEquals(256, back.getHeight(), n);
		}
		final Path fits = dir.resolve("k.fits");
		assertTrue(new FileSaver(new ImagePlus("f", eight.getProcessor().convertToFloat())).saveAsFits(fits.toString()));
		assertEquals(128, ImageFiles.open(fits).getWidth());
		// a byte or two of padding after the data is no truncation
		final byte[] tiff = packBitsTiff(new byte[64]);
		final ByteArrayOutputStream padded = new ByteArrayOutputStream();
		padded.write(tiff);
		padded.write(new byte[2]);
		assertEquals(16, ImageFiles.open(Files.write(dir.resolve("padded.tif"), padded.toByteArray())).getWidth());
		final ByteProcessor tiny = new ByteProcessor(1, 1);
		final Path one = dir.resolve("one.pgm");
		assertTrue(new FileSaver(new ImagePlus("one", tiny)).saveAsPgm(one.toString()));
		assertEquals(1, ImageFiles.open(one).getWidth());
	}
}
