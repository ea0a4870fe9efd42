package org.deeplowrank.headless;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import ij.ImagePlus;
import net.imglib2.RandomAccessibleInterval;
import org.deeplowrank.io.ImageFiles;
import org.deeplowrank.io.LogTable;
import org.deeplowrank.io.LossPlots;
import org.scijava.module.Module;

/**
 * The runner's own keys: each names a file (or folder) that one of a command's outputs is
 * written to. A constant carries everything the runner says and does about its key, the
 * help line, which commands accept it, the required extension and the writer; help, the
 * list of valid keys, the request and the summary line all iterate this enum, so a new
 * key is one constant. The order of the constants is the order of the key list and of
 * the summary line.
 * <p>
 * A command accepts a key when it has the output the key is for, unless the command has
 * an input of the same name itself (the folder batch's {@code output} is its folder).
 */
enum RunnerKey {

	OUTPUT("output", Kind.FILE, "reconstruction", "reconstruction", List.of(".tif", ".tiff"),
		"the reconstruction is written as a TIFF",
		"Write the reconstruction as TIFF: 32-bit float, the input's type with keep_type=true, RGB for RGB input; " +
			"stacks keep their layout (created atomically; never over an input file).", RunnerKey::writeReconstruction),

	TABLE("table", Kind.FILE, "log", "log", List.of(".csv"), "the log is written as CSV",
		"Write the log as CSV with a header row: iteration, loss, ..., rel_error, ... (one row per logged iteration).",
		RunnerKey::writeTable),

	PHASE_TABLE("phase_table", Kind.FILE, "phases", "phases", List.of(".csv"), "the per-phase table is written as CSV",
		"Write the per-phase table (method=glrl) as CSV: phase, iterations, loss_start, loss_end, lambda1, ...",
		RunnerKey::writeTable),

	PLOT("plot", Kind.FILE, "log", "log", List.of(".png"), "the loss plot is written as PNG",
		"Write the loss plot (log scale; one curve per part or run) as PNG.", RunnerKey::writePlot),

	STUDY_TABLE("study_table", Kind.FILE, "study", "study", List.of(".csv"), "the study table is written as CSV",
		"Write the study table as CSV: one row per (depth, scale) run.", RunnerKey::writeTable),

	/** The study's log split by its {@code run} column: accepted with a study, written from the log. */
	RUN_TABLES("run_tables", Kind.FOLDER, "study", "log", List.of(), null,
		"Write one log CSV per run into this folder: run01_depth2_scale0.1.csv, ... (created if missing).",
		RunnerKey::writeLogByRun);

	/** What a key names: a file the runner writes, or a folder it writes files into. */
	enum Kind {
		FILE, FOLDER
	}

	/** Writes a module's output to the key's path; false if the command produced nothing to write there. */
	interface Writer {

		boolean write(RunnerKey key, Module module, RunRequest request, Path target) throws IOException;
	}

	/** The name of the files {@link #RUN_TABLES} writes (see {@link #runTableName}). */
	static final Pattern RUN_TABLE_NAME = Pattern.compile("run\\d+_depth\\d+_scale.*\\.csv");

	/** The key, as in {@code output=out.tif}. */
	final String key;
	final Kind kind;
	/** The command output whose presence makes a command accept this key. */
	final String acceptedWith;
	/** The command output written to the key's path. */
	final String writes;
	/** Accepted file name endings (lower case; the first is the one named in help); empty for a folder. */
	final List<String> extensions;
	/** Why the extension is required, for the message refusing another one. */
	final String format;
	final String description;
	private final Writer writer;

	RunnerKey(final String key, final Kind kind, final String acceptedWith, final String writes,
		final List<String> extensions, final String format, final String description, final Writer writer)
	{
		this.key = key;
		this.kind = kind;
		this.acceptedWith = acceptedWith;
		this.writes = writes;
		this.extensions = extensions;
		this.format = format;
		this.description = description;
		this.writer = writer;
	}

	/** The keys a command with these outputs and own input keys accepts, in enum order. */
	static Set<RunnerKey> acceptedBy(final Collection<String> outputs, final Collection<String> ownKeys) {
		final Set<RunnerKey> keys = EnumSet.noneOf(RunnerKey.class);
		for (final RunnerKey k : values())
			if (outputs.contains(k.acceptedWith) && !ownKeys.contains(k.key)) keys.add(k);
		return keys;
	}

