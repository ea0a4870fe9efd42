package org.deeplowrank.ij1;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A separate, headless, time-bounded JVM, for the tests of the jars as users run them. */
final class Forked {

	/** No forked JVM may run longer than this. */
	static final long TIMEOUT_SECONDS = 150;

	final int code;
	final String out;
	final String err;
	final double seconds;

	private Forked(final int code, final String out, final String err, final double seconds) {
		this.code = code;
		this.out = out;
		this.err = err;
		this.seconds = seconds;
	}

	/** java -Djava.awt.headless=true -Xmx1g -Djava.io.tmpdir=tmp args..., in {@code cwd}. */
	static Forked java(final Path cwd, final Path tmp, final String... args) throws IOException, InterruptedException {
		final List<String> cmd = new ArrayList<>();
		cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
		cmd.add("-Djava.awt.headless=true");
		cmd.add("-Xmx1g");
		cmd.add("-Djava.io.tmpdir=" + tmp);
		cmd.addAll(List.of(args));
		Files.createDirectories(tmp);
		final Path out = Files.createTempFile(tmp, "stdout", ".txt"), err = Files.createTempFile(tmp, "stderr", ".txt");
		final long t0 = System.nanoTime();
		final Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectOutput(out.toFile()).redirectError(err
			.toFile()).start();
		p.getOutputStream().close(); // no input
		try {
			final boolean done = p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
			if (!done) {
				p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
				assertTrue(false, "timed out after " + TIMEOUT_SECONDS + " s: " + cmd + "\n" + read(err));
			}
		}
		finally {
			if (p.isAlive()) p.destroyForcibly();
		}
		return new Forked(p.exitValue(), read(out), read(err), (System.nanoTime() - t0) * 1e-9);
	}

	private static String read(final Path p) throws IOException {
		return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
	}

	@Override
	public String toString() {
		return String.format("exit %d after %.1f s%nstdout: %s%nstderr: %s", code, seconds, out, err);
	}
}
