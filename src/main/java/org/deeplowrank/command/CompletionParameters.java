package org.deeplowrank.command;

import org.deeplowrank.image.TileGrid;
import org.deeplowrank.solver.Lifting;
import org.deeplowrank.solver.MatrixSolver;
import org.deeplowrank.solver.Method;
import org.deeplowrank.solver.Methods;
import org.deeplowrank.solver.SolverSettings;
import org.scijava.ItemVisibility;
import org.deeplowrank.solver.auto.AutoCompletion;
import org.scijava.plugin.Parameter;

/**
 * The keys of the commands that complete images, beyond the shared solver keys: which
 * method, on which matrix (lifting), in which tiles, and the method keys (GLRL, softimpute).
 * Declared once here for Complete Masked Image (and Greedy Low-Rank Learning) and for
 * Batch Complete Folder, so the batch has every method and lifting with the same keys,
 * defaults and messages. {@link #solver()} is what completes one matrix for the current
 * keys: {@link Methods}, tiled by {@link TileGrid}.
 */
public abstract class CompletionParameters extends SolverParameters {

	/** A heading of SciJava's dialog (not a key: runner, macros and CommandKeys skip messages). */
	@Parameter(visibility = ItemVisibility.MESSAGE, persist = false, required = false)
	private String methodHeading = "<html><b>Method (what completes each matrix)</b>";

	@Parameter(label = "Method", choices = { "auto", "gd", "glrl", "softimpute", "harmonic", "biharmonic" },
		description = "auto: the best of the whole-matrix deep factorization, the nonlocal patch groups and " +
			"biharmonic inpainting on held-out observed pixels (the summary says which, e.g. " +
			"method=auto(nonlocal-softimpute)); gd: gradient descent on the deep factorization; glrl: Greedy Low-Rank Learning (rank-one " +
			"phases, factors only as wide as the rank found: the fast path; uses depth, lr, optimizer, tolerance and " +
			"the GLRL keys); softimpute: nuclear-norm baseline (uses lambda, iterations, tolerance); harmonic, " +
			"biharmonic: classical smooth inpainting of the missing pixels (no factorization), for comparison.")
	protected String method = SolverSettings.COMPLETION_DEFAULTS.method().key();

	@Parameter(label = "Lifting", choices = { "none", "hankel", "nonlocal" },
		description = "none: the image itself is the matrix; hankel: complete the patch (block-Hankel) matrix, whose " +
			"columns are all p x p patches - natural images are much closer to low rank there (gd and glrl); " +
			"nonlocal: groups of similar p x p patches (see group, search, rounds), each completed as a small " +
			"matrix by method gd, glrl or softimpute, for photographs and textures.")
	protected String lifting = DEFAULTS.lifting().kind().key();

	@Parameter(label = "Patch size (hankel, nonlocal)", min = "1",
		description = "lifting=hankel or nonlocal (and method=auto's nonlocal groups): patch side p; the lifted " +
			"matrix, or each group, has p^2 rows.")
	protected int patch = DEFAULTS.lifting().patch();

	@Parameter(label = "Patch stride (hankel)", min = "1",
		description = "lifting=hankel: distance between patch positions (1..p); larger = less memory and time.")
	protected int stride = DEFAULTS.lifting().stride();

	@Parameter(label = "Patches per group (nonlocal)", min = "1",
		description = "lifting=nonlocal (and method=auto): patches per group, the reference patch and its most " +
			"similar neighbours; each group is a p^2 x group matrix.")
	protected int group = DEFAULTS.nonlocal().groupSize;

	@Parameter(label = "Search window (nonlocal)", min = "0",
		description = "lifting=nonlocal (and method=auto): similar patches are searched within +-search pixels of " +
			"the reference patch; (2 search + 1)^2 must be at least group.")
	protected int search = DEFAULTS.nonlocal().window;

	@Parameter(label = "Rounds (nonlocal)", min = "1",
		description = "lifting=nonlocal (and method=auto): rounds of grouping and group completion, each matching " +
			"the patches on the previous round's estimate.")
	protected int rounds = DEFAULTS.nonlocal().rounds;

	/** A heading of SciJava's dialog (not a key: runner, macros and CommandKeys skip messages). */
	@Parameter(visibility = ItemVisibility.MESSAGE, persist = false, required = false)
	private String tileHeading = "<html><b>Large images</b>";

