package org.deeplowrank.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import ij.ImagePlus;
import ij.process.FloatProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shared folders: images whose results would share a name are refused (never one
 * skipped), two batches never write into one output folder together (a lock, stale locks
 * of killed batches taken over), and temporary files of a killed batch are removed by the
 * next run; a rerun keeps the statistics of the rows it skips. Each case fails on the code
 * before these checks.
 */
class FolderBatchSafetyTest {

	@TempDir
	Path dir;

	private static void image(final Path path) {
		final FloatProcessor p = new FloatProcessor(24, 20);
		for (int y = 0; y < 20; y++) for (int x = 0; x < 24; x++) p.setf(x, y, (1 + x % 3) * (2 + y % 4));
		FolderBatchTest.save(new ImagePlus(path.getFileName().toString(), p), path);
	}

	private static FolderBatch batch() {
		return new FolderBatch(FolderBatchTest.job(), "_mask", false);
	}

	@Test
	void imagesWithTheSameNameAreRefusedBeforeTheOutputExists() throws Exception {
		final Path in = Files.createDirectories(dir.resolve("in"));
		image(in.resolve("a.tif"));
		image(in.resolve("a.png"));
		final Map<String, String> before = FolderBatchTest.snapshot(in);
		final Path out = dir.resolve("out");
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> batch().run(in, out, null,
			null));
		assertEquals("'a.png' and 'a.tif' in the input folder have the same name 'a': their results would overwrite " +
			"each other; rename one of them", e.getMessage());
		assertFalse(Files.exists(out));
		assertEquals(before, FolderBatchTest.snapshot(in));
	}

	@Test
	void twoMaskFilesForOneImageAreRefused() throws Exception {
		final Path in = Files.createDirectories(dir.resolve("in"));
		image(in.resolve("b.tif"));
		FolderBatchTest.save(new ImagePlus("m", FolderBatchTest.mask(24, 20, 4)), in.resolve("b_mask.tif"));
		FolderBatchTest.save(new ImagePlus("m", FolderBatchTest.mask(24, 20, 5)), in.resolve("b_mask.png"));
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> batch().run(in, dir
			.resolve("out"), null, null));
		assertEquals("'b.tif' has 2 mask files (b_mask.png, b_mask.tif): keep one of them", e.getMessage());
	}

	@Test
	void aRunningBatchLocksItsOutputFolder() throws Exception {
		final Path in = Files.createDirectories(dir.resolve("in"));
		image(in.resolve("c.tif"));
		final Path out = Files.createDirectories(dir.resolve("out"));
		try (FolderLock held = FolderLock.acquire(out)) {
			// this JVM is alive: the lock is not stale
			final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> batch().run(in, out,
				null, null));
			assertTrue(e.getMessage().startsWith("another batch is writing to '" + out + "' (pid " + ProcessHandle
				.current().pid()), e.getMessage());
			assertFalse(Files.exists(out.resolve("c" + ImageJob.RESULT_SUFFIX)));
		}
		assertFalse(Files.exists(out.resolve(FolderLock.NAME)), "released");
		final List<BatchRow> rows = batch().run(in, out, null, null);
		assertEquals(BatchRow.DONE, rows.get(0).status);
		assertFalse(Files.exists(out.resolve(FolderLock.NAME)), "released after the run");
	}

	@Test
	void theLockOfAKilledBatchIsTakenOverAndItsTemporaryFilesRemoved() throws Exception {
		final Path in = Files.createDirectories(dir.resolve("in"));
		image(in.resolve("d.tif"));
		final Path out = Files.createDirectories(dir.resolve("out"));
		final Process gone = new ProcessBuilder("true").start();
		gone.waitFor();
		final String host = java.net.InetAddress.getLocalHost().getHostName();
		Files.write(out.resolve(FolderLock.NAME), ("pid=" + gone.pid() + " host=" + host +
			" started=2026-01-01T00:00:00Z\n").getBytes(StandardCharsets.UTF_8));
		final Path orphan = out.resolve(".d_loss.png.1f2e3d.tmp");
		Files.write(orphan, new byte[] { 1, 2, 3 });
		final Path keep = out.resolve(".notes");
		Files.write(keep, new byte[] { 4 });
		final List<BatchRow> rows = batch().run(in, out, null, null);
		assertEquals(BatchRow.DONE, rows.get(0).status);
		assertFalse(Files.exists(orphan), "orphan temporary file removed");
		assertTrue(Files.exists(keep), "other hidden files are not touched");
		assertFalse(Files.exists(out.resolve(FolderLock.NAME)));
	}

	@Test
	void aRerunKeepsTheStatisticsOfEarlierRows() throws Exception {
		final Path in = Files.createDirectories(dir.resolve("in"));
		image(in.resolve("e.tif"));
		final Path out = dir.resolve("out");
		final BatchRow first = batch().run(in, out, null, null).get(0);
		assertEquals(BatchRow.DONE, first.status);
		final BatchRow again = batch().run(in, out, null, null).get(0);
		assertEquals(BatchRow.SKIPPED, again.status);
		assertEquals(first.size, again.size);
		assertEquals(first.iterations, again.iterations);
		assertEquals(first.finalLoss, again.finalLoss);
		assertEquals(first.missingFraction, again.missingFraction);
		final List<String> summary = Files.readAllLines(out.resolve(FolderBatch.SUMMARY));
		assertEquals(again.csv(), summary.get(1));
		assertEquals(first.seconds, again.seconds, 5e-4); // summary.csv keeps milliseconds
	}

	@Test
	void summaryRowsReadBackExactly() {
		final BatchRow r = new BatchRow("a, \"b\".tif", "24 x 20", 0.25, 40, 1.5e-3, 0.125, BatchRow.DONE, "ok, \"fine\"");
		assertEquals(r.csv(), BatchRow.parseCsv(r.csv()).csv());
		assertEquals(null, BatchRow.parseCsv(String.join(",", BatchRow.COLUMNS)));
	}

	@Test
	void anOutputThroughALinkIntoTheInputIsRefusedAndNothingIsCreated() throws Exception {
		final Path in = Files.createDirectories(dir.resolve("in"));
		image(in.resolve("f.tif"));
		final Path link = Files.createSymbolicLink(dir.resolve("link"), in);
		final Map<String, String> before = FolderBatchTest.snapshot(in);
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> batch().run(in, link
			.resolve("a/b/c"), null, null));
		assertEquals("'output' must not be inside 'input' (the input folder is never written)", e.getMessage());
		assertFalse(Files.exists(in.resolve("a")), "nothing created inside the input");
		assertEquals(before, FolderBatchTest.snapshot(in));
	}
}
