package org.deeplowrank.headless;

import static org.deeplowrank.headless.TestFiles.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import net.imglib2.RandomAccessibleInterval;
import org.deeplowrank.headless.TestFiles.Run;
import org.deeplowrank.io.ImageFiles;
import org.deeplowrank.solver.SolverSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner's contract: one summary line on success, one {@code error:} line and a
 * non-zero status for every kind of bad input, inputs never touched, reproducible bytes.
 */
class HeadlessRunnerTest {

	private static final String COMPLETE = "Complete Masked Image";
	private static final String SENSE = "Sense and Reconstruct Image";

	@TempDir
	Path dir;

	/** Exit status 2 and exactly one line {@code error: <message>} on stderr, nothing on stdout. */
	private static void assertBadInput(final Run r, final String message) {
		assertEquals(2, r.code, r::toString);
		assertEquals("error: " + message + System.lineSeparator(), r.err, r::toString);
		assertEquals("", r.out, r::toString);
	}

	private static void assertBadInputStartingWith(final Run r, final String prefix) {
		assertEquals(2, r.code, r::toString);
		assertTrue(r.err.startsWith("error: " + prefix), r::toString);
		assertEquals(1, r.err.split("\\R").length, r::toString);
		assertEquals("", r.out, r::toString);
	}

	// -- --list and --help --

	@Test
	void listShowsOurCommandsOnly() {
		final Run r = run("--list");
		assertEquals(0, r.code, r::toString);
		final List<String> lines = Arrays.asList(r.out.split("\\R"));
		assertTrue(lines.contains(COMPLETE), r::toString);
		assertTrue(lines.contains(SENSE), r::toString);
		for (final String l : lines)
			assertFalse(l.contains("Quit") || l.contains("About"), "not one of ours: " + l);
		assertEquals("", r.err);
	}

	@Test
	void helpListsKeysWithTypesDefaultsAndDescriptions() {
		final Run r = run("--help", COMPLETE);
		assertEquals(0, r.code, r::toString);
		assertTrue(r.out.contains("integer, default " + SolverSettings.DEFAULTS.gd().depth()), r.out);
		assertTrue(r.out.contains("one of gaussian|balanced|haar|orthogonal|identity, default gaussian"), r.out);
		for (final String key : List.of("image", "mask", "reference", "depth", "log_every", "stack", "keep_type", "output",
			"table", "threads"))
			assertTrue(r.out.contains("  " + key + " "), key);
		assertTrue(r.out.contains("nonzero pixels are MISSING"), r.out);
		assertEquals("", r.err);
		// the batch has its own 'output' (a folder) and no reconstruction: no runner output/table keys
		final Run b = run("--help", "Batch Complete Folder");
		assertEquals(0, b.code, b::toString);
		assertTrue(b.out.contains("  output          folder path, default none"), b.out);
		assertFalse(b.out.contains("  table "), b.out);
		assertTrue(b.out.contains("  threads "), b.out);
	}

	@Test
	void helpAcceptsLowerCaseLabelsAndMenuPaths() {
		assertEquals(0, run("--help", "sense and reconstruct image").code);
		assertEquals(0, run("--help", "Plugins>Deep Low-Rank>Complete Masked Image").code);
	}

	@Test
	void unknownCommand() {
		assertBadInputStartingWith(run("--run", "Complete Image", "image=a.tif"),
			"unknown command 'Complete Image'; available: Batch Complete Folder, " + COMPLETE + ", " +
				"Factorization Dynamics, Greedy Low-Rank Learning, " + SENSE);
		assertBadInputStartingWith(run("--help", "Nope"), "unknown command 'Nope'; available: ");
	}

	@Test
	void mistypedCommandSuggestsTheNearestLabel() {
		assertBadInputStartingWith(run("--run", "Complete Maskd Image", "image=a.tif"),
			"unknown command 'Complete Maskd Image' (did you mean '" + COMPLETE + "'?); available: Batch Complete Folder, " +
				COMPLETE + ", ");
		assertBadInputStartingWith(run("--help", "sense and reconstruct imag"),
			"unknown command 'sense and reconstruct imag' (did you mean '" + SENSE + "'?); available: ");
	}

	@Test
	void noArgumentsPrintsUsage() {
		final Run r = run();
		assertEquals(2, r.code);
		assertTrue(r.err.contains("--run"), r.err);
	}

