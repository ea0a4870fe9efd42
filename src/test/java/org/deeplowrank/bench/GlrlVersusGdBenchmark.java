package org.deeplowrank.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.deeplowrank.solver.Reconstruction;
import org.deeplowrank.solver.ReconstructionResult;
import org.deeplowrank.solver.SolverSettings;
import org.deeplowrank.solver.gd.Initializers;
import org.deeplowrank.solver.gd.LogRecord;
import org.deeplowrank.solver.gd.SolverListener;
import org.deeplowrank.solver.kernels.JavaBackend;
import org.deeplowrank.solver.linalg.Matrix;

/**
 * Benchmark (not a test): GLRL against full-width depth-3 GD on a d x d image of rank r
 * with 50 % of the pixels missing. Both log the observed-entry RMSE with wall-clock time;
 * the table reports the time each needs to reach the other's final observed RMSE.
 * <pre>
 * mvn -B -q test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=org.deeplowrank.bench.GlrlVersusGdBenchmark -Dexec.args="512 16 240"
 * </pre>
 * Arguments: d (512), rank (16), GD time budget in seconds (240).
 */
public final class GlrlVersusGdBenchmark {

	public static void main(final String[] args) {
		final int d = args.length > 0 ? Integer.parseInt(args[0]) : 512;
		final int rank = args.length > 1 ? Integer.parseInt(args[1]) : 16;
		final double budget = args.length > 2 ? Double.parseDouble(args[2]) : 240;
		final Random rnd = new Random(1);
		final Matrix u = Initializers.gaussianMatrix(d, rank, false, 1, rnd);
		final Matrix v = Initializers.gaussianMatrix(rank, d, false, 1 / Math.sqrt(rank), rnd);
		final Matrix img = Matrix.real(d, d);
		new JavaBackend().mult(u, v, img);
		for (int k = 0; k < img.re.length; k++) img.re[k] = 1000 + 100 * img.re[k];
		final boolean[] missing = new boolean[d * d];
		for (int k = 0; k < missing.length; k++) missing[k] = rnd.nextBoolean();

		final List<double[]> gdTrace = new ArrayList<>();
		final long t0 = System.nanoTime();
		final SolverSettings s = SolverSettings.builder().iterations(1_000_000).logEvery(20).singularValues(1).build();
		final ReconstructionResult gd = Reconstruction.complete(img, missing, img, s, tracer(gdTrace), () -> (System
			.nanoTime() - t0) * 1e-9 > budget);
		final List<double[]> glTrace = new ArrayList<>();
		final SolverSettings g = SolverSettings.GREEDY_DEFAULTS.toBuilder().logEvery(20).singularValues(1).maxRank(Math
			.min(d, 4 * rank)).build();
		final long t1 = System.nanoTime();
		final ReconstructionResult gl = Reconstruction.completeGreedy(img, missing, img, g, tracer(glTrace), () -> (System
			.nanoTime() - t1) * 1e-9 > 4 * budget);
		final double gdFinal = gdTrace.get(gdTrace.size() - 1)[1];
		final double glFinal = glTrace.get(glTrace.size() - 1)[1];
		System.out.printf(Locale.ROOT, "GLRL vs GD (depth 3, full width), %d x %d, rank %d, 50%% missing, %d threads%n%n", d,
			d, rank, Runtime.getRuntime().availableProcessors());
		System.out.println("| method | iterations | seconds | final observed RMSE | rel. error | seconds to reach the other's final RMSE |");
		System.out.println("|---|---|---|---|---|---|");
		System.out.printf(Locale.ROOT, "| GD | %d | %.1f | %.3g | %.3g | %s |%n", gd.steps(), gd.seconds, gdFinal,
			gd.relError, reach(gdTrace, glFinal));
		System.out.printf(Locale.ROOT, "| GLRL (%d phases) | %d | %.1f | %.3g | %.3g | %s |%n", gl.phases.size(),
			gl.steps(), gl.seconds, glFinal, gl.relError, reach(glTrace, gdFinal));
		// cost per iteration against the width: GLRL's phase r iterates with factors r wide
		final double gdMs = 1e3 * gd.seconds / Math.max(1, gd.steps());
		System.out.printf(Locale.ROOT, "%nms per iteration: full-width GD (width %d) %.2f%n%n", d, gdMs);
		System.out.println("| GLRL phase = width r | iterations | ms / iteration (incl. the phase's Lanczos) | ratio to GD |");
		System.out.println("|---|---|---|---|");
		for (final org.deeplowrank.solver.glrl.GreedyLowRank.Phase p : gl.phases) {
			if (p.iterations == 0) continue;
			final double ms = 1e3 * p.seconds / p.iterations;
			System.out.printf(Locale.ROOT, "| %d | %d | %.3f | %.4f |%n", p.phase, p.iterations, ms, ms / gdMs);
		}
	}

	private static SolverListener tracer(final List<double[]> trace) {
		return new SolverListener() {

			@Override
			public void logged(final LogRecord r) {
				trace.add(new double[] { r.seconds, r.rmse });
			}
		};
	}

	private static String reach(final List<double[]> trace, final double target) {
		for (final double[] p : trace) if (p[1] <= target) return String.format(Locale.ROOT, "%.1f", p[0]);
		return "not reached";
	}
}
