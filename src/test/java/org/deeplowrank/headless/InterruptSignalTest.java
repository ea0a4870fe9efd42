package org.deeplowrank.headless;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.deeplowrank.io.ImageFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C for real: a runner process gets SIGINT in the middle of a long run and must
 * write the partial result, say so, and exit with 130. Needs a POSIX {@code kill}.
 */
class InterruptSignalTest {

	@TempDir
	Path dir;

	@Test
	void sigintWritesThePartialResult() throws Exception {
		assumeTrue(File.separatorChar == '/' && (Files.isExecutable(Paths.get("/bin/kill")) || Files.isExecutable(Paths
			.get("/usr/bin/kill"))), "needs a POSIX kill");
		final Path img = TestFiles.lowRank(dir.resolve("img.tif"), 40, 32);
		final Path out = dir.resolve("out.tif"), stdout = dir.resolve("stdout.txt"), stderr = dir.resolve("stderr.txt");
		final String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
		final Process p = new ProcessBuilder(java, "-D" + HeadlessRunner.PROGRESS_PROPERTY + "=100", "-cp", System
			.getProperty("java.class.path"), HeadlessRunner.class.getName(), "--run", "Complete Masked Image", "image=" +
				img + ",iterations=100000000,tolerance=0,output=" + out).redirectOutput(stdout.toFile()).redirectError(stderr
					.toFile()).start();
		try {
			// wait until the solver reports progress, then interrupt it
			final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
			while (!read(stderr).contains("iteration") && System.nanoTime() < deadline && p.isAlive())
				Thread.sleep(50);
			assertTrue(read(stderr).contains("iteration"), () -> "no progress: " + read(stderr));
			final Process kill = new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start();
			assertEquals(0, kill.waitFor());
			assertTrue(p.waitFor(40, TimeUnit.SECONDS), "the runner exits");
			assertEquals(130, p.exitValue(), () -> read(stdout) + read(stderr));
			final List<String> lines = Files.readAllLines(stdout);
			assertEquals(1, lines.size(), lines::toString);
			assertTrue(lines.get(0).contains("stop=cancelled (partial result)") && lines.get(0).endsWith(" output=" + out),
				lines.get(0));
			assertEquals(32, ImageFiles.read(out).img.dimension(1));
		}
		finally {
			p.destroyForcibly();
		}
	}

	private static String read(final Path p) {
		try {
			return Files.exists(p) ? new String(Files.readAllBytes(p), StandardCharsets.UTF_8) : "";
		}
		catch (final IOException e) {
			return e.toString();
		}
	}
}
