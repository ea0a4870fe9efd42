package org.deeplowrank.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;
import org.deeplowrank.image.StackReconstruction;
import org.deeplowrank.io.LogTable;
import org.deeplowrank.solver.Lifting;
import org.deeplowrank.solver.Method;
import org.deeplowrank.solver.SolverSettings;
import org.deeplowrank.solver.gd.InitKind;
import org.deeplowrank.solver.gd.OptimizerKind;
import org.deeplowrank.solver.gd.StopReason;
import org.deeplowrank.solver.kernels.BackendKind;
import org.deeplowrank.solver.kernels.Precision;
import org.deeplowrank.solver.problem.OperatorKind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.module.ModuleItem;
import org.scijava.module.ModuleService;

/**
 * The commands as SciJava sees them: discovered, with the solver's defaults, documented
 * keys, and bad input turned into a cancel reason before the solver runs.
 */
class CommandsTest {

	private static Context context;
	private static CommandService commands;

	@BeforeAll
	static void createContext() {
		context = new Context(CommandService.class, ModuleService.class);
		commands = context.service(CommandService.class);
	}

	@AfterAll
	static void disposeContext() {
		context.dispose();
	}

	/** Rank-one w x h image with values 1..~10 (so completion and sensing are easy). */
	static Img<FloatType> rankOne(final int w, final int h) {
		final float[] px = new float[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				px[y * w + x] = (1 + 0.1f * y) * (2 + (x % 5));
		return ArrayImgs.floats(px, w, h);
	}

	private static CommandModule run(final Class<? extends SolverParameters> type, final Object... inputs)
		throws Exception
	{
		return commands.run(type, false, inputs).get();
	}

	@Test
	void bothCommandsAreDiscoveredWithTheirMenuPaths() {
		final List<String> menus = new ArrayList<>();
		for (final CommandInfo info : commands.getCommands()) {
			if (info.getClassName().startsWith("org.deeplowrank.")) menus.add(info.getMenuPath().getMenuString().replace(" > ", ">"));
		}
		assertTrue(menus.contains("Plugins>Deep Low-Rank>Complete Masked Image"), menus.toString());
		assertTrue(menus.contains("Plugins>Deep Low-Rank>Sense and Reconstruct Image"), menus.toString());
		assertTrue(menus.contains("Plugins>Deep Low-Rank>Batch Complete Folder"), menus.toString());
		assertTrue(commands.getCommand(CompleteMaskedImage.class).getAnnotation().headless());
		assertTrue(commands.getCommand(SenseAndReconstructImage.class).getAnnotation().headless());
	}

	/**
	 * The defaults as README.md documents them ({@code `key` [value]}), as literals: each key
	 * with the text in brackets (null: documented in prose, not in brackets) and the value a
	 * fresh command has. Checked against README.md, against every command's key table and
	 * against the settings the keys map to, so none of the three can drift from the others.
	 */
	private static final Object[][] DOCUMENTED_DEFAULTS = { //
		{ "depth", "3", 3 }, //
		{ "width", "0", 0 }, //
		{ "init", "gaussian", "gaussian" }, //
		{ "scale", "0.1", 0.1 }, //
		{ "center", "auto", "auto" }, //
		{ "units", "normalized", "normalized" }, //
		{ "field", "real", "real" }, //
		{ "optimizer", "auto", "auto" }, //
		{ "lr", "1", 1.0 }, //
		{ "iterations", "100000", 100000 }, //
		{ "max_seconds", "0", 0.0 }, //
		{ "tolerance", "1e-5", 1e-5 }, //
		{ "regularization", "0", 0.0 }, //
		{ "seed", "0", 0L }, //
		{ "log_every", "10", 10 }, //
		{ "backend", "auto", "auto" }, //
		{ "precision", "auto", "auto" }, //
		{ "threads", "0", 0 }, //
		{ "stack", "slices", "slices" }, //
		{ "keep_type", "false", false }, //
		{ "keep_observed", "true", true }, //
		{ "validation", "0.05", 0.05 }, //
		{ "patience", "20", 20 }, //
		{ "method", "auto", "auto" }, //
		{ "lifting", "none", "none" }, //
		{ "patch", "8", 8 }, //
		{ "stride", "1", 1 }, //
		{ "group", "32", 32 }, //
		{ "search", "12", 12 }, //
		{ "rounds", "3", 3 }, //
		{ "tile", "0 = whole plane", 0 }, //
		{ "overlap", "0 = tile/8", 0 }, //
		{ "lambda", "0.01", 0.01 }, //
		{ "epsilon", "1e-7", 1e-7 }, //
		{ "max_rank", "0 = no cap", 0 }, //
		{ "phase_steps", "10000", 10000 }, //
		{ "mask_suffix", "`_mask`", "_mask" }, //
		{ "overwrite", "false", false }, //
		{ "measurements", null, 0 }, //
		{ "operator", null, "fast" }, //
		{ "noise", null, 0.0 } };

	/** Greedy Low-Rank Learning's own defaults ({@code depth} is documented in prose: "defaults to 2"). */
	private static final Object[][] GREEDY_DEFAULTS = { //
		{ "depth", null, 2 }, //
		{ "tolerance", "1e-4", 1e-4 }, //
		{ "symmetric", "false", false }, //
		{ "method", null, "glrl" } };

	/** The settings value each solver key maps to, in the key's own terms. */
	private static final Map<String, Function<SolverSettings, Object>> SETTING = new HashMap<>();

	static {
		SETTING.put("depth", s -> s.gd().depth());
		SETTING.put("width", s -> s.gd().width());
		SETTING.put("init", s -> s.gd().init().key());
		SETTING.put("scale", s -> s.gd().scale());
		SETTING.put("center", s -> s.center().key());
		SETTING.put("units", s -> s.units().key());
		SETTING.put("field", s -> s.gd().field().key());
		SETTING.put("optimizer", s -> s.gd().optimizer().key());
		SETTING.put("lr", s -> s.gd().lr());
		SETTING.put("iterations", s -> s.gd().iterations());
		SETTING.put("max_seconds", s -> s.gd().maxSeconds());
		SETTING.put("tolerance", s -> s.gd().tolerance());
		SETTING.put("regularization", s -> s.gd().regularization());
		SETTING.put("seed", s -> s.seed());
		SETTING.put("log_every", s -> s.gd().logEvery());
		SETTING.put("backend", s -> s.backend().key());
		SETTING.put("precision", s -> s.precision().key());
		SETTING.put("threads", s -> s.threads());
		SETTING.put("keep_observed", s -> s.keepObserved());
		SETTING.put("validation", s -> s.validation());
		SETTING.put("patience", s -> s.patience());
		SETTING.put("method", s -> s.method().key());
		SETTING.put("lifting", s -> s.lifting().kind().key());
		SETTING.put("patch", s -> s.lifting().patch());
		SETTING.put("stride", s -> s.lifting().stride());
		SETTING.put("group", s -> s.nonlocal().groupSize);
		SETTING.put("search", s -> s.nonlocal().window);
		SETTING.put("rounds", s -> s.nonlocal().rounds);
		SETTING.put("tile", s -> s.tiles().tile());
		SETTING.put("overlap", s -> s.tiles().overlap());
		SETTING.put("lambda", s -> s.lambda());
		SETTING.put("epsilon", s -> s.glrl().epsilon());
		SETTING.put("max_rank", s -> s.glrl().maxRank());
		SETTING.put("phase_steps", s -> s.glrl().phaseSteps());
		SETTING.put("symmetric", s -> s.glrl().symmetric());
	}

	private static Map<String, Object> literals(final Object[][]... tables) {
		final Map<String, Object> m = new HashMap<>();
		for (final Object[][] t : tables)
			for (final Object[] row : t)
				m.put((String) row[0], row[2]);
		return m;
	}

	@Test
	void theDocumentedDefaultsAreInTheReadme() throws Exception {
		final String readme = java.nio.file.Files.readString(java.nio.file.Path.of("README.md"));
		for (final Object[][] table : List.of(DOCUMENTED_DEFAULTS, GREEDY_DEFAULTS))
			for (final Object[] row : table)
				if (row[1] != null) {
					final String doc = "`" + row[0] + "` [" + row[1] + "]";
					assertTrue(readme.contains(doc), "README.md documents " + doc);
				}
		assertTrue(readme.contains("`depth` defaults to 2"), "README.md documents GLRL's depth");
	}

	/**
	 * Every key of every command has its documented default, and the settings a fresh
	 * command maps its keys to are {@link SolverSettings#DEFAULTS} (GLRL's command:
	 * {@link SolverSettings#GREEDY_DEFAULTS}, whose {@code tolerance} key is GLRL's), key by key.
	 */
	@Test
	void everyKeyHasItsDocumentedDefaultInTheCommandsAndTheSettings() {
		final Map<Class<? extends SolverParameters>, SolverSettings> commandDefaults = new java.util.LinkedHashMap<>();
		commandDefaults.put(CompleteMaskedImage.class, SolverSettings.COMPLETION_DEFAULTS);
		commandDefaults.put(GreedyLowRankLearning.class, SolverSettings.GREEDY_DEFAULTS);
		commandDefaults.put(SenseAndReconstructImage.class, SolverSettings.DEFAULTS);
		commandDefaults.put(org.deeplowrank.batch.BatchCompleteFolder.class, SolverSettings.COMPLETION_DEFAULTS);
		commandDefaults.put(FactorizationDynamicsStudy.class, SolverSettings.DEFAULTS);
		for (final Map.Entry<Class<? extends SolverParameters>, SolverSettings> e : commandDefaults.entrySet()) {
			final Class<? extends SolverParameters> type = e.getKey();
			final boolean greedy = type == GreedyLowRankLearning.class;
			final Map<String, Object> documented = greedy ? literals(DOCUMENTED_DEFAULTS, GREEDY_DEFAULTS) : literals(
				DOCUMENTED_DEFAULTS);
			// method=auto is the default of the commands that complete images, not of the others (no method key)
			if (!greedy && !e.getValue().equals(SolverSettings.COMPLETION_DEFAULTS)) documented.put("method", "gd");
			final SolverParameters fresh;
			try {
				fresh = type.getDeclaredConstructor().newInstance();
			}
			catch (final ReflectiveOperationException x) {
				throw new AssertionError(x);
			}
			final SolverSettings mapped = fresh.settings();
			int solverKeys = 0;
			for (final CommandKeys.Key k : CommandKeys.inputs(type)) {
				if (k.isImage() || k.isFile() || type == FactorizationDynamicsStudy.class && k.isOwnKey(type)) continue;
				assertTrue(documented.containsKey(k.name), type.getSimpleName() + "." + k.name +
					" has no documented default");
				assertEquals(documented.get(k.name), k.defaultValue, type.getSimpleName() + "." + k.name);
				final Function<SolverSettings, Object> setting = greedy && k.name.equals("tolerance")
					? s -> s.glrl().tolerance() : SETTING.get(k.name);
				if (setting == null) continue; // stack, keep_type, the batch's folders, sensing: not solver settings
				solverKeys++;
				assertEquals(k.defaultValue, setting.apply(e.getValue()), type.getSimpleName() + "." + k.name +
					": the settings' default");
				assertEquals(k.defaultValue, setting.apply(mapped), type.getSimpleName() + "." + k.name +
					": what a fresh command's key maps to");
			}
			assertTrue(solverKeys >= 19, type.getSimpleName() + ": " + solverKeys + " solver keys checked");
			assertEquals(greedy ? SolverSettings.GREEDY_DEFAULTS.toBuilder().glrlTolerance(1e-4).tolerance(1e-4).build()
				: e.getValue(), mapped, type.getSimpleName() + ": no setting differs from the defaults");
		}
	}

	@Test
	void keysMapOntoSettings() {
		final SenseAndReconstructImage c = new SenseAndReconstructImage();
		c.depth = 5;
		c.width = 7;
		c.init = "Haar";
		c.scale = 0.25;
		c.field = "complex";
		c.optimizer = "adaptive";
		c.lr = 0.125;
		c.iterations = 11;
		c.tolerance = 0;
		c.regularization = 0.5;
		c.seed = -3;
		c.log_every = 4;
		c.keep_observed = false;
		c.validation = 0.25;
		c.patience = 3;
		c.center = "off";
		c.setThreads(2);
		c.backend = "Java";
		c.precision = "double";
		final SolverSettings s = c.settings();
		assertEquals(5, s.gd().depth());
		assertEquals(7, s.gd().width());
		assertEquals(InitKind.HAAR, s.gd().init());
		assertEquals(0.25, s.gd().scale());
		assertTrue(s.gd().complex());
		assertEquals(OptimizerKind.ADAPTIVE, s.gd().optimizer());
		assertEquals(0.125, s.gd().lr());
		assertEquals(11, s.gd().iterations());
		assertEquals(0, s.gd().tolerance());
		assertEquals(0.5, s.gd().regularization());
		assertEquals(-3, s.seed());
		assertEquals(4, s.gd().logEvery());
		assertFalse(s.keepObserved());
		assertEquals(0.25, s.validation());
		assertEquals(3, s.patience());
		assertEquals(org.deeplowrank.solver.Centering.OFF, s.center());
		assertEquals(2, s.threads());
		assertEquals(BackendKind.JAVA, s.backend());
		assertEquals(Precision.DOUBLE, s.precision());
		c.backend = "gpu";
		final IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
			c::settings);
		assertEquals("bad value for 'backend': 'gpu' (expected one of auto|native|java)", e.getMessage());
	}

