package org.deeplowrank.headless;

import static org.deeplowrank.headless.TestFiles.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import ij.IJ;
import ij.ImagePlus;

import org.deeplowrank.headless.TestFiles.Run;
import org.deeplowrank.solver.Reconstruction;
import org.deeplowrank.solver.ReconstructionResult;
import org.deeplowrank.solver.SolverSettings;
import org.deeplowrank.solver.Units;
import org.deeplowrank.solver.gd.InitKind;
import org.deeplowrank.solver.kernels.JavaBackend;
import org.deeplowrank.solver.linalg.Matrix;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The cheap claims of the seeds (docs/papers.md), typed as the papers write them
 * ({@code units=paper}) and run through the headless runner, the way a reader would paste
 * them. Each asserts the paper's outcome on numbers measured here, not stored answers.
 */
class PaperClaimsTest {

	private static final String COMPLETE = "Complete Masked Image";
	private static final String DYNAMICS = "Factorization Dynamics";
	private static final String GREEDY = "Greedy Low-Rank Learning";

	@TempDir
	Path dir;

	/** A matrix as a tab-separated text image (ImageJ reads it as 32-bit: exact values). */
	private Path text(final String name, final double[][] m) throws IOException {
		return TestFiles.textImage(dir.resolve(name), m, "%.17g");
	}

	/** The columns of a CSV file written by the runner, by header name. */
	private static List<double[]> rows(final Path csv) throws IOException {
		final List<double[]> out = new ArrayList<>();
		final List<String> lines = Files.readAllLines(csv);
		for (int i = 1; i < lines.size(); i++) {
			out.add(Arrays.stream(lines.get(i).split(",")).mapToDouble(Double::parseDouble).toArray());
		}
		return out;
	}

	private static int column(final Path csv, final String name) throws IOException {
		final int c = Arrays.asList(Files.readAllLines(csv).get(0).split(",")).indexOf(name);
		assertTrue(c >= 0, "column " + name + " in " + csv);
		return c;
	}

	/**
	 * 4L App. K.1/K.2 in paper units: identity target Σ = I_5, complex Haar-balanced init
	 * (4L eq. 6) with ε = 0.05, η = 0.1. Depths 2, 3 and 4 converge (loss to ~0), deeper
	 * ones take more iterations (K.2), and the log is in the paper's units: the first loss
	 * is ½‖W(0) − I‖² ≈ ½‖I‖² = 2.5 and the logged step is η = 0.1.
	 */
	@Test
	void fourLayerK1ComplexHaarConvergesAtDepths234InPaperUnits() throws IOException {
		final Path id = text("identity5.txt", TestFiles.identity(5));
		final Path study = dir.resolve("study.csv"), log = dir.resolve("log.csv");
		final Run r = run("--run", DYNAMICS, "image=" + id + ",units=paper,init=haar,field=complex,scales=[0.05],lr=0.1," +
			"depths=[2 3 4],iterations=80000,tolerance=0,threshold=1e-6,study_table=" + study + ",table=" + log);
		assertEquals(0, r.code, r::toString);
		final int loss = column(study, "final_loss"), to = column(study, "iterations_to_threshold");
		final List<double[]> runs = rows(study);
		assertEquals(3, runs.size());
		double previous = 0;
		for (final double[] run : runs) {
			assertTrue(run[loss] < 1e-12, "converged: " + Arrays.toString(run));
			assertTrue(run[to] > previous, "deeper takes more iterations (4L K.2): " + Arrays.toString(run));
			previous = run[to];
		}
		final double[] first = rows(log).get(0);
		assertEquals(2.5, first[column(log, "loss")], 0.01, "½‖W(0) − I‖² ≈ ½‖I‖²");
		assertEquals(0.1, first[column(log, "step")], 0, "the step is η as given");
	}

