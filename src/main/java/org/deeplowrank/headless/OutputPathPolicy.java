package org.deeplowrank.headless;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.deeplowrank.io.ImageFiles;

/**
 * The one rule for every path a {@code --run} will write (the {@link RunnerKey}s, and the
 * files of a {@link RunnerKey#RUN_TABLES} folder), checked before anything is solved or
 * created, so that a bad path costs nothing and never costs an input:
 * <ol>
 * <li>never an input (image, mask, reference): compared as real paths, symbolic links of
 * the existing part resolved, so a path through a link into the input's folder is
 * seen for what it is;</li>
 * <li>never two outputs on one path, nor a file output where another output needs a
 * folder, nor a file a run table would replace;</li>
 * <li>a file where a file is written, a folder where a folder is, with the key's
 * extension;</li>
 * <li>writable: the nearest existing folder on the way is probed by creating and deleting
 * a temporary file in it (a read-only folder, {@code /proc}, or a path below a regular
 * file are refused).</li>
 * </ol>
 * Each refusal is one {@link BadInputException} naming the key, the path and the fix.
 * Nothing is created here: the writers create the missing folders when they write, after
 * the solve.
 * <p>
 * The writers are given the resolved path, the one that was checked (a lexical
 * normalization would read {@code link/../x} differently from the file system).
 */
final class OutputPathPolicy {

	/** A path as checked: where it really leads, and the existing folder a write creates things in. */
	static final class Resolved {

		/** The real path of the existing part, with the missing part appended. */
		final Path target;
		/** The deepest existing path on the way (the target itself if it exists). */
		final Path existing;

		Resolved(final Path target, final Path existing) {
			this.target = target;
			this.existing = existing;
		}

		boolean exists() {
			return existing.equals(target);
		}
	}

	private final Map<RunnerKey, Path> given;
	private final Map<RunnerKey, Resolved> resolved;

	private OutputPathPolicy(final Map<RunnerKey, Path> given, final Map<RunnerKey, Resolved> resolved) {
		this.given = given;
		this.resolved = resolved;
	}

	/**
	 * Checks the paths of the runner keys of one run against each other, the inputs and the
	 * file system.
	 *
	 * @param given the paths as the user wrote them, by key
	 * @param inputs the files the run reads
	 */
	static OutputPathPolicy check(final Map<RunnerKey, Path> given, final Collection<Path> inputs)
		throws BadInputException
	{
		final Map<RunnerKey, Path> paths = new EnumMap<>(RunnerKey.class);
		paths.putAll(given);
		final Map<RunnerKey, Resolved> resolved = new EnumMap<>(RunnerKey.class);
		for (final Map.Entry<RunnerKey, Path> e : paths.entrySet()) {
			final Resolved r = resolve(e.getValue());
			checkNotInput(e.getKey(), r.target, inputs);
			resolved.put(e.getKey(), r);
		}
		checkDistinct(paths, resolved, inputs);
		for (final RunnerKey key : paths.keySet())
			checkKindAndName(key, paths.get(key), resolved.get(key));
		final Map<Path, String> probed = new HashMap<>();
		for (final RunnerKey key : paths.keySet())
			checkWritable(key, paths.get(key), resolved.get(key), probed);
		return new OutputPathPolicy(Collections.unmodifiableMap(paths), resolved);
	}

	/** The keys to write, in {@link RunnerKey} order. */
	Set<RunnerKey> keys() {
		return given.keySet();
	}

	/** The path as the user wrote it (for the summary line and messages). */
	Path given(final RunnerKey key) {
		return given.get(key);
	}

	/** The checked path, where the writer writes. */
	Path target(final RunnerKey key) {
		return resolved.get(key).target;
	}

	// -- The rules --

	private static void checkNotInput(final RunnerKey key, final Path target, final Collection<Path> inputs)
		throws BadInputException
	{
		try {
			ImageFiles.checkNotInput(target, inputs, key.key);
		}
		catch (final IOException e) {
			throw new BadInputException(e.getMessage());
		}
	}

	/**
	 * No two outputs on one path; no output below a file output; nothing that a run table
	 * would replace inside the run-tables folder.
	 */
	private static void checkDistinct(final Map<RunnerKey, Path> given, final Map<RunnerKey, Resolved> resolved,
		final Collection<Path> inputs) throws BadInputException
	{
		final List<RunnerKey> keys = new ArrayList<>(given.keySet());
		for (int i = 0; i < keys.size(); i++) {
			for (int j = i + 1; j < keys.size(); j++) {
				final RunnerKey a = keys.get(i), b = keys.get(j);
				final Path pa = resolved.get(a).target, pb = resolved.get(b).target;
				if (pa.equals(pb)) {
					throw new BadInputException("'" + a.key + "' and '" + b.key + "' are the same file '" + given.get(a) + "'");
				}
				checkNotBelow(a, pa, b, pb, given);
				checkNotBelow(b, pb, a, pa, given);
			}
		}
		final Resolved folder = resolved.get(RunnerKey.RUN_TABLES);
		if (folder == null) return;
		for (final RunnerKey other : keys) {
			final Path p = resolved.get(other).target;
			if (other != RunnerKey.RUN_TABLES && isRunTable(folder.target, p)) {
				throw new BadInputException("'" + other.key + "' '" + given.get(other) + "' would be replaced by a table of '" +
					RunnerKey.RUN_TABLES.key + "'; choose another " + other.key + " name or folder");
			}
		}
		for (final Path in : inputs) {
			if (isRunTable(folder.target, resolve(in).target)) {
				throw new BadInputException(RunnerKey.RUN_TABLES.key + " would overwrite the input image '" + in +
					"'; choose another " + RunnerKey.RUN_TABLES.key + " folder");
			}
		}
	}

