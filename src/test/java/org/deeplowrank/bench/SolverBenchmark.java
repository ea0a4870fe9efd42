package org.deeplowrank.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import org.deeplowrank.solver.gd.DeepFactorization;
import org.deeplowrank.solver.gd.DeepObjective;
import org.deeplowrank.solver.gd.Initializers;
import org.deeplowrank.solver.kernels.BackendKind;
import org.deeplowrank.solver.kernels.DenseKernels.Buffer;
import org.deeplowrank.solver.kernels.DenseKernels;
import org.deeplowrank.solver.kernels.Kernels;
import org.deeplowrank.solver.kernels.Precision;
import org.deeplowrank.solver.linalg.Matrix;
import org.deeplowrank.solver.problem.MaskedCompletion;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Benchmark (not a test): milliseconds per gradient-descent iteration of the full-width
 * depth-N solver on d x d completion problems (50 % observed) for each backend x precision,
 * the achieved GFLOP/s, and, measured in the same run, the GFLOP/s of one d x d x d GEMM of
 * the same kernels (the ceiling) and of EJML's {@code CommonOps_DDRM.mult} (single-threaded
 * double, the reference for "java ≥ 2× EJML"). Prints a Markdown table and writes it to
 * {@code out=} when given.
 * <p>
 * One iteration is exactly the solver's inner loop ({@code GradientDescent.run} without its
 * log rows): the objective and layer gradients (3(N−1) GEMMs, {@link DeepObjective}), the
 * gradient norm and the step into the spare buffers. Flops counted: 6(N−1)d³ (2d³ per GEMM;
 * the element-wise work is O(d²)).
 * <pre>
 * mvn -B -q test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=org.deeplowrank.bench.SolverBenchmark \
 *   -Dexec.args="out=target/benchmark.md sizes=128,256,512,1024 depths=2,3,4"
 * </pre>
 * Arguments (all optional): {@code sizes=}, {@code depths=}, {@code kernels=} (comma lists;
 * kernels among java/float, java/double, native/float, native/double), {@code threads=}
 * (0 = all), {@code seconds=} (time per measurement, default 2), {@code out=}; {@code omega=d}
 * prints instead dense against residual-on-Ω ms per iteration at {@code fractions=}.
 */
public final class SolverBenchmark {

	/** One measured cell, also read by the peer script's comparison. */
	static final class Row {

		String kernels;
		int d, depth;
		double msPerIteration, gflops, gemmGflops, ejmlGflops;
	}

	public static void main(final String[] args) throws IOException {
		final Map<String, String> a = BenchmarkArgs.parse(args);
		final int[] sizes = ints(a.getOrDefault("sizes", "128,256,512,1024"));
		final int[] depths = ints(a.getOrDefault("depths", "2,3,4"));
		final int threads = Kernels.threads(Integer.parseInt(a.getOrDefault("threads", "0")));
		final double seconds = Double.parseDouble(a.getOrDefault("seconds", "2"));
		final List<String> kernelNames = new ArrayList<>();
		for (final String k : a.getOrDefault("kernels", "native/float,native/double,java/float,java/double").split(","))
			if (!k.startsWith("native") || Kernels.nativeAvailable()) kernelNames.add(k.trim());
		final StringBuilder out = new StringBuilder();
		if (a.containsKey("omega")) {
			omegaTable(a, kernelNames, threads, seconds, out);
			return;
		}
		out.append(String.format(Locale.ROOT, "Machine: %s, %d cores (%d threads used), %s %s, %s%n%n", cpuModel(),
			Runtime.getRuntime().availableProcessors(), threads, System.getProperty("java.vm.name"), System.getProperty(
				"java.version"), System.getProperty("os.arch")));
		if (!Kernels.nativeAvailable()) out.append("Native kernels unavailable: " + Kernels.nativeFailure() + "\n\n");
		out.append("| kernels | d | N | ms / iteration | solver GFLOP/s | GEMM GFLOP/s (ceiling, same run) | " +
			"solver / ceiling | EJML mult GFLOP/s | solver / EJML |\n");
		out.append("|---|---|---|---|---|---|---|---|---|\n");
		final Map<Integer, Double> ejml = new LinkedHashMap<>();
		for (final int d : sizes) {
			ejml.put(d, ejmlGflops(d, seconds));
			System.err.printf(Locale.ROOT, "d=%d: EJML mult %.2f GFLOP/s%n", d, ejml.get(d));
		}
		for (final String name : kernelNames) {
			for (final int d : sizes) {
				for (final int depth : depths) {
					final Row r = new Row();
					r.kernels = name;
					r.d = d;
					r.depth = depth;
					// the ceiling is measured right before and after the solver (the mean of both), so that
					// a machine shared with other work loads both alike
					final double gemm;
					try (DenseKernels k = kernels(name, threads)) {
						final double before = gemmGflops(k, d, seconds / 2);
						r.msPerIteration = msPerIteration(k, d, depth, seconds);
						gemm = 0.5 * (before + gemmGflops(k, d, seconds / 2));
					}
					r.gflops = 6.0 * (depth - 1) * d * (double) d * d / (r.msPerIteration * 1e-3) * 1e-9;
					r.gemmGflops = gemm;
					r.ejmlGflops = ejml.get(d);
					final String line = String.format(Locale.ROOT, "| %s | %d | %d | %.2f | %.1f | %.1f | %.0f %% | %.1f | %.1f× |%n",
						r.kernels, r.d, r.depth, r.msPerIteration, r.gflops, r.gemmGflops, 100 * r.gflops / r.gemmGflops,
						r.ejmlGflops, r.gflops / r.ejmlGflops);
					out.append(line);
					System.err.print(line);
				}
			}
		}
		finish(a, out);
	}

