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

/** A separate, time-bounded JVM (headless, or on a given X display), for the tests of the jars as users run them. */
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
		final List<String> jvm = new ArrayList<>(List.of("-Djava.awt.headless=true", "-Xmx1g"));
		jvm.addAll(List.of(args));
		return start(cwd, tmp, null, TIMEOUT_SECONDS, jvm);
	}

	/** java -Xmx1g -Djava.io.tmpdir=tmp args... on the X display {@code display} (":99"), in {@code cwd}. */
	static Forked javaOnScreen(final String display, final long timeoutSeconds, final Path cwd, final Path tmp,
		final String... args) throws IOException, InterruptedException
	{
		final List<String> jvm = new ArrayList<>(List.of("-Xmx1g"));
		jvm.addAll(List.of(args));
		return start(cwd, tmp, display, timeoutSeconds, jvm);
	}

	private static Forked start(final Path cwd, final Path tmp, final String display, final long timeoutSeconds,
		final List<String> args) throws IOException, InterruptedException
	{
		final List<String> cmd = new ArrayList<>();
		cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
		cmd.add("-Djava.io.tmpdir=" + tmp);
		cmd.addAll(args);
		Files.createDirectories(tmp);
		final Path out = Files.createTempFile(tmp, "stdout", ".txt"), err = Files.createTempFile(tmp, "stderr", ".txt");
		final long t0 = System.nanoTime();
		final ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectOutput(out.toFile())
			.redirectError(err.toFile());
		if (display != null) pb.environment().put("DISPLAY", display);
		final Process p = pb.start();
		p.getOutputStream().close(); // no input
		try {
			final boolean done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
			if (!done) {
				p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
				assertTrue(false, "timed out after " + timeoutSeconds + " s: " + cmd + "\n" + read(out) + "\n" + read(err));
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
