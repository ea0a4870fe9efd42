package org.deeplowrank.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

import ij.ImagePlus;
import ij.io.Opener;
import ij.process.ImageProcessor;
import org.deeplowrank.solver.LiftedCompletion;
import org.deeplowrank.solver.Lifting;
import org.deeplowrank.solver.Reconstruction;
import org.deeplowrank.solver.SolverSettings;
import org.deeplowrank.solver.baseline.SmoothInpainting;
import org.deeplowrank.solver.auto.AutoCompletion;
import org.deeplowrank.solver.auto.ModelSelection;
import org.deeplowrank.solver.linalg.Matrix;
import org.deeplowrank.solver.nonlocal.GroupMethod;
import org.deeplowrank.solver.nonlocal.NonlocalCompletion;
import org.deeplowrank.solver.nonlocal.NonlocalSettings;

/**
 * Benchmark (not a test): reconstruction quality on the natural and microscopy crops of
 * {@code src/test/resources/quality/} (sources and licences in its README), each with
 * 50 % and 80 % of its pixels missing at random (seeded), for the methods a user picks in
 * "Complete Masked Image" with every other key at its default:
 * {@code method=biharmonic}, {@code method=gd} (whole image), {@code method=gd lifting=hankel}
 * and {@code method=glrl lifting=hankel}. Writes a Markdown table of PSNR (dB, peak 255,
 * over all pixels, observed ones kept as observed) and wall-clock seconds.
 * <pre>
 * mvn -B -q test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=org.deeplowrank.bench.QualityBenchmark -Dexec.args="target/quality.md"
 * </pre>
 * Arguments: output file (target/quality.md); optional comma-separated image names
 * (default: the six of the docs table); optional comma-separated missing rates (default
 * 0.5,0.8); optional comma-separated methods (default biharmonic,gd,hankel-gd; also
 * harmonic, hankel-glrl); optional stride of the lifted methods (default 2). About an
 * hour with the defaults on 2 shared cores.
 */
public final class QualityBenchmark {

	/** The images of the table in docs/quality.md (gravel, chelsea and coffee ship too: name them to run them). */
	static final String[] IMAGES = { "camera", "brick", "grass", "cell", "retina", "hubble" };
	/** The methods of that table; hankel-glrl (5–8 minutes per image here) on request. */
	static final String[] METHODS = { "biharmonic", "gd", "hankel-gd" };
	/**
	 * The 512 × 512 image of the table: a 4 × 4 mosaic of the nine crops (in the order of
	 * {@link #ALL_IMAGES}, repeated), for the timing at that size.
	 */
	static final String MOSAIC = "mosaic512";
	static final String[] ALL_IMAGES = { "camera", "brick", "grass", "cell", "retina", "hubble", "gravel", "chelsea",
		"coffee" };
	/** The "Complete Masked Image" default of 'patch'. */
	static final int PATCH = 8;
	/**
	 * 'stride' for the lifted methods: 2 by default here (the key's default is 1, about 4 x
	 * slower: see docs/quality.md); the 5th argument overrides it.
	 */
	static int STRIDE = 2;

	private QualityBenchmark() {}

