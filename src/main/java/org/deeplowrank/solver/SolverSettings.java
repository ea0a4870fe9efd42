package org.deeplowrank.solver;

import java.util.Objects;

import org.deeplowrank.solver.gd.FieldKind;
import org.deeplowrank.solver.gd.InitKind;
import org.deeplowrank.solver.gd.OptimizerKind;
import org.deeplowrank.solver.kernels.BackendKind;
import org.deeplowrank.solver.kernels.Precision;
import org.deeplowrank.solver.nonlocal.GroupMethod;
import org.deeplowrank.solver.nonlocal.NonlocalSettings;

/**
 * Everything a completion or sensing run is configured by, immutable: the method and
 * lifting, the method settings ({@link GdSettings}, {@link GlrlSettings}), the tiles, and
 * the settings every method shares. In units that do not depend on the image's size or
 * bit depth (the data are normalized first, see {@link Reconstruction}).
 * <p>
 * This is the ONE place of the defaults (the {@link Builder}'s initial values, read by the
 * commands' {@code @Parameter} defaults through {@link #DEFAULTS}) and of the checks: an
 * instance exists only with valid values, and a bad value is reported as "bad value for
 * 'key': value (expected ...)" with the command key's name. Every key is checked whichever
 * method uses it; the rules of one method only ({@link #checkUsableFor}) are checked for the
 * chosen method, and by that method's entry point.
 */
public final class SolverSettings {

	private final Method method;
	private final GdSettings gd;
	private final GlrlSettings glrl;
	private final LiftingSettings lifting;
	private final TileSettings tiles;
	private final NonlocalSettings nonlocal;
	private final double lambda;
	private final Centering center;
	private final boolean keepObserved;
	private final double validation;
	private final int patience;
	private final long seed;
	private final int threads;
	private final BackendKind backend;
	private final Precision precision;
	private final Units units;

	/** The defaults of every key (those of Complete Masked Image). */
	/** The largest relative initial scale accepted (see the check of {@code scale}). */
	static final double MAX_SCALE = 100;

	public static final SolverSettings DEFAULTS = builder().build();

	/**
	 * The defaults of Complete Masked Image and of the folder batch: {@code method=auto}
	 * (the best of the candidate models on held-out pixels), every other key as
	 * {@link #DEFAULTS}. The library's builder keeps {@code gd}, which the other commands
	 * (Sense and Reconstruct, the dynamics study) and the whole-matrix candidate of auto use.
	 */
	public static final SolverSettings COMPLETION_DEFAULTS = builder().method(Method.AUTO).build();

	/**
	 * The defaults of the Greedy Low-Rank Learning command: method glrl at depth 2 (GLRL
	 * Alg. 1); its key {@code tolerance} is GLRL's ({@code glrl().tolerance()}).
	 */
	public static final SolverSettings GREEDY_DEFAULTS = builder().method(Method.GLRL).depth(2).build();

	/** Checks every value ({@link #check}) and the rules of the chosen method ({@link #checkUsableFor}). */
	private SolverSettings(final Method method, final GdSettings gd, final GlrlSettings glrl,
		final LiftingSettings lifting, final TileSettings tiles, final NonlocalSettings nonlocal, final double lambda,
		final Centering center, final boolean keepObserved, final double validation, final int patience, final long seed,
		final int threads, final BackendKind backend, final Precision precision, final Units units)
	{
		check(method, gd, glrl, lifting, tiles, lambda, center, validation, patience, threads, backend, precision, units);
		checkUnits(units, center);
		checkUsable(method, gd, lifting, precision);
		this.nonlocal = nonlocal;
		this.method = method;
		this.gd = gd;
		this.glrl = glrl;
		this.lifting = lifting;
		this.tiles = tiles;
		this.lambda = lambda;
		this.center = center;
		this.keepObserved = keepObserved;
		this.validation = validation;
		this.patience = patience;
		this.seed = seed;
		this.threads = threads;
		this.backend = backend;
		this.precision = precision;
		this.units = units;
	}

	/** What completes a matrix ({@link Methods}). */
	public Method method() {
		return method;
	}

	/** Gradient descent, and GLRL's shared depth, step and log settings. */
	public GdSettings gd() {
		return gd;
	}

	/** GLRL's own settings. */
	public GlrlSettings glrl() {
		return glrl;
	}

	/** The image or its patch matrix. */
	public LiftingSettings lifting() {
		return lifting;
	}

