package org.deeplowrank.headless;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.deeplowrank.io.ImageFiles;
import org.deeplowrank.io.LogTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C for real: a runner process gets SIGINT in the middle of a long run and must
 * write the partial result, say so, and exit with 130. Needs a POSIX {@code kill}.
 * <p>
 * A shell starts background jobs ({@code mvn -B verify &}) with SIGINT ignored, every
 * process below inherits that, and a JVM started with SIGINT ignored never sees it. So
 * the runner is started through a launcher that sets SIGINT back to its default action
 * ({@code env --default-signal=INT}, or perl); where none works and {@code /proc} shows
 * SIGINT still ignored, the test sends SIGTERM instead, which reaches the runner through
 * the same shutdown hook (exit status 128 + 15).
 */
class InterruptSignalTest {

	private static final int SIGINT = 2, SIGTERM = 15;

	/** Commands that run their arguments with SIGINT at its default action. */
	private static final List<List<String>> LAUNCHERS = List.of(List.of("env", "--default-signal=INT"), List.of("perl",
		"-e", "$SIG{INT} = 'DEFAULT'; exec @ARGV or die \"exec: $!\""));

	@TempDir
	Path dir;

	@Test
	void sigintWritesThePartialResult() throws Exception {
		assumeTrue(File.separatorChar == '/' && (Files.isExecutable(Paths.get("/bin/kill")) || Files.isExecutable(Paths
			.get("/usr/bin/kill"))), "needs a POSIX kill");
		final Path img = TestFiles.lowRank(dir.resolve("img.tif"), 40, 32);
		final Path out = dir.resolve("out.tif"), stdout = dir.resolve("stdout.txt"), stderr = dir.resolve("stderr.txt");
		final Path table = dir.resolve("log.csv");
		final String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
		final List<String> command = new ArrayList<>(launcher());
		command.addAll(List.of(java, "-D" + HeadlessRunner.PROGRESS_PROPERTY + "=100", "-cp", System.getProperty(
			"java.class.path"), HeadlessRunner.class.getName(), "--run", "Complete Masked Image", "image=" + img +
				",iterations=100000000,tolerance=0,output=" + out + ",table=" + table));
		final Process p = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile())
			.start();
		try {
			// wait until the solver reports progress, then interrupt it
			final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
			while (!read(stderr).contains("iteration") && System.nanoTime() < deadline && p.isAlive())
				Thread.sleep(50);
			assertTrue(read(stderr).contains("iteration"), () -> "no progress: " + read(stderr));
			final long ignored = ignoredSignals(p.pid());
			final int signal = isSet(ignored, SIGINT) ? SIGTERM : SIGINT;
			assumeFalse(isSet(ignored, signal), "the runner ignores both SIGINT and SIGTERM");
			final Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start();
			assertEquals(0, kill.waitFor());
			assertTrue(p.waitFor(40, TimeUnit.SECONDS), "the runner exits");
			assertEquals(128 + signal, p.exitValue(), () -> read(stdout) + read(stderr));
			final List<String> lines = Files.readAllLines(stdout);
			assertEquals(1, lines.size(), lines::toString);
			assertTrue(lines.get(0).contains("stop=cancelled (partial result)") && lines.get(0).contains(" output=" + out),
				lines.get(0));
			assertEquals(32, ImageFiles.read(out).img.dimension(1));
			final String info = ImageFiles.open(out).getInfoProperty();
			assertTrue(info != null && info.startsWith(RunnerKey.PARTIAL_RESULT), () -> "not marked partial: " + info);
			// and so is every row of the log table
			final double[] partial = LogTable.readCsv(table).column(LogTable.PARTIAL);
			assertTrue(partial.length > 0);
			for (final double v : partial) assertEquals(1, v);
		}
		finally {
			p.destroyForcibly();
		}
	}

	/** The first launcher that runs here, or none. */
	private static List<String> launcher() throws InterruptedException {
		for (final List<String> l : LAUNCHERS) {
			final List<String> probe = new ArrayList<>(l);
			probe.add("true");
			try {
				final Process p = new ProcessBuilder(probe).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect
					.DISCARD).start();
				if (p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0) return l;
				p.destroyForcibly();
			}
			catch (final IOException e) {
				// not installed: try the next one
			}
		}
		return List.of();
	}

	/** The signal mask a process ignores ({@code SigIgn} of /proc/pid/status), 0 where unknown. */
	private static long ignoredSignals(final long pid) throws IOException {
		final Path status = Paths.get("/proc", Long.toString(pid), "status");
		if (!Files.isReadable(status)) return 0;
		for (final String line : Files.readAllLines(status))
			if (line.startsWith("SigIgn:")) return Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16);
		return 0;
	}

	private static boolean isSet(final long mask, final int signal) {
		return (mask & (1L << (signal - 1))) != 0;
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