	@Test
	void unknownOption() {
		assertBadInput(run("--frobnicate"), "unknown option '--frobnicate' (expected --list, --help, --run or -batch)");
		assertBadInput(run("-batch"), "-batch needs a macro file");
		assertBadInput(run("-batch", dir.resolve("none.ijm").toString()), "macro file '" + dir.resolve("none.ijm") +
			"' not found");
		assertBadInput(run("-ijpath", dir.toString(), "--list"), "-ijpath goes with -batch");
	}

	// -- bad input --

	@Test
	void missingFile() {
		final Path nope = dir.resolve("x.tif");
		assertBadInput(run("--run", COMPLETE, "image=" + nope), "cannot open image '" + nope + "': file not found");
	}

	@Test
	void notAnImage() throws IOException {
		final Path txt = Files.write(dir.resolve("notes.doc"), "hello".getBytes(StandardCharsets.UTF_8));
		assertBadInput(run("--run", COMPLETE, "image=" + txt), "cannot open image '" + txt +
			"': not an image ij.jar can read");
		final Path fake = Files.write(dir.resolve("fake.tif"), "this is not a TIFF".getBytes(StandardCharsets.UTF_8));
		assertBadInputStartingWith(run("--run", COMPLETE, "image=" + fake), "cannot open image '" + fake +
			"': not an image ij.jar can read");
	}

	@Test
	void rgbAndStacksAreProcessedWithTheirLayoutAndType() throws IOException {
		final Path rgb = TestFiles.rgb(dir.resolve("rgb.tif"), 8, 6);
		final Path rgbOut = dir.resolve("rgb_out.tif");
		final Run r = run("--run", COMPLETE, "image=" + rgb + " iterations=5 output=" + rgbOut);
		assertEquals(0, r.code, r::toString);
		assertTrue(r.out.contains(" parts=3 "), "one part per colour: " + r.out);
		assertEquals(24, ij.IJ.openImage(rgbOut.toString()).getBitDepth(), "RGB in, RGB out");

		final Path stack = TestFiles.stack(dir.resolve("stack.tif"), 8, 6, 3);
		final Path slices = dir.resolve("slices.tif"), casorati = dir.resolve("casorati.tif");
		final Run s = run("--run", COMPLETE, "image=" + stack + " iterations=5 output=" + slices);
		assertEquals(0, s.code, s::toString);
		assertTrue(s.out.contains(" parts=3 "), s.out);
		final Run c = run("--run", COMPLETE, "image=" + stack + " iterations=5 stack=casorati output=" + casorati);
		assertEquals(0, c.code, c::toString);
		assertFalse(c.out.contains(" parts="), "one Casorati matrix: " + c.out);
		for (final Path p : List.of(slices, casorati)) {
			final ij.ImagePlus imp = ij.IJ.openImage(p.toString());
			assertEquals(3, imp.getStackSize());
			assertEquals(32, imp.getBitDepth());
		}
		assertBadInput(run("--run", COMPLETE, "image=" + stack + " stack=cube"),
			"bad value for 'stack': 'cube' (expected one of slices|casorati)");
	}

	@Test
	void keepTypeAsABareFlagGivesTheInputType() throws IOException {
		final Path img = dir.resolve("img8.tif");
		final ij.process.ByteProcessor bp = new ij.process.ByteProcessor(12, 10);
		for (int k = 0; k < 120; k++)
			bp.set(k, 20 + (k % 12) * (k / 12));
		ImageFiles.saveTiff(new ij.ImagePlus("img8", bp), img);
		final Path out = dir.resolve("out8.tif");
		// the recorder's style: a set checkbox is a bare key
		final Run r = run("--run", COMPLETE, "image=" + img + " iterations=20 keep_type output=" + out);
		assertEquals(0, r.code, r::toString);
		assertEquals(8, ij.IJ.openImage(out.toString()).getBitDepth());
		assertBadInput(run("--run", COMPLETE, "depth image=" + img), "expected key=value, got 'depth'");
	}

	@Test
	void maskSizeMismatch() throws IOException {
		final Path img = TestFiles.lowRank(dir.resolve("img.tif"), 128, 128);
		final Path mask = TestFiles.mask(dir.resolve("mask.tif"), 100, 80, 3);
		assertBadInput(run("--run", COMPLETE, "image=" + img + ",mask=" + mask), "mask is 100 x 80 but image is 128 x 128");
	}

