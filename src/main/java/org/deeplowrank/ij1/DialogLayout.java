package org.deeplowrank.ij1;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.deeplowrank.command.CommandKeys.Key;
import org.deeplowrank.command.FactorizationDynamicsStudy;
import org.deeplowrank.command.GreedyLowRankLearning;
import org.deeplowrank.command.SenseAndReconstructImage;
import org.deeplowrank.command.SolverParameters;

/**
 * What the ImageJ 1.x dialogs show for each key: a plain label, a one-line hint, the
 * section it belongs to (the main dialog or a heading of the advanced one) and the solvers
 * it matters for. The keys themselves, their defaults and descriptions stay those of the
 * command's {@code @Parameter} fields ({@link org.deeplowrank.command.CommandKeys}): this
 * table is presentation only, so a key missing from it still appears (under
 * {@link Section#OTHER}, with its {@code @Parameter} label).
 * <p>
 * The keys {@code method} and {@code lifting} are not fields: together they are the one
 * plain-words {@link MethodChoice} of the main dialog.
 */
final class DialogLayout {

	private DialogLayout() {}

	/** Where a field goes: the main dialog, or a heading of the advanced dialog (in this order). */
	enum Section {
		/** The main dialog, in three groups. */
		IMAGES("Images"), MAIN_METHOD("Method"), RESULT("Result"),
		/** The advanced dialog. */
		METHOD("Method settings"), FACTORIZATION("Factorization"), OPTIMIZATION("Gradient descent"),
		DATA("Mean and early stopping"), LARGE("Large images and stacks"), PERFORMANCE("Speed and reproducibility"),
		OTHER("Other settings");

		final String heading;

		Section(final String heading) {
			this.heading = heading;
		}

		boolean isMain() {
			return this == IMAGES || this == MAIN_METHOD || this == RESULT;
		}
	}

	/** What actually runs, which decides the keys that matter. */
	enum Solver {
		/** method=auto: the best of the whole-matrix factorization (gd's keys), nonlocal groups and biharmonic. */
		AUTO,
		/** Gradient descent on the deep factorization (completion; also the batch). */
		GD,
		/** Greedy Low-Rank Learning as method=glrl of Complete Masked Image (GLRL's own tolerance). */
		GLRL,
		/** The Greedy Low-Rank Learning command: its tolerance is GLRL's stopping threshold. */
		GLRL_COMMAND,
		SOFTIMPUTE,
		/** Harmonic or biharmonic inpainting: no factorization at all. */
		SMOOTH,
		SENSE,
		DYNAMICS,
		/** lifting=nonlocal (gd, glrl or softimpute per group): the group keys, not the factorization's. */
		NONLOCAL;

		/** The solver of a command with these values of the keys method and lifting. */
		static Solver of(final Class<? extends SolverParameters> type, final String method) {
			if (GreedyLowRankLearning.class.isAssignableFrom(type)) return GLRL_COMMAND;
			if (SenseAndReconstructImage.class.isAssignableFrom(type)) return SENSE;
			if (FactorizationDynamicsStudy.class.isAssignableFrom(type)) return DYNAMICS;
			switch (method == null ? "gd" : method.trim().toLowerCase(Locale.ROOT)) {
				case "auto":
					return AUTO;
				case "glrl":
					return GLRL;
				case "softimpute":
					return SOFTIMPUTE;
				case "harmonic":
				case "biharmonic":
					return SMOOTH;
				default:
					return GD;
			}
		}

		/** As {@link #of(Class, String)}, with the key lifting: gd, glrl or softimpute on nonlocal groups is {@link #NONLOCAL}. */
		static Solver of(final Class<? extends SolverParameters> type, final String method, final String lifting) {
			final Solver s = of(type, method);
			return (s == GD || s == GLRL || s == SOFTIMPUTE) && lifting != null && lifting.trim().equalsIgnoreCase("nonlocal")
				? NONLOCAL : s;
		}

