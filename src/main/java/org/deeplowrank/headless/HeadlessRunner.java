package org.deeplowrank.headless;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import ij.ImagePlus;
import net.imglib2.RandomAccessibleInterval;
import org.deeplowrank.command.CommandKeys;
import org.deeplowrank.command.LogTable;
import org.deeplowrank.command.SolverCommand;
import org.deeplowrank.command.SolverParameters;
import org.deeplowrank.ij1.HeadlessImageJ;
import org.deeplowrank.ij1.ImagePlusImages;
import org.deeplowrank.ij1.LogDisplay;
import org.deeplowrank.keys.KeyValues;
import org.deeplowrank.keys.OptionStrings;
import org.deeplowrank.solver.ReconstructionResult;
import org.deeplowrank.solver.gd.StopReason;
import org.scijava.Context;
import org.scijava.ItemVisibility;
import org.scijava.app.StatusService;
import org.scijava.app.event.StatusEvent;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.convert.ConvertService;
import org.scijava.event.EventHandler;
import org.scijava.event.EventService;
import org.scijava.event.EventSubscriber;
import org.scijava.log.LogService;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.ModuleService;
import org.scijava.module.event.ModuleErroredEvent;
import org.scijava.plugin.PluginService;
import org.scijava.thread.ThreadService;

/**
 * Runs the Deep Low-Rank commands without a GUI, with Fiji's {@code --run} syntax:
 *
 * <pre>
 * java -jar deep-low-rank-headless.jar --list
 * java -jar deep-low-rank-headless.jar --help "Complete Masked Image"
 * java -jar deep-low-rank-headless.jar --run "Complete Masked Image" 'image=in.tif,mask=m.tif,output=out.tif'
 * java -jar deep-low-rank-headless.jar [-ijpath ImageJ-folder] -batch macro.ijm 'macro argument'
 * </pre>
 *
 * The commands are found by SciJava plugin discovery and run as SciJava modules, so this
 * class knows nothing about any particular command: the keys are the commands'
 * {@code @Parameter} fields, strings are converted to the field types by
 * {@link KeyValues#parse} (with messages that name the key), and image-typed inputs are
 * read from files. Runner-only keys (unless a command has a key of that name itself):
 * {@code output} (the reconstruction as TIFF), {@code table} (the log as CSV),
 * {@code phase_table}. ({@code threads} is a command key of {@link SolverParameters}.)
 * <p>
 * {@code -batch} runs an ImageJ 1.x macro without a screen, with the Deep Low-Rank commands
 * (and those of the plugins of {@code -ijpath}'s plugins/ folder) available to
 * {@code run(...)}, see {@link HeadlessImageJ}: exit status 0, or 2 with one
 * {@code error:} line when the macro stops with an error.
 * <p>
 * Contract for scripts: on success exactly one summary line on stdout and status 0; bad
 * input: one line {@code error: ...} on stderr and status 2; an unexpected failure: one
 * line and status 1 (stack trace with {@code --debug}); a diverged run writes its
 * outputs but exits with 3; Ctrl-C stops the solver, writes the partial result (the
 * summary says so) and exits with 130. Progress goes to stderr every few seconds.
 */
public final class HeadlessRunner {

	/** Only our commands are listed and runnable (the class path also holds SciJava's own). */
	static final String COMMAND_PACKAGE = "org.deeplowrank.";

	static final int OK = 0;
	static final int UNEXPECTED = 1;
	static final int BAD_INPUT = 2;
	static final int DIVERGED = 3;
	static final int INTERRUPTED = 130;

	/** How long Ctrl-C waits for the solver to stop and the partial result to be written. */
	private static final long SHUTDOWN_WAIT_SECONDS = 30;

	private static final long PROGRESS_INTERVAL_NANOS = 5_000_000_000L;

	/** System property overriding the progress interval, in milliseconds (cluster logs may want fewer lines). */
	static final String PROGRESS_PROPERTY = "deeplowrank.progress.millis";

	private static final String KEY_OUTPUT = "output";
	private static final String KEY_TABLE = "table";
	/** CSV of a GLRL run's per-phase table (commands with a {@code phases} output). */
	private static final String KEY_PHASE_TABLE = "phase_table";
	private static final String OUTPUT_PHASES = "phases";
	/** CSV of a study's summary table (commands with a {@code study} output). */
	private static final String KEY_STUDY_TABLE = "study_table";
	private static final String OUTPUT_STUDY = "study";
	/** A folder for one CSV per run of a study (logs with a {@code run} column). */
	private static final String KEY_RUN_TABLES = "run_tables";
	/** PNG of the loss plot (commands with a log). */
	private static final String KEY_PLOT = "plot";
	private static final String OUTPUT_RECONSTRUCTION = "reconstruction";
	private static final String OUTPUT_LOG = "log";

