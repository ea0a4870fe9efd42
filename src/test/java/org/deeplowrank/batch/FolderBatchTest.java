package org.deeplowrank.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import ij.process.ShortProcessor;
import org.deeplowrank.headless.HeadlessRunner;
import org.deeplowrank.image.StackMode;
import org.deeplowrank.image.StackReconstruction;
import org.deeplowrank.solver.SolverSettings;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The batch acceptance test: a folder with 3 good images, one corrupt file and one image
 * whose mask has the wrong size gives 3 results and 2 failed rows with their reasons, and
 * leaves the input folder byte for byte as it was; a second run skips everything done;
 * a cancel in the middle leaves no partial TIFF.
 */
public class FolderBatchTest {

	@TempDir
	Path dir;

	Path in, out;

	public static final int W = 24, H = 20;

	public static float value(final int x, final int y) {
		return (float) (200 + 60 * Math.sin(0.5 * x) * (1 + 0.03 * y) + 30 * Math.cos(0.4 * y));
	}

	public static void save(final ImagePlus imp, final Path path) {
		final String p = path.toString();
		assertTrue(p.endsWith(".png") ? new FileSaver(imp).saveAsPng(p) : new FileSaver(imp).saveAsTiff(p));
	}

	public static ByteProcessor mask(final int w, final int h, final int period) {
		final ByteProcessor m = new ByteProcessor(w, h);
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				if ((x + 3 * y) % period == 0) m.set(x, y, 255);
		return m;
	}

	@BeforeEach
	void folder() throws IOException {
		in = Files.createDirectories(dir.resolve("in"));
		out = dir.resolve("out");
		writeFolder(in);
	}

	/**
	 * The test folder: a (float, mask .tif), b (16-bit, mask .png), broken.tif (not an
	 * image), c (NaN pixels, no mask), d (mask of the wrong size), notes.txt (not an image).
	 */
	public static void writeFolder(final Path in) throws IOException {
		final FloatProcessor a = new FloatProcessor(W, H);
		final ShortProcessor b = new ShortProcessor(W, H);
		final FloatProcessor c = new FloatProcessor(W, H);
		for (int y = 0; y < H; y++)
			for (int x = 0; x < W; x++) {
				a.setf(x, y, value(x, y));
				b.set(x, y, (int) (10 * value(x, y)));
				c.setf(x, y, (x * y) % 7 == 3 ? Float.NaN : value(x, y) / 2);
			}
		save(new ImagePlus("a", a), in.resolve("a.tif"));
		save(new ImagePlus("a_mask", mask(W, H, 4)), in.resolve("a_mask.tif"));
		save(new ImagePlus("b", b), in.resolve("b.tif"));
		save(new ImagePlus("b_mask", mask(W, H, 5)), in.resolve("b_mask.png"));
		Files.write(in.resolve("broken.tif"), "not a TIFF at all".getBytes(StandardCharsets.UTF_8));
		save(new ImagePlus("c", c), in.resolve("c.tif"));
		save(new ImagePlus("d", a.duplicate()), in.resolve("d.tif"));
		save(new ImagePlus("d_mask", mask(W + 6, H, 4)), in.resolve("d_mask.tif"));
		Files.write(in.resolve("notes.txt"), "not an image".getBytes(StandardCharsets.UTF_8));
	}

	static ImageJob job() {
		final SolverSettings s = SolverSettings.builder().iterations(40).build();
		return new ImageJob(s, StackMode.SLICES, false);
	}

