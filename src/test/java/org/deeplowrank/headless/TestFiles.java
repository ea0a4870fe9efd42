package org.deeplowrank.headless;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;

import org.deeplowrank.io.ImageFiles;

/** Small image files and a captured runner invocation, for the headless tests. */
public final class TestFiles {

	private TestFiles() {}

	/** A w x h rank-2 32-bit image (values about 10..60). */
	/**
	 * A matrix as a tab-separated text image, each value with {@code format} (ImageJ reads
	 * it as 32-bit: exact values with %.9g and more).
	 */
	public static Path textImage(final Path path, final double[][] m, final String format) throws IOException {
		final StringBuilder b = new StringBuilder();
		for (final double[] row : m) {
			for (int j = 0; j < row.length; j++) b.append(j == 0 ? "" : "\t").append(String.format(java.util.Locale.ROOT,
				format, row[j]));
			b.append('\n');
		}
		Files.writeString(path, b.toString());
		return path;
	}

	/** An n x n mask (1 = missing) observing {@code observed} entries chosen uniformly by {@code rnd}. */
	public static double[][] observedMask(final int n, final int observed, final java.util.Random rnd) {
		final double[][] m = new double[n][n];
		for (final double[] row : m) java.util.Arrays.fill(row, 1);
		final int[] cells = new int[n * n];
		for (int k = 0; k < cells.length; k++) cells[k] = k;
		for (int k = 0; k < observed; k++) {
			final int j = k + rnd.nextInt(cells.length - k);
			final int t = cells[k];
			cells[k] = cells[j];
			cells[j] = t;
			m[cells[k] / n][cells[k] % n] = 0;
		}
		return m;
	}

	/** The d x d identity. */
	public static double[][] identity(final int d) {
		final double[][] m = new double[d][d];
		for (int i = 0; i < d; i++) m[i][i] = 1;
		return m;
	}

	static Path lowRank(final Path path, final int w, final int h) throws IOException {
		final float[] px = new float[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				px[y * w + x] = (float) (10 + 20 * (1 + 0.02 * y) * (1 + Math.sin(0.7 * x)) + 5 * Math.cos(0.3 * y) * (x %
					4));
		ImageFiles.saveTiff(new ImagePlus("img", new FloatProcessor(w, h, px)), path);
		return path;
	}

	/** An 8-bit mask, 255 (missing) where {@code (x + 2 y) % period == 0}. */
	static Path mask(final Path path, final int w, final int h, final int period) throws IOException {
		final byte[] px = new byte[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				px[y * w + x] = (byte) ((x + 2 * y) % period == 0 ? 255 : 0);
		ImageFiles.saveTiff(new ImagePlus("mask", new ByteProcessor(w, h, px)), path);
		return path;
	}

	/** An 8-bit mask with every pixel 255. */
	static Path fullMask(final Path path, final int w, final int h) throws IOException {
		final ByteProcessor bp = new ByteProcessor(w, h);
		bp.setValue(255);
		bp.fill();
		ImageFiles.saveTiff(new ImagePlus("mask", bp), path);
		return path;
	}

	static Path rgb(final Path path, final int w, final int h) throws IOException {
		ImageFiles.saveTiff(new ImagePlus("rgb", new ColorProcessor(w, h)), path);
		return path;
	}

	static Path stack(final Path path, final int w, final int h, final int n) throws IOException {
		final ImageStack s = new ImageStack(w, h);
		for (int i = 0; i < n; i++)
			s.addSlice(new FloatProcessor(w, h));
		ImageFiles.saveTiff(new ImagePlus("stack", s), path);
		return path;
	}

	static String sha256(final Path path) throws IOException {
		try {
			final byte[] d = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(path));
			final StringBuilder sb = new StringBuilder();
			for (final byte b : d)
				sb.append(String.format("%02x", b));
			return sb.toString();
		}
		catch (final NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	/** The outcome of one runner invocation. */
	static final class Run {

		final int code;
		final String out;
		final String err;

		Run(final int code, final String out, final String err) {
			this.code = code;
			this.out = out;
			this.err = err;
		}

		@Override
		public String toString() {
			return "exit " + code + "\nstdout: " + out + "\nstderr: " + err;
		}
	}

	static Run run(final String... args) {
		return run(new HeadlessRunner(), args);
	}

	static Run run(final HeadlessRunner runner, final String... args) {
		final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
		final int code;
		try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8); PrintStream e = new PrintStream(err, true,
			StandardCharsets.UTF_8))
		{
			code = runner.execute(args, o, e);
		}
		return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
	}
}