	public static void main(final String[] args) throws IOException {
		final Path out = Paths.get(args.length > 0 ? args[0] : "target/quality.md");
		final String[] images = args.length > 1 && !args[1].isEmpty() ? args[1].split(",") : IMAGES;
		final double[] rates = args.length > 2 && !args[2].isEmpty() ? Arrays.stream(args[2].split(",")).mapToDouble(
			Double::parseDouble).toArray() : new double[] { 0.5, 0.8 };
		final String[] methods = args.length > 3 && !args[3].isEmpty() ? args[3].split(",") : METHODS;
		if (args.length > 4) STRIDE = Integer.parseInt(args[4]);
		final Path dir = Paths.get("src/test/resources/quality");
		final StringBuilder md = new StringBuilder();
		md.append(String.format(Locale.ROOT, "PSNR in dB (peak 255, all pixels) / seconds; %d threads; patch %d, " +
			"stride %d (lifted methods), every other key at its default%n%n", Runtime.getRuntime().availableProcessors(),
			PATCH, STRIDE));
		final StringBuilder head = new StringBuilder("| image | missing |");
		final StringBuilder rule = new StringBuilder("|---|---|");
		for (final String m : methods) {
			head.append(' ').append(m).append(" |");
			rule.append("---|");
		}
		md.append(head).append('\n').append(rule).append('\n');
		System.out.println(head);
		System.out.println(rule);
		final double[][] sumPsnr = new double[rates.length][methods.length];
		final double[][] sumSeconds = new double[rates.length][methods.length];
		for (final String name : images) {
			final Matrix image = name.equals(MOSAIC) ? mosaic(dir) : read(dir.resolve(name + ".tif"));
			for (int ri = 0; ri < rates.length; ri++) {
				final boolean[] missing = randomMissing(image.size(), rates[ri], 1);
				final Matrix observed = image.copy();
				for (int k = 0; k < missing.length; k++) if (missing[k]) observed.re[k] = Double.NaN;
				final StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %s | %.0f %% |", name, 100 *
					rates[ri]));
				final Matrix[] results = new Matrix[methods.length];
				for (int mi = 0; mi < methods.length; mi++) {
					final long t0 = System.nanoTime();
					final Matrix result = run(methods[mi], observed, missing);
					results[mi] = result;
					final double seconds = (System.nanoTime() - t0) * 1e-9;
					final double psnr = psnr(result, image);
					sumPsnr[ri][mi] += psnr;
					sumSeconds[ri][mi] += seconds;
					row.append(String.format(Locale.ROOT, " %.2f / %.1f |", psnr, seconds));
				}
				md.append(row).append('\n');
				System.out.println(row);
				final int bi = Arrays.asList(methods).indexOf("biharmonic"), ai = Arrays.asList(methods).indexOf("auto");
				if (STRIPS != null && bi >= 0 && ai >= 0 && image.rows <= 128) {
					writeStrip(STRIPS.resolve(String.format(Locale.ROOT, "%s-%.0f.png", name, 100 * rates[ri])), image,
						missing, results[bi], results[ai]);
				}
			}
		}
		for (int ri = 0; ri < rates.length; ri++) {
			final StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| **mean** | %.0f %% |", 100 *
				rates[ri]));
			for (int mi = 0; mi < methods.length; mi++) {
				row.append(String.format(Locale.ROOT, " **%.2f** / %.1f |", sumPsnr[ri][mi] / images.length,
					sumSeconds[ri][mi] / images.length));
			}
			md.append(row).append('\n');
			System.out.println(row);
		}
		if (out.getParent() != null) Files.createDirectories(out.getParent());
		Files.write(out, md.toString().getBytes(StandardCharsets.UTF_8));
		System.out.println("table written to " + out);
	}

	/** One method with the command's defaults (see the class comment). */
	static Matrix run(final String method, final Matrix observed, final boolean[] missing) {
		final SolverSettings s = SolverSettings.DEFAULTS;
		switch (method) {
			case "biharmonic":
				return SmoothInpainting.inpaint(observed, missing, true);
			case "harmonic":
				return SmoothInpainting.inpaint(observed, missing, false);
			case "gd":
				return Reconstruction.complete(observed, missing, null, s, null, null).reconstruction;
			case "hankel-gd":
				return LiftedCompletion.complete(observed, missing, null, lifted(s), null, null).reconstruction;
			case "nonlocal-softimpute":
				return NonlocalCompletion.complete(observed, missing, nonlocalSettings(GroupMethod.SOFT_IMPUTE));
			case "nonlocal-gd":
				return NonlocalCompletion.complete(observed, missing, nonlocalSettings(GroupMethod.GD));
			case "nonlocal-glrl":
				return NonlocalCompletion.complete(observed, missing, nonlocalSettings(GroupMethod.GLRL));
			case "auto": {
				// the blend of the two best on the held-out pixels (ModelSelection.MAX_BLEND_WEIGHT)
				final ModelSelection.Choice c = AutoCompletion.complete(observed, missing, nonlocalSettings(
					GroupMethod.SOFT_IMPUTE), 0, true);
				System.out.println("  " + AutoCompletion.methodName(c) + ": " + c.summaryLine());
				return c.result;
			}
			case "hankel-glrl":
				return LiftedCompletion.completeGreedy(observed, missing, null, lifted(glrlSettings(s)), null, null)
					.reconstruction;
			default:
				throw new IllegalArgumentException("unknown method " + method + " (expected one of " + String.join(",",
					METHODS) + ")");
		}
	}

	/**
	 * The nonlocal defaults with the given per-group method; system properties
	 * {@code nonlocal.<field>} (e.g. {@code -Dnonlocal.lambda=0.05}) override a field, for
	 * the measurements that chose the defaults (docs/quality.md).
	 */
	static NonlocalSettings nonlocalSettings(final GroupMethod method) {
		final NonlocalSettings.Builder b = NonlocalSettings.builder().groupMethod(method);
		// the builder's setters are named after the fields
		for (final java.lang.reflect.Field f : NonlocalSettings.class.getFields()) {
			final String v = System.getProperty("nonlocal." + f.getName());
			if (v == null || java.lang.reflect.Modifier.isStatic(f.getModifiers())) continue;
			try {
				if (f.getType() == int.class) {
					NonlocalSettings.Builder.class.getMethod(f.getName(), int.class).invoke(b, Integer.parseInt(v));
				}
				else if (f.getType() == long.class) {
					NonlocalSettings.Builder.class.getMethod(f.getName(), long.class).invoke(b, Long.parseLong(v));
				}
				else if (f.getType() == double.class) {
					NonlocalSettings.Builder.class.getMethod(f.getName(), double.class).invoke(b, Double.parseDouble(v));
				}
			}
			catch (final ReflectiveOperationException e) {
				throw new IllegalStateException(e);
			}
		}
		return b.build();
	}

	/**
	 * GLRL as the "Greedy Low-Rank Learning" command runs it: its own defaults (depth 2:
	 * Alg. 1's depth, whose phases escape ε = 1e-7 quickly; at depth 3 the second phase
	 * does not escape within phase_steps on these images), validation as the other methods.
	 */
	static SolverSettings glrlSettings(final SolverSettings s) {
		return SolverSettings.GREEDY_DEFAULTS.toBuilder().validation(s.validation()).build();
	}

	/** {@code s} on the patch matrix of {@link #PATCH} x {@link #PATCH} patches at {@link #STRIDE}. */
	static SolverSettings lifted(final SolverSettings s) {
		return s.toBuilder().lifting(Lifting.HANKEL).patch(PATCH).stride(STRIDE).build();
	}

	/** Folder of the PNG strips (system property {@code strips}), or null: none written. */
	static final Path STRIPS = System.getProperty("strips") == null ? null : Paths.get(System.getProperty("strips"));

	/**
	 * One PNG per image and rate: masked input (missing pixels black), biharmonic, auto, and
	 * the absolute errors of biharmonic and auto ×4 (clipped at 255), side by side.
	 */
	static void writeStrip(final Path file, final Matrix truth, final boolean[] missing, final Matrix biharmonic,
		final Matrix auto) throws IOException
	{
		final int r = truth.rows, c = truth.cols;
		final ij.process.ByteProcessor strip = new ij.process.ByteProcessor(5 * c, r);
		for (int y = 0; y < r; y++) {
			for (int x = 0; x < c; x++) {
				final int q = y * c + x;
				final double[] panel = { missing[q] ? 0 : truth.re[q], biharmonic.re[q], auto.re[q], 4 * Math.abs(
					biharmonic.re[q] - truth.re[q]), 4 * Math.abs(auto.re[q] - truth.re[q]) };
				for (int k = 0; k < 5; k++) strip.set(k * c + x, y, (int) Math.round(Math.max(0, Math.min(255,
					panel[k]))));
			}
		}
		Files.createDirectories(file.getParent());
		new ij.io.FileSaver(new ImagePlus(file.getFileName().toString(), strip)).saveAsPng(file.toString());
	}

	/** The 4 × 4 mosaic of {@link #MOSAIC}. */
	static Matrix mosaic(final Path dir) {
		final Matrix m = Matrix.real(512, 512);
		for (int t = 0; t < 16; t++) {
			final Matrix tile = read(dir.resolve(ALL_IMAGES[t % ALL_IMAGES.length] + ".tif"));
			final int y0 = (t / 4) * 128, x0 = (t % 4) * 128;
			for (int y = 0; y < 128; y++) System.arraycopy(tile.re, y * 128, m.re, (y0 + y) * 512 + x0, 128);
		}
		return m;
	}

	/** A seeded random set of round(rate · size) missing pixels. */
	static boolean[] randomMissing(final int size, final double rate, final long seed) {
		final int[] idx = new int[size];
		for (int i = 0; i < size; i++) idx[i] = i;
		final Random rnd = new Random(seed);
		for (int i = size - 1; i > 0; i--) {
			final int j = rnd.nextInt(i + 1);
			final int t = idx[i];
			idx[i] = idx[j];
			idx[j] = t;
		}
		final boolean[] missing = new boolean[size];
		final int m = (int) Math.round(rate * size);
		for (int i = 0; i < m; i++) missing[idx[i]] = true;
		return missing;
	}

	static double psnr(final Matrix x, final Matrix truth) {
		double s = 0;
		for (int k = 0; k < x.re.length; k++) {
			final double d = x.re[k] - truth.re[k];
			s += d * d;
		}
		return 10 * Math.log10(255.0 * 255.0 / (s / x.re.length));
	}

	static Matrix read(final Path file) {
		final ImagePlus imp = new Opener().openImage(file.toString());
		if (imp == null) throw new IllegalArgumentException("cannot read " + file + " (run from the project folder)");
		final ImageProcessor ip = imp.getProcessor();
		final Matrix m = Matrix.real(imp.getHeight(), imp.getWidth());
		for (int y = 0; y < m.rows; y++) for (int x = 0; x < m.cols; x++) m.set(y, x, ip.getf(x, y));
		return m;
	}

}