	@Test
	void everyPixelMissing() throws IOException {
		final Path img = TestFiles.lowRank(dir.resolve("img.tif"), 12, 10);
		final Path mask = TestFiles.fullMask(dir.resolve("mask.tif"), 12, 10);
		assertBadInput(run("--run", COMPLETE, "image=" + img + ",mask=" + mask),
			"every pixel is missing: nothing to complete from (check the mask: nonzero marks MISSING pixels)");
	}

	@Test
	void unknownKeyListsTheValidKeys() throws IOException {
		final Path img = TestFiles.lowRank(dir.resolve("img.tif"), 12, 10);
		assertBadInput(run("--run", COMPLETE, "image=" + img + ",dpeth=3"),
			"unknown key 'dpeth' for 'Complete Masked Image' (did you mean 'depth'?); valid keys: image, mask, reference, " +
				"method, lifting, patch, stride, group, search, rounds, tile, overlap, lambda, epsilon, max_rank, phase_steps, depth, width, init, scale, center, units, field, optimizer, lr, " +
				"iterations, max_seconds, tolerance, regularization, seed, log_every, keep_observed, validation, patience, backend, " +
				"precision, threads, stack, keep_type, output, table, phase_table, plot");
	}

	@Test
	void badValues() throws IOException {
		final String img = "image=" + TestFiles.lowRank(dir.resolve("img.tif"), 12, 10);
		assertBadInput(run("--run", COMPLETE, img, "depth=abc"), "bad value for 'depth': 'abc' (expected an integer)");
		assertBadInput(run("--run", COMPLETE, img, "lr=fast"), "bad value for 'lr': 'fast' (expected a number)");
		assertBadInput(run("--run", COMPLETE, img, "seed=1.5"), "bad value for 'seed': '1.5' (expected an integer)");
		assertBadInput(run("--run", COMPLETE, img, "init=foo"),
			"bad value for 'init': 'foo' (expected one of gaussian|balanced|haar|orthogonal|identity)");
		assertBadInput(run("--run", COMPLETE, img, "threads=-1"),
			"bad value for 'threads': -1 (expected 0 (all processors) or a positive integer)");
		assertBadInput(run("--run", COMPLETE, img, "depth="), "missing value for 'depth'");
		// values the types accept but the settings do not: the solver's own message, before it runs
		assertBadInput(run("--run", COMPLETE, img, "depth=0"), "bad value for 'depth': 0 (expected an integer >= 1)");
		assertBadInputStartingWith(run("--run", SENSE, img, "measurements=-4"), "bad value for 'measurements': -4");
	}

	@Test
	void missingImageKey() {
		assertBadInput(run("--run", COMPLETE, "depth=2"),
			"missing value for 'image' (an image file); see --help \"Complete Masked Image\"");
	}

	@Test
	void outputsNeverReplaceInputs() throws IOException {
		final Path img = TestFiles.lowRank(dir.resolve("img.tif"), 12, 10);
		final Path mask = TestFiles.mask(dir.resolve("mask.tif"), 12, 10, 3);
		final String before = TestFiles.sha256(img) + TestFiles.sha256(mask);
		assertBadInput(run("--run", COMPLETE, "image=" + img + ",mask=" + mask + ",output=" + img),
			"output would overwrite the input image '" + img + "'; choose another output path");
		// the same file under another name
		final Path alias = dir.resolve("sub/../mask.tif");
		assertBadInput(run("--run", COMPLETE, "image=" + img + ",mask=" + mask + ",table=" + alias),
			"table would overwrite the input image '" + mask + "'; choose another table path");
		assertEquals(before, TestFiles.sha256(img) + TestFiles.sha256(mask));
	}

	@Test
	void outputMustBeATiffAndDifferFromTheTable() throws IOException {
		final String img = "image=" + TestFiles.lowRank(dir.resolve("img.tif"), 12, 10);
		assertBadInput(run("--run", COMPLETE, img, "output=out.png"),
			"bad value for 'output': 'out.png' (expected a .tif path: the reconstruction is written as a TIFF)");
		final Path out = dir.resolve("out.tif");
		assertBadInput(run("--run", COMPLETE, img, "output=" + out, "table=" + out),
			"'output' and 'table' are the same file '" + out + "'");
	}

