package org.deeplowrank.headless;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Random;

import ij.ImagePlus;
import ij.process.ByteProcessor;
import ij.process.ShortProcessor;

import org.deeplowrank.io.ImageFiles;

/**
 * Generates the example data shipped in {@code examples/}: a synthetic woven-fabric image
 * and a damage mask. Synthetic, so that it is ours to ship and its ground truth is known;
 * woven, because a weave is the textbook approximately low-rank picture (threads along
 * x and y are separable patterns), which is what the method is for.
 * <p>
 * {@code weave.tif}: 16-bit, 160 x 192 (width x height), the sum of four separable terms
 * (rank 4) plus Gaussian noise of 1 % of the mean level:
 * <ol>
 * <li>a smooth illumination profile L(y) L(x)</li>
 * <li>warp threads: L(y) cos(2 pi y / 8) times L(x)</li>
 * <li>weft threads: L(y) times L(x) tanh(3 cos(2 pi x / 12)) (a softened square wave)</li>
 * <li>the twill interlacing: cos(2 pi y / 16 + 0.3) cos(2 pi x / 16)</li>
 * </ol>
 * {@code weave_mask.tif}: 8-bit, 255 = missing: about half of the pixels at random plus
 * a 90 x 6 rectangular scratch; 0 = observed.
 * <p>
 * Deterministic: fixed seeds, {@link Random} (whose sequence is specified) and
 * {@link StrictMath} (bit-identical on every JVM), so {@code ExampleImagesTest} can check
 * the shipped files against a fresh generation. Run {@link #main} from the project folder
 * to regenerate them.
 */
public final class ExampleImages {

	static final int WIDTH = 160;
	static final int HEIGHT = 192;
	static final long NOISE_SEED = 20260101L;
	static final long MASK_SEED = 20260102L;
	static final double MISSING_FRACTION = 0.5;
	/** The scratch: x in [SCRATCH_X, SCRATCH_X + SCRATCH_W), y likewise. */
	static final int SCRATCH_X = 30, SCRATCH_Y = 100, SCRATCH_W = 90, SCRATCH_H = 6;

	private ExampleImages() {}

	public static void main(final String[] args) throws IOException {
		final Path dir = Paths.get(args.length > 0 ? args[0] : "examples");
		write(dir);
		System.out.println("wrote " + dir.resolve("weave.tif") + " and " + dir.resolve("weave_mask.tif"));
	}

	/** Writes both files into {@code dir}. */
	static void write(final Path dir) throws IOException {
		ImageFiles.saveTiff(weave(), dir.resolve("weave.tif"));
		ImageFiles.saveTiff(mask(), dir.resolve("weave_mask.tif"));
	}

	/** The noise-free rank-4 weave, in 16-bit units, entry [y * WIDTH + x]. */
	static double[] cleanWeave() {
		final double[] ly = new double[HEIGHT], lx = new double[WIDTH];
		for (int y = 0; y < HEIGHT; y++)
			ly[y] = profile(y, HEIGHT, 0.42);
		for (int x = 0; x < WIDTH; x++)
			lx[x] = profile(x, WIDTH, 0.58);
		final double[] v = new double[WIDTH * HEIGHT];
		for (int y = 0; y < HEIGHT; y++) {
			final double warp = StrictMath.cos(2 * StrictMath.PI * y / 8);
			final double twillY = StrictMath.cos(2 * StrictMath.PI * y / 16 + 0.3);
			for (int x = 0; x < WIDTH; x++) {
				final double weft = StrictMath.tanh(3 * StrictMath.cos(2 * StrictMath.PI * x / 12));
				final double twillX = StrictMath.cos(2 * StrictMath.PI * x / 16);
				v[y * WIDTH + x] = 30000 * ly[y] * lx[x] // illumination
					+ 6000 * ly[y] * warp * lx[x] // warp threads
					+ 5000 * ly[y] * lx[x] * weft // weft threads
					+ 3000 * twillY * twillX; // interlacing
			}
		}
		return v;
	}

	/** Smooth illumination: 0.6 at the far edge, 1 at the centre {@code c} (fraction of n). */
	private static double profile(final int i, final int n, final double c) {
		final double t = (i - c * n) / (0.55 * n);
		return 0.6 + 0.4 * StrictMath.exp(-t * t);
	}

	/** The 16-bit example image: the clean weave plus 1 % noise, rounded. */
	static ImagePlus weave() {
		final double[] v = cleanWeave();
		double mean = 0;
		for (final double d : v)
			mean += d;
		mean /= v.length;
		final Random rnd = new Random(NOISE_SEED);
		final short[] pixels = new short[v.length];
		for (int k = 0; k < v.length; k++) {
			final long p = Math.round(v[k] + 0.01 * mean * rnd.nextGaussian());
			if (p < 0 || p > 65535) throw new IllegalStateException("pixel out of 16-bit range: " + p);
			pixels[k] = (short) p;
		}
		return new ImagePlus("weave", new ShortProcessor(WIDTH, HEIGHT, pixels, null));
	}

	/** The 8-bit mask: 255 = missing (random half plus the scratch), 0 = observed. */
	static ImagePlus mask() {
		final Random rnd = new Random(MASK_SEED);
		final byte[] pixels = new byte[WIDTH * HEIGHT];
		for (int k = 0; k < pixels.length; k++)
			pixels[k] = (byte) (rnd.nextDouble() < MISSING_FRACTION ? 255 : 0);
		for (int y = SCRATCH_Y; y < SCRATCH_Y + SCRATCH_H; y++) {
			for (int x = SCRATCH_X; x < SCRATCH_X + SCRATCH_W; x++)
				pixels[y * WIDTH + x] = (byte) 255;
		}
		return new ImagePlus("weave_mask", new ByteProcessor(WIDTH, HEIGHT, pixels));
	}
}