	private static void finish(final Map<String, String> a, final StringBuilder out) throws IOException {
		System.out.print(out);
		if (a.containsKey("out")) {
			final Path p = Paths.get(a.get("out"));
			if (p.getParent() != null) Files.createDirectories(p.getParent());
			Files.write(p, out.toString().getBytes(StandardCharsets.UTF_8));
		}
		System.exit(0);
	}

	/**
	 * {@code omega=d}: ms per iteration of the dense residual path against the residual on Ω
	 * only, same kernels, same run, at the observed fractions {@code fractions=} (default
	 * 0.05,0.1,0.2), depth {@code depths=} (first value; default 3), full width.
	 */
	private static void omegaTable(final Map<String, String> a, final List<String> kernelNames, final int threads,
		final double seconds, final StringBuilder out) throws IOException
	{
		final int d = Integer.parseInt(a.get("omega"));
		final int depth = ints(a.getOrDefault("depths", "3"))[0];
		final String[] fractions = a.getOrDefault("fractions", "0.05,0.1,0.2").split(",");
		out.append(String.format(Locale.ROOT, "Machine: %s, %d cores (%d threads used), %s %s%n%n", cpuModel(), Runtime
			.getRuntime().availableProcessors(), threads, System.getProperty("java.vm.name"), System.getProperty(
				"java.version")));
		out.append("| kernels | d | N | observed | dense ms / iteration | Ω ms / iteration | Ω / dense | automatic |\n");
		out.append("|---|---|---|---|---|---|---|---|\n");
		for (final String name : kernelNames) {
			for (final String f : fractions) {
				final double observed = Double.parseDouble(f.trim());
				try (DenseKernels k = kernels(name, threads)) {
					final double dense = msPerIteration(k, d, depth, observed, DeepObjective.Residual.DENSE, seconds);
					final DeepObjective auto = objective(k, d, depth, observed, null, new Random(1));
					final String chosen = auto.residual().key();
					final String line;
					if (!k.hasSampledKernels()) {
						line = String.format(Locale.ROOT, "| %s | %d | %d | %.0f %% | %.2f | – | – | %s |%n", name, d, depth, 100 *
							observed, dense, chosen);
					}
					else {
						final double omega = msPerIteration(k, d, depth, observed, DeepObjective.Residual.OMEGA, seconds);
						line = String.format(Locale.ROOT, "| %s | %d | %d | %.0f %% | %.2f | %.2f | %.2f | %s |%n", name, d, depth,
							100 * observed, dense, omega, omega / dense, chosen);
					}
					out.append(line);
					System.err.print(line);
				}
			}
		}
		finish(a, out);
	}

	private static int[] ints(final String list) {
		final String[] parts = list.split(",");
		final int[] v = new int[parts.length];
		for (int i = 0; i < v.length; i++) v[i] = Integer.parseInt(parts[i].trim());
		return v;
	}

	private static DenseKernels kernels(final String name, final int threads) {
		final String[] p = name.split("/");
		final Matrix one = Matrix.real(1, 1);
		return Kernels.create(BackendKind.parse(p[0]), Precision.parse(p[1]), threads, new MaskedCompletion(one, null),
			false);
	}