	@Test
	void completionKeysMapOntoSettings() {
		final CompleteMaskedImage c = new CompleteMaskedImage();
		c.method = "GLRL";
		c.lifting = "hankel";
		c.patch = 6;
		c.stride = 2;
		c.tile = 64;
		c.overlap = 5;
		c.lambda = 0.5;
		c.epsilon = 1e-5;
		c.max_rank = 4;
		c.phase_steps = 99;
		final SolverSettings s = c.settings();
		assertEquals(Method.GLRL, s.method());
		assertEquals(Lifting.HANKEL, s.lifting().kind());
		assertEquals(6, s.lifting().patch());
		assertEquals(2, s.lifting().stride());
		assertEquals(64, s.tiles().tile());
		assertEquals(5, s.tiles().effectiveOverlap());
		assertEquals(0.5, s.lambda());
		assertEquals(1e-5, s.glrl().epsilon());
		assertEquals(4, s.glrl().maxRank());
		assertEquals(99, s.glrl().phaseSteps());
		assertEquals(1e-4, s.glrl().tolerance(), "method=glrl keeps GLRL's own tolerance");
		assertEquals("glrl on hankel patches of 6 x 6 (stride 2) in 64 x 64 tiles (overlap >= 5)", CompletionParameters
			.solver(s).toString());
		c.method = "softimpute";
		assertEquals("lifting=hankel works with method=gd or method=glrl, not 'softimpute'", assertThrows(
			IllegalArgumentException.class, c::settings).getMessage());
		c.lifting = "sideways";
		assertEquals("bad value for 'lifting': 'sideways' (expected one of none|hankel|nonlocal)", assertThrows(
			IllegalArgumentException.class, c::settings).getMessage());
		final GreedyLowRankLearning g = new GreedyLowRankLearning();
		g.method = "gd"; // the command is GLRL whatever the key says
		g.tolerance = 0.01;
		g.symmetric = true;
		final SolverSettings gs = g.settings();
		assertEquals(Method.GLRL, gs.method());
		assertEquals(0.01, gs.glrl().tolerance());
		assertTrue(gs.glrl().symmetric());
		g.depth = 1;
		assertEquals("bad value for 'depth': 1 (expected an integer >= 2 for GLRL)", assertThrows(
			IllegalArgumentException.class, g::settings).getMessage());
	}

