package org.deeplowrank.headless;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.deeplowrank.headless.TestFiles.Run;
import org.deeplowrank.io.ImageFiles;
import org.deeplowrank.io.TruncatedImageFilesTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A truncated image or mask is bad input (exit 2, one message naming the file), never zeros and a result. */
class TruncatedInputTest {

	private static final String COMPLETE = "Complete Masked Image";

	@TempDir
	Path dir;

	private static void assertBadInput(final Run r, final String message) {
		assertEquals(2, r.code, r::toString);
		assertEquals("error: " + message + System.lineSeparator(), r.err, r::toString);
		assertEquals("", r.out, r::toString);
	}

	private static String truncated(final Path path, final int present) {
		return "cannot open image '" + path + "': it is truncated (" + present +
			" of 65536 pixel bytes present); the file is damaged, re-export it";
	}

	@Test
	void aTruncatedImageIsBadInputAndNothingIsWritten() throws IOException {
		final Path img = TruncatedImageFilesTest.truncatedSixteenBitTiff(dir.resolve("cells.tif"), 1234);
		final Path out = dir.resolve("out.tif");
		assertBadInput(TestFiles.run("--run", COMPLETE, "image=" + img + ",iterations=5,output=" + out), truncated(img,
			1234));
		assertFalse(Files.exists(out));
	}

	@Test
	void aTruncatedMaskIsBadInput() throws IOException {
		final Path img = dir.resolve("cells.tif");
		ImageFiles.saveTiff(TruncatedImageFilesTest.sixteenBit(), img);
		final Path mask = TruncatedImageFilesTest.truncatedSixteenBitTiff(dir.resolve("cells_mask.tif"), 40000);
		final Path out = dir.resolve("out.tif");
		assertBadInput(TestFiles.run("--run", COMPLETE, "image=" + img + ",mask=" + mask + ",iterations=5,output=" + out),
			truncated(mask, 40000));
		assertFalse(Files.exists(out));
	}
}