	/** Whole matrices or overlapping tiles. */
	public TileSettings tiles() {
		return tiles;
	}

	/**
	 * The nonlocal patch groups ({@code lifting=nonlocal}, and the nonlocal candidate of
	 * {@code method=auto}): the keys {@code patch}, {@code group}, {@code search},
	 * {@code rounds}, the per-group method (gd for {@code method=gd}, else softimpute), and
	 * this run's seed and threads. Without lifting=nonlocal or method=auto its patch is the
	 * nonlocal default (the key {@code patch} is then the Hankel lifting's).
	 */
	public NonlocalSettings nonlocal() {
		return nonlocal;
	}

	/** Method softimpute: singular values are shrunk by lambda × the largest one. */
	public double lambda() {
		return lambda;
	}

	/**
	 * Subtract the mean of the observed values before factorizing and add it back after
	 * (AUTO: only when μ² exceeds their variance). Images are positive: their mean is a
	 * dominant rank-one component (σ_1 often 10–50× σ_2) that sets the step size, and the
	 * weaker components then escape the small initialization so slowly (time ∝
	 * σ_1^{2−2/N}/σ_k for depth N ≥ 3) that the run stalls at a rank-one fit. Centering
	 * changes the rank by at most one, which is why AUTO leaves zero-mean data alone.
	 */
	public Centering center() {
		return center;
	}

	/**
	 * Completion: observed pixels keep their observed values in the result (true), or the
	 * result is the low-rank fit everywhere (false: also denoises the observed pixels). When
	 * no pixel is missing the result is always the fit (plain factorization of the image).
	 */
	public boolean keepObserved() {
		return keepObserved;
	}

	/**
	 * Fraction of the observed pixels (sensing: of the measurements) held out, chosen by the
	 * seed, to measure the error on what the solver does not fit ({@code val_rmse}); the best
	 * iterate (GLRL: the best phase) is returned (early stopping against overfitting noise).
	 * 0 disables.
	 */
	public double validation() {
		return validation;
	}

	/**
	 * Early stopping: the validation error must have stayed above its best (by > 1 %) for at
	 * least this many log steps, and for as many iterations as it took to reach the best.
	 */
	public int patience() {
		return patience;
	}

	/** Seeds the initialization, the sensing operator, the noise and the hold-out (independent streams). */
	public long seed() {
		return seed;
	}

	/** Threads for the matrix products (java pool and OpenBLAS alike); 0 = all processors. */
	public int threads() {
		return threads;
	}

	/** Where the products run: native (OpenBLAS), java, or auto (native when it loads). */
	public BackendKind backend() {
		return backend;
	}

	/** Precision of the iterates; AUTO = float for integer data, double otherwise ({@code Kernels.resolve}). */
	public Precision precision() {
		return precision;
	}

	/**
	 * The units of {@code lr}, {@code scale}, {@code epsilon} and of the problem: normalized
	 * (default) or the papers' own ({@link Units}: no centering, no normalization, absolute
	 * step η, the paper's ε of each initialization).
	 */
	public Units units() {
		return units;
	}

	public static Builder builder() {
		return new Builder();
	}

	/** A builder holding these values. */
	public Builder toBuilder() {
		return new Builder(this);
	}

	/** These settings with another seed (what each part of a stack, and each tile, runs with). */
	public SolverSettings withSeed(final long newSeed) {
		return toBuilder().seed(newSeed).build();
	}

	/**
	 * These settings with {@code optimizer=auto} read as {@code gd}: for the runs where the
	 * fast engine does not apply or is not measured (lifted matrices, the dynamics study of
	 * the papers' gradient descent); other optimizers unchanged.
	 */
	public SolverSettings withAutoOptimizerAsGd() {
		return gd.optimizer() == OptimizerKind.AUTO ? toBuilder().optimizer(OptimizerKind.GD).build() : this;
	}

	/** These settings with another {@code keepObserved} (a lifted run puts the observed values back itself). */
	public SolverSettings withKeepObserved(final boolean keep) {
		return toBuilder().keepObserved(keep).build();
	}

	/**
	 * Throws {@link IllegalArgumentException} unless these settings can run {@code m}: the
	 * rules of a single method (GLRL needs depth ≥ 2, softimpute at least one iteration, and
	 * only gd and glrl complete a Hankel lifting). Checked for {@link #method()} when the
	 * settings are built, and by each method's entry point for the settings it is given.
	 */
	public void checkUsableFor(final Method m) {
		checkUsable(m, gd, lifting, precision);
	}