	/**
	 * 4L Thm. 3 / App. K.1, real field: with det W(0) < 0 the real Haar-balanced run stalls at
	 * loss ½ (one singular value of the product cannot cross zero), with det W(0) > 0 it
	 * converges. The determinant is read from the same run's initial layers (solver API, same
	 * settings and seed: identical initialization).
	 */
	@Test
	void fourLayerRealHaarStallsAtOneHalfExactlyWhenDetIsNegative() throws IOException {
		final Path id = text("identity5.txt", TestFiles.identity(5));
		final Matrix target = Matrix.real(5, 5);
		for (int i = 0; i < 5; i++) target.set(i, i, 1);
		boolean negative = false, positive = false;
		for (int seed = 0; seed < 4; seed++) {
			final Path log = dir.resolve("real" + seed + ".csv");
			final Run r = run("--run", COMPLETE, "image=" + id + ",units=paper,method=gd,init=haar,field=real,scale=0.05,lr=0.1," +
				"depth=4,iterations=12000,tolerance=0,log_every=100,seed=" + seed + ",table=" + log);
			assertEquals(0, r.code, r::toString);
			final List<double[]> rows = rows(log);
			final double loss = rows.get(rows.size() - 1)[column(log, "loss")];
			final SolverSettings s = SolverSettings.builder().units(Units.PAPER).init(InitKind.HAAR).scale(0.05).lr(0.1)
				.depth(4).iterations(0).seed(seed).build();
			final ReconstructionResult init = Reconstruction.complete(target, null, null, s, null, null);
			final double det = det(init.initialFactors().product(new JavaBackend(1)));
			if (det < 0) {
				negative = true;
				assertEquals(0.5, loss, 1e-6, "seed " + seed + ", det W(0) = " + det + ": stalls at ½");
			}
			else {
				positive = true;
				assertTrue(loss < 1e-8, "seed " + seed + ", det W(0) = " + det + ": converges, loss " + loss);
			}
		}
		assertTrue(negative && positive, "both signs of det W(0) occur among the seeds");
	}

	private static double det(final Matrix m) {
		final DMatrixRMaj d = new DMatrixRMaj(m.rows, m.cols);
		System.arraycopy(m.re, 0, d.data, 0, m.re.length);
		return CommonOps_DDRM.det(d);
	}

	/**
	 * ACGH Claim 5: a symmetric target with a negative eigenvalue −λ, identity initialization
	 * (W_j(0) = I: 0-balanced, not stationary) and an even depth: the loss never goes below
	 * λ²/2, whatever the step; at depth 2 it approaches λ²/2 (the bound is tight).
	 */
	@Test
	void acghClaim5LossNeverGoesBelowHalfLambdaSquared() throws IOException {
		final double lambdaExact = 0.5;
		final double c = Math.cos(0.7), s = Math.sin(0.7);
		final double[][] q = { { c, -s, 0 }, { s * 0.6, c * 0.6, 0.8 }, { -s * 0.8, -c * 0.8, 0.6 } };
		final double[] eig = { 1.5, 1, -lambdaExact };
		final double[][] phi = new double[3][3];
		for (int i = 0; i < 3; i++)
			for (int j = 0; j < 3; j++)
				for (int k = 0; k < 3; k++)
					phi[i][j] += q[i][k] * eig[k] * q[j][k];
		// ImageJ reads text images as 32-bit floats: λ is the eigenvalue of the matrix it reads
		final DMatrixRMaj read = new DMatrixRMaj(3, 3);
		for (int i = 0; i < 3; i++)
			for (int j = 0; j < 3; j++) {
				phi[i][j] = (float) phi[i][j];
				read.set(i, j, phi[i][j]);
			}
		final EigenDecomposition_F64<DMatrixRMaj> ed = DecompositionFactory_DDRM.eig(3, false, true);
		assertTrue(ed.decompose(read));
		double lambda = 0;
		for (int i = 0; i < 3; i++) lambda = Math.max(lambda, -ed.getEigenvalue(i).real);
		assertEquals(lambdaExact, lambda, 1e-6);
		final Path target = text("phi.txt", phi);
		for (final int depth : new int[] { 2, 4 }) {
			final Path log = dir.resolve("claim5_" + depth + ".csv");
			final Run r = run("--run", COMPLETE, "image=" + target + ",units=paper,method=gd,init=identity,scale=1,lr=0.05,depth=" +
				depth + ",iterations=4000,tolerance=0,log_every=10,table=" + log);
			assertEquals(0, r.code, r::toString);
			final int col = column(log, "loss");
			final List<double[]> rows = rows(log);
			assertTrue(rows.get(0)[col] > lambda * lambda / 2 + 0.1, "the identity is not stationary");
			for (final double[] row : rows) {
				assertTrue(row[col] >= lambda * lambda / 2 - 1e-12, "depth " + depth + ": loss " + row[col] + " < λ²/2 at " +
					"iteration " + row[0]);
			}
			if (depth == 2) assertEquals(lambda * lambda / 2, rows.get(rows.size() - 1)[col], 1e-6, "tight at depth 2");
		}
	}