	// -- successful runs --

	@Test
	void completionWritesTiffAndCsvAndOneSummaryLine() throws IOException {
		final Path weave = Paths.get("examples/weave.tif"), mask = Paths.get("examples/weave_mask.tif");
		final Path out = dir.resolve("demo/weave_completed.tif"), csv = dir.resolve("demo/weave_log.csv");
		final String before = TestFiles.sha256(weave) + TestFiles.sha256(mask);
		final Run r = run("--run", COMPLETE, "image=" + weave + ",mask=" + mask + ",reference=" + weave + ",output=" +
			out + ",table=" + csv + ",method=gd,optimizer=gd,iterations=50,log_every=10");
		assertEquals(0, r.code, r::toString);
		assertEquals("", r.err, "a short run prints nothing on stderr");
		final String[] lines = r.out.split("\\R");
		assertEquals(1, lines.length, r::toString);
		// the returned iterate may be an earlier one (best validation error), the log runs to the end
		assertTrue(lines[0].startsWith("steps=50 returned_iteration="), lines[0]);
		assertTrue(lines[0].contains(" rel_error="), lines[0]);
		assertTrue(lines[0].endsWith(" output=" + out + " table=" + csv), lines[0]);

		final RandomAccessibleInterval<?> result = ImageFiles.read(out).img;
		assertEquals(160, result.dimension(0));
		assertEquals(192, result.dimension(1));

		final List<String> rows = Files.readAllLines(csv);
		final List<String> header = Arrays.asList(rows.get(0).split(","));
		assertEquals(List.of("iteration", "loss"), header.subList(0, 2));
		final int rel = header.indexOf("rel_error");
		assertTrue(rel > 0, rows.get(0));
		assertEquals(1 + 6, rows.size(), "rows at 0, 10, ..., 50");
		for (final String row : rows.subList(1, rows.size())) {
			final double v = Double.parseDouble(row.split(",")[rel]);
			assertTrue(Double.isFinite(v) && v >= 0, row);
		}
		assertEquals("50", rows.get(rows.size() - 1).split(",")[0]);
		assertEquals(before, TestFiles.sha256(weave) + TestFiles.sha256(mask), "inputs unchanged");
		try (Stream<Path> files = Files.list(out.getParent())) {
			assertEquals(List.of("weave_completed.tif", "weave_log.csv"), files.map(p -> p.getFileName().toString())
				.sorted().collect(Collectors.toList()), "no temporary files left");
		}
	}

	@Test
	void withoutReferenceRelErrorIsNaN() throws IOException {
		final Path img = TestFiles.lowRank(dir.resolve("img.tif"), 24, 20);
		final Path csv = dir.resolve("log.csv");
		final Run r = run("--run", COMPLETE, "image=" + img + " table=" + csv + " iterations=20");
		assertEquals(0, r.code, r::toString);
		assertFalse(r.out.contains("rel_error"), r.out);
		final List<String> rows = Files.readAllLines(csv);
		final int rel = Arrays.asList(rows.get(0).split(",")).indexOf("rel_error");
		assertEquals("NaN", rows.get(1).split(",")[rel]);
	}

	@Test
	void noneIsNoImageAsTheRecorderWritesIt() throws IOException {
		final Path img = TestFiles.lowRank(dir.resolve("img.tif"), 24, 20);
		final Path mask = TestFiles.mask(dir.resolve("mask.tif"), 24, 20, 3);
		final String common = "image=" + img + ",mask=" + mask + ",iterations=20,seed=3";
		final Path without = dir.resolve("without.tif"), none = dir.resolve("none.tif");
		assertEquals(0, run("--run", COMPLETE, common + ",output=" + without).code);
		final Run r = run("--run", COMPLETE, common + " reference=*None* output=" + none);
		assertEquals(0, r.code, r::toString);
		assertArrayEquals(Files.readAllBytes(without), Files.readAllBytes(none));
		assertFalse(r.out.contains("rel_error"), "no reference: " + r.out);
		// the image itself is required: *None* is no image, and that is missing
		assertBadInput(run("--run", COMPLETE, "image=*None*"),
			"missing value for 'image' (an image file); see --help \"Complete Masked Image\"");
	}