	/** The type column of {@code --help}: {@code file path (.tif), optional} or {@code folder, optional}. */
	String typeHelp() {
		return kind == Kind.FOLDER ? "folder, optional" : "file path (" + extensions.get(0) + "), optional";
	}

	/** Whether a file name has one of the accepted extensions (always true for a folder). */
	boolean acceptsName(final Path path) {
		if (kind == Kind.FOLDER) return true;
		final String name = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
		for (final String e : extensions)
			if (name.endsWith(e)) return true;
		return false;
	}

	/** Writes this key's output of a finished (or interrupted) module to {@code target}. */
	boolean write(final Module module, final RunRequest request, final Path target) throws IOException {
		return writer.write(this, module, request, target);
	}

	/** The Info line of a result written after an interrupt. */
	static final String PARTIAL_RESULT = "Deep Low-Rank: PARTIAL result (the run was interrupted before it stopped; " +
		"see the log's last row)";

	// -- Writers --

	private static boolean writeReconstruction(final RunnerKey key, final Module module, final RunRequest request,
		final Path target) throws IOException
	{
		final Object img = module.getOutput(key.writes);
		if (!(img instanceof RandomAccessibleInterval)) return false;
		final ImagePlus like = request.source == null ? null : request.source.source;
		// an interrupted run writes what it has: say so inside the file, not only on the terminal
		final String info = module instanceof org.scijava.Cancelable && ((org.scijava.Cancelable) module).isCanceled()
			? PARTIAL_RESULT : null;
		ImageFiles.saveTiff((RandomAccessibleInterval<?>) img, like, target, request.images.values(), info);
		return true;
	}

	private static boolean writeTable(final RunnerKey key, final Module module, final RunRequest request,
		final Path target) throws IOException
	{
		final Object table = module.getOutput(key.writes);
		if (!(table instanceof LogTable)) return false;
		((LogTable) table).writeCsv(target);
		return true;
	}

	private static boolean writePlot(final RunnerKey key, final Module module, final RunRequest request,
		final Path target) throws IOException
	{
		final Object log = module.getOutput(key.writes);
		if (!(log instanceof LogTable)) return false;
		final Object summary = module.getOutput("summary");
		LossPlots.savePng(LossPlots.plot((LogTable) log, summary == null ? null : summary.toString()), target);
		return true;
	}

	private static boolean writeLogByRun(final RunnerKey key, final Module module, final RunRequest request,
		final Path target) throws IOException
	{
		final Object log = module.getOutput(key.writes);
		if (!(log instanceof LogTable)) return false;
		writeRunTables((LogTable) log, target);
		return true;
	}

	/**
	 * One CSV per run of a study's log (rows grouped by the {@code run} column), named by
	 * run, depth and scale. The names match {@link #RUN_TABLE_NAME}, which the output-path
	 * policy uses to keep the other outputs and the inputs out of their way.
	 */
	static void writeRunTables(final LogTable log, final Path folder) throws IOException {
		final int runCol = log.columns().indexOf("run"), depthCol = log.columns().indexOf("depth"), scaleCol = log
			.columns().indexOf("scale");
		if (runCol < 0) throw new IOException("the log has no 'run' column");
		final Map<Integer, List<double[]>> runs = new TreeMap<>();
		for (int r = 0; r < log.rowCount(); r++) {
			final double[] row = new double[log.columnCount()];
			for (int c = 0; c < row.length; c++) row[c] = log.get(r, c);
			runs.computeIfAbsent((int) row[runCol], k -> new ArrayList<>()).add(row);
		}
		Files.createDirectories(folder);
		for (final Map.Entry<Integer, List<double[]>> e : runs.entrySet()) {
			final double[] first = e.getValue().get(0);
			final String name = runTableName(e.getKey(), depthCol < 0 ? 0 : (int) first[depthCol], scaleCol < 0 ? ""
				: Double.toString(first[scaleCol]));
			new LogTable(log.columns(), e.getValue()).writeCsv(folder.resolve(name));
		}
	}

	static String runTableName(final int run, final int depth, final String scale) {
		return String.format(Locale.ROOT, "run%02d_depth%d_scale%s.csv", run, depth, scale);
	}
}