		boolean isGreedy() {
			return this == GLRL || this == GLRL_COMMAND;
		}
	}

	/**
	 * The method in plain words: one entry per (method, lifting) pair that runs. Lifting
	 * (the patch matrix) is a property of the method for a user ("for textures").
	 */
	enum MethodChoice {
		AUTO("Automatic (best of models)", "auto", "none",
			"tries the models below on held-out pixels and keeps the best"),
		DEEP("Deep factorization (gradient descent)", "gd", "none",
			"the papers' method: best results, slowest"),
		DEEP_PATCHES("Deep factorization of patches (textures)", "gd", "hankel",
			"for natural images and textures; needs more memory"),
		GREEDY("Greedy low-rank (fast)", "glrl", "none", "adds one rank at a time, stops when enough"),
		GREEDY_PATCHES("Greedy low-rank of patches (fast, textures)", "glrl", "hankel",
			"greedy, on the patch matrix of the image"),
		DEEP_GROUPS("Deep factorization of similar-patch groups (photos)", "gd", "nonlocal",
			"groups of similar patches, each a small low-rank matrix"),
		GREEDY_GROUPS("Greedy low-rank of similar-patch groups (photos)", "glrl", "nonlocal",
			"groups of similar patches, one rank at a time per group"),
		SOFTIMPUTE_GROUPS("SoftImpute of similar-patch groups (photos, fast)", "softimpute", "nonlocal",
			"groups of similar patches, nuclear-norm per group"),
		SOFTIMPUTE("Nuclear-norm baseline (SoftImpute)", "softimpute", "none",
			"classical convex baseline, for comparison"),
		HARMONIC("Smooth inpainting (harmonic)", "harmonic", "none", "fills the holes smoothly; no low-rank model"),
		BIHARMONIC("Smooth inpainting (biharmonic)", "biharmonic", "none", "a smoother fill; for comparison");

		final String label, method, lifting, hint;

		MethodChoice(final String label, final String method, final String lifting, final String hint) {
			this.label = label;
			this.method = method;
			this.lifting = lifting;
			this.hint = hint;
		}

		/** The entry for these key values, or null if none (a combination that does not run). */
		static MethodChoice of(final String method, final String lifting) {
			for (final MethodChoice c : values())
				if (c.method.equalsIgnoreCase(method.trim()) && c.lifting.equalsIgnoreCase(lifting.trim())) return c;
			return null;
		}

		/**
		 * The entries a command offers: with a method key, all of them (only lifting=none
		 * ones without a lifting key); without one (Greedy Low-Rank Learning), those of the
		 * command's fixed method.
		 */
		static List<MethodChoice> offered(final boolean hasMethodKey, final boolean hasLiftingKey,
			final String fixedMethod)
		{
			final List<MethodChoice> offered = new ArrayList<>();
			for (final MethodChoice c : values()) {
				if (!hasLiftingKey && !c.lifting.equals("none")) continue;
				if (!hasMethodKey && !c.method.equalsIgnoreCase(fixedMethod)) continue;
				offered.add(c);
			}
			return offered;
		}
	}

	/** One key as the dialogs show it. */
	static final class Entry {

		final String key;
		final Section section;
		final String label;
		final String hint;
		/** The solvers the key matters for. */
		final Set<Solver> solvers;
		/** Only with one of these liftings (patch size: hankel or nonlocal; stride: hankel); null = any. */
		final Set<String> liftings;
		/** Plain words for some of the key's choices, value -> text; the recorded value stays the choice. */
		final Map<String, String> choiceTexts;

		Entry(final String key, final Section section, final String label, final String hint, final Set<Solver> solvers,
			final Set<String> liftings, final Map<String, String> choiceTexts)
		{
			this.key = key;
			this.section = section;
			this.label = label;
			this.hint = hint;
			// method=auto runs the whole-matrix factorization with gd's keys
			final Set<Solver> s = solvers.isEmpty() ? EnumSet.noneOf(Solver.class) : EnumSet.copyOf(solvers);
			if (s.contains(Solver.GD)) s.add(Solver.AUTO);
			this.solvers = s;
			this.liftings = liftings;
			this.choiceTexts = choiceTexts;
		}