	/** Runs {@code body} until {@code seconds} have passed (after one warm-up second); seconds per call. */
	private static double time(final Runnable body, final double seconds) {
		long t0 = System.nanoTime();
		int warm = 0;
		while (warm < 2 || (System.nanoTime() - t0) < 0.5e9 * seconds) {
			body.run();
			warm++;
		}
		t0 = System.nanoTime();
		int n = 0;
		while (n < 3 || (System.nanoTime() - t0) < 1e9 * seconds) {
			body.run();
			n++;
		}
		return (System.nanoTime() - t0) * 1e-9 / n;
	}

	private static Matrix random(final int d, final Random rnd) {
		return Initializers.gaussianMatrix(d, d, false, 1, rnd);
	}

	private static double gemmGflops(final DenseKernels k, final int d, final double seconds) {
		final Random rnd = new Random(d);
		final Buffer a = k.allocate(d, d), b = k.allocate(d, d), c = k.allocate(d, d);
		k.upload(random(d, rnd), a);
		k.upload(random(d, rnd), b);
		return 2.0 * d * d * d / time(() -> k.gemm(false, a, false, b, 1, 0, c), seconds) * 1e-9;
	}

	private static double ejmlGflops(final int d, final double seconds) {
		final Random rnd = new Random(d);
		final DMatrixRMaj a = new DMatrixRMaj(d, d, true, random(d, rnd).re);
		final DMatrixRMaj b = new DMatrixRMaj(d, d, true, random(d, rnd).re);
		final DMatrixRMaj c = new DMatrixRMaj(d, d);
		return 2.0 * d * d * d / time(() -> CommonOps_DDRM.mult(a, b, c), seconds) * 1e-9;
	}

	/** The solver's inner loop on a d x d completion (50 % observed), depth N, full width. */
	private static double msPerIteration(final DenseKernels k, final int d, final int depth, final double seconds) {
		return msPerIteration(k, d, depth, 0.5, null, seconds);
	}

	/** A d x d completion with the given observed fraction, depth N, full width; residual null = automatic. */
	private static DeepObjective objective(final DenseKernels k, final int d, final int depth, final double observed,
		final DeepObjective.Residual residual, final Random rnd)
	{
		final Matrix target = random(d, rnd);
		final boolean[] missing = new boolean[d * d];
		for (int i = 0; i < missing.length; i++) missing[i] = rnd.nextDouble() >= observed;
		return new DeepObjective(DeepFactorization.dims(d, d, depth, 0), new MaskedCompletion(target, missing), 0, k,
			residual);
	}

	/** The solver's inner loop (see the class comment) for {@link #objective}. */
	private static double msPerIteration(final DenseKernels k, final int d, final int depth, final double observed,
		final DeepObjective.Residual residual, final double seconds)
	{
		final Random rnd = new Random(31L * d + depth);
		final DeepObjective obj = objective(k, d, depth, observed, residual, rnd);
		final int[] dims = obj.dims();
		final DeepFactorization init = Initializers.gaussian(dims, false, 0.1, rnd);
		final Buffer[][] cur = { new Buffer[depth] };
		final Buffer[][] spare = { new Buffer[depth] };
		final Buffer[] grads = new Buffer[depth];
		for (int j = 0; j < depth; j++) {
			final Matrix w = init.layer(j + 1);
			cur[0][j] = k.allocate(w.rows, w.cols);
			k.upload(w, cur[0][j]);
			spare[0][j] = k.allocate(w.rows, w.cols);
			grads[j] = k.allocate(w.rows, w.cols);
		}
		// a tiny step keeps the iterates finite for any number of iterations
		final double eta = 1e-6;
		final double sec = time(() -> {
			obj.evaluate(cur[0], grads);
			double g2 = 0;
			for (final Buffer g : grads) g2 += k.norm2(g);
			if (!Double.isFinite(g2)) throw new IllegalStateException("benchmark iterate diverged");
			for (int j = 0; j < depth; j++) k.step(cur[0][j], eta, grads[j], spare[0][j]);
			final Buffer[] x = cur[0];
			cur[0] = spare[0];
			spare[0] = x;
		}, seconds);
		return sec * 1e3;
	}

	private static String cpuModel() {
		try {
			for (final String l : Files.readAllLines(Paths.get("/proc/cpuinfo"))) {
				if (l.startsWith("model name")) return l.substring(l.indexOf(':') + 1).trim();
			}
		}
		catch (final IOException | RuntimeException e) {
			// not Linux: the arch below says enough
		}
		return System.getProperty("os.name");
	}
}