	/** Refuses {@code inner} below {@code file} when {@code file} is written as a file. */
	private static void checkNotBelow(final RunnerKey file, final Path filePath, final RunnerKey inner,
		final Path innerPath, final Map<RunnerKey, Path> given) throws BadInputException
	{
		if (file.kind == RunnerKey.Kind.FILE && innerPath.startsWith(filePath)) {
			throw new BadInputException("'" + inner.key + "' '" + given.get(inner) + "' is inside '" + file.key + "' '" + given
				.get(file) + "', which is written as a file; choose paths that do not overlap");
		}
	}

	private static boolean isRunTable(final Path folder, final Path p) {
		return folder.equals(p.getParent()) && RunnerKey.RUN_TABLE_NAME.matcher(p.getFileName().toString()).matches();
	}

	private static void checkKindAndName(final RunnerKey key, final Path given, final Resolved r)
		throws BadInputException
	{
		if (key.kind == RunnerKey.Kind.FOLDER) {
			if (r.exists() && !Files.isDirectory(r.target)) {
				throw new BadInputException("bad value for '" + key.key + "': '" + given + "' is a file (expected a folder)");
			}
			return;
		}
		if (r.exists() && Files.isDirectory(r.target)) {
			throw new BadInputException("'" + key.key + "' is a folder: '" + given + "'");
		}
		if (!key.acceptsName(given)) {
			throw new BadInputException("bad value for '" + key.key + "': '" + given + "' (expected a " + key.extensions.get(
				0) + " path: " + key.format + ")");
		}
	}

	/**
	 * The folder a write creates things in is the target's parent (a file is written as a
	 * temporary sibling and renamed), the target itself for an existing folder, or the
	 * deepest existing folder on the way when folders must be created first.
	 */
	private static void checkWritable(final RunnerKey key, final Path given, final Resolved r,
		final Map<Path, String> probed) throws BadInputException
	{
		final Path folder;
		if (!r.exists()) folder = r.existing;
		else if (key.kind == RunnerKey.Kind.FOLDER) folder = r.target;
		else folder = r.target.getParent();
		if (folder == null) throw new BadInputException("bad value for '" + key.key + "': '" + given +
			"' (expected a file path)");
		if (!Files.isDirectory(folder)) {
			throw new BadInputException("bad value for '" + key.key + "': '" + given + "' is inside '" + folder +
				"', which is a file, not a folder; choose a path in a folder");
		}
		final String problem = probed.computeIfAbsent(folder, OutputPathPolicy::probe);
		if (!problem.isEmpty()) {
			throw new BadInputException("cannot write '" + key.key + "' to '" + given + "': creating a file in '" + folder +
				"' fails (" + problem + "); choose a path in a writable folder");
		}
	}

	/** Creates and deletes a temporary file in {@code folder}; returns what went wrong, or "" if nothing did. */
	private static String probe(final Path folder) {
		try {
			Files.delete(Files.createTempFile(folder, ".deep-low-rank-", ".probe"));
			return "";
		}
		catch (final IOException | SecurityException | UnsupportedOperationException e) {
			return reason(e);
		}
	}

	/** What a file-system exception says, without the (temporary) path it names. */
	static String reason(final Exception e) {
		if (e instanceof FileSystemException) {
			final FileSystemException f = (FileSystemException) e;
			if (f.getReason() != null) return f.getReason();
			if (e instanceof AccessDeniedException) return "permission denied";
			if (e instanceof NoSuchFileException) return "no such file or folder";
			if (e instanceof FileAlreadyExistsException) return "'" + f.getFile() + "' is in the way";
			if (e instanceof NotDirectoryException) return "'" + f.getFile() + "' is not a folder";
			return e.getClass().getSimpleName() + (f.getFile() == null ? "" : " '" + f.getFile() + "'");
		}
		return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
	}

	// -- Paths --

	/**
	 * Where a path really leads: its components are followed one by one as the file system
	 * would follow them (a symbolic link is replaced by its real path before a following
	 * {@code ..} is applied); from the first missing component on, the rest is appended
	 * and normalized as text. A regular file with components below it ends the existing
	 * part: {@link Resolved#existing} is that file.
	 */
	static Resolved resolve(final Path path) {
		final Path abs = path.toAbsolutePath();
		Path current = abs.getRoot();
		int i = 0;
		for (; i < abs.getNameCount(); i++) {
			final String name = abs.getName(i).toString();
			if (name.equals(".")) continue;
			if (name.equals("..")) {
				if (current.getParent() != null) current = current.getParent();
				continue;
			}
			final Path next = current.resolve(name);
			if (!Files.exists(next)) break;
			try {
				current = next.toRealPath();
			}
			catch (final IOException e) {
				break; // vanished or unreadable: treat as missing, the probe will tell
			}
			if (!Files.isDirectory(current)) {
				i++;
				break;
			}
		}
		if (i >= abs.getNameCount()) return new Resolved(current, current);
		final Path rest = abs.subpath(i, abs.getNameCount());
		return new Resolved(current.resolve(rest).normalize(), current);
	}
}
