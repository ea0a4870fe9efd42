package org.deeplowrank.io;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import ij.io.FileInfo;
import ij.io.Opener;
import ij.io.TiffDecoder;

/**
 * Refuses an image file that is shorter than its own header says, before it is decoded.
 * <p>
 * Why: ij.jar reads the pixels a truncated TIFF, PGM or FITS file lacks as zeros, leaves
 * out the planes a truncated stack lacks, and decodes a truncated JPEG with a grey tail,
 * all without an error; the completion of such an image would then be reported as done.
 * A half-copied file or an interrupted export is common enough to deserve a clear message.
 * <p>
 * What is compared, per format (headers are read, and PNG's chunk headers; only a JPEG
 * is scanned through, for its markers, which costs far less than decoding it):
 * <ul>
 * <li>TIFF: the file length against the pixel data the header places in the file: every
 * strip ({@link FileInfo#stripOffsets} + {@link FileInfo#stripLengths}, compressed or
 * not), and for ImageJ's contiguous stacks ({@link FileInfo#nImages} &gt; 1) every plane
 * at {@code offset + k (size + gap)};</li>
 * <li>binary PGM/PBM/PPM, BMP, FITS: the data size their header declares (width, height,
 * sample size) after the header;</li>
 * <li>PNG and JPEG, whose pixel data are compressed: the file must reach its end marker
 * (PNG's IEND chunk, JPEG's EOI marker), found by following the chunk lengths / the
 * markers.</li>
 * </ul>
 * GIF and text images are left to ij.jar's readers, which refuse a truncated one. A header
 * this class cannot make sense of is also left to them: the check only ever refuses files
 * whose header it understood, so that it never rejects an image ij.jar reads correctly.
 */
final class TruncationCheck {

	private TruncationCheck() {}

	/**
	 * Throws if the file is truncated.
	 *
	 * @param fileType ij.jar's type of the file ({@link Opener#getFileType})
	 * @throws IOException naming the file and how much of it is missing
	 */
	static void check(final Path path, final int fileType) throws IOException {
		try (Bytes in = new Bytes(path)) {
			switch (fileType) {
				case Opener.TIFF:
					tiff(path, in);
					break;
				case Opener.PNG:
					png(path, in);
					break;
				case Opener.JPEG:
					jpeg(path, in);
					break;
				case Opener.PGM:
					pnm(path, in);
					break;
				case Opener.BMP:
					bmp(path, in);
					break;
				case Opener.FITS:
					fits(path, in);
					break;
				default:
			}
		}
		catch (final EOFException e) {
			throw new IOException(message(path, "the file ends inside its header"));
		}
	}

	private static String message(final Path path, final String what) {
		return "cannot open image '" + path + "': it is truncated (" + what + "); the file is damaged, re-export it";
	}

	private static IOException truncated(final Path path, final long present, final long declared) {
		return new IOException(message(path, present + " of " + declared + " pixel bytes present"));
	}

	private static IOException noEndMarker(final Path path) {
		return new IOException(message(path, "the file ends before its end-of-image marker"));
	}

	/** Throws unless {@code length} bytes from {@code start} are all in the file. */
	private static void requireData(final Path path, final long fileLength, final long start, final long length)
		throws IOException
	{
		if (start + length > fileLength) throw truncated(path, present(fileLength, start, length), length);
	}

	/** How many of the {@code length} bytes from {@code start} lie in a file of {@code fileLength} bytes. */
	private static long present(final long fileLength, final long start, final long length) {
		return Math.max(0, Math.min(length, fileLength - start));
	}

	// -- TIFF --

	private static void tiff(final Path path, final Bytes in) throws IOException {
		// the first directory (IFD: entry count, 12-byte entries, next offset) must be in the file
		final int order = in.read();
		if (order != 'I' && order != 'M' || in.read() != order) return;
		if ((order == 'I' ? in.littleEndian(2) : in.bigEndian(2)) != 42) return; // not a classic TIFF
		final long ifd = order == 'I' ? in.littleEndian(4) : in.bigEndian(4);
		in.seek(ifd);
		final long entries = order == 'I' ? in.littleEndian(2) : in.bigEndian(2);
		if (ifd + 2 + 12 * entries + 4 > in.length) throw new EOFException();
		final long fileLength = in.length;
		final Path abs = path.toAbsolutePath();
		final FileInfo[] info;
		try {
			final Path dir = abs.getParent();
			info = new TiffDecoder(dir == null ? "" : dir.toString() + java.io.File.separator, abs.getFileName()
				.toString()).getTiffInfo();
		}
		catch (final EOFException e) {
			throw e;
		}
		catch (final IOException | RuntimeException e) {
			return; // a header TiffDecoder cannot parse: the reader reports it
		}
		if (info == null) return;
		long declared = 0, present = 0;
		for (final FileInfo fi : info) {
			final long plane = contiguousPlaneBytes(fi);
			if (fi.nImages > 1 && plane > 0) {
				// ImageJ's stacks: one header, the planes one after the other
				for (int k = 0; k < fi.nImages; k++) {
					final long start = fi.getOffset() + k * (plane + fi.getGap());
					declared += plane;
					present += present(fileLength, start, plane);
				}
			}
			else if (fi.stripOffsets != null && fi.stripLengths != null && fi.stripOffsets.length == fi.stripLengths.length) {
				for (int s = 0; s < fi.stripOffsets.length; s++) {
					final long start = Integer.toUnsignedLong(fi.stripOffsets[s]);
					final long length = Integer.toUnsignedLong(fi.stripLengths[s]);
					declared += length;
					present += present(fileLength, start, length);
				}
			}
			else if (plane > 0) {
				declared += plane;
				present += present(fileLength, fi.getOffset(), plane);
			}
		}
		if (present < declared) throw truncated(path, present, declared);
	}