	private static void checkUsable(final Method m, final GdSettings gd, final LiftingSettings lifting,
		final Precision precision)
	{
		if (m == Method.AUTO && lifting.kind() == Lifting.HANKEL) {
			throw new IllegalArgumentException("method=auto chooses the model itself (the whole matrix, nonlocal patch " +
				"groups or biharmonic inpainting) and does not take lifting=hankel: use lifting=none with method=auto, or " +
				"lifting=hankel with method=gd or method=glrl");
		}
		if (lifting.kind() == Lifting.NONLOCAL && m != Method.AUTO && !m.groupable()) {
			throw new IllegalArgumentException("lifting=nonlocal works with method=gd, glrl or softimpute (the solver of " +
				"each patch group), not '" + m.key() + "': smooth inpainting has no groups; use lifting=none with method=" +
				m.key());
		}
		if (m == Method.GLRL && gd.depth() < 2) throw bad("depth", gd.depth(), "an integer >= 2 for GLRL");
		if (m == Method.GLRL && precision == Precision.FLOAT) {
			// a phase ends at ‖∇L‖ ≤ tolerance² × its peak, below float's rounding of the
			// residual: float phases run to phase_steps (docs/benchmarks.md, stop 24)
			throw new IllegalArgumentException("precision=float cannot end GLRL's phases (each runs until its gradient " +
				"falls to tolerance^2 of its peak, 1e-8 at tolerance=1e-4, below float's rounding): use precision=auto or " +
				"precision=double with method=glrl (backend=native runs BLAS in double too)");
		}
		if (m == Method.SOFTIMPUTE && gd.iterations() < 1) {
			throw new IllegalArgumentException("bad value for 'iterations': " + gd.iterations() + " (expected >= 1)");
		}
		if (gd.optimizer() == OptimizerKind.SCALED && (m == Method.GD || m == Method.GLRL)) checkScaled(m, gd);
		if (lifting.hankel() && !m.liftable()) {
			throw new IllegalArgumentException("lifting=hankel works with method=gd or method=glrl, not '" + m.key() + "'");
		}
	}

	/**
	 * What the fast engine ({@code optimizer=scaled}) does not do, refused before any work with
	 * the key to change: GLRL's phases, complex layers, other initializations, the balance
	 * regularizer, steps beyond its stable range.
	 */
	private static void checkScaled(final Method m, final GdSettings gd) {
		if (m == Method.GLRL) {
			throw new IllegalArgumentException("optimizer=scaled is the fast engine of method=gd; GLRL's phases use " +
				"optimizer=gd or optimizer=adaptive");
		}
		if (gd.complex()) {
			throw new IllegalArgumentException("optimizer=scaled fits real layers only; use field=real, or optimizer=gd " +
				"for complex layers");
		}
		if (gd.init() != InitKind.GAUSSIAN) {
			throw new IllegalArgumentException("optimizer=scaled starts from a small Gaussian initialization; use " +
				"init=gaussian, or optimizer=gd for init=" + gd.init().key());
		}
		if (gd.regularization() > 0) {
			throw new IllegalArgumentException("optimizer=scaled has no balance regularizer; use regularization=0, or " +
				"optimizer=gd");
		}
		if (gd.lr() > 4) throw bad("lr", gd.lr(), "a number in (0, 4] with optimizer=scaled; 1 is its default step");
	}