	private final AtomicBoolean running = new AtomicBoolean();
	private final CountDownLatch finished = new CountDownLatch(1);
	private volatile boolean interruptRequested;
	private volatile boolean moduleRunning;
	private long progressIntervalNanos = TimeUnit.MILLISECONDS.toNanos(Long.getLong(PROGRESS_PROPERTY,
		TimeUnit.NANOSECONDS.toMillis(PROGRESS_INTERVAL_NANOS)));
	private boolean debug;

	public static void main(final String[] args) {
		if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
		final HeadlessRunner runner = new HeadlessRunner();
		Runtime.getRuntime().addShutdownHook(new Thread(runner::onShutdown, "deep-low-rank-shutdown"));
		final int code = runner.execute(args, System.out, System.err);
		System.out.flush();
		System.err.flush();
		runner.finished.countDown();
		// After a signal the JVM is already shutting down: System.exit would block forever,
		// and the exit status is the signal's (130 for SIGINT).
		if (runner.interruptRequested) return;
		System.exit(code);
	}

	/** Runs one invocation; returns the exit status instead of exiting (for tests and embedding). */
	public static int run(final String[] args, final PrintStream out, final PrintStream err) {
		return new HeadlessRunner().execute(args, out, err);
	}

	/**
	 * Asks a running {@link #execute} to stop as Ctrl-C does: the solver stops at its next
	 * iteration and the partial result is written.
	 */
	public void requestInterrupt() {
		interruptRequested = true;
	}

	/** Whether a run is under way (for the shutdown hook, and tests that interrupt one). */
	public boolean isRunning() {
		return running.get();
	}

	/** Whether the command itself is running (its inputs are read and checked). */
	boolean isModuleRunning() {
		return moduleRunning;
	}

	void setProgressInterval(final long millis) {
		progressIntervalNanos = TimeUnit.MILLISECONDS.toNanos(millis);
	}

