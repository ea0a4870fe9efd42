package org.deeplowrank.headless;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The runner in a JVM of its own with a given -Xmx, as users run it (for the memory tests). */
final class ForkedRunner {

	static final String COMPLETE = "Complete Masked Image";

	private ForkedRunner() {}

	static final class Result {

		final int code;
		final String out, err;

		Result(final int code, final String out, final String err) {
			this.code = code;
			this.out = out;
			this.err = err;
		}

		@Override
		public String toString() {
			return "exit " + code + "\nstdout: " + out + "\nstderr: " + err;
		}
	}

	/** The runner in a JVM of its own with -Xmx{@code xmx}. */
	static Result run(final Path dir, final String xmx, final String label, final String keys) throws Exception {
		final Path stdout = Files.createTempFile(dir, "out", ".txt"), stderr = Files.createTempFile(dir, "err", ".txt");
		final List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java")
			.toString(), "-Xmx" + xmx, "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"),
			HeadlessRunner.class.getName(), "--run", label, keys));
		final Process p = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile())
			.start();
		try {
			assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the runner exits");
		}
		finally {
			p.destroyForcibly();
		}
		return new Result(p.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8), Files.readString(stderr,
			StandardCharsets.UTF_8));
	}

	/** The stderr lines that are not progress. */
	static List<String> errorLines(final String err) {
		final List<String> lines = new ArrayList<>();
		for (final String l : err.split("\n")) if (l.startsWith("error:")) lines.add(l);
		return lines;
	}

	/**
	 * The whole plane does not fit in -Xmx{@code xmx}: one error line naming the -Xmx and a
	 * tile, nothing written; returns the tile (for MemoryLimitIT to run).
	 */
	static int refusedWholePlane(final Path dir, final Path img, final Path mask, final Path out, final int size, final String xmx)
		throws Exception
	{
		final Result whole = run(dir, xmx, COMPLETE, "image=" + img + ",mask=" + mask + ",output=" + out + ",method=gd");
		assertEquals(HeadlessRunner.BAD_INPUT, whole.code, whole::toString);
		final List<String> errors = errorLines(whole.err);
		assertEquals(1, errors.size(), whole::toString);
		assertTrue(errors.get(0).startsWith("error: not enough memory: " + size + " x " + size) && errors.get(0)
			.contains("-Xmx"), whole::toString);
		assertFalse(whole.err.contains("OutOfMemoryError"), whole::toString);
		assertFalse(Files.exists(out), "nothing is written");
		final Matcher m = Pattern.compile("tile=(\\d+)").matcher(errors.get(0));
		assertTrue(m.find(), errors.get(0));
		return Integer.parseInt(m.group(1));
	}
}