	/**
	 * The checks of every value; the first bad key is reported, in the order of the key
	 * table: the gradient-descent and shared keys, then GLRL's, softimpute's, the lifting and
	 * the tiles.
	 */
	private static void check(final Method method, final GdSettings gd, final GlrlSettings glrl,
		final LiftingSettings lifting, final TileSettings tiles, final double lambda, final Centering center,
		final double validation, final int patience, final int threads, final BackendKind backend,
		final Precision precision, final Units units)
	{
		if (method == null) throw missing("method");
		if (gd.depth() < 1) throw bad("depth", gd.depth(), "an integer >= 1");
		if (gd.depth() > 64) throw bad("depth", gd.depth(), "at most 64");
		if (gd.width() < 0) throw bad("width", gd.width(), "0 (full width) or a positive integer");
		if (gd.init() == null) throw missing("init");
		if (center == null) throw missing("center");
		if (gd.optimizer() == null) throw missing("optimizer");
		if (backend == null) throw missing("backend");
		if (precision == null) throw missing("precision");
		if (gd.field() == null) throw missing("field");
		if (!(gd.scale() > 0) || !Double.isFinite(gd.scale())) {
			throw bad("scale", gd.scale(), "a positive number, e.g. 0.1");
		}
		// scale is relative to the data normalized to RMS 1 (units=paper: the paper's absolute
		// ε, not limited), and the initial product is about scale^depth: above 100 the run starts orders of magnitude away from the data and
		// overflows to NaN instead of fitting anything
		if (gd.scale() > MAX_SCALE && units != Units.PAPER) {
			throw bad("scale", gd.scale(), "at most " + (int) MAX_SCALE + " (it is relative to the normalized data; " +
				"small values such as 0.1 give the low-rank bias)");
		}
		if (!(gd.lr() > 0) || !Double.isFinite(gd.lr())) throw bad("lr", gd.lr(), "a positive number, e.g. 1");
		if (gd.iterations() < 0) throw bad("iterations", gd.iterations(), "an integer >= 0");
		if (!(gd.maxSeconds() >= 0) || !Double.isFinite(gd.maxSeconds())) {
			throw bad("max_seconds", gd.maxSeconds(), "a number of seconds >= 0; 0 = no limit");
		}
		if (!(gd.tolerance() >= 0) || !Double.isFinite(gd.tolerance())) {
			throw bad("tolerance", gd.tolerance(), "a number >= 0");
		}
		if (!(gd.regularization() >= 0) || !Double.isFinite(gd.regularization())) {
			throw bad("regularization", gd.regularization(), "a number >= 0");
		}
		if (!(validation >= 0) || !(validation <= 0.5)) {
			throw bad("validation", validation, "a fraction in [0, 0.5], e.g. 0.05; 0 disables");
		}
		if (patience < 1) throw bad("patience", patience, "an integer >= 1");
		if (gd.logEvery() < 1) throw bad("log_every", gd.logEvery(), "an integer >= 1");
		if (gd.singularValues() < 0) throw bad("singular_values", gd.singularValues(), "an integer >= 0");
		if (threads < 0) throw bad("threads", threads, "0 (all processors) or a positive integer");
		if (!(glrl.epsilon() > 0) || !Double.isFinite(glrl.epsilon())) {
			throw bad("epsilon", glrl.epsilon(), "a small positive number, e.g. 1e-7");
		}
		if (glrl.maxRank() < 0) throw bad("max_rank", glrl.maxRank(), "0 (no cap) or a positive integer");
		if (glrl.phaseSteps() < 1) throw bad("phase_steps", glrl.phaseSteps(), "an integer >= 1");
		if (!(glrl.tolerance() > 0) || !(glrl.tolerance() < 1)) {
			throw bad("tolerance", glrl.tolerance(), "a number in (0, 1), e.g. 1e-4");
		}
		if (!(glrl.minPhaseGain() >= 0) || !(glrl.minPhaseGain() < 1)) {
			throw bad("min_phase_gain", glrl.minPhaseGain(), "a fraction in [0, 1), e.g. 1e-3; 0 = off");
		}
		if (!(lambda >= 0) || !Double.isFinite(lambda)) {
			throw new IllegalArgumentException("bad value for 'lambda': " + lambda + " (expected >= 0, e.g. 0.01)");
		}
		if (lifting.kind() == null) throw missing("lifting");
		TileSettings.check(tiles.tile(), tiles.overlap());
	}

	/**
	 * units=paper is the papers' problem as written: it is never centered, so center=on
	 * contradicts it (auto and off both mean "not centered" there).
	 */
	private static void checkUnits(final Units units, final Centering center) {
		if (units == null) throw missing("units");
		if (units == Units.PAPER && center == Centering.ON) {
			throw new IllegalArgumentException("center=on cannot be used with units=paper (the papers' problems are " +
				"not centered); use center=off, or units=normalized to subtract the mean");
		}
	}

	private static IllegalArgumentException missing(final String key) {
		return new IllegalArgumentException("missing value for '" + key + "'");
	}

	static IllegalArgumentException bad(final String key, final Object value, final String expected) {
		return new IllegalArgumentException("bad value for '" + key + "': " + value + " (expected " + expected + ")");
	}