	@Test
	void choicesAreTheSolversKeys() {
		final CommandInfo info = commands.getCommand(SenseAndReconstructImage.class);
		assertEquals(keys(InitKind.values()), info.getInput("init").getChoices());
		assertEquals(keys(OptimizerKind.values()), info.getInput("optimizer").getChoices());
		assertEquals(keys(OperatorKind.values()), info.getInput("operator").getChoices());
		assertEquals(List.of("real", "complex"), info.getInput("field").getChoices());
	}

	private static List<String> keys(final Enum<?>[] values) {
		final List<String> k = new ArrayList<>();
		for (final Enum<?> v : values)
			k.add(v.name().toLowerCase(java.util.Locale.ROOT));
		return k;
	}

	@Test
	void everyKeyAndOutputHasALabelAndADescription() {
		for (final Class<? extends SolverParameters> type : List.of(CompleteMaskedImage.class,
			SenseAndReconstructImage.class, org.deeplowrank.batch.BatchCompleteFolder.class))
		{
			final CommandInfo info = commands.getCommand(type);
			assertTrue(info.isValid(), () -> info.getProblems().toString());
			assertFalse(info.getDescription().isEmpty());
			final List<ModuleItem<?>> items = new ArrayList<>();
			info.inputs().forEach(items::add);
			info.outputs().forEach(items::add);
			for (final ModuleItem<?> item : items) {
				if (context.isInjectable(item.getType()) || item.getVisibility() == org.scijava.ItemVisibility.MESSAGE) continue;
				assertFalse(item.getLabel() == null || item.getLabel().isEmpty(), item.getName() + " has no label");
				assertFalse(item.getDescription() == null || item.getDescription().isEmpty(), item.getName() +
					" has no description");
			}
		}
	}

