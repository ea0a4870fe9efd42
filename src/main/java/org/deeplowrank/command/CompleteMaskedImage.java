package org.deeplowrank.command;

import java.util.Locale;

import net.imglib2.img.Img;
import org.deeplowrank.image.StackReconstruction.MatrixSolver;
import org.deeplowrank.image.StackReconstruction.Request;
import org.deeplowrank.image.TileGrid;
import org.deeplowrank.io.LogTable;
import org.deeplowrank.solver.GreedySettings;
import org.deeplowrank.solver.LiftedCompletion;
import org.deeplowrank.solver.Reconstruction;
import org.deeplowrank.solver.ReconstructionResult;
import org.deeplowrank.solver.SolverSettings;
import org.deeplowrank.solver.baseline.SmoothInpainting;
import org.deeplowrank.solver.gd.LogRecord;
import org.deeplowrank.solver.gd.StopReason;
import org.deeplowrank.solver.glrl.GreedyLowRank;
import org.deeplowrank.solver.linalg.Matrix;
import org.deeplowrank.solver.linalg.MatrixOps;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Fills in the missing pixels of an image by fitting a deep matrix factorization to the
 * observed ones (matrix completion). The solver keys are inherited from
 * {@link SolverParameters}; this class only adds the mask and the optional reference.
 */
@Plugin(type = Command.class, headless = true, label = CompleteMaskedImage.LABEL,
	menuPath = "Plugins>Deep Low-Rank>" + CompleteMaskedImage.LABEL,
	description = "Completes an image from its observed pixels by gradient descent on a deep matrix factorization. " +
		"Nonzero mask pixels (and NaN image pixels) are missing.")
public class CompleteMaskedImage extends SolverCommand {

	public static final String LABEL = "Complete Masked Image";

	@Parameter(label = "Mask (nonzero = missing)", required = false,
		description = "Which pixels are missing: nonzero pixels are MISSING, zero pixels are observed; one plane (used " +
			"for every plane and channel) or one per plane of the image. Without a mask only NaN pixels are missing.")
	private Img<?> mask;

	@Parameter(label = "Reference (optional)", required = false,
		description = "Ground truth of the image's shape, only to log rel_error = |W - reference| / |reference|.")
	private Img<?> reference;

	@Parameter(label = "Method", choices = { "gd", "glrl", "softimpute", "harmonic", "biharmonic" },
		description = "gd: gradient descent on the deep factorization; glrl: Greedy Low-Rank Learning (rank-one " +
			"phases, factors only as wide as the rank found: the fast path; uses depth, lr, optimizer, tolerance and " +
			"the GLRL keys); softimpute: nuclear-norm baseline (uses lambda, iterations, tolerance); harmonic, " +
			"biharmonic: classical smooth inpainting of the missing pixels (no factorization), for comparison.")
	protected String method = "gd";

	@Parameter(label = "Lifting", choices = { "none", "hankel" },
		description = "none: the image itself is the matrix; hankel: complete the patch (block-Hankel) matrix, whose " +
			"columns are all p x p patches - natural images are much closer to low rank there (gd and glrl).")
	protected String lifting = "none";

	@Parameter(label = "Patch size (hankel)", min = "1",
		description = "lifting=hankel: patch side p; the lifted matrix has p^2 rows.")
	protected int patch = 8;

	@Parameter(label = "Patch stride (hankel)", min = "1",
		description = "lifting=hankel: distance between patch positions (1..p); larger = less memory and time.")
	protected int stride = 1;

	@Parameter(label = "Tile size (0 = whole image)", min = "0",
		description = "0: each plane is completed whole; else it is cut into overlapping tiles of this side (pixels, " +
			"e.g. 512), completed one after the other (any method and lifting) and blended smoothly: for images too " +
			"large to complete at once (memory), or whose content changes across the field of view.")
	protected int tile = 0;

	@Parameter(label = "Tile overlap (0 = tile/8)", min = "0",
		description = "With tiles: the minimum overlap of neighbouring tiles in pixels, less than the tile size; " +
			"0 = tile/8. The tiles are blended by a raised-cosine ramp across it, so there are no seams.")
	protected int overlap = 0;

	@Parameter(label = "SoftImpute lambda (relative)", min = "0", style = "format:0.####E0",
		description = "method=softimpute: singular values are shrunk by lambda times the largest one.")
	protected double lambda = 0.01;

	@Parameter(label = "GLRL epsilon", min = "0", style = "format:0.####E0",
		description = "method=glrl: each phase starts by adding epsilon * u v^T (relative to the normalized data).")
	protected double epsilon = new GreedySettings().epsilon;

	@Parameter(label = "GLRL max rank", min = "0",
		description = "method=glrl: stop after this many phases; 0 = min(width, height).")
	protected int max_rank = 0;

	@Parameter(label = "GLRL iterations per phase", min = "1",
		description = "method=glrl: cap on the gradient steps of one phase.")
	protected int phase_steps = new GreedySettings().phaseIterations;

	@Parameter(label = "Phases", type = ItemIO.OUTPUT,
		description = "method=glrl: one row per phase (loss at start and end, lambda1/lambda2 of -grad f, nuclear norm).")
	protected LogTable phases;

	@Override
	protected void configure(final Request request) {
		request.completion = true;
		request.planesOnly = parseLifting();
		request.mask = mask;
		request.reference = reference;
	}

