package org.deeplowrank.headless;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tile size a memory refusal names runs in the same -Xmx ({@link MemoryLimitTest} has
 * the refusals; this solve takes tens of seconds on a loaded machine, hence an IT).
 */
class MemoryLimitIT {

	@TempDir
	Path dir;

	@Test
	void theTileOfTheRefusalRunsInTheSameHeap() throws Exception {
		final int size = 1600;
		final Path img = TestFiles.lowRank(dir.resolve("img.tif"), size, size);
		final Path mask = TestFiles.mask(dir.resolve("mask.tif"), size, size, 3);
		final Path out = dir.resolve("out.tif");
		final int tile = ForkedRunner.refusedWholePlane(dir, img, mask, out, size, "160m");
		final ForkedRunner.Result tiled = ForkedRunner.run(dir, "160m", "Complete Masked Image", "image=" + img + ",mask=" + mask + ",output=" + out +
			",tile=" + tile + ",method=gd,iterations=2,validation=0");
		assertEquals(HeadlessRunner.OK, tiled.code, tiled::toString);
		assertTrue(Files.size(out) > 4L * size * size, "a 32-bit result");
	}
}