	@Test
	void expectedKeys() {
		// SciJava's order: superclass fields first, so the completion keys Complete Masked Image shares with the
		// batch come before its image (the runner and dialogs show the image first)
		assertEquals(List.of("depth", "width", "init", "scale", "center", "units", "field", "optimizer", "lr", "iterations",
			"max_seconds", "tolerance", "regularization", "seed", "log_every", "keep_observed", "validation", "patience", "backend",
			"precision", "threads", "stack", "keep_type", "method", "lifting", "patch", "stride", "group", "search",
			"rounds", "tile", "overlap",
			"lambda", "epsilon", "max_rank", "phase_steps", "image", "mask", "reference"), names(commands.getCommand(
				CompleteMaskedImage.class).inputs()));
		assertEquals(List.of("reconstruction", "log", "summary", "phases"), names(commands.getCommand(
			CompleteMaskedImage.class).outputs()));
		assertEquals(List.of("depth", "width", "init", "scale", "center", "units", "field", "optimizer", "lr", "iterations",
			"max_seconds", "tolerance", "regularization", "seed", "log_every", "keep_observed", "validation", "patience", "backend", "precision", "threads", "stack",
			"keep_type", "image", "measurements", "operator",
			"noise"), names(commands.getCommand(SenseAndReconstructImage.class).inputs()));
		assertEquals(List.of("depth", "width", "init", "scale", "center", "units", "field", "optimizer", "lr", "iterations",
			"max_seconds", "tolerance", "regularization", "seed", "log_every", "keep_observed", "validation", "patience", "backend", "precision", "threads", "stack",
			"keep_type", "method", "lifting", "patch", "stride", "group", "search", "rounds", "tile", "overlap", "lambda",
			"epsilon", "max_rank", "phase_steps", "input", "output", "mask_suffix", "overwrite"), names(commands.getCommand(
				org.deeplowrank.batch.BatchCompleteFolder.class).inputs()));
		assertEquals(List.of("reconstruction", "log", "summary", "rel_error"), names(commands.getCommand(
			SenseAndReconstructImage.class).outputs()));
	}