	/** Every file of a folder with its SHA-256. */
	public static Map<String, String> snapshot(final Path folder) throws Exception {
		final Map<String, String> m = new TreeMap<>();
		try (Stream<Path> s = Files.walk(folder)) {
			for (final Path p : s.filter(Files::isRegularFile).collect(Collectors.toList())) {
				final byte[] d = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p));
				m.put(folder.relativize(p).toString(), new java.math.BigInteger(1, d).toString(16));
			}
		}
		return m;
	}

	static List<String> statuses(final List<BatchRow> rows) {
		final List<String> s = new ArrayList<>();
		for (final BatchRow r : rows)
			s.add(r.name + ":" + r.status);
		return s;
	}

	@Test
	void threeGoodOneCorruptOneMismatchedMask() throws Exception {
		final Map<String, String> before = snapshot(in);
		final List<BatchRow> rows = new FolderBatch(job(), "_mask", false).run(in, out, null, null);
		assertEquals(List.of("a.tif:done", "b.tif:done", "broken.tif:failed", "c.tif:done", "d.tif:failed"), statuses(
			rows));
		assertTrue(rows.get(2).message.startsWith("cannot open image '" + in.resolve("broken.tif") +
			"': not an image ij.jar can read"), rows.get(2).message);
		assertEquals("mask is 30 x 20 but image is 24 x 20", rows.get(4).message);
		assertEquals("24x20", rows.get(0).size);
		assertEquals(0.25, rows.get(0).missingFraction, 0.01, "a: every 4th pixel masked");
		assertTrue(rows.get(3).missingFraction > 0, "c: its NaN pixels");
		for (final String name : List.of("a", "b", "c")) {
			final ImagePlus r = IJ.openImage(out.resolve(name + "_completed.tif").toString());
			assertEquals(W, r.getWidth());
			assertEquals(32, r.getBitDepth());
			assertTrue(Files.readAllLines(out.resolve(name + "_log.csv")).size() > 2);
			assertTrue(Files.size(out.resolve(name + "_loss.png")) > 1000);
		}
		assertFalse(Files.exists(out.resolve("d_completed.tif")));
		assertFalse(Files.exists(out.resolve("broken_completed.tif")));
		final List<String> summary = Files.readAllLines(out.resolve("summary.csv"));
		assertEquals("name,size,missing_fraction,iterations,final_loss,seconds,status,message", summary.get(0));
		assertEquals(6, summary.size());
		assertTrue(summary.get(5).startsWith("d.tif,24x20,,,,,failed,mask is 30 x 20"), summary.get(5));
		assertEquals(before, snapshot(in), "the input folder is byte-identical");
		assertEquals("images=5 done=3 skipped=0 failed=2", FolderBatch.counts(rows));
	}

	@Test
	void aSecondRunSkipsWhatIsDoneAndOverwriteRecomputesTheSameBytes() throws Exception {
		new FolderBatch(job(), "_mask", false).run(in, out, null, null);
		final Map<String, String> first = snapshot(out);
		final long stamp = Files.getLastModifiedTime(out.resolve("a_completed.tif")).toMillis();
		final List<BatchRow> again = new FolderBatch(job(), "_mask", false).run(in, out, null, null);
		assertEquals(List.of("a.tif:skipped", "b.tif:skipped", "broken.tif:failed", "c.tif:skipped", "d.tif:failed"),
			statuses(again));
		assertEquals(stamp, Files.getLastModifiedTime(out.resolve("a_completed.tif")).toMillis(), "not rewritten");
		final List<BatchRow> redo = new FolderBatch(job(), "_mask", true).run(in, out, null, null);
		assertEquals("done", redo.get(0).status);
		final Map<String, String> second = snapshot(out);
		for (final String name : List.of("a_completed.tif", "b_completed.tif", "c_completed.tif"))
			assertEquals(first.get(name), second.get(name), name + ": same inputs and seed, same bytes");
	}

	@Test
	void cancelInTheMiddleLeavesNoPartialTiff() throws Exception {
		final AtomicBoolean cancel = new AtomicBoolean();
		final FolderBatch.Listener listener = new FolderBatch.Listener() {

			private int image;

			@Override
			public void image(final Path file, final int index, final int count) {
				image = index;
			}

			@Override
			public void progress(final StackReconstruction.Part part, final int index, final int count, final int iteration,
				final int max)
			{
				if (image == 1 && iteration >= 10) cancel.set(true);
			}
		};
		final List<BatchRow> rows = new FolderBatch(job(), "_mask", false).run(in, out, listener, cancel::get);
		assertEquals(List.of("a.tif:done", "b.tif:cancelled", "broken.tif:not_started", "c.tif:not_started",
			"d.tif:not_started"), statuses(rows));
		try (Stream<Path> s = Files.list(out)) {
			assertEquals(List.of("a_completed.tif", "a_log.csv", "a_loss.png", "summary.csv"), s.map(p -> p.getFileName()
				.toString()).sorted().collect(Collectors.toList()), "what was written stays; nothing of b, no temporary file");
		}
		assertEquals(6, Files.readAllLines(out.resolve("summary.csv")).size());
	}

	@Test
	void foldersAreChecked() throws IOException {
		final FolderBatch b = new FolderBatch(job(), "_mask", false);
		assertEquals("'output' must differ from 'input' (the input folder is never written)", assertThrows(
			IllegalArgumentException.class, () -> b.run(in, in, null, null)).getMessage());
		assertEquals("'output' must not be inside 'input' (the input folder is never written)", assertThrows(
			IllegalArgumentException.class, () -> b.run(in, in.resolve("results"), null, null)).getMessage());
		assertFalse(Files.exists(in.resolve("results")));
		assertEquals("bad value for 'input': '" + dir.resolve("nope") + "' is not a folder", assertThrows(
			IllegalArgumentException.class, () -> b.run(dir.resolve("nope"), out, null, null)).getMessage());
		b.run(in, dir.resolve("new/deeper"), null, () -> true);
		assertTrue(Files.isDirectory(dir.resolve("new/deeper")), "the output folder is created");
	}

	@Test
	void masksArePairedByName() throws IOException {
		final List<FolderBatch.Item> items = new FolderBatch(job(), "_mask", false).plan(in);
		final List<String> pairs = new ArrayList<>();
		for (final FolderBatch.Item i : items)
			pairs.add(i.image.getFileName() + "+" + (i.mask == null ? "-" : i.mask.getFileName().toString()));
		assertEquals(List.of("a.tif+a_mask.tif", "b.tif+b_mask.png", "broken.tif+-", "c.tif+-", "d.tif+d_mask.tif"),
			pairs);
	}

	@Test
	void theRunnerRunsTheBatchCommand() throws IOException {
		final ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
		final int code = HeadlessRunner.run(new String[] { "--run", "Batch Complete Folder", "input=[" + in +
			"] output=[" + out + "] iterations=20 overwrite" }, new PrintStream(o, true, StandardCharsets.UTF_8),
			new PrintStream(e, true, StandardCharsets.UTF_8));
		assertEquals(0, code, o + " " + e);
		assertEquals("images=5 done=3 skipped=0 failed=2 summary=" + out.resolve("summary.csv"), o.toString(
			StandardCharsets.UTF_8).trim());
		final int bad = HeadlessRunner.run(new String[] { "--run", "Batch Complete Folder", "input=" + in, "output=" +
			in }, new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8));
		assertEquals(2, bad);
		assertTrue(e.toString(StandardCharsets.UTF_8).contains(
			"error: 'output' must differ from 'input' (the input folder is never written)"), e.toString());
	}

	@Test
	void tileKeys() {
		assertEquals(128, BatchCompleteFolder.fromKeys(Map.of("tile", "1024")).job().overlap(), "overlap 0 = tile/8");
		assertEquals(5, BatchCompleteFolder.fromKeys(Map.of("tile", "40", "overlap", "5")).job().overlap());
		assertEquals(0, BatchCompleteFolder.fromKeys(Map.of("overlap", "77")).job().overlap(), "no tiles, no overlap");
		assertEquals("bad value for 'tile': 4 (a tile must be at least 8 pixels wide to be completed; 0 = no tiling)",
			assertThrows(IllegalArgumentException.class, () -> BatchCompleteFolder.fromKeys(Map.of("tile", "4")).job())
				.getMessage());
		assertEquals("unknown key 'tiles' for 'Batch Complete Folder' (did you mean 'tile'?)", assertThrows(
			IllegalArgumentException.class, () -> BatchCompleteFolder.fromKeys(Map.of("tiles", "4"))).getMessage().split(
				";")[0]);
	}

	@Test
	void csvQuoting() {
		final BatchRow r = new BatchRow("a,b.tif", "3x2", 0.5, 7, 1.5, 0.25, "failed", "said \"no\"");
		assertEquals("\"a,b.tif\",3x2,0.5,7,1.5,0.250,failed,\"said \"\"no\"\"\"", r.csv());
		assertEquals("x,,,,,,failed,", BatchRow.without("x", "", "failed", "").csv());
	}
}
