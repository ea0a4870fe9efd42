package org.deeplowrank.spark;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplowrank.batch.BatchCompleteFolder;
import org.deeplowrank.batch.BatchRow;
import org.deeplowrank.batch.FolderBatch;
import org.deeplowrank.batch.FolderLock;
import org.deeplowrank.batch.ImageJob;
import org.deeplowrank.command.CommandKeys;
import org.deeplowrank.image.StackReconstruction;
import org.deeplowrank.keys.KeyValues;
import org.deeplowrank.keys.OptionStrings;
import org.deeplowrank.solver.auto.AutoCompletion;
import org.deeplowrank.solver.gd.SolverListener;

/**
 * "Batch Complete Folder" on Apache Spark: the same keys, the same per-image code
 * ({@link ImageJob}), the same result files and the same {@code summary.csv} rows in the same
 * order as the single-machine batch ({@link FolderBatch}); only the work is spread over a
 * cluster's executors.
 *
 * <pre>
 * spark-submit --class org.deeplowrank.spark.SparkBatch deep-low-rank-headless.jar \
 *   'input=/shared/cells output=/shared/cells-completed depth=3 iterations=2000'
 * </pre>
 *
 * Keys: all keys of Batch Complete Folder, plus {@code master} (default: what spark-submit
 * sets, else {@code local[*]}), {@code partitions} (0 = one task per image, or per tile:
 * Spark then balances images of different cost itself) and {@code threads} (threads of the
 * matrix products inside one task, default 1: Spark runs one task per executor core).
 * <p>
 * How: the driver plans the folder (the batch's own {@link FolderBatch#plan}) and marks the
 * images whose result exists as skipped (unless {@code overwrite}), exactly as the batch
 * would; every other image is a task that runs {@link ImageJob#complete} with
 * {@code overwrite=true}, so a task that Spark retries after a failure, or runs twice
 * speculatively, recomputes the same bytes and renames them over the same files (every
 * file is written under a temporary name and renamed, the TIFF last), instead of reporting
 * its own first attempt's output as "skipped". The driver writes {@code summary.csv} with
 * every image {@code not_started} first and with the rows when the job is done. With
 * {@code tile} > 0 the tiles of each image are tasks of their own ({@link TileWork}). The
 * input and output folders must be on a file system that the driver and all executors
 * see at the same path (NFS, Lustre, a local disk in local mode).
 */
public final class SparkBatch {

	/** The keys of this driver beyond those of Batch Complete Folder. */
	public static final String KEY_MASTER = "master", KEY_PARTITIONS = "partitions", KEY_THREADS = "threads";

	/**
	 * Test hook: a comma-separated list of image file names whose task fails on its first
	 * attempt. {@code cells.tif} fails in the middle of the solver (nothing of it written);
	 * {@code cells.tif@after} fails after all its files were written, before the task reports
	 * (as when an executor is lost at that moment); with tiles, the first tile task of the
	 * image fails mid-solve. Spark must retry (local mode: master {@code local[n,2]}).
	 */
	public static final String FAIL_ONCE_PROPERTY = "deeplowrank.spark.failOnce";

	private SparkBatch() {}

	/** Thrown by the test hook: an {@link Error}, so that no per-image handler turns it into a failed row. */
	public static final class InjectedTaskFailure extends Error {

		private static final long serialVersionUID = 1L;

		InjectedTaskFailure(final String message) {
			super(message);
			INJECTED.incrementAndGet();
		}
	}

	private static final java.util.concurrent.atomic.AtomicInteger INJECTED = new java.util.concurrent.atomic.AtomicInteger();

	/** How many task attempts the test hook has failed in this JVM (local mode: all of them). */
	public static int injectedFailures() {
		return INJECTED.get();
	}

	/** The outcome of a run. */
	public static final class Outcome {

		public final List<BatchRow> rows;
		public final Path summary;

		Outcome(final List<BatchRow> rows, final Path summary) {
			this.rows = rows;
			this.summary = summary;
		}

		/** "images=5 done=3 skipped=0 failed=2 summary=...", as the runner prints for the batch. */
		public String line() {
			return FolderBatch.counts(rows) + " summary=" + summary;
		}
	}

	/** The driver's keys, checked: the command's values (text) and the Spark ones. */
	static final class Options implements Serializable {

