package org.deeplowrank.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.Random;

import org.deeplowrank.solver.DeepFactorization;
import org.deeplowrank.solver.DeepObjective;
import org.deeplowrank.solver.Initializers;
import org.deeplowrank.solver.JavaBackend;
import org.deeplowrank.solver.Matrix;
import org.deeplowrank.solver.MaskedCompletion;
import org.deeplowrank.solver.MatrixOps;

/**
 * Benchmark (not a test): milliseconds per gradient-descent iteration of the full-width
 * depth-N solver on d x d completion problems, and the GFLOP/s of one GEMM of the same
 * size measured in the same run. Prints a Markdown table and, with an argument, writes it
 * to that file.
 * <pre>
 * mvn -B -q test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=org.deeplowrank.bench.SolverBenchmark -Dexec.args="target/benchmark.md"
 * </pre>
 */
public final class SolverBenchmark {

	private static void iterate(final DeepObjective obj, final Matrix[] layers, final Matrix[] grads) {
		obj.evaluate(layers, grads);
		for (int j = 0; j < layers.length; j++) MatrixOps.axpy(-1e-4, grads[j], layers[j]);
	}

	public static void main(final String[] args) throws IOException {
		final int[] sizes = { 128, 256, 512 };
		final int depth = 3;
		final int threads = Runtime.getRuntime().availableProcessors();
		final StringBuilder out = new StringBuilder();
		out.append(String.format(Locale.ROOT, "Solver benchmark: depth %d, full width, masked completion (50%% observed), " +
			"java backend, %d threads, %s %s, %s%n%n", depth, threads, System.getProperty("java.vm.name"), System
				.getProperty("java.version"), System.getProperty("os.arch")));
		out.append("| d | ms / iteration | GFLOP/s (solver, 6(N-1)d^3 per it) | GEMM GFLOP/s (same d) |\n");
		out.append("|---|---|---|---|\n");
		for (final int d : sizes) {
			final JavaBackend be = new JavaBackend(threads);
			final Random rnd = new Random(d);
			final Matrix a = Initializers.gaussianMatrix(d, d, false, 1, rnd);
			final Matrix b = Initializers.gaussianMatrix(d, d, false, 1, rnd);
			final Matrix c = Matrix.real(d, d);
			// GEMM ceiling
			final int gemmReps = Math.max(3, (int) (2e9 / (2.0 * d * d * d)));
			for (int i = 0; i < 2; i++) be.mult(a, b, c);
			long t0 = System.nanoTime();
			for (int i = 0; i < gemmReps; i++) be.mult(a, b, c);
			final double gemmSec = (System.nanoTime() - t0) * 1e-9 / gemmReps;
			final double gemmGflops = 2.0 * d * d * d / gemmSec * 1e-9;
			// solver iterations
			final boolean[] missing = new boolean[d * d];
			for (int k = 0; k < missing.length; k++) missing[k] = rnd.nextBoolean();
			final int[] dims = DeepFactorization.dims(d, d, depth, 0);
			final DeepObjective obj = new DeepObjective(dims, false, new MaskedCompletion(a, missing), 0, be);
			final DeepFactorization w = Initializers.gaussian(dims, false, 0.01, rnd);
			final Matrix[] layers = new Matrix[depth], grads = new Matrix[depth];
			for (int j = 0; j < depth; j++) {
				layers[j] = w.layer(j + 1);
				grads[j] = layers[j].like();
			}
			// exactly the solver's inner loop (GradientDescent.run without the log rows)
			final int its = Math.max(10, (int) (6e9 / (6.0 * (depth - 1) * d * d * d)));
			for (int it = 0; it < 3; it++) iterate(obj, layers, grads);
			t0 = System.nanoTime();
			for (int it = 0; it < its; it++) iterate(obj, layers, grads);
			final double sec = (System.nanoTime() - t0) * 1e-9;
			final double msPerIt = sec * 1e3 / its;
			final double gflops = 6.0 * (depth - 1) * d * d * d / (msPerIt * 1e-3) * 1e-9;
			out.append(String.format(Locale.ROOT, "| %d | %.2f | %.2f | %.2f |%n", d, msPerIt, gflops, gemmGflops));
			System.err.printf(Locale.ROOT, "d=%d done (%d iterations)%n", d, its);
		}
		final PrintStream ps = new PrintStream(System.out, true, StandardCharsets.UTF_8);
		ps.print(out);
		if (args.length > 0) {
			final Path p = Paths.get(args[0]);
			if (p.getParent() != null) Files.createDirectories(p.getParent());
			Files.write(p, out.toString().getBytes(StandardCharsets.UTF_8));
		}
	}
}
