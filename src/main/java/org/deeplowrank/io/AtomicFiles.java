package org.deeplowrank.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes files so that the target path only ever holds a complete file: the content goes
 * to a hidden temporary sibling, which is then renamed over the target.
 * <p>
 * Why: a run can be interrupted (Ctrl-C, a killed cluster job) while an output is being
 * written, and a half-written TIFF or CSV that looks finished is worse than none. The
 * temporary file lives in the target's folder because a rename is only atomic within one
 * file system. It is created by the writer itself (not {@link Files#createTempFile}) so
 * that it gets the ordinary permissions of a new file, not the owner-only ones of a
 * temporary file.
 */
public final class AtomicFiles {

	/** Writes the complete content to the given (not yet existing) path. */
	public interface Writer {

		void write(Path path) throws IOException;
	}

	/** Writes the complete text content. */
	public interface TextWriter {

		void write(java.io.Writer out) throws IOException;
	}

	private AtomicFiles() {}

	/** Creates parent folders, writes via {@code writer} to a temporary sibling, renames it onto {@code target}. */
	public static void write(final Path target, final Writer writer) throws IOException {
		final Path abs = target.toAbsolutePath().normalize();
		final Path dir = abs.getParent();
		if (dir != null) Files.createDirectories(dir);
		if (Files.isDirectory(abs)) throw new IOException("'" + target + "' is a folder");
		final Path tmp = temporarySibling(abs);
		try {
			writer.write(tmp);
			if (!Files.isRegularFile(tmp)) throw new IOException("nothing was written to " + tmp);
			try {
				Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			}
			catch (final AtomicMoveNotSupportedException e) {
				Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
			}
		}
		finally {
			Files.deleteIfExists(tmp);
		}
	}

	/** {@link #write} of UTF-8 text (the CSV tables). */
	public static void writeText(final Path target, final TextWriter writer) throws IOException {
		write(target, tmp -> {
			try (java.io.Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
				StandardOpenOption.WRITE))
			{
				writer.write(w);
			}
		});
	}

	private static Path temporarySibling(final Path abs) throws IOException {
		for (int attempt = 0; attempt < 100; attempt++) {
			final Path tmp = abs.resolveSibling("." + abs.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current()
				.nextLong() >>> 1) + ".tmp");
			if (!Files.exists(tmp)) return tmp;
		}
		throw new FileAlreadyExistsException(abs + ".tmp");
	}
}
