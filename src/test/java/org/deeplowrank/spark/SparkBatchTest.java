package org.deeplowrank.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplowrank.batch.BatchCompleteFolder;
import org.deeplowrank.batch.BatchRow;
import org.deeplowrank.batch.FolderBatchTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark driver against the single-machine batch on the batch's test folder (3 good
 * images, a corrupt file, a mask of the wrong size), in local mode: the same bytes and the
 * same summary rows, whole images and tiles; a rerun skips; a task that dies is retried
 * without duplicate or half-written files. One local Spark context for the class (it takes
 * seconds to start), {@code local[2,2]}: 2 cores, a failed task is tried twice.
 */
class SparkBatchTest {

	static JavaSparkContext sc;

	@TempDir
	Path dir;

	Path in;

	@BeforeAll
	static void spark() {
		sc = new JavaSparkContext(new SparkConf().setMaster("local[2,2]").setAppName("SparkBatchTest").set(
			"spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress",
				"127.0.0.1"));
		sc.setLogLevel("ERROR");
	}

	@AfterAll
	static void stop() {
		if (sc != null) sc.stop();
	}

	@BeforeEach
	void folder() throws IOException {
		in = Files.createDirectories(dir.resolve("in"));
		FolderBatchTest.writeFolder(in);
	}

	@AfterEach
	void noHook() {
		System.clearProperty(SparkBatch.FAIL_ONCE_PROPERTY);
	}

	static Map<String, String> keys(final Path in, final Path out, final String... more) {
		final Map<String, String> m = new LinkedHashMap<>();
		m.put("input", in.toString());
		m.put("output", out.toString());
		m.put("iterations", "60");
		m.put("seed", "7");
		for (int i = 0; i < more.length; i += 2) m.put(more[i], more[i + 1]);
		return m;
	}

	/** The single-machine batch with the same keys (the Batch Complete Folder command's own objects). */
	static List<BatchRow> singleMachine(final Map<String, String> keys) throws IOException {
		final BatchCompleteFolder command = BatchCompleteFolder.fromKeys(keys);
		command.setThreads(1);
		return command.folderBatch().run(command.inputFolder(), command.outputFolder(), null, null);
	}

	static List<String> withoutTime(final List<BatchRow> rows) {
		return rows.stream().map(BatchRow::csvWithoutTime).collect(Collectors.toList());
	}

	/** A log CSV without its 'seconds' column (wall-clock time is all that differs between two runs). */
	static List<String> logWithoutTime(final Path csv) throws IOException {
		final List<String> lines = Files.readAllLines(csv);
		final int col = List.of(lines.get(0).split(",")).indexOf("seconds");
		assertTrue(col >= 0, lines.get(0));
		final List<String> out = new ArrayList<>();
		for (final String l : lines) {
			final List<String> f = new ArrayList<>(List.of(l.split(",", -1)));
			f.remove(col);
			out.add(String.join(",", f));
		}
		return out;
	}

	static List<String> files(final Path folder) throws IOException {
		try (Stream<Path> s = Files.walk(folder)) {
			return s.filter(p -> !p.equals(folder)).map(p -> folder.relativize(p).toString()).sorted().collect(Collectors
				.toList());
		}
	}

	/** Same result files, byte for byte (logs: but for the time column), and the same summary rows. */
	static void assertSameResults(final Path single, final List<BatchRow> singleRows, final Path spark,
		final List<BatchRow> sparkRows) throws Exception
	{
		assertEquals(withoutTime(singleRows), withoutTime(sparkRows));
		final List<String> summarySingle = Files.readAllLines(single.resolve("summary.csv"));
		final List<String> summarySpark = Files.readAllLines(spark.resolve("summary.csv"));
		assertEquals(summarySingle.size(), summarySpark.size());
		assertEquals(files(single), files(spark), "the same files, no temporary or work files left");
		final Map<String, String> a = FolderBatchTest.snapshot(single), b = FolderBatchTest.snapshot(spark);
		for (final String name : List.of("a", "b", "c")) {
			assertEquals(a.get(name + "_completed.tif"), b.get(name + "_completed.tif"), name + ": TIFF bytes");
			assertEquals(a.get(name + "_loss.png"), b.get(name + "_loss.png"), name + ": plot bytes");
			assertEquals(logWithoutTime(single.resolve(name + "_log.csv")), logWithoutTime(spark.resolve(name +
				"_log.csv")), name + ": log");
		}
	}