	/**
	 * GLRL Ex. 5.9 through the Greedy Low-Rank Learning command, symmetric=true and the
	 * default keys: the rank-one completion w wᵀ, w = (1, R, 1, R) (nuclear norm 2R² + 2),
	 * not the minimum nuclear norm one (4R); center=auto does not center (the summary says
	 * so by not reporting a subtracted mean).
	 */
	@ParameterizedTest(name = "R = {0}")
	@ValueSource(doubles = { 2, 3, 5 })
	void glrlExample59WithSymmetricAndDefaultKeysReturnsTheRankOneCompletion(final double r) throws IOException {
		final double[][] m = new double[4][4], mask = new double[4][4];
		for (final double[] row : mask) Arrays.fill(row, 1);
		final int[][] omega = { { 0, 2 }, { 0, 3 }, { 1, 2 }, { 2, 0 }, { 2, 1 }, { 3, 0 } };
		final double[] vals = { 1, r, r, 1, r, r };
		for (int k = 0; k < omega.length; k++) {
			m[omega[k][0]][omega[k][1]] = vals[k];
			mask[omega[k][0]][omega[k][1]] = 0;
		}
		final Path out = dir.resolve("glrl.tif");
		final Run run = run("--run", GREEDY, "image=" + text("m.txt", m) + ",mask=" + text("mask.txt", mask) +
			",symmetric=true,output=" + out);
		assertEquals(0, run.code, run::toString);
		assertFalse(run.out.contains("centered="), run.out);
		final float[] px = (float[]) IJ.openImage(out.toString()).getProcessor().getPixels();
		final double[] w = { 1, r, 1, r };
		double err = 0, norm = 0;
		for (int i = 0; i < 4; i++) {
			for (int j = 0; j < 4; j++) {
				err += Math.pow(px[i * 4 + j] - w[i] * w[j], 2);
				norm += Math.pow(w[i] * w[j], 2);
			}
		}
		assertTrue(Math.sqrt(err / norm) < 1e-3, "rel " + Math.sqrt(err / norm) + ": " + run.out);
	}

	/** The key's values, and the clear refusals (exit 2, one message naming the fix). */
	@Test
	void unitsKeyIsParsedAndBadValuesAreRefusedWithAMessage() throws IOException {
		final Path id = text("identity5.txt", TestFiles.identity(5));
		final Run bad = run("--run", COMPLETE, "image=" + id + ",units=papers");
		assertEquals(2, bad.code, bad::toString);
		assertTrue(bad.err.contains("bad value for 'units': 'papers' (expected one of normalized|paper)"), bad.err);
		final Run centered = run("--run", COMPLETE, "image=" + id + ",units=paper,method=gd,center=on");
		assertEquals(2, centered.code, centered::toString);
		assertTrue(centered.err.contains("center=on cannot be used with units=paper") && centered.err.contains(
			"center=off"), centered.err);
		final Run help = run("--help", COMPLETE);
		assertTrue(help.out.contains("units") && help.out.contains("paper"), help.out);
		// paper units take the paper's ε as given, beyond the normalized scale's limit of 100
		final Run large = run("--run", COMPLETE, "image=" + id + ",units=PAPER,init=identity,scale=150,depth=1,lr=0.5," +
			"iterations=200");
		assertEquals(0, large.code, large::toString);
		final Run normalized = run("--run", COMPLETE, "image=" + id + ",init=identity,scale=150");
		assertEquals(2, normalized.code, normalized::toString);
	}