	/** The bytes of one uncompressed plane of a byte-aligned pixel type, or 0 when not known. */
	private static long contiguousPlaneBytes(final FileInfo fi) {
		if (fi.compression != FileInfo.COMPRESSION_NONE) return 0;
		if (fi.fileType == FileInfo.BITMAP || fi.fileType == FileInfo.GRAY12_UNSIGNED) return 0;
		return (long) fi.width * fi.height * fi.getBytesPerPixel();
	}

	// -- PNG: chunks (length, type, data, CRC) up to IEND --

	private static final byte[] PNG_SIGNATURE = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

	private static void png(final Path path, final Bytes in) throws IOException {
		for (final byte b : PNG_SIGNATURE)
			if (in.read() != (b & 0xff)) return;
		long chunk = PNG_SIGNATURE.length;
		while (true) {
			if (chunk + 8 > in.length) throw noEndMarker(path);
			in.seek(chunk);
			final long length = in.bigEndian(4);
			final String type = new String(new byte[] { (byte) in.read(), (byte) in.read(), (byte) in.read(), (byte) in
				.read() }, StandardCharsets.ISO_8859_1);
			if (type.equals("IEND")) return;
			chunk += 12 + length;
		}
	}

	// -- JPEG: segments (marker, length) and entropy-coded data up to EOI --

	private static void jpeg(final Path path, final Bytes in) throws IOException {
		if (in.read() != 0xff || in.read() != 0xd8) return;
		while (true) {
			final int b = in.read();
			if (b < 0) throw noEndMarker(path);
			if (b != 0xff) return; // no marker where one must be: damaged otherwise, the reader decides
			int marker = in.read();
			while (marker == 0xff) marker = in.read(); // fill bytes
			if (marker < 0) throw noEndMarker(path);
			if (marker == 0xd9) return; // EOI
			if (marker == 0x01 || marker >= 0xd0 && marker <= 0xd7) continue; // no length
			final int hi = in.read(), lo = in.read();
			if (lo < 0) throw noEndMarker(path);
			final long next = in.position() - 2 + (hi << 8 | lo);
			if (next > in.length) throw noEndMarker(path);
			in.seek(next);
			if (marker == 0xda) {
				// entropy-coded data up to the next marker: FF 00 is a data byte, FF D0..D7 a restart
				while (true) {
					final int c = in.read();
					if (c < 0) throw noEndMarker(path);
					if (c != 0xff) continue;
					int d = in.read();
					while (d == 0xff) d = in.read();
					if (d < 0) throw noEndMarker(path);
					if (d == 0 || d >= 0xd0 && d <= 0xd7) continue;
					in.seek(in.position() - 2);
					break;
				}
			}
		}
	}

	// -- binary PBM (P4), PGM (P5), PPM (P6): text header, then the samples --

	private static void pnm(final Path path, final Bytes in) throws IOException {
		if (in.read() != 'P') return;
		final int kind = in.read() - '0';
		if (kind < 4 || kind > 6) return; // the ASCII variants have no fixed size
		final long width = pnmNumber(in), height = pnmNumber(in);
		final long max = kind == 4 ? 1 : pnmNumber(in);
		if (width < 0 || height < 0 || max < 0) return;
		in.read(); // the one white-space byte before the samples
		final long sample = max < 256 ? 1 : 2;
		final long declared = kind == 4 ? (width + 7) / 8 * height : (kind == 6 ? 3 : 1) * sample * width * height;
		requireData(path, in.length, in.position(), declared);
	}