	@Test
	void sameSeedGivesByteIdenticalTiff() throws IOException {
		final Path img = TestFiles.lowRank(dir.resolve("img.tif"), 40, 32);
		final Path mask = TestFiles.mask(dir.resolve("mask.tif"), 40, 32, 3);
		final String common = "image=" + img + ",mask=" + mask + ",method=gd,iterations=50,seed=7,init=gaussian";
		assertEquals(0, run("--run", COMPLETE, common + ",output=" + dir.resolve("a.tif")).code);
		assertEquals(0, run("--run", COMPLETE, common + ",output=" + dir.resolve("b.tif"), "threads=1").code);
		assertArrayEquals(Files.readAllBytes(dir.resolve("a.tif")), Files.readAllBytes(dir.resolve("b.tif")));
		assertEquals(0, run("--run", COMPLETE, common.replace("seed=7", "seed=8") + ",output=" + dir.resolve("c.tif"))
			.code);
		assertFalse(Arrays.equals(Files.readAllBytes(dir.resolve("a.tif")), Files.readAllBytes(dir.resolve("c.tif"))),
			"another seed gives another result");
	}

	@Test
	void sensingPrintsRelativeError() throws IOException {
		final Path img = TestFiles.lowRank(dir.resolve("img.tif"), 24, 20);
		final Path out = dir.resolve("sensed.tif");
		// validation=0: with a hold-out the returned iterate is the best validation one, not the 30th
		final Run r = run("--run", SENSE, "image=" + img + " measurements=200 operator=gaussian iterations=30 " +
			"validation=0 output=" + out);
		assertEquals(0, r.code, r::toString);
		assertTrue(r.out.startsWith("steps=30 returned_iteration=30 ") && r.out.contains(" rel_error=") && r.out
			.contains(" stop=max_iterations"), r.out);
		assertTrue(Files.isRegularFile(out));
	}

	@Test
	void macroStyleArgumentsWithSpacesInPaths() throws IOException {
		final Path img = TestFiles.lowRank(dir.resolve("my images/an image.tif"), 12, 10);
		final Path out = dir.resolve("my results/out.tif");
		final Run r = run("--run", COMPLETE, "image=[" + img + "] iterations=5 output=[" + out + "]");
		assertEquals(0, r.code, r::toString);
		assertTrue(Files.isRegularFile(out));
	}

	// -- interruption and failures --

	@Test
	void interruptWritesThePartialResultAndExits130() throws Exception {
		final Path img = TestFiles.lowRank(dir.resolve("img.tif"), 40, 32);
		final Path out = dir.resolve("partial.tif"), csv = dir.resolve("partial.csv");
		final HeadlessRunner runner = new HeadlessRunner();
		runner.setProgressInterval(100);
		final Run[] result = new Run[1];
		final Thread t = new Thread(() -> result[0] = run(runner, "--run", COMPLETE, "image=" + img +
			",iterations=100000000,tolerance=0,output=" + out + ",table=" + csv));
		t.start();
		final long deadline = System.nanoTime() + 30_000_000_000L;
		while (!runner.isModuleRunning() && t.isAlive() && System.nanoTime() < deadline)
			Thread.sleep(20);
		Thread.sleep(500); // some iterations and progress lines
		runner.requestInterrupt();
		t.join(30_000);
		assertFalse(t.isAlive(), "the runner stopped");
		final Run r = result[0];
		assertEquals(130, r.code, r::toString);
		assertTrue(r.out.contains("stop=cancelled (partial result)"), r::toString);
		assertTrue(r.out.contains(" output=" + out), r::toString);
		assertTrue(r.err.contains("iteration"), "progress was printed: " + r.err);
		assertTrue(r.err.contains("interrupted"), r.err);
		assertEquals(32, ImageFiles.read(out).img.dimension(1));
		assertTrue(Files.readAllLines(csv).size() > 1);
	}

	@Test
	void unexpectedFailureIsOneLineAndStatus1() {
		final Run r = run("--run", ThrowingTestCommand.LABEL, "value=3");
		assertEquals(1, r.code, r::toString);
		assertEquals("error: unexpected IllegalStateException: boom 3 (run with --debug for details)" + System
			.lineSeparator(), r.err);
		assertEquals("", r.out);
		final Run d = run("--debug", "--run", ThrowingTestCommand.LABEL, "value=3");
		assertEquals(1, d.code);
		assertTrue(d.err.contains("at org.deeplowrank.headless.ThrowingTestCommand.run"), d.err);
	}
}