	@Test
	void sameBytesAndRowsAsTheSingleMachineBatch() throws Exception {
		final Map<String, String> before = FolderBatchTest.snapshot(in);
		final Path single = dir.resolve("single"), spark = dir.resolve("spark");
		final List<BatchRow> singleRows = singleMachine(keys(in, single));
		final SparkBatch.Outcome o = SparkBatch.run(sc, keys(in, spark));
		assertEquals(List.of("a.tif:done", "b.tif:done", "broken.tif:failed", "c.tif:done", "d.tif:failed"), o.rows
			.stream().map(r -> r.name + ":" + r.status).collect(Collectors.toList()));
		assertEquals("mask is 30 x 20 but image is 24 x 20", o.rows.get(4).message);
		assertSameResults(single, singleRows, spark, o.rows);
		assertEquals(before, FolderBatchTest.snapshot(in), "the input folder is byte-identical");
		assertEquals("images=5 done=3 skipped=0 failed=2 summary=" + spark.resolve("summary.csv"), o.line());

		// a rerun skips what is done, without touching it
		final long stamp = Files.getLastModifiedTime(spark.resolve("a_completed.tif")).toMillis();
		final SparkBatch.Outcome again = SparkBatch.run(sc, keys(in, spark));
		assertEquals(List.of("a.tif:skipped", "b.tif:skipped", "broken.tif:failed", "c.tif:skipped", "d.tif:failed"),
			again.rows.stream().map(r -> r.name + ":" + r.status).collect(Collectors.toList()));
		assertEquals(stamp, Files.getLastModifiedTime(spark.resolve("a_completed.tif")).toMillis(), "not rewritten");
		assertEquals(withoutTime(singleMachine(keys(in, single))), withoutTime(again.rows),
			"the same rows as a rerun of the single-machine batch");
	}

	@Test
	void tilesGiveTheSameBytesAsTheSingleMachineTiledBatch() throws Exception {
		final Path single = dir.resolve("single"), spark = dir.resolve("spark");
		final String[] tiles = { "tile", "12", "overlap", "4" };
		final List<BatchRow> singleRows = singleMachine(keys(in, single, tiles));
		final SparkBatch.Outcome o = SparkBatch.run(sc, keys(in, spark, tiles));
		assertEquals("done", o.rows.get(0).status, o.rows.get(0).message);
		assertSameResults(single, singleRows, spark, o.rows);
		assertFalse(Files.exists(spark.resolve(TileWork.WORK_FOLDER)), "the tile work folder is removed");
		// tiles do change the result: 24 x 20 in 12 x 12 tiles is not the untiled run
		final Path whole = dir.resolve("whole");
		singleMachine(keys(in, whole));
		assertFalse(FolderBatchTest.snapshot(whole).get("a_completed.tif").equals(FolderBatchTest.snapshot(spark).get(
			"a_completed.tif")));
	}

	@Test
	void aTaskThatDiesIsRetriedWithoutDuplicateOrHalfWrittenFiles() throws Exception {
		final Path reference = dir.resolve("reference"), spark = dir.resolve("spark");
		final List<BatchRow> referenceRows = singleMachine(keys(in, reference));
		final int before = SparkBatch.injectedFailures();
		// a dies in the middle of its solver, b after writing all its files: both are retried once
		System.setProperty(SparkBatch.FAIL_ONCE_PROPERTY, "a.tif,b.tif@after");
		final SparkBatch.Outcome o = SparkBatch.run(sc, keys(in, spark));
		assertEquals(2, SparkBatch.injectedFailures() - before, "both first attempts died");
		assertEquals(List.of("a.tif:done", "b.tif:done", "broken.tif:failed", "c.tif:done", "d.tif:failed"), o.rows
			.stream().map(r -> r.name + ":" + r.status).collect(Collectors.toList()), "b is done, not skipped");
		assertSameResults(reference, referenceRows, spark, o.rows);

		// with tiles: the first tile task of c dies once
		final Path tiledReference = dir.resolve("tiled-reference"), tiledSpark = dir.resolve("tiled-spark");
		final String[] tiles = { "tile", "12", "overlap", "4" };
		final List<BatchRow> tiledRows = singleMachine(keys(in, tiledReference, tiles));
		System.setProperty(SparkBatch.FAIL_ONCE_PROPERTY, "c.tif");
		final int mid = SparkBatch.injectedFailures();
		final SparkBatch.Outcome t = SparkBatch.run(sc, keys(in, tiledSpark, tiles));
		assertEquals(1, SparkBatch.injectedFailures() - mid);
		assertSameResults(tiledReference, tiledRows, tiledSpark, t.rows);
	}

	@Test
	void badKeysAreNamedBeforeSparkStarts() {
		final ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
		final PrintStream out = new PrintStream(o, true, StandardCharsets.UTF_8), err = new PrintStream(e, true,
			StandardCharsets.UTF_8);
		assertEquals(2, SparkBatch.run(new String[] { "input=" + in + ",output=x,partitons=4" }, out, err));
		assertTrue(e.toString(StandardCharsets.UTF_8).contains(
			"error: unknown key 'partitons' for 'Spark Batch Complete Folder' (did you mean 'partitions'?)"), e
				.toString());
		e.reset();
		assertEquals(2, SparkBatch.run(new String[] { "input=" + in + ",output=x,tile=64,overlap=64" }, out, err));
		assertTrue(e.toString(StandardCharsets.UTF_8).contains(
			"error: bad value for 'overlap': 64 (expected 0 <= overlap < tile = 64, e.g. tile/8)"), e.toString());
		e.reset();
		assertEquals(2, SparkBatch.run(new String[] { "input=" + in + ",output=x,partitions=-1" }, out, err));
		assertTrue(e.toString(StandardCharsets.UTF_8).contains(
			"error: bad value for 'partitions': -1 (expected 0 or a positive integer)"), e.toString());
	}
}