		/** Whether the key matters for this solver and lifting (the key's value, e.g. "none"). */
		boolean appliesTo(final Solver solver, final String lifting) {
			return solvers.contains(solver) && (liftings == null || lifting != null && liftings.contains(lifting.trim()
				.toLowerCase(Locale.ROOT)));
		}

		/** The text shown for a choice value. */
		String choiceText(final String value) {
			return choiceTexts.getOrDefault(value, value);
		}
	}

	/** The keys the method choice stands for. */
	static final String METHOD_KEY = "method", LIFTING_KEY = "lifting";

	private static final Set<Solver> ALL = EnumSet.allOf(Solver.class);
	private static final Set<Solver> FACTORIZING = EnumSet.of(Solver.GD, Solver.SENSE, Solver.DYNAMICS);
	private static final Set<Solver> STEPPING = EnumSet.of(Solver.GD, Solver.GLRL, Solver.GLRL_COMMAND, Solver.SENSE,
		Solver.DYNAMICS);
	private static final Set<Solver> ITERATING = EnumSet.of(Solver.GD, Solver.SOFTIMPUTE, Solver.SENSE,
		Solver.DYNAMICS);
	private static final Set<Solver> COMPLETING = EnumSet.of(Solver.GD, Solver.GLRL, Solver.GLRL_COMMAND,
		Solver.SOFTIMPUTE);
	private static final Set<Solver> GREEDY = EnumSet.of(Solver.GLRL, Solver.GLRL_COMMAND);
	private static final Set<Solver> NOT_DYNAMICS = EnumSet.complementOf(EnumSet.of(Solver.DYNAMICS));
	private static final Set<Solver> SEEDED = EnumSet.of(Solver.GD, Solver.GLRL, Solver.GLRL_COMMAND, Solver.SENSE,
		Solver.DYNAMICS, Solver.NONLOCAL);