	@Parameter(label = "Tile size (0 = whole image)", min = "0",
		description = "0: each plane (or Casorati matrix) is completed whole; else it is cut into overlapping tiles " +
			"of this side (pixels, e.g. 512), completed one after the other (any method and lifting) and blended " +
			"smoothly: for images too large to complete at once (memory), or whose content changes across the field " +
			"of view; each tile must be low rank on its own.")
	protected int tile = DEFAULTS.tiles().tile();

	@Parameter(label = "Tile overlap (0 = tile/8)", min = "0",
		description = "With tiles: the minimum overlap of neighbouring tiles in pixels, less than the tile size; " +
			"0 = tile/8. The tiles are blended by a raised-cosine ramp across it, so there are no seams.")
	protected int overlap = DEFAULTS.tiles().overlap();

	/** A heading of SciJava's dialog (not a key: runner, macros and CommandKeys skip messages). */
	@Parameter(visibility = ItemVisibility.MESSAGE, persist = false, required = false)
	private String methodKeysHeading = "<html><b>Keys of one method (softimpute, glrl)</b>";

	@Parameter(label = "SoftImpute lambda (relative)", min = "0", style = "format:0.####E0",
		description = "method=softimpute: singular values are shrunk by lambda times the largest one.")
	protected double lambda = DEFAULTS.lambda();

	@Parameter(label = "GLRL epsilon", min = "0", style = "format:0.####E0",
		description = "method=glrl: each phase starts by adding epsilon * u v^T (relative to the normalized data; " +
			"units=paper: on the data as given, GLRL Alg. 1).")
	protected double epsilon = DEFAULTS.glrl().epsilon();

	@Parameter(label = "GLRL max rank", min = "0",
		description = "method=glrl: stop after this many phases; 0 = min(width, height).")
	protected int max_rank = DEFAULTS.glrl().maxRank();

	@Parameter(label = "GLRL iterations per phase", min = "1",
		description = "method=glrl: cap on the gradient steps of one phase.")
	protected int phase_steps = DEFAULTS.glrl().phaseSteps();

	/**
	 * Adds the method, lifting, tile and method keys. GLRL's {@code tolerance} stays its
	 * default here: the key {@code tolerance} is gradient descent's (a loss change), which
	 * means something else ({@link GreedyLowRankLearning} maps it to GLRL's).
	 */
	@Override
	protected SolverSettings.Builder settingsBuilder() {
		return super.settingsBuilder()
			.method(Method.parse(method))
			.lifting(Lifting.parse(lifting))
			.patch(patch)
			.stride(stride)
			.group(group)
			.search(search)
			.rounds(rounds)
			.tile(tile)
			.overlap(overlap)
			.lambda(lambda)
			.epsilon(epsilon)
			.maxRank(max_rank)
			.phaseSteps(phase_steps);
	}

	/**
	 * What completes one matrix (a plane) with these settings: the method's solver
	 * ({@link Methods}, or {@link AutoCompletion} for method=auto), tiled.
	 */
	public static MatrixSolver solver(final SolverSettings settings) {
		return TileGrid.tiled(AutoCompletion.solver(settings), settings.tiles());
	}

	/**
	 * What completes a Casorati matrix (stack=casorati): as {@link #solver}, but method=auto
	 * is the whole-matrix factorization there ({@link AutoCompletion#casoratiSolver}).
	 */
	public static MatrixSolver casoratiSolver(final SolverSettings settings) {
		return TileGrid.tiled(AutoCompletion.casoratiSolver(settings), settings.tiles());
	}

	/**
	 * Sets what a stack run needs beyond the solver: Casorati stacks are refused with a
	 * lifting (hankel, nonlocal: 2-D patches), and method=auto completes a Casorati matrix
	 * as a whole matrix (a caller that runs another solver than {@link #solver} clears
	 * {@code casoratiSolver}).
	 */
	public static void prepare(final org.deeplowrank.image.StackReconstruction.Request request,
		final SolverSettings settings)
	{
		request.planesOnly = settings.lifting().kind() != Lifting.NONE;
		request.planesOnlyLifting = settings.lifting().kind().key();
		request.casoratiSolver = settings.method() == Method.AUTO ? casoratiSolver(settings) : null;
	}
}