	private List<String> names(final Iterable<ModuleItem<?>> items) {
		final List<String> n = new ArrayList<>();
		for (final ModuleItem<?> item : items)
			// headings (message items) are SciJava dialog text, not keys: SciJavaDialogTest
			if (!context.isInjectable(item.getType()) && item.getVisibility() != org.scijava.ItemVisibility.MESSAGE) n.add(
				item.getName());
		return n;
	}

	@Test
	void maskSizeMismatchCancelsWithTheSizes() throws Exception {
		final CommandModule m = run(CompleteMaskedImage.class, "image", rankOne(12, 10), "mask", ArrayImgs
			.unsignedBytes(10, 12));
		assertTrue(m.isCanceled());
		assertEquals("mask is 10 x 12 but image is 12 x 10", m.getCancelReason());
		assertNull(m.getOutput("reconstruction"));
	}

	@Test
	void allMissingCancels() throws Exception {
		final Img<FloatType> mask = ArrayImgs.floats(12, 10);
		mask.forEach(t -> t.set(1));
		final CommandModule m = run(CompleteMaskedImage.class, "image", rankOne(12, 10), "mask", mask);
		assertTrue(m.isCanceled());
		assertEquals("every pixel is missing: nothing to complete from (check the mask: nonzero marks MISSING pixels)",
			m.getCancelReason());
	}

