package org.deeplowrank.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.deeplowrank.solver.Reconstruction;
import org.deeplowrank.solver.ReconstructionResult;
import org.deeplowrank.solver.SolverSettings;
import org.deeplowrank.solver.gd.LogRecord;
import org.deeplowrank.solver.linalg.Matrix;
import org.deeplowrank.solver.linalg.MatrixOps;
import org.deeplowrank.solver.TestMatrices;

/**
 * Benchmark (not a test): where the stopping rules of gradient descent fire at the default
 * keys with the iteration cap lifted ({@code iterations=} a large number), on exact and
 * noisy low-rank completions and plain fits of several sizes. For each case: the steps
 * taken, the rule that fired, the returned iteration, the relative error, and the first
 * logged iteration whose relative error is within 1 % of the final one (when the run had
 * in effect finished). This is the measurement behind the default {@code iterations} cap
 * (a safety cap above the steps these runs take, not the usual stopping rule).
 * <pre>
 * mvn -B -q test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=org.deeplowrank.bench.StoppingBenchmark -Dexec.args="out=target/stopping.md"
 * </pre>
 * Arguments (optional): {@code cap=} (the lifted cap, default 200000), {@code seconds=}
 * (max_seconds per run, default 120), {@code out=}.
 */
public final class StoppingBenchmark {

	private StoppingBenchmark() {}

	public static void main(final String[] args) throws IOException {
		int cap = 200000;
		double seconds = 120;
		String out = null;
		double tolerance = SolverSettings.DEFAULTS.gd().tolerance();
		for (final String a : args) {
			if (a.startsWith("tolerance=")) tolerance = Double.parseDouble(a.substring(10));
			if (a.startsWith("cap=")) cap = Integer.parseInt(a.substring(4));
			else if (a.startsWith("seconds=")) seconds = Double.parseDouble(a.substring(8));
			else if (a.startsWith("out=")) out = a.substring(4);
		}
		final List<String> rows = new ArrayList<>();
		rows.add("| case | steps | stop | returned | rel error | within 1 % of final at | seconds |");
		rows.add("|---|---|---|---|---|---|---|");
		final SolverSettings base = SolverSettings.builder().iterations(cap).maxSeconds(seconds).tolerance(tolerance)
			.build();
		rows.add(row("rank 3, 100x100, 50 % missing, exact", 100, 100, 3, 0.5, 0, 11, base));
		rows.add(row("rank 5, 100x100, 2000 observed, exact (DMF setting)", 100, 100, 5, 0.8, 0, 12, base));
		rows.add(row("rank 4, 160x192, 50 % missing, 1 % noise", 160, 192, 4, 0.5, 0.01, 13, base));
		rows.add(row("rank 8, 256x256, 50 % missing, exact", 256, 256, 8, 0.5, 0, 14, base));
		rows.add(row("rank 8, 256x256, 50 % missing, 5 % noise", 256, 256, 8, 0.5, 0.05, 15, base));
		rows.add(row("rank 4, 128x128, fully observed, exact", 128, 128, 4, 0, 0, 16, base));
		rows.add(row("rank 6, 90x70, 30 % missing, exact, depth 4", 90, 70, 6, 0.3, 0, 17, base.toBuilder().depth(4)
			.build()));
		final String table = String.join("\n", rows) + "\n";
		System.out.print(table);
		if (out != null) Files.write(Paths.get(out), table.getBytes(StandardCharsets.UTF_8));
	}

	private static String row(final String name, final int rows, final int cols, final int rank,
		final double missingFraction, final double noise, final long seed, final SolverSettings s)
	{
		final Matrix truth = TestMatrices.lowRank(rows, cols, rank, seed);
		final Matrix data = truth.copy();
		final Random rnd = new Random(seed + 1000);
		final double rms = Math.sqrt(MatrixOps.normF2(truth) / truth.size());
		for (int k = 0; k < data.size(); k++) data.re[k] += noise * rms * rnd.nextGaussian();
		boolean[] missing = null;
		if (missingFraction > 0) {
			missing = TestMatrices.missingExcept(rows * cols, (int) Math.round((1 - missingFraction) * rows * cols), seed +
				2000);
			for (int k = 0; k < missing.length; k++) if (missing[k]) data.re[k] = Double.NaN;
		}
		final ReconstructionResult r = Reconstruction.complete(data, missing, truth, s, null, null);
		final double last = r.log.get(r.log.size() - 1).relError;
		int within = -1;
		for (final LogRecord rec : r.log) {
			if (rec.relError <= 1.01 * last + 1e-12) {
				within = rec.iteration;
				break;
			}
		}
		System.out.println(name + ": " + r.summaryLine() + " :: " + r.message);
		return String.format(Locale.ROOT, "| %s | %d | %s | %d | %.3g | %d | %.1f |", name, r.steps(), r.stopReason.key(), r
			.returnedIteration(), r.relError, within, r.seconds);
	}
}
