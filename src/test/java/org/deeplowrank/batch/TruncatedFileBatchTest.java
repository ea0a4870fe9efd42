package org.deeplowrank.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import ij.ImagePlus;
import ij.process.FloatProcessor;

import org.deeplowrank.io.TruncatedImageFilesTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A truncated image, or a truncated mask, fails its own row with the reason; the other images are done. */
class TruncatedFileBatchTest {

	@TempDir
	Path dir;

	private static String truncated(final Path path, final int present) {
		return "cannot open image '" + path + "': it is truncated (" + present +
			" of 65536 pixel bytes present); the file is damaged, re-export it";
	}

	@Test
	void theTruncatedFilesRowsFailAndTheOthersAreDone() throws Exception {
		final Path in = Files.createDirectories(dir.resolve("in")), out = dir.resolve("out");
		final FloatProcessor a = new FloatProcessor(FolderBatchTest.W, FolderBatchTest.H);
		for (int y = 0; y < FolderBatchTest.H; y++)
			for (int x = 0; x < FolderBatchTest.W; x++)
				a.setf(x, y, FolderBatchTest.value(x, y));
		FolderBatchTest.save(new ImagePlus("a", a), in.resolve("a.tif"));
		FolderBatchTest.save(new ImagePlus("a_mask", FolderBatchTest.mask(FolderBatchTest.W, FolderBatchTest.H, 4)), in
			.resolve("a_mask.tif"));
		final Path b = TruncatedImageFilesTest.truncatedSixteenBitTiff(in.resolve("b.tif"), 1234);
		FolderBatchTest.save(new ImagePlus("c", a.duplicate()), in.resolve("c.tif"));
		final Path cMask = TruncatedImageFilesTest.truncatedSixteenBitTiff(in.resolve("c_mask.tif"), 0);
		FolderBatchTest.save(new ImagePlus("d", a.duplicate()), in.resolve("d.tif"));
		FolderBatchTest.save(new ImagePlus("d_mask", FolderBatchTest.mask(FolderBatchTest.W, FolderBatchTest.H, 5)), in
			.resolve("d_mask.tif"));
		final var before = FolderBatchTest.snapshot(in);

		final List<BatchRow> rows = new FolderBatch(FolderBatchTest.job(), "_mask", false).run(in, out, null, null);

		assertEquals(List.of("a.tif:done", "b.tif:failed", "c.tif:failed", "d.tif:done"), FolderBatchTest.statuses(rows));
		assertEquals(truncated(b, 1234), rows.get(1).message);
		assertEquals("", rows.get(1).size);
		assertEquals("mask: " + truncated(cMask, 0), rows.get(2).message);
		assertEquals("24x20", rows.get(2).size);
		assertFalse(Files.exists(out.resolve("b_completed.tif")));
		assertFalse(Files.exists(out.resolve("c_completed.tif")));
		assertTrue(Files.exists(out.resolve("a_completed.tif")) && Files.exists(out.resolve("d_completed.tif")));
		final List<String> summary = Files.readAllLines(out.resolve(FolderBatch.SUMMARY));
		assertEquals("b.tif,,,,,,failed,\"" + truncated(b, 1234) + "\"", summary.get(2));
		assertEquals(before, FolderBatchTest.snapshot(in), "the input folder is byte-identical");
	}
}
