package org.deeplowrank.headless;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command (the demo) must work as written: this test reads it from
 * README.md, runs the same --run call in-process (outputs redirected to a temporary
 * folder) and checks the reconstruction error it reports.
 */
class ReadmeDemoTest {

	@TempDir
	Path dir;

	@Test
	void readmeDemoCommandCompletesTheBundledExample() throws IOException {
		final String readme = new String(Files.readAllBytes(Paths.get("README.md")), StandardCharsets.UTF_8);
		final Matcher m = Pattern.compile("java -jar target/deep-low-rank-headless\\.jar --run \"([^\"]+)\" '([^']+)'")
			.matcher(readme);
		assertTrue(m.find(), "README has a demo --run command");
		final String label = m.group(1);
		final String options = m.group(2).replace("demo-output/", dir.toString() + "/");
		assertEquals("Complete Masked Image", label);
		final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
		final int code = HeadlessRunner.run(new String[] { "--run", label, options }, new PrintStream(out, true,
			"UTF-8"), new PrintStream(err, true, "UTF-8"));
		final String summary = out.toString("UTF-8").trim();
		assertEquals(0, code, summary + err);
		final Matcher rel = Pattern.compile("rel_error=([0-9.eE+-]+)").matcher(summary);
		assertTrue(rel.find(), summary);
		// the example carries 1 % noise: ~0.01 against the noisy reference is the floor
		assertTrue(Double.parseDouble(rel.group(1)) < 0.02, summary);
		// method=auto (the default): the weave is low rank as a matrix, so the whole matrix wins
		assertTrue(summary.contains(" method=auto(whole-matrix) "), summary);
		assertTrue(Files.size(dir.resolve("weave_completed.tif")) > 160 * 192 * 4);
		assertTrue(Files.readAllLines(dir.resolve("weave_log.csv")).size() > 10);
	}
}
