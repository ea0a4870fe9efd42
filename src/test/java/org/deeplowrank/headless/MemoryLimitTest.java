package org.deeplowrank.headless;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #15, case 6: a run too large for the heap is refused before anything is solved or
 * written (exit 2, one {@code error:} line naming the tile size that fits and the -Xmx),
 * instead of an {@code unexpected OutOfMemoryError} (exit 1). The runner runs in its own
 * JVM with a small -Xmx, as users run it.
 */
class MemoryLimitTest {

	private static final String COMPLETE = ForkedRunner.COMPLETE;

	@TempDir
	Path dir;

	@Test
	void aPlaneTooLargeForTheHeapIsRefusedWithATile() throws Exception {
		// on main: exit 1, "unexpected OutOfMemoryError"
		final Path img = TestFiles.lowRank(dir.resolve("img.tif"), 2000, 2000);
		final Path mask = TestFiles.mask(dir.resolve("mask.tif"), 2000, 2000, 3);
		final int tile = ForkedRunner.refusedWholePlane(dir, img, mask, dir.resolve("out.tif"), 2000, "256m");
		assertTrue(tile >= 64 && tile < 2000, "tile=" + tile);
	}

	@Test
	void aHeapSmallerThanTheImagesOwnCopiesNamesOnlyTheXmx() throws Exception {
		final Path img = TestFiles.lowRank(dir.resolve("img.tif"), 2000, 2000);
		final Path out = dir.resolve("out.tif");
		final ForkedRunner.Result r = ForkedRunner.run(dir, "64m", COMPLETE, "image=" + img + ",tile=256,output=" + out);
		assertEquals(HeadlessRunner.BAD_INPUT, r.code, r::toString);
		final List<String> errors = ForkedRunner.errorLines(r.err);
		assertEquals(1, errors.size(), r::toString);
		assertTrue(errors.get(0).contains("give Java more memory (-Xmx") && errors.get(0).contains("no tile size fits"),
			r::toString);
		assertFalse(Files.exists(out));
	}

	@Test
	void aDenseGaussianOperatorTooLargeForTheHeapNamesTheFastOne() throws Exception {
		// 256² pixels, 30 % measurements: the dense operator alone is 19661 x 65536 doubles = 10 GB
		final Path img = TestFiles.lowRank(dir.resolve("img.tif"), 256, 256);
		final Path out = dir.resolve("out.tif");
		final TestFiles.Run r = TestFiles.run("--run", "Sense and Reconstruct Image", "image=" + img +
			",operator=gaussian,output=" + out);
		assertEquals(HeadlessRunner.BAD_INPUT, r.code, r::toString);
		assertTrue(r.err.contains("error: not enough memory: 256 x 256") && r.err.contains("operator=fast"), r::toString);
		assertFalse(Files.exists(out));
	}
}