	/**
	 * The table. A key may have several entries for disjoint solvers (tolerance means
	 * something else for the Greedy Low-Rank Learning command).
	 */
	private static final List<Entry> ENTRIES = List.of(
		// the main dialog: what the image is, which pixels are missing, what comes out
		images("image", "Image", "the active image, or another open one"),
		images("mask", "Missing pixels", "a mask image (nonzero = missing) or the selection"),
		images("reference", "Ground truth (optional)", "only to report the error of the result"),
		images("input", "Input folder", "the images to complete (never written)"),
		images("output", "Output folder", "created if missing; not inside the input folder"),
		images("mask_suffix", "Mask file suffix", "cells.tif is completed with cells<suffix>.tif"),
		main("measurements", "Measurements (0 = 30 %)", "random linear measurements of each plane"),
		entry("operator", Section.MAIN_METHOD, "Measurement operator", "fast: any size; gaussian: small images only", ALL,
			Map.of("fast", "fast (structured random)", "gaussian", "gaussian (dense matrix)")),
		main("noise", "Noise (std, image units)", "Gaussian noise added to each measurement"),
		main("depths", "Numbers of layers", "each is run, e.g. 1 2 3"),
		main("scales", "Initial scales", "each is run, e.g. 0.3 0.1 0.03"),
		main("threshold", "Loss threshold (relative)", "counts the iterations to this fraction of the start"),
		entry("overwrite", Section.RESULT, "Recompute images already done", "off: a rerun skips them", ALL, Map.of()),
		entry("keep_observed", Section.RESULT, "Keep the observed pixels", "off: the low-rank fit everywhere (denoises)",
			COMPLETING, Map.of()),
		entry("keep_type", Section.RESULT, "Keep the pixel type", "8/16-bit in, 8/16-bit out (else 32-bit float)",
			NOT_DYNAMICS, Map.of()),
		// the method's own settings
		new Entry("patch", Section.METHOD, "Patch size (pixels)", "side of the square patches", EnumSet.of(Solver.GD,
			Solver.GLRL, Solver.GLRL_COMMAND, Solver.NONLOCAL), Set.of("hankel", "nonlocal"), Map.of()),
		patches("stride", "Patch step (pixels)", "1 to the patch size; larger = less memory"),
		groups("group", "Patches per group", "each group is a small matrix of similar patches"),
		groups("search", "Search window (+- pixels)", "where similar patches are looked for"),
		groups("rounds", "Rounds", "group again on the improved estimate, this many times"),
		entry("lambda", Section.METHOD, "Shrinkage (relative)", "singular values shrink by this x the largest",
			EnumSet.of(Solver.SOFTIMPUTE), Map.of()),
		entry("epsilon", Section.METHOD, "Size of each new rank", "each phase starts by adding this much", GREEDY,
			Map.of()),
		entry("max_rank", Section.METHOD, "Maximum rank (0 = none)", "stop after this many rank-one phases", GREEDY,
			Map.of()),
		entry("phase_steps", Section.METHOD, "Steps per rank (max)", "gradient steps allowed for one rank", GREEDY,
			Map.of()),
		entry("symmetric", Section.METHOD, "Symmetric image (W = U U^T)", "square symmetric image and mask only",
			GREEDY, Map.of()),
		// the factorization
		entry("depth", Section.FACTORIZATION, "Number of layers", "more layers favour lower rank; 1 = none",
			EnumSet.of(Solver.GD, Solver.GLRL, Solver.GLRL_COMMAND, Solver.SENSE), Map.of()),
		entry("width", Section.FACTORIZATION, "Hidden width (0 = full)", "caps the rank of the result", FACTORIZING,
			Map.of()),
		entry("init", Section.FACTORIZATION, "Initialization", "how the layers start", FACTORIZING, Map.of("gaussian",
			"gaussian (small random)")),
		entry("scale", Section.FACTORIZATION, "Initial scale", "smaller = stronger low-rank bias, slower start",
			EnumSet.of(Solver.GD, Solver.SENSE), Map.of()),
		entry("field", Section.FACTORIZATION, "Layer numbers", "complex: fits the real part of a complex product",
			FACTORIZING, Map.of()),
		entry("regularization", Section.FACTORIZATION, "Balance penalty (0 = none)", "keeps the layers balanced",
			FACTORIZING, Map.of()),
		// gradient descent
		entry("optimizer", Section.OPTIMIZATION, "Step rule", "auto: the fast engine where it applies, else fixed step",
			STEPPING, Map.of("auto", "auto (fast where it applies)", "gd", "fixed step", "adaptive", "adaptive step",
				"scaled", "scaled (fast, real completion)")),
		entry("lr", Section.OPTIMIZATION, "Step size (relative)", "1 = half the stability limit; lower if it diverges",
			STEPPING, Map.of()),
		entry("iterations", Section.OPTIMIZATION, "Maximum iterations", "a safety cap, set by the quality choice",
			ITERATING, Map.of()),
		entry("max_seconds", Section.OPTIMIZATION, "Time budget (seconds)", "returns the best result so far; 0 = none",
			STEPPING, Map.of()),
		entry("tolerance", Section.OPTIMIZATION, "Stop when the result changes below",
			"relative change per step of the result and held-out error; 0 = never", ITERATING, Map.of()),
		entry("tolerance", Section.OPTIMIZATION, "Stop at gradient below", "relative to the gradient at the start",
			EnumSet.of(Solver.GLRL_COMMAND), Map.of()),
		entry("log_every", Section.OPTIMIZATION, "Log every (iterations)", "one row of the log table per this many",
			STEPPING, Map.of()),
		// the data
		entry("center", Section.DATA, "Subtract the mean", "auto: only when the mean dominates", EnumSet.complementOf(
			EnumSet.of(Solver.SMOOTH, Solver.NONLOCAL)), Map.of()),
		entry("units", Section.DATA, "Units of step and sizes", "paper: the papers' eta and epsilon, data as given",
			EnumSet.complementOf(EnumSet.of(Solver.SMOOTH, Solver.NONLOCAL)), Map.of("normalized", "normalized (any image)", "paper",
				"paper (as the papers write it)")),
		entry("validation", Section.DATA, "Held-out fraction (0 = off)", "returns the iterate best on held-out pixels",
			EnumSet.of(Solver.GD, Solver.GLRL, Solver.GLRL_COMMAND, Solver.SENSE), Map.of()),
		entry("patience", Section.DATA, "Patience (log steps)", "how long the held-out error may rise", EnumSet.of(
			Solver.GD, Solver.SENSE), Map.of()),
		// size
		entry("tile", Section.LARGE, "Tile size (0 = whole image)", "complete big images in overlapping tiles", ALL,
			Map.of()),
		entry("overlap", Section.LARGE, "Tile overlap (0 = tile/8)", "pixels shared by neighbouring tiles", ALL,
			Map.of()),
		entry("stack", Section.LARGE, "Planes of a stack", "casorati: the frames together (time-lapse)", NOT_DYNAMICS,
			Map.of("slices", "slices (each plane alone)", "casorati", "casorati (frames together)")),
		// speed
		entry("backend", Section.PERFORMANCE, "Matrix library", "native = OpenBLAS; auto: native if it loads",
			EnumSet.of(Solver.GD, Solver.DYNAMICS), Map.of()),
		entry("precision", Section.PERFORMANCE, "Number format", "float is faster; auto: float for 8/16-bit",
			EnumSet.of(Solver.GD, Solver.DYNAMICS), Map.of()),
		entry("threads", Section.PERFORMANCE, "Threads (0 = all)", "the java result does not depend on it", SEEDED,
			Map.of()),
		entry("seed", Section.PERFORMANCE, "Random seed", "same seed, same result", SEEDED, Map.of()));