		private static final long serialVersionUID = 1L;
		final LinkedHashMap<String, String> command = new LinkedHashMap<>();
		String master;
		int partitions;
		int threads = 1;

		static Options parse(final Map<String, String> values) {
			final Options o = new Options();
			final List<String> valid = new ArrayList<>();
			for (final CommandKeys.Key k : CommandKeys.inputsInUserOrder(BatchCompleteFolder.class))
				valid.add(k.name);
			valid.addAll(List.of(KEY_MASTER, KEY_PARTITIONS, KEY_THREADS));
			for (final Map.Entry<String, String> e : values.entrySet()) {
				final String key = e.getKey();
				if (!valid.contains(key)) throw new IllegalArgumentException(OptionStrings.unknownKey(key, "Spark " +
					BatchCompleteFolder.LABEL, valid));
				if (key.equals(KEY_MASTER)) o.master = (String) KeyValues.parse(key, String.class, null, e.getValue());
				else if (key.equals(KEY_PARTITIONS)) o.partitions = nonNegative(key, e.getValue());
				else if (key.equals(KEY_THREADS)) o.threads = nonNegative(key, e.getValue());
				else o.command.put(key, e.getValue());
			}
			o.command(); // checks every value now, before Spark starts
			return o;
		}

		private static int nonNegative(final String key, final String text) {
			final int v = (Integer) KeyValues.parse(key, int.class, null, text);
			if (v < 0) throw new IllegalArgumentException("bad value for '" + key + "': " + v +
				" (expected 0 or a positive integer)");
			return v;
		}

		@Override
		public boolean equals(final Object o) {
			return o instanceof Options && ((Options) o).command.equals(command) && ((Options) o).threads == threads;
		}

		@Override
		public int hashCode() {
			return command.hashCode() * 31 + threads;
		}

		BatchCompleteFolder command() {
			final BatchCompleteFolder c = BatchCompleteFolder.fromKeys(command);
			c.setThreads(threads);
			c.job(); // validates the solver keys
			return c;
		}
	}

	/** The image job of a task, built once per executor JVM and options (it is immutable). */
	private static final Map<Options, ImageJob> JOBS = new ConcurrentHashMap<>();

	private static ImageJob job(final Options o) {
		return JOBS.computeIfAbsent(o, x -> x.command().job());
	}

	/** Parses option strings as the runner does ({@code key=value,...} or macro style). */
	static Options options(final List<String> args) {
		return Options.parse(OptionStrings.parse(args, Set.copyOf(flags())));
	}

	private static Set<String> flags() {
		return BatchCompleteFolder.flags();
	}

	/**
	 * {@code spark-submit --class org.deeplowrank.spark.SparkBatch <jar> 'key=value,...'}.
	 * Exit status: 0 done (whatever the images' rows say), 2 bad input (one {@code error:}
	 * line), 1 the Spark job failed.
	 */
	public static void main(final String[] args) {
		System.exit(run(args, System.out, System.err));
	}

	/** {@link #main} without exiting. */
	public static int run(final String[] args, final PrintStream out, final PrintStream err) {
		final Options options;
		try {
			if (args.length == 0) throw new IllegalArgumentException("usage: SparkBatch 'input=<folder>,output=<folder>," +
				"[master=local[*]],[partitions=0],[threads=1],<keys of Batch Complete Folder>'");
			options = options(Arrays.asList(args));
		}
		catch (final IllegalArgumentException e) {
			err.println("error: " + e.getMessage());
			return 2;
		}
		final SparkConf conf = new SparkConf().setAppName("Deep Low-Rank: " + BatchCompleteFolder.LABEL);
		if (options.master != null) conf.setMaster(options.master);
		else if (!conf.contains("spark.master")) conf.setMaster("local[*]");
		try (JavaSparkContext sc = new JavaSparkContext(conf)) {
			final Outcome o = run(sc, options);
			out.println(o.line());
			return 0;
		}
		catch (final IllegalArgumentException e) {
			err.println("error: " + e.getMessage());
			return 2;
		}
		catch (final Exception e) {
			err.println("error: the Spark job failed: " + e);
			return 1;
		}
	}

	/** Runs the batch on a running Spark context (tests share one); {@code master} is ignored. */
	public static Outcome run(final JavaSparkContext sc, final Map<String, String> values) throws IOException {
		return run(sc, Options.parse(values));
	}