	/** Shutdown hook: stop the solver, give the runner a bounded time to write the partial result. */
	private void onShutdown() {
		if (!running.get()) return;
		interruptRequested = true;
		try {
			finished.await(SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS);
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	/** Like {@link #run} but on this instance, so that {@link #requestInterrupt()} can reach it. */
	public int execute(final String[] argv, final PrintStream out, final PrintStream err) {
		running.set(true);
		try {
			final List<String> args = new ArrayList<>(Arrays.asList(argv));
			debug = args.remove("--debug");
			if (args.isEmpty()) {
				usage(err);
				return BAD_INPUT;
			}
			Path imagejDir = null;
			if (args.size() >= 2 && args.get(0).equals("-ijpath")) {
				imagejDir = Paths.get(args.get(1));
				args.subList(0, 2).clear();
				if (args.isEmpty() || !args.get(0).equals("-batch")) throw new BadInputException("-ijpath goes with -batch");
			}
			final String action = args.get(0);
			switch (action) {
				case "-batch":
				case "--batch":
					if (args.size() < 2) throw new BadInputException("-batch needs a macro file");
					if (args.size() > 3) throw new BadInputException("-batch takes a macro file and one argument string");
					return batch(imagejDir, Paths.get(args.get(1)), args.size() > 2 ? args.get(2) : null, out, err);
				case "--list":
					if (args.size() > 1) throw new BadInputException("--list takes no arguments");
					return list(out);
				case "--help":
				case "-h":
					if (args.size() == 1) {
						usage(out);
						return OK;
					}
					if (args.size() > 2) throw new BadInputException("--help takes one command label");
					return help(args.get(1), out);
				case "--run":
					if (args.size() < 2) throw new BadInputException("--run needs a command label, see --list");
					return runCommand(args.get(1), args.subList(2, args.size()), out, err);
				default:
					throw new BadInputException("unknown option '" + action + "' (expected --list, --help, --run or -batch)");
			}
		}
		catch (final BadInputException e) {
			err.println("error: " + e.getMessage());
			return BAD_INPUT;
		}
		catch (final Throwable t) {
			reportUnexpected(t, err);
			return UNEXPECTED;
		}
		finally {
			running.set(false);
			err.flush();
			out.flush();
		}
	}

	// -- Actions --

	private int list(final PrintStream out) {
		try (Context context = createContext()) {
			for (final CommandInfo info : commands(context))
				out.println(info.getTitle());
		}
		return OK;
	}

	/** Runs an ImageJ 1.x macro headlessly (see the class comment). */
	private int batch(final Path imagejDir, final Path macro, final String arg, final PrintStream out,
		final PrintStream err) throws BadInputException
	{
		if (!Files.isRegularFile(macro)) throw new BadInputException("macro file '" + macro + "' not found");
		final PrintStream stdout = System.out;
		try {
			// macros print() to System.out; the runner's own out stream is where that should go
			if (out != stdout) System.setOut(out);
			HeadlessImageJ.install(imagejDir);
			HeadlessImageJ.setProgress(TimeUnit.NANOSECONDS.toMillis(progressIntervalNanos), err);
			final HeadlessImageJ.MacroOutcome o = HeadlessImageJ.runMacro(macro, arg);
			if (o.error != null) throw new BadInputException(o.error);
			if (o.returned != null && !o.returned.isEmpty() && !o.returned.equals("[aborted]")) out.println(o.returned);
			return interruptRequested ? INTERRUPTED : OK;
		}
		catch (final IOException e) {
			throw new BadInputException(e.getMessage());
		}
		finally {
			HeadlessImageJ.setProgress(-1, err);
			if (out != stdout) System.setOut(stdout);
		}
	}

	private int help(final String label, final PrintStream out) throws BadInputException {
		try (Context context = createContext()) {
			final CommandInfo info = find(context, label);
			final Module module = context.service(ModuleService.class).createModule(info);
			out.println(info.getTitle() + "  (" + menu(info) + ")");
			if (info.getDescription() != null && !info.getDescription().isEmpty()) out.println("  " + info
				.getDescription());
			out.println();
			out.println("Keys, as --run \"" + info.getTitle() + "\" 'key=value,key=value' (image keys take file paths):");
			for (final ModuleItem<?> item : keys(context, info)) {
				final Object value = item.getValue(module);
				final String dflt;
				if (isImage(item.getType())) dflt = item.isRequired() ? "required" : "optional";
				else dflt = "default " + (value == null ? "none" : value);
				printKey(out, item.getName(), typeName(item) + ", " + dflt, item.getDescription());
			}
			out.println("Runner keys:");
			final Set<String> runnerKeys = runnerKeys(context, info);
			if (runnerKeys.contains(KEY_OUTPUT)) printKey(out, KEY_OUTPUT, "file path (.tif), optional",
				"Write the reconstruction as TIFF: 32-bit float, the input's type with keep_type=true, RGB for RGB input; " +
					"stacks keep their layout (created atomically; never over an input file).");
			if (runnerKeys.contains(KEY_PHASE_TABLE)) printKey(out, KEY_PHASE_TABLE, "file path (.csv), optional",
				"Write the per-phase table (method=glrl) as CSV: phase, iterations, loss_start, loss_end, lambda1, ...");
			if (runnerKeys.contains(KEY_TABLE)) printKey(out, KEY_TABLE, "file path (.csv), optional",
				"Write the log as CSV with a header row: iteration, loss, ..., rel_error, ... (one row per logged iteration).");
			if (runnerKeys.contains(KEY_PLOT)) printKey(out, KEY_PLOT, "file path (.png), optional",
				"Write the loss plot (log scale; one curve per part or run) as PNG.");
			if (runnerKeys.contains(KEY_STUDY_TABLE)) printKey(out, KEY_STUDY_TABLE, "file path (.csv), optional",
				"Write the study table as CSV: one row per (depth, scale) run.");
			if (runnerKeys.contains(KEY_RUN_TABLES)) printKey(out, KEY_RUN_TABLES, "folder, optional",
				"Write one log CSV per run into this folder: run01_depth2_scale0.1.csv, ... (created if missing).");
			final List<String> outputs = new ArrayList<>();
			for (final ModuleItem<?> item : info.outputs())
				outputs.add(item.getName());
			out.println("Outputs: " + String.join(", ", outputs) + " (the summary line is printed" + (runnerKeys.contains(
				KEY_OUTPUT) ? "; reconstruction -> output, log -> table)" : ")"));
			out.println("Exit status: 0 done, 2 bad input, 3 diverged (outputs written), 130 interrupted " +
				"(partial result written), 1 unexpected failure (--debug prints the stack trace).");
		}
		return OK;
	}

	/** What a {@code --run} asks for, checked: converted values, image paths, outputs. */
	private static final class Request {

		final CommandInfo info;
		final Map<String, Object> values = new LinkedHashMap<>();
		final Map<String, Path> images = new LinkedHashMap<>();
		final Set<String> runnerKeys = new java.util.LinkedHashSet<>();
		/** The opened input image (stack layout and calibration for the output). */
		ImagePlusImages.Wrapped source;
		Path output;
		Path table;
		Path phaseTable;
		Path studyTable;
		Path runTables;
		Path plot;

		Request(final CommandInfo info) {
			this.info = info;
		}
	}

	private int runCommand(final String label, final List<String> optionArgs, final PrintStream out,
		final PrintStream err) throws BadInputException
	{
		try (Context context = createContext()) {
			final CommandInfo info = find(context, label);
			final Map<String, String> options = RunOptions.parse(optionArgs, flags(context, info));
			final Request request = request(context, info, options);
			for (final Map.Entry<String, Path> e : request.images.entrySet()) {
				try {
					final ImagePlusImages.Wrapped w = ImageFiles.open(e.getValue());
					request.values.put(e.getKey(), w.img);
					if (e.getKey().equals("image")) request.source = w;
				}
				catch (final IOException | IllegalArgumentException ex) {
					throw new BadInputException(ex.getMessage());
				}
			}
			if (interruptRequested) {
				err.println("interrupted before the run started; nothing written");
				return INTERRUPTED;
			}
			final ModuleService moduleService = context.service(ModuleService.class);
			final CommandModule module = (CommandModule) moduleService.createModule(request.info);
			for (final Map.Entry<String, Object> e : request.values.entrySet()) {
				module.setInput(e.getKey(), e.getValue());
				module.resolveInput(e.getKey());
			}
			final Object command = module.getCommand();
			if (command instanceof SolverCommand && request.source != null) {
				((SolverCommand) command).setChannelAxis(request.source.channelAxis);
			}
			moduleRunning = true;
			try {
				if (await(context, moduleService.run(module, false, Collections.emptyMap()), module, err) == null) {
					return UNEXPECTED;
				}
			}
			finally {
				moduleRunning = false;
			}
			return report(module, request, out, err);
		}
	}

	/** The command's boolean keys: they may be given as bare flags, as ImageJ's recorder writes them. */
	private static Set<String> flags(final Context context, final CommandInfo info) {
		final Set<String> flags = new HashSet<>();
		for (final ModuleItem<?> item : keys(context, info))
			if (item.getType() == boolean.class || item.getType() == Boolean.class) flags.add(item.getName());
		return flags;
	}

	/**
	 * The runner keys that apply: output and table for commands with a reconstruction and a
	 * log; a command's own key of the same name wins.
	 */
	private static Set<String> runnerKeys(final Context context, final CommandInfo info) {
		final Set<String> own = new HashSet<>();
		for (final ModuleItem<?> item : keys(context, info))
			own.add(item.getName());
		final Set<String> outputs = new HashSet<>();
		for (final ModuleItem<?> item : info.outputs())
			outputs.add(item.getName());
		final Set<String> r = new java.util.LinkedHashSet<>();
		if (outputs.contains(OUTPUT_RECONSTRUCTION) && !own.contains(KEY_OUTPUT)) r.add(KEY_OUTPUT);
		if (outputs.contains(OUTPUT_LOG) && !own.contains(KEY_TABLE)) r.add(KEY_TABLE);
		if (outputs.contains(OUTPUT_PHASES) && !own.contains(KEY_PHASE_TABLE)) r.add(KEY_PHASE_TABLE);
		if (outputs.contains(OUTPUT_LOG) && !own.contains(KEY_PLOT)) r.add(KEY_PLOT);
		if (outputs.contains(OUTPUT_STUDY) && !own.contains(KEY_STUDY_TABLE)) r.add(KEY_STUDY_TABLE);
		if (outputs.contains(OUTPUT_STUDY) && !own.contains(KEY_RUN_TABLES)) r.add(KEY_RUN_TABLES);
		return r;
	}

	/**
	 * Checks keys and values and converts them, all before any file is read or anything
	 * computed, so that a typo costs nothing.
	 */
	private Request request(final Context context, final CommandInfo info, final Map<String, String> options)
		throws BadInputException
	{
		final Request r = new Request(info);
		final Map<String, ModuleItem<?>> keys = new LinkedHashMap<>();
		for (final ModuleItem<?> item : keys(context, info))
			keys.put(item.getName(), item);
		r.runnerKeys.addAll(runnerKeys(context, info));
		final List<String> valid = new ArrayList<>(keys.keySet());
		valid.addAll(r.runnerKeys);
		for (final String key : options.keySet()) {
			if (!valid.contains(key)) throw new BadInputException(OptionStrings.unknownKey(key, info.getTitle(), valid));
		}
		for (final Map.Entry<String, String> e : options.entrySet()) {
			final ModuleItem<?> item = keys.get(e.getKey());
			if (item == null) continue; // a runner key
			if (isImage(item.getType())) r.images.put(e.getKey(), path(e.getKey(), e.getValue()));
			else r.values.put(e.getKey(), convert(context, item, e.getValue()));
		}
		for (final ModuleItem<?> item : keys.values()) {
			if (item.isRequired() && isImage(item.getType()) && !r.images.containsKey(item.getName())) {
				throw new BadInputException("missing value for '" + item.getName() + "' (an image file); see --help \"" + info
					.getTitle() + "\"");
			}
		}
		if (options.containsKey(KEY_OUTPUT) && r.runnerKeys.contains(KEY_OUTPUT)) {
			r.output = path(KEY_OUTPUT, options.get(KEY_OUTPUT));
			final String name = r.output.getFileName().toString().toLowerCase(Locale.ROOT);
			if (!name.endsWith(".tif") && !name.endsWith(".tiff")) {
				throw new BadInputException("bad value for 'output': '" + options.get(KEY_OUTPUT) +
					"' (expected a .tif path: the reconstruction is written as a TIFF)");
			}
		}
		if (options.containsKey(KEY_PHASE_TABLE) && r.runnerKeys.contains(KEY_PHASE_TABLE)) {
			r.phaseTable = path(KEY_PHASE_TABLE, options.get(KEY_PHASE_TABLE));
		}
		if (options.containsKey(KEY_TABLE) && r.runnerKeys.contains(KEY_TABLE)) r.table = path(KEY_TABLE, options.get(
			KEY_TABLE));
		if (options.containsKey(KEY_STUDY_TABLE) && r.runnerKeys.contains(KEY_STUDY_TABLE)) {
			r.studyTable = path(KEY_STUDY_TABLE, options.get(KEY_STUDY_TABLE));
		}
		if (options.containsKey(KEY_RUN_TABLES) && r.runnerKeys.contains(KEY_RUN_TABLES)) {
			r.runTables = path(KEY_RUN_TABLES, options.get(KEY_RUN_TABLES));
			if (Files.exists(r.runTables) && !Files.isDirectory(r.runTables)) {
				throw new BadInputException("bad value for 'run_tables': '" + r.runTables + "' is a file (expected a folder)");
			}
		}
		if (options.containsKey(KEY_PLOT) && r.runnerKeys.contains(KEY_PLOT)) {
			r.plot = path(KEY_PLOT, options.get(KEY_PLOT));
			if (!r.plot.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png")) {
				throw new BadInputException("bad value for 'plot': '" + options.get(KEY_PLOT) +
					"' (expected a .png path: the loss plot is written as PNG)");
			}
		}
		// outputs must not replace inputs: checked now, not after an hour of computing
		final List<Path> inputs = new ArrayList<>(r.images.values());
		checkOutputPath(KEY_OUTPUT, r.output, inputs);
		checkOutputPath(KEY_TABLE, r.table, inputs);
		checkOutputPath(KEY_STUDY_TABLE, r.studyTable, inputs);
		checkOutputPath(KEY_PLOT, r.plot, inputs);
		if (r.output != null && r.table != null && r.output.toAbsolutePath().normalize().equals(r.table
			.toAbsolutePath().normalize()))
		{
			throw new BadInputException("'output' and 'table' are the same file '" + r.output + "'");
		}
		return r;
	}

	/**
	 * After the module returned: a refusal becomes the bad-input error; otherwise the
	 * outputs are written (also a partial result after an interrupt) and the summary
	 * line printed.
	 */
	private int report(final CommandModule module, final Request request, final PrintStream out,
		final PrintStream err) throws BadInputException
	{
		final ReconstructionResult result = module.getCommand() instanceof SolverCommand ? ((SolverCommand) module
			.getCommand()).getResult() : null;
		final boolean writesImage = request.runnerKeys.contains(KEY_OUTPUT);
		if (module.isCanceled() && !interruptRequested) {
			final String reason = module.getCancelReason();
			throw new BadInputException(reason == null || reason.isEmpty() ? "the command was cancelled" : reason);
		}
		if (module.isCanceled() && writesImage && module.getOutput(OUTPUT_RECONSTRUCTION) == null) {
			err.println("interrupted before the first iteration; nothing written");
			return INTERRUPTED;
		}
		if (module.isCanceled() && module.getCancelReason() != null && !module.getCancelReason().equals("interrupted")) {
			throw new BadInputException(module.getCancelReason());
		}
		final Object summary = module.getOutput("summary");
		final StringBuilder line = new StringBuilder(summary != null ? summary.toString() : "done");
		try {
			if (request.output != null) {
				final RandomAccessibleInterval<?> img = (RandomAccessibleInterval<?>) module.getOutput(OUTPUT_RECONSTRUCTION);
				final ImagePlus like = request.source == null ? null : request.source.source;
				ImageFiles.saveTiff(img, like, request.output, request.images.values());
				line.append(" output=").append(request.output);
			}
			if (request.table != null) {
				((LogTable) module.getOutput(OUTPUT_LOG)).writeCsv(request.table);
				line.append(" table=").append(request.table);
			}
			final Object phaseRows = module.getOutput(OUTPUT_PHASES);
			if (request.phaseTable != null && phaseRows instanceof LogTable) {
				((LogTable) phaseRows).writeCsv(request.phaseTable);
				line.append(" phase_table=").append(request.phaseTable);
			}
			final Object studyRows = module.getOutput(OUTPUT_STUDY);
			if (request.studyTable != null && studyRows instanceof LogTable) {
				((LogTable) studyRows).writeCsv(request.studyTable);
				line.append(" study_table=").append(request.studyTable);
			}
			final Object log = module.getOutput(OUTPUT_LOG);
			if (request.runTables != null && log instanceof LogTable) {
				writeRunTables((LogTable) log, request.runTables);
				line.append(" run_tables=").append(request.runTables);
			}
			if (request.plot != null && log instanceof LogTable) {
				final Object s = module.getOutput("summary");
				LogDisplay.savePng(LogDisplay.lossPlot((LogTable) log, s == null ? null : s.toString()), request.plot);
				line.append(" plot=").append(request.plot);
			}
		}
		catch (final IOException e) {
			err.println("error: cannot write the result: " + e.getMessage());
			if (debug) e.printStackTrace(err);
			return UNEXPECTED;
		}
		out.println(line);
		if (interruptRequested) {
			if (writesImage) err.println("interrupted: the outputs hold the result at iteration " + (result == null ? "?"
				: result.iterations));
			else err.println("interrupted: what was written stays");
			return INTERRUPTED;
		}
		return result != null && result.stopReason == StopReason.DIVERGED ? DIVERGED : OK;
	}

	/** One CSV per run of a study's log (rows grouped by the {@code run} column), named by run, depth and scale. */
	static void writeRunTables(final LogTable log, final Path folder) throws IOException {
		Files.createDirectories(folder);
		final int runCol = log.columns().indexOf("run"), depthCol = log.columns().indexOf("depth"), scaleCol = log
			.columns().indexOf("scale");
		if (runCol < 0) throw new IOException("the log has no 'run' column");
		final Map<Integer, List<double[]>> runs = new java.util.TreeMap<>();
		for (int r = 0; r < log.rowCount(); r++) {
			final double[] row = new double[log.columnCount()];
			for (int c = 0; c < row.length; c++) row[c] = log.get(r, c);
			runs.computeIfAbsent((int) row[runCol], k -> new ArrayList<>()).add(row);
		}
		for (final Map.Entry<Integer, List<double[]>> e : runs.entrySet()) {
			final double[] first = e.getValue().get(0);
			final String name = String.format(Locale.ROOT, "run%02d_depth%d_scale%s.csv", e.getKey(), depthCol < 0 ? 0
				: (int) first[depthCol], scaleCol < 0 ? "" : Double.toString(first[scaleCol]));
			new LogTable(log.columns(), e.getValue()).writeCsv(folder.resolve(name));
		}
	}

	/**
	 * Waits for the module, printing progress every few seconds and turning an interrupt
	 * request into a module cancel (which the solver polls). Returns null after an
	 * unexpected failure, which it reports.
	 */
	private Module await(final Context context, final Future<CommandModule> future, final CommandModule module,
		final PrintStream err)
	{
		final ProgressWatcher watcher = new ProgressWatcher();
		final EventService events = context.getService(EventService.class);
		final List<EventSubscriber<?>> subscribers = events == null ? List.of() : events.subscribe(watcher);
		try {
			long lastPrint = System.nanoTime();
			String lastMessage = null;
			boolean cancelSent = false;
			while (true) {
				try {
					return future.get(100, TimeUnit.MILLISECONDS);
				}
				catch (final TimeoutException e) {
					if (interruptRequested && !cancelSent) {
						module.cancel("interrupted");
						cancelSent = true;
						err.println("interrupted: stopping the solver and writing the partial result...");
					}
					final long now = System.nanoTime();
					final String message = watcher.message;
					if (now - lastPrint >= progressIntervalNanos && message != null && !message.equals(lastMessage)) {
						err.println(message);
						lastMessage = message;
						lastPrint = now;
					}
				}
				catch (final InterruptedException e) {
					Thread.currentThread().interrupt();
					interruptRequested = true;
					module.cancel("interrupted");
					return module;
				}
				catch (final ExecutionException e) {
					reportUnexpected(e.getCause() != null ? e.getCause() : e, err);
					return null;
				}
			}
		}
		finally {
			if (events != null) events.unsubscribe(subscribers);
		}
	}

	/**
	 * Keeps the last status message of the running command (sent at most 4 times a
	 * second), and takes over error reporting from SciJava's module runner, which would
	 * otherwise log the exception with its stack trace to the console; the runner reports
	 * it in one line itself.
	 */
	public static final class ProgressWatcher {

		volatile String message;

		@EventHandler
		public void onStatus(final StatusEvent event) {
			final String m = event.getStatusMessage();
			if (m != null && !m.isEmpty() && !event.isWarning()) message = m;
		}

		@EventHandler
		public void onError(final ModuleErroredEvent event) {
			event.consume();
		}
	}

	// -- SciJava --

	/**
	 * A context with just what running a command needs. No UI, no preferences: a headless
	 * run must not pick up values persisted by an earlier GUI session. SciJava logging is
	 * switched off (it would print to the console) unless {@code --debug} is given; the
	 * runner reports errors itself.
	 */
	private Context createContext() {
		final Context context = new Context(CommandService.class, ModuleService.class, PluginService.class,
			ConvertService.class, StatusService.class, EventService.class, ThreadService.class, LogService.class);
		final LogService log = context.getService(LogService.class);
		if (log != null) log.setLevel(debug ? LogService.WARN : LogService.NONE);
		return context;
	}

	/** Our commands, by label. */
	static List<CommandInfo> commands(final Context context) {
		final List<CommandInfo> list = new ArrayList<>();
		for (final CommandInfo info : context.service(CommandService.class).getCommands()) {
			if (info.getClassName().startsWith(COMMAND_PACKAGE)) list.add(info);
		}
		list.sort(Comparator.comparing(CommandInfo::getTitle));
		return list;
	}

	/** The command with this label (case-insensitive), menu path or class name. */
	private static CommandInfo find(final Context context, final String label) throws BadInputException {
		final List<CommandInfo> all = commands(context);
		final String l = label.trim().replaceAll("\\s*>\\s*", " > ");
		for (final CommandInfo info : all) {
			if (info.getTitle().equalsIgnoreCase(l) || menu(info).equalsIgnoreCase(l) || info
				.getClassName().equals(l) || info.getClassName().endsWith("." + l)) return info;
		}
		final List<String> titles = new ArrayList<>();
		for (final CommandInfo info : all)
			titles.add(info.getTitle());
		throw new BadInputException("unknown command '" + label + "'; available: " + String.join(", ", titles));
	}

	private static String menu(final CommandInfo info) {
		return info.getMenuPath() == null ? "" : info.getMenuPath().getMenuString();
	}

	/**
	 * The user-settable inputs: everything except injected services and messages, in the
	 * order of {@link CommandKeys#inputsInUserOrder} (image first, then the command's own keys).
	 */
	private static List<ModuleItem<?>> keys(final Context context, final CommandInfo info) {
		final List<ModuleItem<?>> keys = new ArrayList<>();
		for (final ModuleItem<?> item : info.inputs()) {
			if (context.isInjectable(item.getType())) continue;
			if (item.getVisibility() == ItemVisibility.MESSAGE) continue;
			keys.add(item);
		}
		try {
			final List<String> order = new ArrayList<>();
			for (final CommandKeys.Key k : CommandKeys.inputsInUserOrder(info.loadClass()))
				order.add(k.name);
			keys.sort(Comparator.comparingInt(item -> order.contains(item.getName()) ? order.indexOf(item.getName())
				: Integer.MAX_VALUE));
		}
		catch (final RuntimeException | org.scijava.InstantiableException e) {
			// keep SciJava's order
		}
		return keys;
	}

	// -- Values --

	private static boolean isImage(final Class<?> type) {
		return RandomAccessibleInterval.class.isAssignableFrom(type);
	}

	private static String typeName(final ModuleItem<?> item) {
		final Class<?> t = item.getType();
		if (isImage(t)) return "image file";
		if (t == int.class || t == Integer.class || t == long.class || t == Long.class) return "integer";
		if (t == double.class || t == Double.class || t == float.class || t == Float.class) return "number";
		if (t == boolean.class || t == Boolean.class) return "true|false (a bare key means true)";
		if (t == File.class) return item.getWidgetStyle() != null && item.getWidgetStyle().contains("directory")
			? "folder path" : "file path";
		if (item.getChoices() != null && !item.getChoices().isEmpty()) {
			final List<String> c = new ArrayList<>();
			for (final Object o : item.getChoices())
				c.add(String.valueOf(o));
			return "one of " + String.join("|", c);
		}
		if (t == String.class) return "text";
		return t.getSimpleName();
	}

	/** Converts a key's string value to the field type ({@link KeyValues#parse}), with a message that names the key. */
	private static Object convert(final Context context, final ModuleItem<?> item, final String value)
		throws BadInputException
	{
		final List<String> choices = new ArrayList<>();
		if (item.getChoices() != null) for (final Object c : item.getChoices())
			choices.add(String.valueOf(c));
		try {
			return KeyValues.parse(item.getName(), item.getType(), choices, value);
		}
		catch (final IllegalArgumentException e) {
			if (!e.getMessage().contains("cannot be given as text")) throw new BadInputException(e.getMessage());
		}
		final Object converted = context.service(ConvertService.class).convert(value.trim(), item.getType());
		if (converted == null) throw bad(item.getName(), value, "a " + item.getType().getSimpleName());
		return converted;
	}

	private static BadInputException bad(final String key, final String value, final String expected) {
		return new BadInputException("bad value for '" + key + "': '" + value + "' (expected " + expected + ")");
	}

	private static Path path(final String key, final String value) throws BadInputException {
		if (value.trim().isEmpty()) throw new BadInputException("missing value for '" + key + "'");
		try {
			return Paths.get(value.trim());
		}
		catch (final RuntimeException e) {
			throw bad(key, value, "a file path");
		}
	}

	private static void checkOutputPath(final String key, final Path path, final List<Path> inputs)
		throws BadInputException
	{
		if (path == null) return;
		if (Files.isDirectory(path)) throw new BadInputException("'" + key + "' is a folder: '" + path + "'");
		try {
			ImageFiles.checkNotInput(path, inputs, key);
		}
		catch (final IOException e) {
			throw new BadInputException(e.getMessage());
		}
	}

	/** The valid key within edit distance 2 of a misspelled one, if there is exactly one best. */
	static String nearest(final String key, final List<String> valid) {
		return OptionStrings.nearest(key, valid);
	}

	// -- Output --

	private void reportUnexpected(final Throwable t, final PrintStream err) {
		// the deepest cause names the actual failure; the wrappers ("Module threw exception") do not
		Throwable root = t;
		while (root.getCause() != null && root.getCause() != root)
			root = root.getCause();
		err.println("error: unexpected " + root.getClass().getSimpleName() + (root.getMessage() == null ? ""
			: ": " + root.getMessage().replaceAll("\\s+", " ")) + (debug ? "" : " (run with --debug for details)"));
		if (debug) t.printStackTrace(err);
	}

	private static void printKey(final PrintStream out, final String key, final String type, final String description) {
		out.println(String.format(Locale.ROOT, "  %-15s %s", key, type));
		if (description != null && !description.isEmpty()) out.println("                  " + description);
	}

	private static void usage(final PrintStream s) {
		s.println("Deep Low-Rank headless runner");
		s.println("  --list                         the commands");
		s.println("  --help \"Command Label\"         a command's keys, types and defaults");
		s.println("  --run \"Command Label\" 'key=value,key=value'   run a command (also key=value key=[a b])");
		s.println("  [-ijpath folder] -batch macro.ijm ['argument']   run an ImageJ 1.x macro headlessly");
		s.println("  --debug                        print stack traces and SciJava log messages");
		s.println("Example: java -jar deep-low-rank-headless.jar --run \"Complete Masked Image\" " +
			"'image=examples/weave.tif,mask=examples/weave_mask.tif,output=out.tif,table=log.csv'");
	}
}