	/** The method's solver, tile by tile when {@code tile} > 0 ({@link TileGrid#tiled}). */
	@Override
	protected final MatrixSolver solver() {
		return TileGrid.tiled(methodSolver(), tile, overlap);
	}

	/** What completes one matrix (a plane, or a tile of it) with the chosen method and lifting. */
	protected MatrixSolver methodSolver() {
		final String m = method == null ? "" : method.trim().toLowerCase(Locale.ROOT);
		final boolean hankel = parseLifting();
		if (hankel && !m.equals("gd") && !m.equals("glrl")) {
			throw new IllegalArgumentException("lifting=hankel works with method=gd or method=glrl, not '" + method + "'");
		}
		switch (m) {
			case "gd":
				if (hankel) return (data, missing, ref, s, l, c) -> LiftedCompletion.complete(data, missing, ref, s, patch,
					stride, s.keepObserved, l, c);
				return Reconstruction::complete;
			case "glrl": {
				final GreedySettings g = greedySettings();
				return glrl(g, false, hankel);
			}
			case "softimpute":
				return (data, missing, ref, s, l, c) -> Reconstruction.softImpute(data, missing, ref, lambda, s.iterations,
					s.tolerance, s.center, s.keepObserved, c);
			case "harmonic":
			case "biharmonic":
				return (data, missing, ref, s, l, c) -> inpaint(data, missing, ref, m.equals("biharmonic"), c);
			default:
				throw new IllegalArgumentException("bad value for 'method': '" + method + "' (expected one of " +
					"gd|glrl|softimpute|harmonic|biharmonic)");
		}
	}

	/** GLRL on the image or on its patch matrix. */
	protected MatrixSolver glrl(final GreedySettings own, final boolean useTolerance, final boolean hankel) {
		if (hankel) return (data, missing, ref, s, l, c) -> LiftedCompletion.completeGreedy(data, missing, ref, greedy(
			own, s, useTolerance), patch, stride, s.keepObserved, l, c);
		return (data, missing, ref, s, l, c) -> Reconstruction.completeGreedy(data, missing, ref, greedy(own, s,
			useTolerance), l, c);
	}

	protected boolean parseLifting() {
		final String v = lifting == null ? "" : lifting.trim().toLowerCase(Locale.ROOT);
		if (v.equals("none")) return false;
		if (v.equals("hankel")) return true;
		throw new IllegalArgumentException("bad value for 'lifting': '" + lifting + "' (expected one of none|hankel)");
	}

	/** The smooth-inpainting baseline as a result with a one-row log. */
	private static ReconstructionResult inpaint(final Matrix data, final boolean[] missing, final Matrix ref,
		final boolean biharmonic, final java.util.function.BooleanSupplier cancel)
	{
		final long start = System.nanoTime();
		final SmoothInpainting.Result r = SmoothInpainting.solve(data, missing, biharmonic, 0,
			SmoothInpainting.DEFAULT_TOLERANCE, cancel);
		final double rel = ref == null ? Double.NaN : MatrixOps.distanceF(r.image, ref) / MatrixOps.normF(ref);
		final double seconds = (System.nanoTime() - start) * 1e-9;
		final LogRecord row = new LogRecord(r.iterations, 0, 0, 0, rel, Double.NaN, r.relativeResidual, Double.NaN,
			new double[0], Double.NaN, Double.NaN, Double.NaN, seconds);
		final StopReason stop = r.cancelled ? StopReason.CANCELLED : r.converged ? StopReason.CONVERGED
			: StopReason.MAX_ITERATIONS;
		return new ReconstructionResult(r.image, java.util.List.of(row), 0, stop, (biharmonic ? "biharmonic" :
			"harmonic") + " inpainting: " + r.summaryLine(), r.iterations, 0, rel, seconds, "cg");
	}

	/** The GLRL keys of this command (the shared keys are filled in from the solver settings). */
	protected GreedySettings greedySettings() {
		final GreedySettings g = new GreedySettings();
		g.epsilon = epsilon;
		g.maxRank = max_rank;
		g.phaseIterations = phase_steps;
		return g;
	}

	/** GLRL settings: this command's GLRL keys plus the shared depth, lr, optimizer, tolerance, seed ... */
	static GreedySettings greedy(final GreedySettings own, final SolverSettings s, final boolean useTolerance) {
		final GreedySettings g = own.copy();
		g.depth = s.depth;
		g.lr = s.lr;
		g.optimizer = s.optimizer;
		// the gd tolerance (loss change) means something else: method=glrl keeps GLRL's own
		// (1e-4); the Greedy Low-Rank Learning command exposes it as its 'tolerance'
		if (useTolerance) g.tolerance = s.tolerance;
		g.center = s.center;
		g.keepObserved = s.keepObserved;
		g.validation = s.validation;
		g.seed = s.seed;
		g.logEvery = s.logEvery;
		g.singularValues = s.singularValues;
		g.threads = s.threads;
		return g;
	}

	@Override
	protected void published(final ReconstructionResult r) {
		if (r != null && !r.phases.isEmpty()) {
			final java.util.List<double[]> rows = new java.util.ArrayList<>();
			for (final GreedyLowRank.Phase p : r.phases) rows.add(p.values());
			phases = new LogTable(GreedyLowRank.Phase.columns(), rows);
		}
	}

	@Override
	public String resultSuffix() {
		return "_completed";
	}
}
