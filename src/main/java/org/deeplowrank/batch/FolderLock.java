package org.deeplowrank.batch;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lock of an output folder: one batch writes into a folder at a time, so two batches
 * with different settings never mix their results or overwrite each other's
 * {@code summary.csv}. The lock is a file {@value #NAME} in the output folder created
 * atomically ({@code CREATE_NEW}) holding its holder (process id, host) and start time.
 * A lock whose holder is a process of this host that no longer runs (a killed batch) is
 * stale and is taken over; a lock of another host is respected (its process cannot be
 * checked from here) and the message says which file to delete if that batch is gone.
 */
public final class FolderLock implements AutoCloseable {

	/** The lock file's name in the output folder. */
	public static final String NAME = ".deep-low-rank.lock";

	private static final Pattern HOLDER = Pattern.compile("pid=(\\d+) host=(\\S+) started=(\\S+)");

	private final Path file;
	private final String content;

	private FolderLock(final Path file, final String content) {
		this.file = file;
		this.content = content;
	}

	/**
	 * Takes the lock of {@code folder} (which exists).
	 *
	 * @throws IllegalArgumentException when another running batch holds it (the message
	 *           names it and the fix)
	 */
	public static FolderLock acquire(final Path folder) throws IOException {
		final Path file = folder.resolve(NAME);
		final String content = String.format(Locale.ROOT, "pid=%d host=%s started=%s%n", ProcessHandle.current().pid(),
			host(), Instant.now());
		for (int attempt = 0; attempt < 3; attempt++) {
			try {
				Files.write(file, content.getBytes(StandardCharsets.UTF_8), java.nio.file.StandardOpenOption.CREATE_NEW,
					java.nio.file.StandardOpenOption.WRITE);
				return new FolderLock(file, content);
			}
			catch (final FileAlreadyExistsException e) {
				final String held = read(file);
				if (held == null) continue; // released meanwhile
				final Matcher m = HOLDER.matcher(held);
				final boolean stale = m.find() && m.group(2).equals(host()) && !alive(Long.parseLong(m.group(1)));
				if (!stale) {
					throw new IllegalArgumentException("another batch is writing to '" + folder + "' (" + (m.find(0) ? "pid " +
						m.group(1) + " on " + m.group(2) + " since " + m.group(3) : held.trim()) + "); wait until it ends, use " +
						"another 'output' folder, or delete '" + file + "' if that batch is gone");
				}
				Files.deleteIfExists(file); // its holder was killed: take the lock over
			}
		}
		throw new IOException("could not take the lock '" + file + "'");
	}

	/** Releases the lock (only if it is still ours). */
	@Override
	public void close() throws IOException {
		if (content.equals(read(file))) Files.deleteIfExists(file);
	}

	private static String read(final Path file) throws IOException {
		try {
			return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
		}
		catch (final NoSuchFileException e) {
			return null;
		}
	}

	private static boolean alive(final long pid) {
		final Optional<ProcessHandle> p = ProcessHandle.of(pid);
		return p.isPresent() && p.get().isAlive();
	}

	private static String host() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (final IOException e) {
			return "localhost";
		}
	}
}