	@Test
	void referenceSizeMismatchCancels() throws Exception {
		final CommandModule m = run(CompleteMaskedImage.class, "image", rankOne(12, 10), "reference", rankOne(12, 11));
		assertEquals("reference is 12 x 11 but image is 12 x 10", m.getCancelReason());
	}

	@Test
	void badSettingsCancelWithTheSolversMessage() throws Exception {
		assertEquals("bad value for 'depth': 0 (expected an integer >= 1)", run(CompleteMaskedImage.class, "image",
			rankOne(6, 5), "depth", 0).getCancelReason());
		assertEquals("bad value for 'init': 'foo' (expected one of gaussian|balanced|haar|orthogonal|identity)", run(
			CompleteMaskedImage.class, "image", rankOne(6, 5), "init", "foo").getCancelReason());
		assertEquals("bad value for 'field': 'quaternion' (expected one of real|complex)", run(CompleteMaskedImage.class,
			"image", rankOne(6, 5), "field", "quaternion").getCancelReason());
		assertEquals("bad value for 'log_every': 0 (expected an integer >= 1)", run(SenseAndReconstructImage.class,
			"image", rankOne(6, 5), "log_every", 0).getCancelReason());
	}

	@Test
	void badSensingValuesCancel() throws Exception {
		assertEquals("bad value for 'measurements': -1 (expected 0 for 30% of the pixels, or a positive count)", run(
			SenseAndReconstructImage.class, "image", rankOne(6, 5), "measurements", -1).getCancelReason());
		assertTrue(run(SenseAndReconstructImage.class, "image", rankOne(6, 5), "noise", -1.0).getCancelReason()
			.startsWith("bad value for 'noise'"));
		assertTrue(run(SenseAndReconstructImage.class, "image", rankOne(6, 5), "operator", "fourier").getCancelReason()
			.startsWith("bad value for 'operator': 'fourier'"));
	}

	@Test
	void stacksAreProcessedPlaneByPlaneOrAsOneCasoratiMatrix() throws Exception {
		final Img<FloatType> stack = ArrayImgs.floats(6, 5, 2);
		int k = 0;
		for (final FloatType t : stack)
			t.set(1 + (k++ % 7));
		final CommandModule slices = run(CompleteMaskedImage.class, "image", stack, "iterations", 5);
		assertFalse(slices.isCanceled(), slices.getCancelReason());
		assertEquals(2, ((SolverCommand) slices.getCommand()).getStackResult().parts.size());
		assertArrayEquals(new long[] { 6, 5, 2 }, ((Img<?>) slices.getOutput("reconstruction")).dimensionsAsLongArray());
		final LogTable log = (LogTable) slices.getOutput("log");
		assertEquals(List.of("channel", "slice", "iteration"), log.columns().subList(0, 3));
		final CommandModule casorati = run(CompleteMaskedImage.class, "image", stack, "iterations", 5, "stack",
			"casorati");
		assertEquals(1, ((SolverCommand) casorati.getCommand()).getStackResult().parts.size());
		assertEquals("bad value for 'stack': 'cube' (expected one of slices|casorati)", run(CompleteMaskedImage.class,
			"image", stack, "stack", "cube").getCancelReason());
	}

	/** Patch lifting works plane by plane; with a Casorati stack it is refused with a message saying what to use. */
	@Test
	void hankelLiftingRunsPerSliceAndRefusesCasorati() throws Exception {
		final Img<FloatType> stack = ArrayImgs.floats(12, 10, 3);
		int k = 0;
		for (final FloatType t : stack)
			t.set((float) (5 + Math.cos(0.7 * (k % 12) + 0.3 * (k / 12 % 10)) + (k++ / 120)));
		final CommandModule slices = run(CompleteMaskedImage.class, "image", stack, "iterations", 5, "method", "gd",
			"lifting", "hankel", "patch", 4);
		assertFalse(slices.isCanceled(), slices.getCancelReason());
		assertEquals(3, ((SolverCommand) slices.getCommand()).getStackResult().parts.size());
		assertArrayEquals(new long[] { 12, 10, 3 }, ((Img<?>) slices.getOutput("reconstruction")).dimensionsAsLongArray());
		final CommandModule casorati = run(CompleteMaskedImage.class, "image", stack, "iterations", 5, "method", "gd",
			"lifting", "hankel", "patch", 4, "stack", "casorati");
		assertTrue(casorati.isCanceled());
		assertEquals(StackReconstruction.PLANES_ONLY, casorati.getCancelReason());
		// a single plane is its own Casorati matrix: nothing to refuse
		final Img<FloatType> plane = ArrayImgs.floats(12, 10);
		for (final FloatType t : plane) t.set(3);
		assertFalse(run(CompleteMaskedImage.class, "image", plane, "iterations", 5, "method", "gd", "lifting", "hankel",
			"patch", 4, "stack", "casorati").isCanceled());
	}

