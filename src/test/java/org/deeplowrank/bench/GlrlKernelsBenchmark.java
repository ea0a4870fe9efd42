package org.deeplowrank.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.deeplowrank.solver.Reconstruction;
import org.deeplowrank.solver.ReconstructionResult;
import org.deeplowrank.solver.SolverSettings;
import org.deeplowrank.solver.kernels.BackendKind;

/**
 * Benchmark (not a test): {@code method=glrl} with {@code backend=java} against
 * {@code backend=auto} (native OpenBLAS in double when it loads) on random low-rank images
 * (X = U Vᵀ / sqrt(r), {@link TimeToErrorBenchmark#lowRank}), 50 % missing, at GLRL's
 * defaults ({@link SolverSettings#GREEDY_DEFAULTS}). The two backends run interleaved in
 * the same process, alternating which goes first from repetition to repetition, so that
 * load and JIT state fall on both alike; the table has one row per run and the java/auto
 * time ratio of each pair.
 * <pre>
 * mvn -B -q test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=org.deeplowrank.bench.GlrlKernelsBenchmark \
 *   -Dexec.args="out=target/glrl-kernels.md"
 * </pre>
 * Arguments (all optional): {@code cases=} (comma list of size:rank, default 256:8,512:16),
 * {@code reps=} (pairs per case, default 2: one in each order), {@code threads=} (default 0 = all
 * processors), {@code seed=} (default 1), {@code out=} (Markdown file; default prints only).
 */
public final class GlrlKernelsBenchmark {

	private GlrlKernelsBenchmark() {}

	public static void main(final String[] args) throws IOException {
		final Map<String, String> a = BenchmarkArgs.parse(args);
		final String[] cases = a.getOrDefault("cases", "256:8,512:16").split(",");
		final int reps = Integer.parseInt(a.getOrDefault("reps", "2"));
		final int threads = Integer.parseInt(a.getOrDefault("threads", "0"));
		final long seed = Long.parseLong(a.getOrDefault("seed", "1"));
		final List<String> lines = new ArrayList<>();
		lines.add(String.format(Locale.ROOT, "GLRL defaults (depth 2, eps 1e-7, tolerance 1e-4), 50 %% missing, " +
			"threads=%d (%d processors), seed %d", threads, Runtime.getRuntime().availableProcessors(), seed));
		lines.add("");
		lines.add("| case | rep | backend (ran) | seconds | steps | phases | rel error (missing) | stop | java / auto time |");
		lines.add("|---|---|---|---|---|---|---|---|---|");
		for (final String spec : cases) {
			final String[] sr = spec.split(":");
			final int d = Integer.parseInt(sr[0]), rank = Integer.parseInt(sr[1]);
			final String name = d + "² r" + rank;
			final TimeToErrorBenchmark.Case c = TimeToErrorBenchmark.lowRank("glrl" + d, name, d, d, rank, 0.5, 0, 2,
				seed);
			final TimeToErrorBenchmark.MissingError err = new TimeToErrorBenchmark.MissingError(c);
			final SolverSettings base = SolverSettings.GREEDY_DEFAULTS.toBuilder().seed(seed).threads(threads).build();
			for (int rep = 1; rep <= reps; rep++) {
				// alternate the order, so that neither backend always runs on a cold JIT or a warm cache
				final BackendKind[] order = rep % 2 == 1 ? new BackendKind[] { BackendKind.JAVA, BackendKind.AUTO }
					: new BackendKind[] { BackendKind.AUTO, BackendKind.JAVA };
				final ReconstructionResult[] byKind = new ReconstructionResult[2];
				for (final BackendKind kind : order) {
					final ReconstructionResult r = Reconstruction.completeGreedy(TimeToErrorBenchmark.observedData(c),
						c.missing, c.truth, base.toBuilder().backend(kind).build(), null, null);
					byKind[kind == BackendKind.JAVA ? 0 : 1] = r;
					System.err.printf(Locale.ROOT, "%s rep %d %s: %.2f s, %d steps, %d phases%n", name, rep, r.backend,
						r.seconds, r.steps(), r.phases.size());
				}
				final double ratio = byKind[0].seconds / byKind[1].seconds;
				for (int k = 0; k < 2; k++) {
					final ReconstructionResult r = byKind[k];
					lines.add(String.format(Locale.ROOT, "| %s | %d | %s (%s) | %.2f | %d | %d | %.3g | %s | %s |", name, rep,
						k == 0 ? "java" : "auto", r.backend, r.seconds, r.steps(), r.phases.size(), err.of(r.reconstruction),
						r.stopReason.key(), k == 1 ? String.format(Locale.ROOT, "**%.2f×**", ratio) : ""));
				}
			}
		}
		final String table = String.join("\n", lines) + "\n";
		System.out.print(table);
		if (a.containsKey("out")) {
			final Path out = Paths.get(a.get("out"));
			if (out.getParent() != null) Files.createDirectories(out.getParent());
			Files.write(out, table.getBytes(StandardCharsets.UTF_8));
		}
	}
}
