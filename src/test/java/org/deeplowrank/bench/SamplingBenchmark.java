package org.deeplowrank.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;

import org.deeplowrank.solver.gd.OptimizerKind;

/**
 * Where the fast engine's result can be kept ({@code optimizer=auto}'s rule,
 * {@code Reconstruction.MIN_OBSERVATIONS_PER_DOF}): random rank-r completions from well to
 * barely sampled, the engine at its defaults against gd's defaults in the same run, with
 * the fitted entries per degree of freedom of the width the engine found. Writes a
 * Markdown table with what the default route ({@code optimizer=auto}) chose and reached
 * ({@code out=}, default benchmark-sampling.md); {@code seconds=} caps each
 * run (default 40), {@code seed=} (default 1).
 */
public final class SamplingBenchmark {

	/** rows = cols, rank, missing fraction. */
	private static final double[][] CASES = { { 200, 5, 0.8 }, { 200, 10, 0.7 }, { 200, 20, 0.5 }, { 200, 30, 0.5 },
		{ 200, 10, 0.8 }, { 200, 5, 0.9 }, { 100, 3, 0.8 }, { 100, 5, 0.8 }, { 100, 2, 0.9 } };

	private SamplingBenchmark() {}

	public static void main(final String[] args) throws Exception {
		final java.util.Map<String, String> a = BenchmarkArgs.parse(args);
		final double seconds = Double.parseDouble(a.getOrDefault("seconds", "40"));
		final long seed = Long.parseLong(a.getOrDefault("seed", "1"));
		final Path out = Paths.get(a.getOrDefault("out", "benchmark-sampling.md"));
		final StringBuilder md = new StringBuilder();
		md.append(String.format(Locale.ROOT, "Machine: %d cores, %s; cap %.0f s per run; seed %d%n%n", Runtime
			.getRuntime().availableProcessors(), System.getProperty("java.vm.name"), seconds, seed));
		md.append("| n | rank | missing | engine rel (missing) | engine s | width | fitted / dof | gd rel | gd s | auto rel | auto via |\n");
		md.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
		for (final double[] c : CASES) {
			final int n = (int) c[0], r = (int) c[1];
			final TimeToErrorBenchmark.Case p = TimeToErrorBenchmark.lowRank("sampling", "sampling", n, n, r, c[2], 0, 3,
				seed);
			int observed = 0;
			for (final boolean m : p.missing) if (!m) observed++;
			final TimeToErrorBenchmark.Trace fast = TimeToErrorBenchmark.runFast(p, seconds, seed);
			final int width = Integer.parseInt(fast.note.replaceAll(".*width=(\\d+).*", "$1"));
			final double perDof = observed * 0.95 / ((double) width * (2 * n - width));
			final TimeToErrorBenchmark.Trace gd = TimeToErrorBenchmark.runDefaults("gd", OptimizerKind.GD, p, seconds, seed);
			// the default route: its choice between the two (Reconstruction.completeAuto)
			final TimeToErrorBenchmark.Trace auto = TimeToErrorBenchmark.runDefaults("auto", OptimizerKind.AUTO, p, seconds,
				seed);
			final String row = String.format(Locale.ROOT, "| %d | %d | %.0f %% | %.3g | %.2f | %d | %.2f | %.3g | %.2f | %.3g | %s |%n",
				n, r, 100 * c[2], fast.finalError, fast.seconds, width, perDof, gd.finalError, gd.seconds, auto.finalError,
				auto.note.contains("via=gd") ? "gd" : auto.note.contains("via=engine") ? "engine" : "?");
			System.err.print(row);
			md.append(row);
		}
		Files.write(out, md.toString().getBytes(StandardCharsets.UTF_8));
	}
}
