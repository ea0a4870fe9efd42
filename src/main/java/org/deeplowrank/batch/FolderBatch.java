package org.deeplowrank.batch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.deeplowrank.image.StackReconstruction;
import org.deeplowrank.io.AtomicFiles;
import org.deeplowrank.io.ImageFiles;

/**
 * Completes every image of a folder into another folder with an {@link ImageJob}, and
 * keeps {@code summary.csv} (one {@link BatchRow} per image) up to date after each image,
 * so an interrupted batch still says what it did.
 * <p>
 * Which files: the regular, non-hidden files of the input folder (not its subfolders)
 * with an image extension ({@link ImageFiles#IMAGE_EXTENSIONS}), in name order; a file whose
 * base name ends with the mask suffix is a mask, not an image: {@code cells.tif} is
 * completed with {@code cells_mask.tif} (or {@code cells_mask.png}, ...), an image without
 * a mask file with its NaN pixels missing. The input folder is only read; the output
 * folder must be another folder, not inside the input, and is created if missing.
 */
public final class FolderBatch {

	public static final String SUMMARY = "summary.csv";

	private final ImageJob job;
	private final String maskSuffix;
	private final boolean overwrite;

	/** Progress of a batch. */
	public interface Listener extends StackReconstruction.Listener {

		/** Image {@code index} (0-based) of {@code count} starts. */
		default void image(final Path image, final int index, final int count) {}
	}

	/** An image file and its mask file (or null). */
	public static final class Item {

		public final Path image;
		public final Path mask;

		Item(final Path image, final Path mask) {
			this.image = image;
			this.mask = mask;
		}
	}

	public FolderBatch(final ImageJob job, final String maskSuffix, final boolean overwrite) {
		if (maskSuffix == null || maskSuffix.isEmpty()) {
			throw new IllegalArgumentException("missing value for 'mask_suffix' (e.g. _mask)");
		}
		this.job = job;
		this.maskSuffix = maskSuffix;
		this.overwrite = overwrite;
	}

	/** Checks the folders before anything is computed; creates the output folder. */
	public static void checkFolders(final Path input, final Path output) throws IOException {
		if (input == null) throw new IllegalArgumentException("missing value for 'input' (a folder of images)");
		if (output == null) throw new IllegalArgumentException("missing value for 'output' (a folder for the results)");
		if (!Files.isDirectory(input)) {
			throw new IllegalArgumentException("bad value for 'input': '" + input + "' is not a folder");
		}
		final Path in = input.toRealPath();
		final Path out = output.toAbsolutePath().normalize();
		if (Files.exists(out) && !Files.isDirectory(out)) {
			throw new IllegalArgumentException("bad value for 'output': '" + output + "' is a file, not a folder");
		}
		final Path outReal = realPath(out);
		if (outReal.equals(in)) {
			throw new IllegalArgumentException("'output' must differ from 'input' (the input folder is never written)");
		}
		if (outReal.startsWith(in)) {
			throw new IllegalArgumentException("'output' must not be inside 'input' (the input folder is never written)");
		}
		Files.createDirectories(out);
	}

	/**
	 * Where a path leads once the links of its nearest existing ancestor are followed, so
	 * that {@code link/a/b} with {@code link} pointing into the input folder is seen to be
	 * inside it before {@code a/b} is created.
	 */
	static Path realPath(final Path path) throws IOException {
		Path existing = path;
		while (existing != null && !Files.exists(existing)) existing = existing.getParent();
		if (existing == null) return path;
		return existing.toRealPath().resolve(existing.relativize(path)).normalize();
	}

	/** The images of a folder and their masks (see the class comment). */
	public List<Item> plan(final Path input) throws IOException {
		final List<Path> files;
		try (Stream<Path> s = Files.list(input)) {
			files = s.filter(p -> Files.isRegularFile(p) && !p.getFileName().toString().startsWith(".") && ImageFiles
				.isImageName(p.getFileName().toString())).sorted().collect(Collectors.toList());
		}
		final List<Item> items = new ArrayList<>();
		final java.util.Map<String, Path> byBase = new java.util.HashMap<>();
		for (final Path f : files) {
			final String base = ImageJob.baseName(f.getFileName().toString());
			if (base.endsWith(maskSuffix) && base.length() > maskSuffix.length()) continue;
			// a.tif and a.png would both write a_completed.tif: refuse instead of skipping one
			final Path other = byBase.put(base, f);
			if (other != null) {
				throw new IllegalArgumentException("'" + other.getFileName() + "' and '" + f.getFileName() +
					"' in the input folder have the same name '" + base + "': their results would overwrite each other; " +
					"rename one of them");
			}
			items.add(new Item(f, maskFor(f, files)));
		}
		return items;
	}