	/**
	 * center=auto reports when it centers (a positive image: the mean dominates), and
	 * units=paper never centers.
	 */
	@Test
	void centerAutoSaysWhenItCentersAndPaperUnitsNever() throws IOException {
		final Path img = TestFiles.lowRank(dir.resolve("img.tif"), 24, 20);
		final Run auto = run("--run", COMPLETE, "image=" + img + ",iterations=20");
		assertEquals(0, auto.code, auto::toString);
		assertTrue(auto.out.contains(" centered="), auto.out);
		final double mean = Double.parseDouble(auto.out.replaceAll(".* centered=(\\S+).*\\s*", "$1"));
		final ImagePlus ip = IJ.openImage(img.toString());
		assertEquals(ip.getStatistics().mean, mean, 1e-3 * mean, "the mean of the observed pixels");
		final Run paper = run("--run", COMPLETE, "image=" + img + ",units=paper,method=gd,lr=1e-6,iterations=20");
		assertEquals(0, paper.code, paper::toString);
		assertFalse(paper.out.contains("centered="), paper.out);
	}

	/**
	 * Arora et al. (2019)'s completion experiment at a small size, in paper units (small
	 * Gaussian init ε = 1e-3, adaptive step): a 40 × 40 rank-2 matrix from 480 entries (30 %,
	 * about 3 times its 2·40·2 − 4 = 156 degrees of freedom): depth 1 only fits the observed
	 * entries, depth 2 generalizes, depth 3 better still.
	 */
	@Test
	void aroraDeeperFactorizationsCompleteWithLowerError() throws IOException {
		final int n = 40, rank = 2, observed = 480;
		final Random rnd = new Random(11);
		final double[][] u = new double[n][rank], v = new double[n][rank];
		for (int i = 0; i < n; i++)
			for (int k = 0; k < rank; k++) {
				u[i][k] = rnd.nextGaussian();
				v[i][k] = rnd.nextGaussian();
			}
		final double[][] w = new double[n][n];
		double norm = 0;
		for (int i = 0; i < n; i++)
			for (int j = 0; j < n; j++) {
				for (int k = 0; k < rank; k++) w[i][j] += u[i][k] * v[j][k];
				norm += w[i][j] * w[i][j];
			}
		final double f = n / Math.sqrt(norm); // ‖W*‖_F = n: entries of size about 1
		for (final double[] row : w) for (int j = 0; j < n; j++) row[j] *= f;
		final double[][] mask = TestFiles.observedMask(n, observed, rnd);
		final Path target = text("target.txt", w), m = text("mask.txt", mask);
		final double[] err = new double[4];
		for (int depth = 1; depth <= 3; depth++) {
			final Run r = run("--run", COMPLETE, "image=" + target + ",mask=" + m + ",reference=" + target +
				",units=paper,method=gd,init=gaussian,scale=1e-3,optimizer=adaptive,lr=0.01,iterations=5000,tolerance=0," +
				"keep_observed=false,validation=0,depth=" + depth);
			assertEquals(0, r.code, r::toString);
			err[depth] = Double.parseDouble(r.out.replaceAll(".*rel_error=(\\S+).*\\s*", "$1"));
		}
		assertTrue(err[1] > 0.5, "depth 1 leaves the missing entries near 0: " + Arrays.toString(err));
		assertTrue(err[2] < err[1] && err[3] < err[2], "deeper, lower error: " + Arrays.toString(err));
		assertTrue(err[3] < 0.02, "depth 3 recovers the matrix: " + Arrays.toString(err));
	}
}