	@Override
	public boolean equals(final Object o) {
		if (!(o instanceof SolverSettings)) return false;
		final SolverSettings s = (SolverSettings) o;
		return method == s.method && gd.equals(s.gd) && glrl.equals(s.glrl) && lifting.equals(s.lifting) && tiles.equals(
			s.tiles) && nonlocal.equals(s.nonlocal) && Double.compare(lambda, s.lambda) == 0 && center == s.center && keepObserved == s.keepObserved &&
			Double.compare(validation, s.validation) == 0 && patience == s.patience && seed == s.seed &&
			threads == s.threads && backend == s.backend && precision == s.precision && units == s.units;
	}

	@Override
	public int hashCode() {
		return Objects.hash(method, gd, glrl, lifting, tiles, nonlocal, lambda, center, keepObserved, validation, patience, seed,
			threads, backend, precision, units);
	}

	/**
	 * Builds {@link SolverSettings}; its initial values are the defaults. Setters are named
	 * after the keys (camel case); {@link #build} checks every value.
	 */
	public static final class Builder {

		private Method method = Method.GD;
		private int depth = 3, width = 0;
		private InitKind init = InitKind.GAUSSIAN;
		private double scale = 0.1;
		private FieldKind field = FieldKind.REAL;
		private OptimizerKind optimizer = OptimizerKind.AUTO;
		private double lr = 1;
		// a safety cap: runs end by converging (tolerance) or early stopping; measured in
		// StoppingBenchmark (docs/benchmarks.md): 230-3100 steps on exact and noisy completions
		private int iterations = 100000;
		private double tolerance = 1e-5, regularization = 0;
		private int logEvery = 10, singularValues = 5;
		private double maxSeconds = 0;
		private double epsilon = 1e-7;
		private int maxRank = 0, phaseSteps = 10000;
		private double glrlTolerance = 1e-4, minPhaseGain = 1e-4;
		private boolean symmetric = false;
		private Lifting lifting = Lifting.NONE;
		private int patch = 8, stride = 1;
		private int tile = 0, overlap = 0;
		private int group = NonlocalSettings.DEFAULTS.groupSize, search = NonlocalSettings.DEFAULTS.window,
			rounds = NonlocalSettings.DEFAULTS.rounds;
		private double lambda = 0.01;
		private Centering center = Centering.AUTO;
		private boolean keepObserved = true;
		private double validation = 0.05;
		private int patience = 20;
		private long seed = 0;
		private int threads = 0;
		private BackendKind backend = BackendKind.AUTO;
		private Precision precision = Precision.AUTO;
		private Units units = Units.NORMALIZED;

		private Builder() {}

		private Builder(final SolverSettings s) {
			method = s.method;
			gd(s.gd);
			glrl(s.glrl);
			lifting = s.lifting.kind();
			patch = s.lifting.patch();
			stride = s.lifting.stride();
			tile = s.tiles.tile();
			overlap = s.tiles.overlap();
			group = s.nonlocal.groupSize;
			search = s.nonlocal.window;
			rounds = s.nonlocal.rounds;
			lambda = s.lambda;
			center = s.center;
			keepObserved = s.keepObserved;
			validation = s.validation;
			patience = s.patience;
			seed = s.seed;
			threads = s.threads;
			backend = s.backend;
			precision = s.precision;
			units = s.units;
		}

		/** The checked settings. @throws IllegalArgumentException naming the first bad key */
		public SolverSettings build() {
			return new SolverSettings(method, new GdSettings(depth, width, init, scale, field, optimizer,
				lr, iterations, tolerance, regularization, logEvery, singularValues, maxSeconds), new GlrlSettings(epsilon, maxRank,
					phaseSteps, glrlTolerance, minPhaseGain, symmetric), new LiftingSettings(lifting, patch, stride),
				new TileSettings(tile, overlap), nonlocal(), lambda, center, keepObserved, validation, patience, seed, threads, backend,
				precision, units);
		}

		/**
		 * The nonlocal settings of these keys (checked: a bad {@code group}, {@code search}
		 * or {@code rounds} is reported whichever method runs).
		 */
		private NonlocalSettings nonlocal() {
			final boolean used = lifting == Lifting.NONLOCAL || method == Method.AUTO;
			return NonlocalSettings.builder()
				.patch(used ? patch : NonlocalSettings.DEFAULTS.patch)
				.groupSize(group)
				.window(search)
				.rounds(rounds)
				.groupMethod(method == Method.GD ? GroupMethod.GD : method == Method.GLRL ? GroupMethod.GLRL
					: GroupMethod.SOFT_IMPUTE)
				.seed(seed)
				.threads(Math.max(0, threads))
				.build();
		}

