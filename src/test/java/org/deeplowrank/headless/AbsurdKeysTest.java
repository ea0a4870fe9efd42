package org.deeplowrank.headless;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.deeplowrank.headless.TestFiles.Run;
import org.deeplowrank.io.ImageFiles;
import org.deeplowrank.io.TruncatedImageFilesTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keys whose values cannot give a result are bad input (exit 2, one message naming the key
 * and the fix) before any work: a width whose layers overflow an array (today: an
 * ArithmeticException, exit 1) and an initial scale so large that the run overflows to NaN
 * (today: exit 3 with NaN in every missing pixel and advice about lr).
 */
class AbsurdKeysTest {

	private static final String COMPLETE = "Complete Masked Image";

	@TempDir
	Path dir;

	private Path image() throws IOException {
		final Path img = dir.resolve("cells.tif");
		ImageFiles.saveTiff(TruncatedImageFilesTest.sixteenBit(), img);
		return img;
	}

	private static void assertBadInput(final Run r, final String... parts) {
		assertEquals(2, r.code, r::toString);
		assertTrue(r.err.startsWith("error: "), r::toString);
		assertEquals(1, r.err.trim().split("\\R").length, r::toString);
		for (final String p : parts) assertTrue(r.err.contains(p), () -> "'" + p + "' not in " + r);
		assertEquals("", r.out, r::toString);
	}

	@Test
	void aWidthWhoseLayersOverflowIsBadInput() throws IOException {
		final Path out = dir.resolve("out.tif");
		assertBadInput(TestFiles.run("--run", COMPLETE, "image=" + image() + ",width=50000,iterations=5,output=" + out),
			"width=50000", "width=0");
		assertFalse(Files.exists(out));
	}

	@Test
	void anAbsurdScaleIsBadInput() throws IOException {
		final Path out = dir.resolve("out.tif");
		assertBadInput(TestFiles.run("--run", COMPLETE, "image=" + image() + ",scale=1e30,iterations=5,output=" + out),
			"'scale'", "at most 100");
		assertFalse(Files.exists(out));
	}
}
