package org.deeplowrank.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.Map;

import org.deeplowrank.solver.baseline.SoftImpute;
import org.deeplowrank.solver.linalg.Matrix;

/**
 * SoftImpute's two ways of computing S_λ: a full SVD per iteration (the reference
 * algorithm) against the default route, the warm-started block subspace iteration with a
 * full SVD for the iterates whose rank is beyond the block's break-even
 * ({@code SoftImpute.Route.AUTO}). Random rank-16 n x n completions, half the entries
 * missing, both routes on the same data with the same λ (1 % of the estimated top value,
 * as {@code Reconstruction.softImpute} scales {@code lambda=0.01}) and tolerance. Writes a
 * Markdown table: seconds, iterations, relative error on the missing entries, seconds per
 * iteration (for the block route, of its block iterations: its time less its full-SVD
 * iterations at the full route's rate), the time ratio, the largest difference between
 * the two completions (over the largest entry) and what the block route did. Keys:
 * {@code out=} (default stdout), {@code cap=} (the full route's maxIterations, default
 * 200, so that the 512² run takes a few minutes; the block route gets 10 000),
 * {@code tolerance=} (default 1e-9, Reconstruction's), {@code seed=} (default 1),
 * {@code sizes=} (default 256,512).
 */
public final class SoftImputeBenchmark {

	private static final int RANK = 16;
	private static final double MISSING = 0.5, LAMBDA = 0.01;

	private SoftImputeBenchmark() {}

	public static void main(final String[] args) throws Exception {
		final Map<String, String> a = BenchmarkArgs.parse(args);
		final int cap = Integer.parseInt(a.getOrDefault("cap", "200"));
		final double tolerance = Double.parseDouble(a.getOrDefault("tolerance", "1e-9"));
		final long seed = Long.parseLong(a.getOrDefault("seed", "1"));
		final String out = a.get("out");
		final StringBuilder md = new StringBuilder();
		md.append(String.format(Locale.ROOT,
			"Machine: %d cores, %s; rank %d, %.0f %% missing, lambda = %.2g x sigma_1, tolerance %.0e; full route capped at %d iterations; seed %d%n%n",
			Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"), RANK, 100 * MISSING, LAMBDA,
			tolerance, cap, seed));
		md.append("| n | route | seconds | iterations | converged | rel error (missing) | s / iteration | time ratio full / block | max diff / max entry | block route steps |\n");
		md.append("|---|---|---|---|---|---|---|---|---|---|\n");
		for (final String size : a.getOrDefault("sizes", "256,512").split(",")) {
			final int n = Integer.parseInt(size.trim());
			final TimeToErrorBenchmark.Case c = TimeToErrorBenchmark.lowRank("softimpute", "softimpute", n, n, RANK,
				MISSING, 0, 1, seed);
			final double lambda = LAMBDA * org.deeplowrank.solver.baseline.SoftImputeTest.sigma(c.truth, c.missing);
			final SoftImpute.Steps fullSteps = new SoftImpute.Steps(), blockSteps = new SoftImpute.Steps();
			long t0 = System.nanoTime();
			final SoftImpute.Result full = SoftImpute.complete(c.truth, c.missing, lambda, cap, tolerance, null,
				SoftImpute.Route.FULL, fullSteps);
			final double fullSeconds = (System.nanoTime() - t0) * 1e-9;
			t0 = System.nanoTime();
			final SoftImpute.Result block = SoftImpute.complete(c.truth, c.missing, lambda, 10_000, tolerance, null,
				SoftImpute.Route.AUTO, blockSteps);
			final double blockSeconds = (System.nanoTime() - t0) * 1e-9;
			double diff = 0, max = 0;
			for (int k = 0; k < c.truth.re.length; k++) {
				diff = Math.max(diff, Math.abs(full.completed.re[k] - block.completed.re[k]));
				max = Math.max(max, Math.abs(c.truth.re[k]));
			}
			// the block route's own iterations: its time less its full-SVD iterations at the full route's rate
			final double perFull = fullSeconds / full.iterations;
			final double perBlock = (blockSeconds - blockSteps.full * perFull) / Math.max(1, blockSteps.partial);
			final String rows = String.format(Locale.ROOT,
				"| %d | full SVD | %.2f | %d | %s | %.4g | %.3f | | | |%n| %d | block (auto) | %.2f | %d | %s | %.4g | %.3f (block steps, est.) | %.1f | %.2g | %s |%n",
				n, fullSeconds, full.iterations, full.converged ? "yes" : "no", missingError(full.completed, c), perFull,
				n, blockSeconds, block.iterations, block.converged ? "yes" : "no", missingError(block.completed, c),
				perBlock, fullSeconds / blockSeconds, diff / max, blockSteps);
			System.err.print(rows);
			md.append(rows);
		}
		if (out == null) System.out.print(md);
		else Files.write(Paths.get(out), md.toString().getBytes(StandardCharsets.UTF_8));
	}

	private static double missingError(final Matrix z, final TimeToErrorBenchmark.Case c) {
		double e = 0, n = 0;
		for (int k = 0; k < c.missing.length; k++) {
			if (!c.missing[k]) continue;
			e += (z.re[k] - c.truth.re[k]) * (z.re[k] - c.truth.re[k]);
			n += c.truth.re[k] * c.truth.re[k];
		}
		return Math.sqrt(e / n);
	}
}