	static Outcome run(final JavaSparkContext sc, final Options options) throws IOException {
		final BatchCompleteFolder command = options.command();
		final Path in = command.inputFolder(), out = command.outputFolder();
		if (in != null && java.nio.file.Files.isDirectory(in)) command.folderBatch().plan(in); // collisions first
		FolderBatch.checkFolders(in, out);
		final Path input = in.toAbsolutePath(), output = out.toAbsolutePath();
		// the same lock as the single-machine batch: one batch writes into a folder at a time
		try (FolderLock lock = FolderLock.acquire(output)) {
			FolderBatch.removeOrphans(output);
			return run(sc, options, command, input, output);
		}
	}

	private static Outcome run(final JavaSparkContext sc, final Options options, final BatchCompleteFolder command,
		final Path input, final Path output) throws IOException
	{
		final List<FolderBatch.Item> items = command.folderBatch().plan(input);
		final BatchRow[] rows = new BatchRow[items.size()];
		final List<Integer> todo = new ArrayList<>();
		final Map<String, BatchRow> earlier = FolderBatch.earlierRows(output);
		for (int k = 0; k < items.size(); k++) {
			final BatchRow skip = command.overwrite() ? null : ImageJob.skipped(items.get(k).image, output);
			if (skip != null) rows[k] = skip.withStatsOf(earlier.get(skip.name));
			else {
				rows[k] = BatchRow.without(items.get(k).image.getFileName().toString(), "", BatchRow.NOT_STARTED,
					"queued on Spark");
				todo.add(k);
			}
		}
		final Path summary = output.resolve(FolderBatch.SUMMARY);
		FolderBatch.writeSummary(summary, Arrays.asList(rows));
		final List<String[]> work = new ArrayList<>();
		for (final int k : todo) {
			final FolderBatch.Item item = items.get(k);
			work.add(new String[] { Integer.toString(k), item.image.toString(), item.mask == null ? null : item.mask
				.toString() });
		}
		final String outDir = output.toString();
		final int tile = command.job().tile();
		final List<IndexedRow> done = tile > 0 ? tiled(sc, options, work, outDir) : sc.parallelize(work, slices(options,
			work.size())).map(w -> new IndexedRow(Integer.parseInt(w[0]), completeImage(options, w, outDir))).collect();
		for (final IndexedRow d : done) rows[d.index] = d.row;
		// a task attempt killed with its worker between writing and renaming leaves its temporary file; every
		// output now has its final file (written by the retried attempt), so what is left is an orphan
		FolderBatch.removeOrphans(output);
		final List<BatchRow> list = Arrays.asList(rows);
		FolderBatch.writeSummary(summary, list);
		return new Outcome(list, summary);
	}

	private static int slices(final Options o, final int units) {
		return Math.max(1, o.partitions > 0 ? o.partitions : units);
	}

	/** One image, in a task: the batch's own per-image code. */
	private static BatchRow completeImage(final Options options, final String[] w, final String outDir) {
		headless();
		final Path image = Path.of(w[1]);
		final String name = image.getFileName().toString();
		final BatchRow row = job(options).complete(image, w[2] == null ? null : Path.of(w[2]), Path.of(outDir), true,
			failDuring(name), null);
		failAfter(name);
		return row;
	}

	/** The three stages of {@link TileWork}; returns (index, row) pairs like the untiled path. */
	private static List<IndexedRow> tiled(final JavaSparkContext sc, final Options options, final List<String[]> work,
		final String outDir)
	{
		// 1. split: one task per image; an image that cannot be opened or split is done (failed row)
		final List<SplitResult> splits = sc.parallelize(work, slices(options, work.size())).map(w -> split(options, w,
			outDir)).collect();
		final List<IndexedRow> done = new ArrayList<>();
		final List<TileWork.Unit> units = new ArrayList<>();
		final List<String[]> assemble = new ArrayList<>();
		for (int i = 0; i < splits.size(); i++) {
			final SplitResult s = splits.get(i);
			if (s.row != null) done.add(new IndexedRow(Integer.parseInt(work.get(i)[0]), s.row));
			else {
				units.addAll(s.units);
				assemble.add(work.get(i));
			}
		}
		// 2. tiles: one task per tile
		if (!units.isEmpty()) {
			sc.parallelize(units, slices(options, units.size())).foreach(u -> solveTile(options, u));
		}
		// 3. assemble: one task per image, the batch's own per-image code with the tile results as solver
		if (!assemble.isEmpty()) {
			done.addAll(sc.parallelize(assemble, slices(options, assemble.size())).map(w -> new IndexedRow(Integer.parseInt(
				w[0]), assembleImage(options, w, outDir))).collect());
		}
		// on the driver, once no task can be retried any more (the file system is shared)
		TileWork.delete(Path.of(outDir).resolve(TileWork.WORK_FOLDER));
		return done;
	}