	/** The next decimal number of a PNM header (white space and # comments skipped), or -1 when it is not one. */
	private static long pnmNumber(final Bytes in) throws IOException {
		int c = in.read();
		while (true) {
			if (c < 0) throw new EOFException();
			if (c == '#') {
				while (c != '\n' && c != '\r') {
					c = in.read();
					if (c < 0) throw new EOFException();
				}
			}
			else if (Character.isWhitespace(c)) c = in.read();
			else break;
		}
		if (c < '0' || c > '9') return -1;
		long v = 0;
		while (c >= '0' && c <= '9') {
			v = 10 * v + (c - '0');
			if (v > Integer.MAX_VALUE) return -1;
			c = in.read();
		}
		if (c >= 0) in.seek(in.position() - 1);
		return v;
	}

	// -- BMP: file header (pixel data offset), info header (size, bits per pixel) --

	private static void bmp(final Path path, final Bytes in) throws IOException {
		if (in.read() != 'B' || in.read() != 'M') return;
		in.seek(10);
		final long offset = in.littleEndian(4);
		final long headerSize = in.littleEndian(4);
		final long width, height;
		final int bits, compression;
		if (headerSize == 12) { // OS/2 core header
			width = in.littleEndian(2);
			height = in.littleEndian(2);
			in.littleEndian(2);
			bits = (int) in.littleEndian(2);
			compression = 0;
		}
		else {
			width = (int) in.littleEndian(4);
			height = Math.abs((int) in.littleEndian(4)); // negative: top-down rows
			in.littleEndian(2);
			bits = (int) in.littleEndian(2);
			compression = (int) in.littleEndian(4);
		}
		if (compression != 0 && compression != 3 || width <= 0 || bits <= 0) return; // RLE: no fixed size
		final long row = (bits * width + 31) / 32 * 4;
		requireData(path, in.length, offset, row * height);
	}

	// -- FITS: 80-character cards up to END in 2880-byte blocks, then the primary data --

	private static void fits(final Path path, final Bytes in) throws IOException {
		long bitpix = 0, axes = -1, samples = 1;
		for (long card = 0;; card++) {
			in.seek(card * 80);
			final byte[] text = new byte[80];
			for (int k = 0; k < 80; k++) {
				final int c = in.read();
				if (c < 0) throw new EOFException();
				text[k] = (byte) c;
			}
			final String line = new String(text, StandardCharsets.US_ASCII);
			final String key = line.substring(0, 8).trim();
			if (key.equals("END")) {
				if (axes <= 0 || bitpix == 0) return;
				final long data = Math.abs(bitpix) / 8 * samples;
				requireData(path, in.length, (card * 80 / 2880 + 1) * 2880, data);
				return;
			}
			if (line.charAt(8) != '=') continue;
			final String value = line.substring(10).split("/", 2)[0].trim();
			try {
				if (key.equals("BITPIX")) bitpix = Long.parseLong(value);
				else if (key.equals("NAXIS")) axes = Long.parseLong(value);
				else if (key.matches("NAXIS[0-9]+") && Long.parseLong(key.substring(5)) <= axes) {
					samples *= Long.parseLong(value);
				}
			}
			catch (final NumberFormatException e) {
				return;
			}
		}
	}

	/** Random access to a file's bytes, through one buffer. */
	private static final class Bytes implements AutoCloseable {

		final long length;
		private final FileChannel channel;
		private final ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
		/** The file position of buffer[0]. */
		private long bufferStart;

		Bytes(final Path path) throws IOException {
			channel = FileChannel.open(path, StandardOpenOption.READ);
			length = channel.size();
			buffer.limit(0);
		}

		long position() {
			return bufferStart + buffer.position();
		}

		void seek(final long position) {
			if (position >= bufferStart && position <= bufferStart + buffer.limit()) {
				buffer.position((int) (position - bufferStart));
				return;
			}
			bufferStart = position;
			buffer.limit(0);
		}

		/** The next byte, or -1 at the end of the file. */
		int read() throws IOException {
			if (!buffer.hasRemaining()) {
				bufferStart += buffer.limit();
				buffer.clear();
				int n = 0;
				while (n == 0) n = channel.read(buffer, bufferStart);
				buffer.flip();
				if (n < 0) {
					buffer.limit(0);
					return -1;
				}
			}
			return buffer.get() & 0xff;
		}

		long bigEndian(final int bytes) throws IOException {
			long v = 0;
			for (int k = 0; k < bytes; k++) v = v << 8 | next();
			return v;
		}

		long littleEndian(final int bytes) throws IOException {
			long v = 0;
			for (int k = 0; k < bytes; k++) v |= (long) next() << 8 * k;
			return v;
		}

		private int next() throws IOException {
			final int b = read();
			if (b < 0) throw new EOFException();
			return b;
		}

		@Override
		public void close() throws IOException {
			channel.close();
		}
	}
}