	private static Entry entry(final String key, final Section section, final String label, final String hint,
		final Set<Solver> solvers, final Map<String, String> choiceTexts)
	{
		return new Entry(key, section, label, hint, solvers, null, choiceTexts);
	}

	private static Entry images(final String key, final String label, final String hint) {
		return entry(key, Section.IMAGES, label, hint, ALL, Map.of());
	}

	private static Entry main(final String key, final String label, final String hint) {
		return entry(key, Section.MAIN_METHOD, label, hint, ALL, Map.of());
	}

	private static Entry patches(final String key, final String label, final String hint) {
		return new Entry(key, Section.METHOD, label, hint, EnumSet.of(Solver.GD, Solver.GLRL, Solver.GLRL_COMMAND), Set.of(
			"hankel"), Map.of());
	}

	/** A key of the nonlocal patch groups: only with lifting=nonlocal. */
	private static Entry groups(final String key, final String label, final String hint) {
		return new Entry(key, Section.METHOD, label, hint, EnumSet.of(Solver.NONLOCAL), Set.of("nonlocal"), Map.of());
	}

	/** All entries of the table (for tests and the help). */
	static List<Entry> entries() {
		return ENTRIES;
	}

	/**
	 * The entry of a key for a solver: the table's (the one for that solver, if the key has
	 * several), or one made from the key's {@code @Parameter} label under
	 * {@link Section#OTHER} for keys the table does not know.
	 */
	static Entry entry(final Key key, final Solver solver) {
		Entry first = null;
		for (final Entry e : ENTRIES) {
			if (!e.key.equals(key.name)) continue;
			if (e.solvers.contains(solver)) return e;
			if (first == null) first = e;
		}
		if (first != null) return first;
		return new Entry(key.name, Section.OTHER, key.label, "", ALL, null, Map.of());
	}

	/** Whether a key is one of the two behind the method choice. */
	static boolean isMethodKey(final String key) {
		return key.equals(METHOD_KEY) || key.equals(LIFTING_KEY);
	}
}