	/** What a split task returns: the failed row, or the tile units. */
	static final class SplitResult implements Serializable {

		private static final long serialVersionUID = 1L;
		BatchRow row;
		List<TileWork.Unit> units = new ArrayList<>();
	}

	private static SplitResult split(final Options options, final String[] w, final String outDir) {
		headless();
		final SplitResult r = new SplitResult();
		final Path image = Path.of(w[1]);
		final ImageJob job = job(options);
		try {
			final ImageJob.Input in = job.open(image, w[2] == null ? null : Path.of(w[2]));
			if (in.failure != null) {
				r.row = in.failure;
				return r;
			}
			final Path folder = TileWork.folder(Path.of(outDir), in.name);
			TileWork.delete(folder); // tiles of an earlier run, maybe with other keys
			try {
				job.solve(in, TileWork.splitter(folder, in.name, job.tile(), job.overlap(), r.units), null, null);
			}
			catch (final IllegalArgumentException e) {
				r.row = BatchRow.without(in.name, in.size, BatchRow.FAILED, e.getMessage());
				r.units.clear();
			}
		}
		catch (final RuntimeException e) {
			r.row = ImageJob.unexpected(image, e);
			r.units.clear();
		}
		return r;
	}

	private static void solveTile(final Options options, final TileWork.Unit u) {
		headless();
		final ImageJob job = job(options);
		final SolverListener hook = u.part == 0 && u.tile == 0 ? solverHook(u.imageName) : null;
		TileWork.solveTile(u, AutoCompletion.solver(job.settings()), job.settings(), hook);
	}

	private static BatchRow assembleImage(final Options options, final String[] w, final String outDir) {
		headless();
		final Path image = Path.of(w[1]);
		final String name = image.getFileName().toString();
		final ImageJob job = job(options);
		final Path folder = TileWork.folder(Path.of(outDir), name);
		return job.complete(image, w[2] == null ? null : Path.of(w[2]), Path.of(outDir), true, TileWork.assembler(folder,
			job.tile(), job.overlap()), null, null);
	}

	/** A row and the index of its image in the plan. */
	static final class IndexedRow implements Serializable {

		private static final long serialVersionUID = 1L;
		final int index;
		final BatchRow row;

		IndexedRow(final int index, final BatchRow row) {
			this.index = index;
			this.row = row;
		}
	}

	// -- Executors --

	/** ImageJ must not look for a screen on an executor. */
	private static void headless() {
		if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
	}

	private static boolean firstAttempt() {
		final TaskContext c = TaskContext.get();
		return c != null && c.attemptNumber() == 0;
	}

	private static boolean hooked(final String name) {
		final String p = System.getProperty(FAIL_ONCE_PROPERTY);
		return p != null && Arrays.asList(p.split(",")).contains(name) && firstAttempt();
	}

	/** The test hook in the middle of the solver (see {@link #FAIL_ONCE_PROPERTY}). */
	private static StackReconstruction.Listener failDuring(final String name) {
		if (!hooked(name)) return null;
		return new StackReconstruction.Listener() {

			@Override
			public void progress(final StackReconstruction.Part part, final int index, final int count,
				final int iteration, final int max)
			{
				if (2 * iteration >= max) throw new InjectedTaskFailure("test hook: first attempt of " + name +
					" dies at iteration " + iteration);
			}
		};
	}

	private static SolverListener solverHook(final String name) {
		if (!hooked(name)) return null;
		return new SolverListener() {

			@Override
			public void progress(final int iteration, final int max) {
				if (iteration >= 1) throw new InjectedTaskFailure("test hook: first attempt of tile 1 of " + name +
					" dies at iteration " + iteration);
			}
		};
	}

	private static void failAfter(final String name) {
		if (hooked(name + "@after")) throw new InjectedTaskFailure("test hook: first attempt of " + name +
			" dies after writing its files");
	}
}