	private Path maskFor(final Path image, final List<Path> files) {
		final String name = image.getFileName().toString();
		final String base = ImageJob.baseName(name) + maskSuffix;
		final List<Path> found = new ArrayList<>();
		for (final Path f : files) {
			if (ImageJob.baseName(f.getFileName().toString()).equals(base)) found.add(f);
		}
		if (found.size() > 1) {
			// b_mask.tif beside b_mask.png: which one is meant cannot be guessed
			throw new IllegalArgumentException("'" + name + "' has " + found.size() + " mask files (" + found.stream().map(
				p -> p.getFileName().toString()).collect(Collectors.joining(", ")) + "): keep one of them");
		}
		return found.isEmpty() ? null : found.get(0);
	}

	/**
	 * Runs the batch. A cancel stops the running image (nothing of it is written) and the
	 * remaining ones; what was written stays.
	 *
	 * @return the rows, also written to {@code output/summary.csv}
	 */
	public List<BatchRow> run(final Path input, final Path output, final Listener listener,
		final BooleanSupplier cancel) throws IOException
	{
		// name collisions are refused before the output folder is created
		if (input != null && Files.isDirectory(input)) plan(input);
		checkFolders(input, output);
		try (FolderLock lock = FolderLock.acquire(output)) {
			removeOrphans(output);
			return run(plan(input), output, listener, cancel);
		}
	}

	/**
	 * Temporary files of an earlier run that was killed between writing and renaming
	 * ({@link AtomicFiles}: {@code .<name>.<hex>.tmp}); removed under the lock, so no
	 * running batch owns them.
	 */
	public static void removeOrphans(final Path output) throws IOException {
		try (Stream<Path> s = Files.list(output)) {
			for (final Path p : s.collect(Collectors.toList())) {
				if (Files.isRegularFile(p) && ORPHAN.matcher(p.getFileName().toString()).matches()) Files.deleteIfExists(p);
			}
		}
	}

	private static final java.util.regex.Pattern ORPHAN = java.util.regex.Pattern.compile("\\..+\\.[0-9a-f]+\\.tmp");

	private List<BatchRow> run(final List<Item> items, final Path output, final Listener listener,
		final BooleanSupplier cancel) throws IOException
	{
		final List<BatchRow> rows = new ArrayList<>();
		final java.util.Map<String, BatchRow> earlier = earlierRows(output);
		final Listener l = listener == null ? new Listener() {} : listener;
		for (int k = 0; k < items.size(); k++) {
			final Item item = items.get(k);
			if (cancel != null && cancel.getAsBoolean()) {
				rows.add(BatchRow.without(item.image.getFileName().toString(), "", BatchRow.NOT_STARTED,
					"batch cancelled"));
				continue;
			}
			l.image(item.image, k, items.size());
			final BatchRow row = job.complete(item.image, item.mask, output, overwrite, l, cancel);
			rows.add(row.status.equals(BatchRow.SKIPPED) ? row.withStatsOf(earlier.get(row.name)) : row);
			writeSummary(output.resolve(SUMMARY), rows);
		}
		writeSummary(output.resolve(SUMMARY), rows);
		return rows;
	}

	/** The rows of the output folder's {@code summary.csv} from an earlier run, by image name (empty without one). */
	public static java.util.Map<String, BatchRow> earlierRows(final Path output) throws IOException {
		final java.util.Map<String, BatchRow> rows = new java.util.HashMap<>();
		final Path summary = output.resolve(SUMMARY);
		if (!Files.isRegularFile(summary)) return rows;
		for (final String line : Files.readAllLines(summary, java.nio.charset.StandardCharsets.UTF_8)) {
			final BatchRow r = BatchRow.parseCsv(line);
			if (r != null) rows.put(r.name, r);
		}
		return rows;
	}

	/** Writes summary.csv (header + rows), atomically. */
	public static void writeSummary(final Path path, final List<BatchRow> rows) throws IOException {
		AtomicFiles.writeText(path, w -> {
			w.write(String.join(",", BatchRow.COLUMNS));
			w.write('\n');
			for (final BatchRow r : rows) {
				w.write(r.csv());
				w.write('\n');
			}
		});
	}

	/** "images=5 done=3 skipped=0 failed=2 ...": the counts of each status. */
	public static String counts(final List<BatchRow> rows) {
		final StringBuilder sb = new StringBuilder("images=" + rows.size());
		for (final String status : List.of(BatchRow.DONE, BatchRow.SKIPPED, BatchRow.FAILED, BatchRow.DIVERGED,
			BatchRow.CANCELLED, BatchRow.NOT_STARTED))
		{
			final long n = rows.stream().filter(r -> r.status.equals(status)).count();
			if (n > 0 || status.equals(BatchRow.DONE) || status.equals(BatchRow.FAILED) || status.equals(BatchRow.SKIPPED)) {
				sb.append(' ').append(status).append('=').append(n);
			}
		}
		return sb.toString();
	}
}