	@Test
	void defaultMeasurementCountIs30PercentOfThePixels() {
		assertEquals(30, SenseAndReconstructImage.measurementCount(0, 100));
		assertEquals(1, SenseAndReconstructImage.measurementCount(0, 1));
		assertEquals(17, SenseAndReconstructImage.measurementCount(17, 100));
		assertThrows(IllegalArgumentException.class, () -> SenseAndReconstructImage.measurementCount(-1, 100));
	}

	@Test
	void completionPublishesReconstructionLogAndSummary() throws Exception {
		final Img<FloatType> image = rankOne(12, 10);
		final Img<FloatType> mask = ArrayImgs.floats(12, 10);
		int k = 0;
		for (final FloatType t : mask)
			t.set(k++ % 3 == 0 ? 1 : 0);
		final CommandModule m = run(CompleteMaskedImage.class, "image", image, "mask", mask, "reference", image,
			"method", "gd", "iterations", 50, "log_every", 10);
		assertFalse(m.isCanceled(), m.getCancelReason());
		@SuppressWarnings("unchecked")
		final Img<FloatType> out = (Img<FloatType>) m.getOutput("reconstruction");
		assertEquals(12, out.dimension(0));
		assertEquals(10, out.dimension(1));
		final LogTable log = (LogTable) m.getOutput("log");
		assertTrue(log.rowCount() >= 2);
		// gd logs its initialization (iteration 0), the fast engine its first check (step 5)
		assertTrue(log.column("iteration")[0] == 0 || log.column("iteration")[0] == 5, "first row " + log.column(
			"iteration")[0]);
		assertTrue(Double.isFinite(log.column("rel_error")[log.rowCount() - 1]));
		final String summary = (String) m.getOutput("summary");
		assertTrue(summary.startsWith("steps="), summary);
		assertTrue(summary.contains("rel_error="), summary);
		final SolverCommand c = (SolverCommand) m.getCommand();
		assertNotNull(c.getResult());
	}

	@Test
	void sensingPublishesRelativeError() throws Exception {
		final CommandModule m = run(SenseAndReconstructImage.class, "image", rankOne(12, 10), "iterations", 50);
		assertFalse(m.isCanceled(), m.getCancelReason());
		final double rel = (Double) m.getOutput("rel_error");
		assertTrue(Double.isFinite(rel) && rel >= 0, "rel_error " + rel);
		assertEquals(((SolverCommand) m.getCommand()).getResult().relError, rel);
	}

	@Test
	void cancellingStopsTheSolverWithAPartialResult() throws Exception {
		final Map<String, Object> inputs = Map.of("image", rankOne(40, 30), "iterations", 1_000_000, "tolerance", 0.0);
		final CommandModule m = (CommandModule) context.service(ModuleService.class).createModule(commands.getCommand(
			CompleteMaskedImage.class));
		final java.util.concurrent.Future<CommandModule> f = context.service(ModuleService.class).run(m, false, inputs);
		Thread.sleep(300);
		m.cancel("interrupted");
		final CommandModule done = f.get(30, java.util.concurrent.TimeUnit.SECONDS);
		final SolverCommand c = (SolverCommand) done.getCommand();
		assertEquals(StopReason.CANCELLED, c.getResult().stopReason);
		assertNotNull(done.getOutput("reconstruction"));
		assertTrue(((String) done.getOutput("summary")).contains("partial"), (String) done.getOutput("summary"));
	}
}
