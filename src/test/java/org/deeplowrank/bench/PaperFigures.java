package org.deeplowrank.bench;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import ij.IJ;
import ij.gui.Plot;

import org.deeplowrank.headless.HeadlessRunner;
import org.deeplowrank.headless.TestFiles;
import org.deeplowrank.io.LogTable;
import org.deeplowrank.io.LossPlots;
import org.deeplowrank.solver.Reconstruction;
import org.deeplowrank.solver.ReconstructionResult;
import org.deeplowrank.solver.SolverSettings;
import org.deeplowrank.solver.Units;
import org.deeplowrank.solver.gd.DeepFactorization;
import org.deeplowrank.solver.gd.DeepObjective;
import org.deeplowrank.solver.gd.GradientDescent;
import org.deeplowrank.solver.gd.InitKind;
import org.deeplowrank.solver.gd.Initializers;
import org.deeplowrank.solver.gd.LogRecord;
import org.deeplowrank.solver.kernels.JavaBackend;
import org.deeplowrank.solver.linalg.Matrix;
import org.deeplowrank.solver.linalg.Orthonormal;
import org.deeplowrank.solver.linalg.Svd;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * The seeds' checkable claims run through the tool (docs/papers.md): every run that a
 * command can express goes through the headless runner with {@code units=paper}, exactly
 * the option string docs/papers.md prints; the two settings no key can express (4L K.1's
 * fixed initial spectrum, ACGH Claim 4's unbalanced layers) run on the solver API, and say
 * so. Writes the inputs ({@code inputs/}), one PNG per claim and {@code results.md} (the
 * measured values beside the papers') into the output folder.
 * <p>
 * Not a test. Arguments: {@code out=docs/papers} (default), {@code full=true} (Arora's
 * whole grid of init scales 1e-3 … 1e-6 and more seeds; the default takes minutes).
 * <pre>
 * mvn -B -q test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=org.deeplowrank.bench.PaperFigures -Dexec.args="out=docs/papers"
 * </pre>
 */
public final class PaperFigures {

	private static final Color[] COLORS = { Color.BLUE, Color.RED, new Color(0, 150, 0), Color.MAGENTA, Color.ORANGE,
		Color.CYAN.darker(), Color.GRAY, Color.BLACK };

	private final Path out, inputs, work;
	private final boolean full;
	private final List<String> rows = new ArrayList<>();
	private final List<String> commands = new ArrayList<>();

	private PaperFigures(final Path out, final boolean full) throws IOException {
		this.out = out;
		this.full = full;
		inputs = out.resolve("inputs");
		Files.createDirectories(inputs);
		work = Files.createTempDirectory("paper-figures");
	}

	public static void main(final String[] args) throws IOException {
		Path out = Paths.get("docs/papers");
		boolean full = false;
		for (final String a : args) {
			if (a.startsWith("out=")) out = Paths.get(a.substring(4));
			else if (a.equals("full=true") || a.equals("full")) full = true;
			else throw new IllegalArgumentException("unknown argument '" + a + "' (expected out=folder, full=true)");
		}
		final PaperFigures f = new PaperFigures(out, full);
		final long start = System.nanoTime();
		final String only = System.getProperty("papers.only", "4l,acgh,glrl,arora,wind,mvm");
		if (only.contains("4l")) f.fourLayer();
		if (only.contains("acgh")) f.acgh();
		if (only.contains("glrl")) f.glrl();
		if (only.contains("arora")) f.arora();
		if (only.contains("wind")) f.wind();
		if (only.contains("mvm")) f.mvm();
		f.writeResults((System.nanoTime() - start) * 1e-9);
	}

	// -- 4L: four-layer-global-convergence.md -----------------------------------------------

	private void fourLayer() throws IOException {
		final Path id = matrix("identity5.txt", TestFiles.identity(5));
		// (a) complex Haar-balanced (4L eq. 6), App. K.1/K.2 settings, depths 2, 3, 4, seeds
		final int seeds = full ? 10 : 5;
		final double[][] toThreshold = new double[3][seeds];
		final double[][] finalLoss = new double[3][seeds];
		Path runTables = null;
		for (int seed = 0; seed < seeds; seed++) {
			final Path study = work.resolve("4l_study" + seed + ".csv"), tables = work.resolve("4l_runs" + seed);
			final String opts = "image=" + id + ",units=paper,init=haar,field=complex,scales=[0.05],lr=0.1," +
				"depths=[2 3 4],iterations=150000,tolerance=0,threshold=1e-6,seed=" + seed;
			if (seed == 0) command("4L K.1/K.2, complex, depths 2-4", "Factorization Dynamics", opts +
				",study_table=study.csv,plot=loss.png");
			run("Factorization Dynamics", opts + ",study_table=" + study + ",run_tables=" + tables);
			final LogTable t = LogTable.readCsv(study);
			for (int k = 0; k < 3; k++) {
				toThreshold[k][seed] = t.column("iterations_to_threshold")[k];
				finalLoss[k][seed] = t.column("final_loss")[k];
			}
			if (seed == 0) runTables = tables;
		}
		final Figure fig = new Figure("4L K.1/K.2: complex Haar-balanced, eps = 0.05, eta = 0.1, Sigma = I_5 (seed 0)",
			"iteration", "loss", true);
		try (java.util.stream.Stream<Path> s = Files.list(runTables)) {
			for (final Path p : (Iterable<Path>) s.sorted()::iterator) {
				final LogTable t = LogTable.readCsv(p);
				fig.curve("depth " + (int) t.column("depth")[0], t.column("iteration"), t.column("loss"));
			}
		}
		fig.save(out.resolve("4l_complex_depths.png"));
		// (b) the exact K.1 initial spectrum Sigma_w(0) = eps diag(1, .8, .6, .5, .9): no key sets
		// G's singular values, so this runs on the solver API (same objective and GD)
		final int[] exact = new int[3];
		for (int depth = 2; depth <= 4; depth++) exact[depth - 2] = k1FixedSpectrum(depth, true, 0);
		for (int k = 0; k < 3; k++) {
			final double[] sorted = toThreshold[k].clone();
			Arrays.sort(sorted);
			double maxLoss = 0;
			for (final double v : finalLoss[k]) maxLoss = Math.max(maxLoss, v);
			row("4L", "K.1/K.2: complex Haar-balanced init converges, depth " + (k + 2) + " (eps 0.05, eta 0.1, d 5)",
				"converges; deeper takes more iterations (Fig. 3, no table)", String.format(Locale.ROOT,
					"iterations to loss <= 1e-6 x initial: median %.0f (range %.0f-%.0f over %d seeds); exact K.1 spectrum " +
						"(API): %d; final loss <= %.2g", median(sorted), sorted[0], sorted[sorted.length - 1], seeds,
					exact[k], maxLoss), maxLoss < 1e-10 ? "yes" : "no", "4l_complex_depths.png");
		}
		// (c) real Haar-balanced, depth 4: stall at 1/2 exactly when det W(0) < 0 (Thm. 3, Fig. 1)
		final Figure real = new Figure("4L Thm. 3: real Haar-balanced, depth 4, eps = 0.05, eta = 0.1, Sigma = I_5", "iteration", "loss",
			true);
		final int realSeeds = full ? 16 : 8;
		int negatives = 0, stalled = 0, positives = 0, converged = 0;
		double worstStall = 0;
		final Matrix target = Matrix.real(5, 5);
		for (int i = 0; i < 5; i++) target.set(i, i, 1);
		for (int seed = 0; seed < realSeeds; seed++) {
			final Path log = work.resolve("4l_real" + seed + ".csv");
			final String opts = "image=" + id + ",units=paper,method=gd,init=haar,field=real,scale=0.05,lr=0.1,depth=4," +
				"iterations=20000,tolerance=0,log_every=50,seed=" + seed;
			if (seed == 0) command("4L real, depth 4", "Complete Masked Image", opts + ",table=log.csv");
			run("Complete Masked Image", opts + ",table=" + log);
			final LogTable t = LogTable.readCsv(log);
			final double[] loss = t.column("loss");
			final double last = loss[loss.length - 1];
			final double det = det(initialProduct(SolverSettings.builder().units(Units.PAPER).init(InitKind.HAAR).scale(
				0.05).lr(0.1).depth(4).iterations(0).seed(seed).build(), target));
			if (det < 0) {
				negatives++;
				if (Math.abs(last - 0.5) < 1e-6) stalled++;
				worstStall = Math.max(worstStall, Math.abs(last - 0.5));
			}
			else {
				positives++;
				if (last < 1e-8) converged++;
			}
			real.curve(String.format(Locale.ROOT, "seed %d, det W(0) %s 0", seed, det < 0 ? "<" : ">"), t.column(
				"iteration"), loss);
		}
		real.save(out.resolve("4l_real_det.png"));
		row("4L", "Thm. 3 / K.1: real Haar-balanced, depth 4, stalls at loss 1/2 iff det W(0) < 0",
			"det < 0: saddle, loss 1/2 (prob. 1/2); det > 0: converges", String.format(Locale.ROOT,
				"det<0: %d/%d seeds stalled, |loss - 0.5| <= %.1e at 20000 it.; det>0: %d/%d converged (loss < 1e-8)",
				stalled, negatives, worstStall, converged, positives), stalled == negatives && converged == positives
					? "yes" : "no", "4l_real_det.png");
	}

	/**
	 * 4L K.1's initialization with its fixed spectrum: W_j = ε Q_{j,j+1} D Q_{j−1,j}^H, D =
	 * diag(1, 0.8, 0.6, 0.5, 0.9) (D = D^H, so eq. 6's odd/even cases coincide), Q Haar; GD
	 * with η = 0.1 on ½‖W − I‖² until the loss is ≤ 1e-6 of the initial one.
	 */
	private static int k1FixedSpectrum(final int depth, final boolean complex, final long seed) {
		final int d = 5;
		final double eps = 0.05;
		final double[] spectrum = { 1, 0.8, 0.6, 0.5, 0.9 };
		final Random rnd = new Random(seed);
		final Matrix[] q = new Matrix[depth + 1];
		for (int j = 0; j <= depth; j++) q[j] = Orthonormal.haarColumns(d, d, complex, rnd);
		final JavaBackend be = new JavaBackend(1);
		final Matrix[] w = new Matrix[depth];
		for (int j = 1; j <= depth; j++) {
			final Matrix qd = q[j].copy();
			for (int r = 0; r < d; r++)
				for (int c = 0; c < d; c++) {
					qd.re[r * d + c] *= eps * spectrum[c];
					if (complex) qd.im[r * d + c] *= eps * spectrum[c];
				}
			w[j - 1] = new Matrix(d, d, complex);
			be.gemm(false, qd, true, q[j - 1], 1, 0, w[j - 1]);
		}
		final Matrix target = Matrix.real(d, d);
		for (int i = 0; i < d; i++) target.set(i, i, 1);
		final int[] dims = new int[depth + 1];
		Arrays.fill(dims, d);
		final DeepObjective objective = new DeepObjective(dims, complex,
			new org.deeplowrank.solver.problem.FullObservation(target), 0, be);
		final GradientDescent.Options o = new GradientDescent.Options();
		o.step = 0.1;
		o.maxIterations = 200000;
		o.logEvery = 10;
		final GradientDescent.Result r = new GradientDescent(objective, be, o).run(new DeepFactorization(w), null,
			() -> false);
		// iterations to 1e-6 of the initial loss, read from the log
		final double loss0 = r.log.get(0).loss;
		for (final LogRecord rec : r.log) if (rec.loss <= 1e-6 * loss0) return rec.iteration;
		return -1;
	}

	// -- ACGH: deep-linear-convergence-arora.md ---------------------------------------------

	private void acgh() throws IOException {
		// Claim 5: symmetric target with eigenvalue -lambda, identity init, even depth
		final double c = Math.cos(0.7), s = Math.sin(0.7);
		final double[][] q = { { c, -s, 0 }, { s * 0.6, c * 0.6, 0.8 }, { -s * 0.8, -c * 0.8, 0.6 } };
		final double[][] phi = symmetric(q, new double[] { 1.5, 1, -0.5 });
		final Path phiPath = matrix("acgh_claim5_phi.txt", phi);
		final double lambda = -minEigenvalue(phi); // of the float values the runner reads
		final Figure f5 = new Figure("ACGH Claim 5: identity init, eig(Phi) = {1.5, 1, -0.5}, eta = 0.05", "iteration",
			"loss", true);
		final StringBuilder measured = new StringBuilder();
		boolean holds = true;
		for (final int depth : new int[] { 2, 4 }) {
			final Path log = work.resolve("claim5_" + depth + ".csv");
			final String opts = "image=" + phiPath + ",units=paper,method=gd,init=identity,scale=1,lr=0.05,depth=" + depth +
				",iterations=20000,tolerance=0,log_every=10";
			if (depth == 2) command("ACGH Claim 5", "Complete Masked Image", opts + ",table=log.csv");
			run("Complete Masked Image", opts + ",table=" + log);
			final LogTable t = LogTable.readCsv(log);
			final double[] loss = t.column("loss");
			double min = Double.POSITIVE_INFINITY;
			for (final double v : loss) min = Math.min(min, v);
			holds &= min >= lambda * lambda / 2 - 1e-12;
			measured.append(String.format(Locale.ROOT, "%sdepth %d: min loss %.9f, final %.9f", measured.length() > 0
				? "; " : "", depth, min, loss[loss.length - 1]));
			f5.curve("depth " + depth, t.column("iteration"), loss);
		}
		f5.constant("lambda^2/2", lambda * lambda / 2, 0, 20000);
		f5.save(out.resolve("acgh_claim5.png"));
		row("ACGH", "Claim 5: 0-balanced identity init, symmetric Phi with eigenvalue -lambda, even depth: loss >= " +
			"lambda^2/2 forever", String.format(Locale.ROOT, "loss >= lambda^2/2 = %.9f", lambda * lambda / 2), measured
				.toString(), holds ? "yes" : "no", "acgh_claim5.png");

		// Claim 4: unbalanced layers (eq. 50-51) diverge at a step where the balanced ones converge
		final double margin = 0.8, eta = 0.1;
		final int n = 2;
		final double a = Math.max(Math.max(Math.max(Math.sqrt(eta * n), 2 / (eta * (1 - margin) * Math.pow(margin,
			(n - 1.0) / n))), Math.max(2000, 20 / eta)), Math.pow(20 * Math.pow(10, 2 * n - 1) / Math.pow(eta, 2 * n),
				1.0 / (2 * n - 2)));
		final Matrix id3 = Matrix.real(3, 3);
		for (int i = 0; i < 3; i++) id3.set(i, i, 1);
		final Matrix w1 = id3.copy(), w2 = id3.copy();
		w1.set(0, 0, a * Math.pow(margin, 1.0 / n));
		w2.set(0, 0, Math.pow(margin, 1.0 / n) / a);
		final Matrix product = id3.copy();
		product.set(0, 0, margin);
		final int[] dims = { 3, 3, 3 };
		// no divergence cut-off for the unbalanced run: its loss is logged until it overflows
		final GradientDescent.Result unbalanced = fullGd(id3, new DeepFactorization(w1, w2), eta, 200, Double.MAX_VALUE);
		final GradientDescent.Result balanced = fullGd(id3, Initializers.balancedFrom(product, dims), eta, 200, 1e8);
		final Path id3Path = matrix("identity3.txt", TestFiles.identity(3));
		final String opts = "image=" + id3Path + ",units=paper,method=gd,init=identity,scale=" + shortNumber(Math.sqrt(0.8)) +
			",lr=0.1,depth=2,iterations=200,tolerance=0,log_every=1";
		command("ACGH Claim 4, the balanced side", "Complete Masked Image", opts + ",table=log.csv");
		final Path log4 = work.resolve("claim4.csv");
		run("Complete Masked Image", opts + ",table=" + log4);
		final LogTable cmd = LogTable.readCsv(log4);
		final Figure f4 = new Figure("ACGH Claim 4: Phi = I_3, depth 2, eta = 0.1, deficiency margin 0.8", "iteration",
			"loss", true);
		f4.records("unbalanced (eq. 51, A = " + shortNumber(a) + ", API)", unbalanced.log);
		f4.records("balanced, same product (API)", balanced.log);
		f4.curve("balanced identity init (command)", cmd.column("iteration"), cmd.column("loss"));
		f4.save(out.resolve("acgh_claim4.png"));
		final double[] cmdLoss = cmd.column("loss");
		row("ACGH", "Claim 4: an unbalanced init with deficiency margin c = 0.8 fails at eta = 0.1, a balanced one " +
			"converges", "unbalanced: loss never below a constant (grows); balanced: converges", String.format(
				Locale.ROOT, "unbalanced: %s after %d iterations (last finite loss %.3g); balanced (same product): loss %.2g " +
					"after %d; balanced identity init via the command: %.2g", unbalanced.stopReason.key(),
				unbalanced.steps, last(unbalanced.log), balanced.dataLoss, balanced.steps, cmdLoss[cmdLoss.length -
					1]), unbalanced.stopReason == org.deeplowrank.solver.gd.StopReason.DIVERGED && balanced.dataLoss < 1e-10
						? "yes" : "no", "acgh_claim4.png");

		// Theorem 1's rate: l(t) <= l(0) (1 - eta c^{2(N-1)/N})^t with c the deficiency margin
		final double[][] qr = orthogonal(4, new Random(5));
		final double[][] rateTarget = symmetric(qr, new double[] { 1, 1.1, 1.2, 1.3 });
		final Path ratePath = matrix("acgh_rate_phi.txt", rateTarget);
		final double rateEta = 0.05;
		final Path study = work.resolve("rate_study.csv"), tables = work.resolve("rate_runs");
		final String rateOpts = "image=" + ratePath + ",units=paper,init=identity,scales=[1],lr=" + rateEta +
			",depths=[2 3 4],iterations=400,tolerance=0,log_every=1,threshold=1e-12";
		command("ACGH Thm. 1 rate", "Factorization Dynamics", rateOpts + ",study_table=study.csv,run_tables=runs");
		run("Factorization Dynamics", rateOpts + ",study_table=" + study + ",run_tables=" + tables);
		final LogTable st = LogTable.readCsv(study);
		final Figure fr = new Figure("ACGH Thm. 1: identity init, eig(Phi) = {1, 1.1, 1.2, 1.3}, eta = 0.05 (bound " +
			"thin)", "iteration", "loss", true);
		final StringBuilder rates = new StringBuilder();
		boolean rateHolds = true;
		final List<Path> runFiles = sortedFiles(tables);
		for (int k = 0; k < runFiles.size(); k++) {
			final LogTable t = LogTable.readCsv(runFiles.get(k));
			final int depth = (int) t.column("depth")[0];
			final double cm = st.column("deficiency_margin_init")[k];
			final double[] it = t.column("iteration"), loss = t.column("loss");
			final double perStep = -Math.log1p(-rateEta * Math.pow(cm, 2.0 * (depth - 1) / depth));
			// measured: the average decay per iteration until the loss reaches 1e-20 (round-off)
			int end = loss.length - 1;
			for (int i = 0; i < loss.length; i++) if (loss[i] < 1e-20) {
				end = i;
				break;
			}
			final double measuredRate = Math.log(loss[0] / loss[end]) / it[end];
			rateHolds &= measuredRate >= perStep;
			rates.append(String.format(Locale.ROOT, "%sN=%d: c=%.3f, bound %.4f/it, measured %.4f/it (x%.2f)", rates
				.length() > 0 ? "; " : "", depth, cm, perStep, measuredRate, measuredRate / perStep));
			fr.curve("depth " + depth, it, loss);
			final double[] bound = new double[it.length];
			for (int i = 0; i < it.length; i++) bound[i] = loss[0] * Math.exp(-perStep * it[i]);
			fr.dashed("bound, depth " + depth, it, bound);
		}
		fr.save(out.resolve("acgh_rate.png"));
		row("ACGH", "Thm. 1: with deficiency margin c > 0 and balance, loss decays at least like (1 - eta c^(2(N-1)/N))^t",
			"l(t) <= l(0) exp(-eta c^(2(N-1)/N) t) (eq. 8)", rates.toString(), rateHolds ? "yes (eta above eq. 7's limit)"
				: "no", "acgh_rate.png");
	}

	private static GradientDescent.Result fullGd(final Matrix target, final DeepFactorization init, final double eta,
		final int iterations, final double explodeFactor)
	{
		final JavaBackend be = new JavaBackend(1);
		final int[] dims = new int[init.depth() + 1];
		dims[0] = init.layer(1).cols;
		for (int j = 1; j <= init.depth(); j++) dims[j] = init.layer(j).rows;
		final DeepObjective objective = new DeepObjective(dims, false,
			new org.deeplowrank.solver.problem.FullObservation(target), 0, be);
		final GradientDescent.Options o = new GradientDescent.Options();
		o.step = eta;
		o.maxIterations = iterations;
		o.logEvery = 1;
		o.explodeFactor = explodeFactor;
		return new GradientDescent(objective, be, o).run(init, null, () -> false);
	}

	// -- GLRL: greedy-low-rank-learning.md --------------------------------------------------

	private void glrl() throws IOException {
		final double[] rs = full ? new double[] { 2, 3, 5, 10 } : new double[] { 2, 3, 5 };
		final double[] ours = new double[rs.length], rankOne = new double[rs.length], minNuclear = new double[rs.length];
		final StringBuilder measured = new StringBuilder();
		boolean all = true;
		for (int i = 0; i < rs.length; i++) {
			final double r = rs[i];
			final double[][] m = new double[4][4], mask = new double[4][4];
			for (final double[] row : mask) Arrays.fill(row, 1);
			final int[][] omega = { { 0, 2 }, { 0, 3 }, { 1, 2 }, { 2, 0 }, { 2, 1 }, { 3, 0 } };
			final double[] vals = { 1, r, r, 1, r, r };
			for (int k = 0; k < omega.length; k++) {
				m[omega[k][0]][omega[k][1]] = vals[k];
				mask[omega[k][0]][omega[k][1]] = 0;
			}
			final String tag = shortNumber(r);
			final Path image = matrix("glrl_ex59_R" + tag + ".txt", m), maskPath = matrix("glrl_ex59_mask.txt", mask);
			final Path result = work.resolve("ex59_" + tag + ".tif");
			final String opts = "image=" + image + ",mask=" + maskPath + ",symmetric=true";
			if (i == 0) command("GLRL Ex. 5.9 (R = 2; other R: glrl_ex59_R3.txt, ...)", "Greedy Low-Rank Learning", opts +
				",output=ex59.tif,phase_table=phases.csv");
			run("Greedy Low-Rank Learning", opts + ",output=" + result);
			final float[] px = (float[]) IJ.openImage(result.toString()).getProcessor().getPixels();
			final Matrix w = Matrix.real(4, 4);
			final double[] u = { 1, r, 1, r };
			double err = 0, norm = 0;
			for (int a = 0; a < 4; a++)
				for (int b = 0; b < 4; b++) {
					w.set(a, b, px[a * 4 + b]);
					err += Math.pow(px[a * 4 + b] - u[a] * u[b], 2);
					norm += Math.pow(u[a] * u[b], 2);
				}
			ours[i] = nuclear(w);
			rankOne[i] = 2 * r * r + 2;
			minNuclear[i] = 4 * r;
			final double rel = Math.sqrt(err / norm);
			all &= rel < 1e-3;
			measured.append(String.format(Locale.ROOT, "%sR=%s: ||W||_* = %.4f, rel. distance to ww^T %.1e", measured
				.length() > 0 ? "; " : "", tag, ours[i], rel));
		}
		final Figure f = new Figure("GLRL Ex. 5.9: nuclear norm of the completion (symmetric=true, default keys)", "R",
			"nuclear norm", false);
		f.curve("Greedy Low-Rank Learning", rs, ours);
		f.reference("rank-one w w^T: 2R^2 + 2", rs, rankOne);
		f.reference("minimum nuclear norm: 4R", rs, minNuclear);
		f.save(out.resolve("glrl_ex59.png"));
		row("GLRL", "Ex. 5.9: GLRL (W = UU^T) returns the rank-one completion w w^T, not the minimum nuclear norm one",
			"||M_rank||_* = 2R^2 + 2 (not 4R)", measured.toString(), all ? "yes" : "no", "glrl_ex59.png");

		// low-rank bias at a practical init: depth >= 3 at ||W(0)||_F = 1e-3 vs depth 2 (GLRL Fig. 2, App. C.1)
		final int n = 20, rank = 3;
		final Random rnd = new Random(21);
		// App. C.1: W* = U U^T (PSD, the setting of GLRL's W = U U^T), ||W*||_F = 20; 30 % of the
		// entries observed, symmetrically ((i, j) with (j, i))
		final double[][] target = psd(n, rank, 20, rnd);
		final double[][] mask = symmetricMask(n, 0.3, rnd);
		final Path tp = matrix("glrl_c1_target.txt", target), mp = matrix("glrl_c1_mask.txt", mask);
		final Figure fb = new Figure("GLRL Fig. 2 setting: sigma_4 of the product (20 x 20, rank 3, 30 % observed, " +
			"||W(0)||_F = 1e-3)", "iteration", "sigma_4(W)", true);
		final StringBuilder bias = new StringBuilder();
		final double[] sv4 = new double[5];
		for (int depth = 2; depth <= 4; depth++) {
			final Path log = work.resolve("c1_" + depth + ".csv");
			final String opts = "image=" + tp + ",mask=" + mp + ",reference=" + tp + ",units=paper,method=gd,init=orthogonal,scale=" +
				shortNumber(Math.pow(1e-3 / Math.sqrt(n), 1.0 / depth)) + ",optimizer=adaptive,lr=0.005,depth=" + depth +
				",iterations=20000,tolerance=0,keep_observed=false,validation=0,log_every=20";
			if (depth == 3) command("GLRL low-rank bias, depth 3 (depth 2: scale = (1e-3/sqrt(20))^(1/2))",
				"Complete Masked Image", opts + ",table=log.csv");
			final String line = run("Complete Masked Image", opts + ",table=" + log);
			final LogTable t = LogTable.readCsv(log);
			final double[] s4 = t.column("sv4");
			double max = 0;
			// the 4th singular value once the 3 components are learned (loss below 1e-3 of the start)
			final double[] loss = t.column("loss");
			for (int i = 0; i < s4.length; i++) if (loss[i] < 1e-3 * loss[0]) max = Math.max(max, s4[i]);
			sv4[depth] = max;
			bias.append(String.format(Locale.ROOT, "%sdepth %d: max sigma_4 after the fit %.2g, %s", bias.length() > 0
				? "; " : "", depth, max, value(line, "rel_error")));
			fb.curve("depth " + depth, t.column("iteration"), s4);
		}
		fb.save(out.resolve("glrl_low_rank_bias.png"));
		row("GLRL", "Sec. 6 / Fig. 2: at a practical init (||W(0)||_F = 1e-3) depth >= 3 ends closer to low rank " +
			"(sigma_4 of a rank-3 fit) than depth 2", "depth 2 needs a much smaller init for small low-rankness",
			bias.toString(), sv4[3] < sv4[2] && sv4[4] < sv4[3] ? "partly: sigma_4 falls with depth, but no depth " +
				"recovers W* (see papers.md)" : "no", "glrl_low_rank_bias.png");
	}

	// -- Arora et al. (2019)'s reference-code experiment -------------------------------------

	private void arora() throws IOException {
		final int n = 100, rank = 5;
		final Random rnd = new Random(2019);
		final double[][] target = lowRank(n, rank, n, rnd);
		final Path tp = matrix("arora_target.txt", target);
		final int[] counts = { 2000, 5000 };
		final double[] scales = full ? new double[] { 1e-3, 1e-4, 1e-5, 1e-6 } : new double[] { 1e-3 };
		final Figure f = new Figure("Arora et al. 2019: 100 x 100 rank 5, reconstruction error vs depth (nuclear norm " +
			"thin)", "depth", "relative error", true);
		final StringBuilder measured = new StringBuilder();
		boolean trend = true;
		final double[] nuclearErr = new double[counts.length];
		double depth3At2000 = Double.NaN;
		for (final int count : counts) {
			final Path mp = matrix("arora_mask_" + count + ".txt", TestFiles.observedMask(n, count, rnd));
			for (final double s : scales) {
				final double[] depths = { 1, 2, 3, 4 }, err = new double[4];
				for (int depth = 1; depth <= 4; depth++) {
					final String opts = "image=" + tp + ",mask=" + mp + ",reference=" + tp + ",units=paper,method=gd,init=orthogonal," +
						"scale=" + shortNumber(Math.pow(s / Math.sqrt(n), 1.0 / depth)) + ",optimizer=adaptive,lr=0.01,depth=" +
						depth + ",iterations=" + (full ? 30000 : 10000) + ",tolerance=1e-9,keep_observed=false,validation=0";
					if (depth == 3 && s == 1e-3) command("Arora, " + count + " entries, depth 3, ||W(0)||_F = 1e-3",
						"Complete Masked Image", opts);
					err[depth - 1] = Double.parseDouble(value(run("Complete Masked Image", opts), "rel_error").substring(10));
				}
				f.curve(count + " entries, ||W(0)|| = " + shortNumber(s), depths, err);
				// fewer entries: depth >= 3 an order below depth 2, depth 2 below depth 1; more: every
				// depth >= 2 recovers (Arora et al. 2019, Fig. 2)
				if (count == counts[0]) {
					trend &= err[1] < err[0] && Math.max(err[2], err[3]) < 0.1 * err[1];
					if (s == scales[0]) depth3At2000 = err[2];
				}
				else trend &= Math.max(err[1], Math.max(err[2], err[3])) < 1e-2;
				measured.append(String.format(Locale.ROOT, "%s%d entries, ||W(0)||=%s: depth 1-4 %.3g, %.3g, %.3g, %.3g",
					measured.length() > 0 ? "; " : "", count, shortNumber(s), err[0], err[1], err[2], err[3]));
			}
			// the nuclear-norm solution: SoftImpute with lambda -> 0
			final String soft = "image=" + tp + ",mask=" + mp + ",reference=" + tp + ",method=softimpute,lambda=1e-3," +
				"iterations=5000,tolerance=1e-10,keep_observed=false,validation=0,units=paper";
			command("Arora, nuclear norm, " + count + " entries", "Complete Masked Image", soft);
			final double nuc = Double.parseDouble(value(run("Complete Masked Image", soft), "rel_error").substring(10));
			nuclearErr[count == counts[0] ? 0 : 1] = nuc;
			f.dashed("nuclear norm, " + count + " entries", new double[] { 1, 4 }, new double[] { nuc, nuc });
			measured.append(String.format(Locale.ROOT, "; %d entries, nuclear norm (SoftImpute lambda=1e-3) %.3g", count,
				nuc));
		}
		f.save(out.resolve("arora_depth.png"));
		trend &= depth3At2000 < nuclearErr[0];
		row("Arora 2019", "Completion: at 2000 entries depth >= 3 recovers where depth 2 and the nuclear norm do not; " +
			"at 5000 every depth >= 2 recovers", "Arora et al. 2019 Fig. 2 (not in seeds/): deeper is better at few " +
				"entries, all agree at many", measured.toString(), trend ? "yes" : "no", "arora_depth.png");
	}

	// -- WIND: asymmetric-sensing-wind.md ---------------------------------------------------

	private void wind() throws IOException {
		final int n = 20, rank = 2, m = 240;
		final Random rnd = new Random(23);
		final double[][] x = lowRank(n, rank, 2, rnd);
		final Path xp = matrix("wind_target.txt", x);
		final Figure f = new Figure("WIND: asymmetric Gaussian sensing, 20 x 20 rank 2, m = 240, depth 2, eta = 0.05",
			"iteration", "relative error", true);
		final StringBuilder measured = new StringBuilder();
		final double[] eps = { 1e-1, 1e-2, 1e-3 };
		final double[] finalErr = new double[eps.length];
		for (int i = 0; i < eps.length; i++) {
			final Path log = work.resolve("wind" + i + ".csv");
			final String opts = "image=" + xp + ",measurements=" + m + ",operator=gaussian,units=paper,depth=2," +
				"init=gaussian,scale=" + shortNumber(eps[i]) + ",lr=0.05,iterations=6000,tolerance=0,validation=0," +
				"log_every=20";
			if (i == 1) command("WIND sensing, std 1e-2", "Sense and Reconstruct Image", opts + ",table=log.csv");
			final String line = run("Sense and Reconstruct Image", opts + ",table=" + log);
			finalErr[i] = Double.parseDouble(value(line, "rel_error").substring(10));
			final LogTable t = LogTable.readCsv(log);
			f.curve("entry std " + shortNumber(eps[i]), t.column("iteration"), t.column("rel_error"));
			measured.append(String.format(Locale.ROOT, "%sstd %s: rel. error %.2g", measured.length() > 0 ? "; " : "",
				shortNumber(eps[i]), finalErr[i]));
		}
		f.save(out.resolve("wind_sensing.png"));
		row("WIND", "Thm. 2.6: GD from small random init recovers the low-rank matrix; the error shrinks with the init",
			"error -> 0 as eps -> 0 (no numbers: theory constants are not run settings, METHOD.md §5)", measured
				.toString(), finalErr[2] < finalErr[0] && finalErr[2] < 1e-2 ? "yes" : "no", "wind_sensing.png");
	}

	// -- MVM: multilayer-gradient-flow-min.md -----------------------------------------------

	private void mvm() throws IOException {
		final int d = 6;
		final Random rnd = new Random(31);
		final double[][] target = new double[d][d];
		for (int i = 0; i < d; i++)
			for (int j = 0; j < d; j++)
				target[i][j] = rnd.nextGaussian() * 0.3 + (i == j ? 1.5 : 0);
		final Path tp = matrix("mvm_target.txt", target);
		final double eta = 0.02;
		final Path study = work.resolve("mvm_study.csv"), tables = work.resolve("mvm_runs");
		final String opts = "image=" + tp + ",units=paper,init=gaussian,scales=[0.3],lr=" + eta + ",depths=[2 3]," +
			"iterations=20000,tolerance=0,log_every=10,threshold=1e-12";
		command("MVM rate vs lambda_min", "Factorization Dynamics", opts + ",study_table=study.csv,run_tables=runs");
		run("Factorization Dynamics", opts + ",study_table=" + study + ",run_tables=" + tables);
		final LogTable st = LogTable.readCsv(study);
		final Figure f = new Figure("MVM: loss and the lambda_min(T) rate (thin: exp(-2 eta lambda t))", "iteration",
			"loss", true);
		final StringBuilder measured = new StringBuilder();
		boolean ok = true;
		final List<Path> runFiles = sortedFiles(tables);
		for (int k = 0; k < runFiles.size(); k++) {
			final LogTable t = LogTable.readCsv(runFiles.get(k));
			final int depth = (int) t.column("depth")[0];
			final double lambdaFinal = st.column("lambda_min_bound_final")[k];
			final double lambdaInit = st.column("lambda_min_bound_init")[k];
			final double[] it = t.column("iteration"), loss = t.column("loss");
			// local rate per unit time (iterations x eta) between loss 1e-6 and 1e-14 of the start
			int a = -1, b = -1;
			for (int i = 0; i < loss.length; i++) {
				if (a < 0 && loss[i] <= 1e-6 * loss[0]) a = i;
				if (b < 0 && loss[i] <= 1e-14 * loss[0]) b = i;
			}
			if (a < 0 || b <= a) {
				measured.append(String.format(Locale.ROOT, "%sN=%d: did not converge far enough", measured.length() > 0
					? "; " : "", depth));
				ok = false;
				continue;
			}
			final double rate = Math.log(loss[a] / loss[b]) / ((it[b] - it[a]) * eta);
			// f = ½‖W − Φ‖²: ‖∇f‖² = 2f, so d f/dt ≤ −λ_min(𝒯)‖∇f‖² = −2 λ_min f (MVM §2)
			ok &= rate >= 2 * lambdaFinal * 0.98;
			measured.append(String.format(Locale.ROOT, "%sN=%d: measured %.4f, 2 lambda_min(T) at the end %.4f (%s; " +
				"x%.3f), at init %.4f", measured.length() > 0 ? "; " : "", depth, rate, 2 * lambdaFinal, depth == 2
					? "exact" : "Thm. 2 bound", rate / (2 * lambdaFinal), 2 * lambdaInit));
			f.curve("depth " + depth, it, loss);
			final double[] rx = Arrays.copyOfRange(it, a, it.length), ref = new double[rx.length];
			for (int i = 0; i < rx.length; i++) ref[i] = loss[a] * Math.exp(-2 * lambdaFinal * eta * (rx[i] - it[a]));
			f.dashed("2 lambda_min(T) at the end, depth " + depth, rx, ref);
		}
		f.save(out.resolve("mvm_rate.png"));
		row("MVM", "Sec. 3-4: the loss decays at rate >= 2 lambda_min(T) (per unit time), T's lambda_min exact for " +
			"depth 2, Thm. 2's bound for depth 3", "rate >= 2 lambda_min (f = 1/2||W - Phi||^2, gamma = 2)", measured
				.toString(), ok ? "yes" : "no", "mvm_rate.png");
	}

	// -- plumbing ---------------------------------------------------------------------------

	/** Runs one command through the headless runner; returns its summary line. */
	private static String run(final String label, final String options) {
		final ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
		final int code;
		try (PrintStream po = new PrintStream(o, true, StandardCharsets.UTF_8); PrintStream pe = new PrintStream(e, true,
			StandardCharsets.UTF_8))
		{
			code = new HeadlessRunner().execute(new String[] { "--run", label, options }, po, pe);
		}
		final String line = o.toString(StandardCharsets.UTF_8).trim();
		System.out.println(label + " | " + options + "\n  -> " + line);
		if (code != 0) throw new IllegalStateException("exit " + code + ": " + e.toString(StandardCharsets.UTF_8));
		return line;
	}

	/** {@code key=value} of a summary line. */
	private static String value(final String line, final String key) {
		for (final String part : line.split(" ")) if (part.startsWith(key + "=")) return part;
		throw new IllegalStateException("no " + key + " in " + line);
	}

	/** Records a command for docs/papers.md, with the inputs under docs/papers/inputs. */
	private void command(final String what, final String label, final String options) {
		final String rel = options.replace(inputs.toString(), "docs/papers/inputs");
		commands.add("- " + what + ":\n  `java -jar target/deep-low-rank-headless.jar --run \"" + label + "\" '" + rel +
			"'`");
	}

	private void row(final String seed, final String claim, final String paper, final String ours,
		final String reproduces, final String figure)
	{
		rows.add("| " + seed + " | " + claim + " | " + paper + " | " + ours + " | " + reproduces + " | [" + figure +
			"](" + figure + ") |");
		System.out.println("RESULT " + seed + ": " + claim + " -> " + ours + " [" + reproduces + "]");
	}

	private void writeResults(final double seconds) throws IOException {
		final StringBuilder b = new StringBuilder();
		b.append("# Measured by PaperFigures").append(full ? " (full=true)" : "").append(String.format(Locale.ROOT,
			" in %.0f s\n\n", seconds));
		b.append("| seed | claim | paper | measured here | reproduces | figure |\n|---|---|---|---|---|---|\n");
		for (final String r : rows) b.append(r).append('\n');
		b.append("\n## Commands (inputs in docs/papers/inputs)\n\n");
		for (final String c : commands) b.append(c).append('\n');
		Files.writeString(out.resolve(full ? "results-full.md" : "results.md"), b.toString());
	}

	private Path matrix(final String name, final double[][] m) throws IOException {
		return TestFiles.textImage(inputs.resolve(name), m, "%.9g");
	}

	/** Q diag(eig) Q^T, rounded to float (what ImageJ reads from a text image). */
	private static double[][] symmetric(final double[][] q, final double[] eig) {
		final int d = eig.length;
		final double[][] m = new double[d][d];
		for (int i = 0; i < d; i++)
			for (int j = 0; j < d; j++) {
				double s = 0;
				for (int k = 0; k < d; k++) s += q[i][k] * eig[k] * q[j][k];
				m[i][j] = (float) s;
			}
		return m;
	}

	private static double[][] orthogonal(final int d, final Random rnd) {
		final Matrix q = Orthonormal.haarColumns(d, d, false, rnd);
		final double[][] m = new double[d][d];
		for (int i = 0; i < d; i++) for (int j = 0; j < d; j++) m[i][j] = q.get(i, j);
		return m;
	}

	/** A rank-r product of Gaussian factors scaled to Frobenius norm {@code norm}, rounded to float. */
	private static double[][] lowRank(final int n, final int r, final double norm, final Random rnd) {
		final double[][] u = new double[n][r], v = new double[n][r], w = new double[n][n];
		for (int i = 0; i < n; i++)
			for (int k = 0; k < r; k++) {
				u[i][k] = rnd.nextGaussian();
				v[i][k] = rnd.nextGaussian();
			}
		double s = 0;
		for (int i = 0; i < n; i++)
			for (int j = 0; j < n; j++) {
				for (int k = 0; k < r; k++) w[i][j] += u[i][k] * v[j][k];
				s += w[i][j] * w[i][j];
			}
		final double f = norm / Math.sqrt(s);
		for (final double[] row : w) for (int j = 0; j < n; j++) row[j] = (float) (row[j] * f);
		return w;
	}

	/** U U^T with U (n x r) Gaussian, scaled to Frobenius norm {@code norm}, rounded to float. */
	private static double[][] psd(final int n, final int r, final double norm, final Random rnd) {
		final double[][] u = new double[n][r], w = new double[n][n];
		for (int i = 0; i < n; i++) for (int k = 0; k < r; k++) u[i][k] = rnd.nextGaussian();
		double s = 0;
		for (int i = 0; i < n; i++)
			for (int j = 0; j < n; j++) {
				for (int k = 0; k < r; k++) w[i][j] += u[i][k] * u[j][k];
				s += w[i][j] * w[i][j];
			}
		final double f = norm / Math.sqrt(s);
		for (final double[] row : w) for (int j = 0; j < n; j++) row[j] = (float) (row[j] * f);
		return w;
	}

	/** A symmetric mask (1 = missing): each pair (i, j), (j, i) with i <= j observed with probability p. */
	private static double[][] symmetricMask(final int n, final double p, final Random rnd) {
		final double[][] m = new double[n][n];
		for (int i = 0; i < n; i++)
			for (int j = i; j < n; j++) {
				final double v = rnd.nextDouble() < p ? 0 : 1;
				m[i][j] = v;
				m[j][i] = v;
			}
		return m;
	}

	private static Matrix initialProduct(final SolverSettings s, final Matrix target) {
		final ReconstructionResult r = Reconstruction.complete(target, null, null, s, null, null);
		return r.initialFactors().product(new JavaBackend(1));
	}

	private static double det(final Matrix m) {
		final DMatrixRMaj d = new DMatrixRMaj(m.rows, m.cols);
		System.arraycopy(m.re, 0, d.data, 0, m.re.length);
		return CommonOps_DDRM.det(d);
	}

	private static double minEigenvalue(final double[][] sym) {
		final DMatrixRMaj m = new DMatrixRMaj(sym);
		final EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(sym.length, false, true);
		if (!eig.decompose(m)) throw new IllegalStateException("eig");
		double min = Double.POSITIVE_INFINITY;
		for (int i = 0; i < sym.length; i++) min = Math.min(min, eig.getEigenvalue(i).real);
		return min;
	}

	private static double nuclear(final Matrix w) {
		double s = 0;
		for (final double v : Svd.singularValues(w)) s += v;
		return s;
	}

	private static double median(final double[] sorted) {
		final int n = sorted.length;
		return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
	}

	private static double last(final List<LogRecord> log) {
		return log.isEmpty() ? Double.NaN : log.get(log.size() - 1).loss;
	}

	private static List<Path> sortedFiles(final Path folder) throws IOException {
		try (java.util.stream.Stream<Path> s = Files.list(folder)) {
			final List<Path> l = new ArrayList<>();
			s.sorted().forEach(l::add);
			return l;
		}
	}

	private static String shortNumber(final double x) {
		final String s = String.format(Locale.ROOT, "%.6g", x);
		return s.contains("e") || !s.contains(".") ? s : s.replaceAll("0+$", "").replaceAll("\\.$", "");
	}

	/** A plot of named curves (ImageJ's Plot, saved as PNG through LossPlots). */
	private static final class Figure {

		private final Plot plot;
		private final boolean logY;
		private final StringBuilder legend = new StringBuilder();
		private final double[] range = { Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY,
			Double.NEGATIVE_INFINITY };
		private int color;

		Figure(final String title, final String x, final String y, final boolean logY) {
			plot = new Plot(title, x, y);
			plot.setSize(720, 420);
			this.logY = logY;
			if (logY) plot.setLogScaleY();
			plot.addLabel(0, 0, title);
		}

		/** A measured curve: a new colour, thick. */
		void curve(final String label, final double[] x, final double[] y) {
			add(label, x, y, false, COLORS[color++ % COLORS.length]);
		}

		/** A bound or reference of the previous curve: its colour, thin. */
		void dashed(final String label, final double[] x, final double[] y) {
			add(label, x, y, true, COLORS[Math.max(0, color - 1) % COLORS.length]);
		}

		/** A reference of its own: a new colour, thin. */
		void reference(final String label, final double[] x, final double[] y) {
			add(label, x, y, true, COLORS[color++ % COLORS.length]);
		}

		void constant(final String label, final double y, final double x0, final double x1) {
			add(label, new double[] { x0, x1 }, new double[] { y, y }, true, Color.BLACK);
		}

		void records(final String label, final List<LogRecord> log) {
			final double[] x = new double[log.size()], y = new double[log.size()];
			for (int i = 0; i < x.length; i++) {
				x[i] = log.get(i).iteration;
				y[i] = log.get(i).loss;
			}
			curve(label, x, y);
		}

		private void add(final String label, final double[] x, final double[] y, final boolean dashed,
			final Color c)
		{
			final List<double[]> keep = new ArrayList<>();
			for (int i = 0; i < x.length; i++) {
				if (Double.isFinite(y[i]) && (!logY || y[i] > 0)) keep.add(new double[] { x[i], Math.max(y[i], logY ? 1e-30
					: -Double.MAX_VALUE) });
			}
			final double[] kx = new double[keep.size()], ky = new double[keep.size()];
			for (int i = 0; i < kx.length; i++) {
				kx[i] = keep.get(i)[0];
				ky[i] = keep.get(i)[1];
				range[0] = Math.min(range[0], kx[i]);
				range[1] = Math.max(range[1], kx[i]);
				range[2] = Math.min(range[2], ky[i]);
				range[3] = Math.max(range[3], ky[i]);
			}
			plot.setColor(c);
			plot.setLineWidth(dashed ? 1 : 3);
			plot.addPoints(kx, ky, Plot.LINE);
			if (legend.length() > 0) legend.append('\n');
			legend.append(label).append(dashed ? " (thin)" : "");
		}

		void save(final Path path) throws IOException {
			if (range[0] <= range[1]) {
				final double dx = range[1] > range[0] ? 0.03 * (range[1] - range[0]) : 1;
				final double y0 = range[2], y1 = range[3];
				if (logY) plot.setLimits(range[0] - dx, range[1] + dx, y0 / 3, y1 * 3);
				else {
					final double dy = y1 > y0 ? 0.05 * (y1 - y0) : 1;
					plot.setLimits(range[0] - dx, range[1] + dx, y0 - dy, y1 + dy);
				}
			}
			plot.setColor(Color.BLACK);
			plot.addLegend(legend.toString());
			LossPlots.savePng(plot, path);
		}
	}
}
