package org.deeplowrank.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;
import org.deeplowrank.image.StackReconstruction;
import org.deeplowrank.io.LogTable;
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

	private static CommandModule run(final Class<? extends SolverCommand> type, final Object... inputs)
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

	@Test
	void defaultsComeFromSolverSettings() {
		final SolverSettings d = new SolverSettings();
		for (final Class<? extends SolverCommand> type : List.of(CompleteMaskedImage.class,
			SenseAndReconstructImage.class))
		{
			final SolverCommand c = (SolverCommand) ((CommandModule) context.service(ModuleService.class).createModule(
				commands.getCommand(type))).getCommand();
			c.image = rankOne(4, 3);
			final SolverSettings s = c.settings();
			assertEquals(d.depth, s.depth);
			assertEquals(d.width, s.width);
			assertEquals(d.init, s.init);
			assertEquals(d.scale, s.scale);
			assertEquals(d.complex, s.complex);
			assertEquals(d.optimizer, s.optimizer);
			assertEquals(d.lr, s.lr);
			assertEquals(d.iterations, s.iterations);
			assertEquals(d.tolerance, s.tolerance);
			assertEquals(d.regularization, s.regularization);
			assertEquals(d.seed, s.seed);
			assertEquals(d.logEvery, s.logEvery);
			assertEquals(d.singularValues, s.singularValues);
			assertEquals(d.threads, s.threads);
			assertEquals(d.backend, s.backend);
			assertEquals(d.precision, s.precision);
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
		c.setThreads(2);
		c.backend = "Java";
		c.precision = "double";
		final SolverSettings s = c.settings();
		assertEquals(5, s.depth);
		assertEquals(7, s.width);
		assertEquals(InitKind.HAAR, s.init);
		assertEquals(0.25, s.scale);
		assertTrue(s.complex);
		assertEquals(OptimizerKind.ADAPTIVE, s.optimizer);
		assertEquals(0.125, s.lr);
		assertEquals(11, s.iterations);
		assertEquals(0, s.tolerance);
		assertEquals(0.5, s.regularization);
		assertEquals(-3, s.seed);
		assertEquals(4, s.logEvery);
		assertEquals(2, s.threads);
		assertEquals(BackendKind.JAVA, s.backend);
		assertEquals(Precision.DOUBLE, s.precision);
		c.backend = "gpu";
		final IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
			c::settings);
		assertEquals("bad value for 'backend': 'gpu' (expected one of auto|native|java)", e.getMessage());
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
				if (context.isInjectable(item.getType())) continue;
				assertFalse(item.getLabel() == null || item.getLabel().isEmpty(), item.getName() + " has no label");
				assertFalse(item.getDescription() == null || item.getDescription().isEmpty(), item.getName() +
					" has no description");
			}
		}
	}

	@Test
	void expectedKeys() {
		// SciJava's order: superclass fields first (the runner and dialogs show the image first)
		assertEquals(List.of("depth", "width", "init", "scale", "center", "field", "optimizer", "lr", "iterations",
			"tolerance", "regularization", "seed", "log_every", "keep_observed", "validation", "patience", "backend", "precision", "threads", "stack",
			"keep_type", "image", "mask", "reference", "method", "lifting", "patch", "stride", "tile", "overlap", "lambda", "epsilon", "max_rank", "phase_steps"), names(
				commands.getCommand(CompleteMaskedImage.class).inputs()));
		assertEquals(List.of("reconstruction", "log", "summary", "phases"), names(commands.getCommand(
			CompleteMaskedImage.class).outputs()));
		assertEquals(List.of("depth", "width", "init", "scale", "center", "field", "optimizer", "lr", "iterations",
			"tolerance", "regularization", "seed", "log_every", "keep_observed", "validation", "patience", "backend", "precision", "threads", "stack",
			"keep_type", "image", "measurements", "operator",
			"noise"), names(commands.getCommand(SenseAndReconstructImage.class).inputs()));
		assertEquals(List.of("depth", "width", "init", "scale", "center", "field", "optimizer", "lr", "iterations",
			"tolerance", "regularization", "seed", "log_every", "keep_observed", "validation", "patience", "backend", "precision", "threads", "stack",
			"keep_type", "input", "output", "mask_suffix",
			"overwrite", "tile", "overlap"), names(commands.getCommand(org.deeplowrank.batch.BatchCompleteFolder.class).inputs()));
		assertEquals(List.of("reconstruction", "log", "summary", "rel_error"), names(commands.getCommand(
			SenseAndReconstructImage.class).outputs()));
	}

	private List<String> names(final Iterable<ModuleItem<?>> items) {
		final List<String> n = new ArrayList<>();
		for (final ModuleItem<?> item : items)
			if (!context.isInjectable(item.getType())) n.add(item.getName());
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
		final CommandModule slices = run(CompleteMaskedImage.class, "image", stack, "iterations", 5, "lifting",
			"hankel", "patch", 4);
		assertFalse(slices.isCanceled(), slices.getCancelReason());
		assertEquals(3, ((SolverCommand) slices.getCommand()).getStackResult().parts.size());
		assertArrayEquals(new long[] { 12, 10, 3 }, ((Img<?>) slices.getOutput("reconstruction")).dimensionsAsLongArray());
		final CommandModule casorati = run(CompleteMaskedImage.class, "image", stack, "iterations", 5, "lifting",
			"hankel", "patch", 4, "stack", "casorati");
		assertTrue(casorati.isCanceled());
		assertEquals(StackReconstruction.PLANES_ONLY, casorati.getCancelReason());
		// a single plane is its own Casorati matrix: nothing to refuse
		final Img<FloatType> plane = ArrayImgs.floats(12, 10);
		for (final FloatType t : plane) t.set(3);
		assertFalse(run(CompleteMaskedImage.class, "image", plane, "iterations", 5, "lifting", "hankel", "patch", 4,
			"stack", "casorati").isCanceled());
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
			"iterations", 50, "log_every", 10);
		assertFalse(m.isCanceled(), m.getCancelReason());
		@SuppressWarnings("unchecked")
		final Img<FloatType> out = (Img<FloatType>) m.getOutput("reconstruction");
		assertEquals(12, out.dimension(0));
		assertEquals(10, out.dimension(1));
		final LogTable log = (LogTable) m.getOutput("log");
		assertTrue(log.rowCount() >= 2);
		assertEquals(0, log.column("iteration")[0]);
		assertTrue(Double.isFinite(log.column("rel_error")[log.rowCount() - 1]));
		final String summary = (String) m.getOutput("summary");
		assertTrue(summary.startsWith("iterations="), summary);
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