		public Builder method(final Method v) {
			method = v;
			return this;
		}

		/** All gradient-descent settings at once. */
		public Builder gd(final GdSettings g) {
			depth = g.depth();
			width = g.width();
			init = g.init();
			scale = g.scale();
			field = g.field();
			optimizer = g.optimizer();
			lr = g.lr();
			iterations = g.iterations();
			tolerance = g.tolerance();
			regularization = g.regularization();
			logEvery = g.logEvery();
			singularValues = g.singularValues();
			maxSeconds = g.maxSeconds();
			return this;
		}

		/** All GLRL settings at once. */
		public Builder glrl(final GlrlSettings g) {
			epsilon = g.epsilon();
			maxRank = g.maxRank();
			phaseSteps = g.phaseSteps();
			glrlTolerance = g.tolerance();
			minPhaseGain = g.minPhaseGain();
			symmetric = g.symmetric();
			return this;
		}

		public Builder depth(final int v) {
			depth = v;
			return this;
		}

		public Builder width(final int v) {
			width = v;
			return this;
		}

		public Builder init(final InitKind v) {
			init = v;
			return this;
		}

		public Builder scale(final double v) {
			scale = v;
			return this;
		}

		public Builder field(final FieldKind v) {
			field = v;
			return this;
		}

		public Builder optimizer(final OptimizerKind v) {
			optimizer = v;
			return this;
		}

		public Builder lr(final double v) {
			lr = v;
			return this;
		}

		public Builder iterations(final int v) {
			iterations = v;
			return this;
		}

		/** The time budget in seconds (the key {@code max_seconds}; 0 = no limit). */
		public Builder maxSeconds(final double v) {
			maxSeconds = v;
			return this;
		}

		/** Gradient descent's tolerance (the key {@code tolerance} of every command but GLRL's). */
		public Builder tolerance(final double v) {
			tolerance = v;
			return this;
		}

		public Builder regularization(final double v) {
			regularization = v;
			return this;
		}

		public Builder logEvery(final int v) {
			logEvery = v;
			return this;
		}

		public Builder singularValues(final int v) {
			singularValues = v;
			return this;
		}

		public Builder epsilon(final double v) {
			epsilon = v;
			return this;
		}

		public Builder maxRank(final int v) {
			maxRank = v;
			return this;
		}

		public Builder phaseSteps(final int v) {
			phaseSteps = v;
			return this;
		}

		/** GLRL's tolerance ({@link GlrlSettings#tolerance}: the key {@code tolerance} of the GLRL command). */
		public Builder glrlTolerance(final double v) {
			glrlTolerance = v;
			return this;
		}

		public Builder minPhaseGain(final double v) {
			minPhaseGain = v;
			return this;
		}

		public Builder symmetric(final boolean v) {
			symmetric = v;
			return this;
		}

		public Builder lifting(final Lifting v) {
			lifting = v;
			return this;
		}

		public Builder patch(final int v) {
			patch = v;
			return this;
		}

		public Builder stride(final int v) {
			stride = v;
			return this;
		}

		public Builder tile(final int v) {
			tile = v;
			return this;
		}

		public Builder overlap(final int v) {
			overlap = v;
			return this;
		}

		/** Key {@code group}: patches per nonlocal group. */
		public Builder group(final int v) {
			group = v;
			return this;
		}

		/** Key {@code search}: the nonlocal search window, ± pixels. */
		public Builder search(final int v) {
			search = v;
			return this;
		}

		/** Key {@code rounds}: rounds of nonlocal grouping and group completion. */
		public Builder rounds(final int v) {
			rounds = v;
			return this;
		}

		public Builder lambda(final double v) {
			lambda = v;
			return this;
		}

		public Builder center(final Centering v) {
			center = v;
			return this;
		}

		public Builder keepObserved(final boolean v) {
			keepObserved = v;
			return this;
		}

		public Builder validation(final double v) {
			validation = v;
			return this;
		}

		public Builder patience(final int v) {
			patience = v;
			return this;
		}

		public Builder seed(final long v) {
			seed = v;
			return this;
		}

		public Builder threads(final int v) {
			threads = v;
			return this;
		}

		public Builder backend(final BackendKind v) {
			backend = v;
			return this;
		}

		public Builder precision(final Precision v) {
			precision = v;
			return this;
		}

		public Builder units(final Units v) {
			units = v;
			return this;
		}
	}
}
