package org.deeplowrank.headless;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;

import org.deeplowrank.command.LogTable;
import org.deeplowrank.command.SolverCommand;
import org.deeplowrank.solver.ReconstructionResult;
import org.deeplowrank.solver.StopReason;
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
 * </pre>
 *
 * The commands are found by SciJava plugin discovery and run as SciJava modules, so this
 * class knows nothing about any particular command: the keys are the commands'
 * {@code @Parameter} fields, strings are converted to the field types here (with messages
 * that name the key), and image-typed inputs are read from files. Runner-only keys:
 * {@code output} (reconstruction as 32-bit TIFF), {@code table} (log as CSV),
 * {@code threads}.
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
	private static final String KEY_THREADS = "threads";

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
			final String action = args.get(0);
			switch (action) {
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
					throw new BadInputException("unknown option '" + action + "' (expected --list, --help or --run)");
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
			printKey(out, KEY_OUTPUT, "file path (.tif), optional",
				"Write the reconstruction as a 32-bit TIFF (created atomically; never over an input file).");
			printKey(out, KEY_TABLE, "file path (.csv), optional",
				"Write the log as CSV with a header row: iteration, loss, ..., rel_error, ... (one row per logged iteration).");
			printKey(out, KEY_THREADS, "integer, default 0",
				"Threads for the matrix products; 0 = all processors. Does not change the result.");
			final List<String> outputs = new ArrayList<>();
			for (final ModuleItem<?> item : info.outputs())
				outputs.add(item.getName());
			out.println("Outputs: " + String.join(", ", outputs) +
				" (the summary line is printed; reconstruction -> output, log -> table)");
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
		Path output;
		Path table;
		int threads;

		Request(final CommandInfo info) {
			this.info = info;
		}
	}

	private int runCommand(final String label, final List<String> optionArgs, final PrintStream out,
		final PrintStream err) throws BadInputException
	{
		final Map<String, String> options = RunOptions.parse(optionArgs);
		try (Context context = createContext()) {
			final Request request = request(context, find(context, label), options);
			for (final Map.Entry<String, Path> e : request.images.entrySet()) {
				try {
					request.values.put(e.getKey(), ImageFiles.open(e.getValue()));
				}
				catch (final IOException ex) {
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
			if (module.getCommand() instanceof SolverCommand) {
				((SolverCommand) module.getCommand()).setThreads(request.threads);
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
		final List<String> valid = new ArrayList<>(keys.keySet());
		valid.addAll(List.of(KEY_OUTPUT, KEY_TABLE, KEY_THREADS));
		for (final String key : options.keySet()) {
			if (!valid.contains(key)) {
				final String near = nearest(key, valid);
				throw new BadInputException("unknown key '" + key + "' for '" + info.getTitle() + "'" + (near == null ? ""
					: " (did you mean '" + near + "'?)") + "; valid keys: " + String.join(", ", valid));
			}
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
		if (options.containsKey(KEY_OUTPUT)) {
			r.output = path(KEY_OUTPUT, options.get(KEY_OUTPUT));
			final String name = r.output.getFileName().toString().toLowerCase(Locale.ROOT);
			if (!name.endsWith(".tif") && !name.endsWith(".tiff")) {
				throw new BadInputException("bad value for 'output': '" + options.get(KEY_OUTPUT) +
					"' (expected a .tif path: the reconstruction is written as a 32-bit TIFF)");
			}
		}
		if (options.containsKey(KEY_TABLE)) r.table = path(KEY_TABLE, options.get(KEY_TABLE));
		if (options.containsKey(KEY_THREADS)) {
			r.threads = parseInt(KEY_THREADS, options.get(KEY_THREADS));
			if (r.threads < 0) {
				throw new BadInputException("bad value for 'threads': " + r.threads +
					" (expected 0 for all processors, or a positive integer)");
			}
		}
		// outputs must not replace inputs: checked now, not after an hour of computing
		final List<Path> inputs = new ArrayList<>(r.images.values());
		checkOutputPath(KEY_OUTPUT, r.output, inputs);
		checkOutputPath(KEY_TABLE, r.table, inputs);
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
		if (module.isCanceled() && !interruptRequested) {
			final String reason = module.getCancelReason();
			throw new BadInputException(reason == null || reason.isEmpty() ? "the command was cancelled" : reason);
		}
		if (module.isCanceled() && module.getOutput("reconstruction") == null) {
			err.println("interrupted before the first iteration; nothing written");
			return INTERRUPTED;
		}
		final Object summary = module.getOutput("summary");
		final StringBuilder line = new StringBuilder(summary != null ? summary.toString() : "done");
		try {
			if (request.output != null) {
				@SuppressWarnings("unchecked")
				final RandomAccessibleInterval<? extends RealType<?>> img =
					(RandomAccessibleInterval<? extends RealType<?>>) module.getOutput("reconstruction");
				ImageFiles.saveTiff(img, request.output, request.images.values());
				line.append(" output=").append(request.output);
			}
			if (request.table != null) {
				((LogTable) module.getOutput("log")).writeCsv(request.table);
				line.append(" table=").append(request.table);
			}
		}
		catch (final IOException e) {
			err.println("error: cannot write the result: " + e.getMessage());
			if (debug) e.printStackTrace(err);
			return UNEXPECTED;
		}
		out.println(line);
		if (interruptRequested) {
			err.println("interrupted: the outputs hold the result at iteration " + (result == null ? "?"
				: result.iterations));
			return INTERRUPTED;
		}
		return result != null && result.stopReason == StopReason.DIVERGED ? DIVERGED : OK;
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

	/** The user-settable inputs: everything except injected services and messages. */
	private static List<ModuleItem<?>> keys(final Context context, final CommandInfo info) {
		final List<ModuleItem<?>> keys = new ArrayList<>();
		for (final ModuleItem<?> item : info.inputs()) {
			if (context.isInjectable(item.getType())) continue;
			if (item.getVisibility() == ItemVisibility.MESSAGE) continue;
			keys.add(item);
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
		if (t == boolean.class || t == Boolean.class) return "true|false";
		if (item.getChoices() != null && !item.getChoices().isEmpty()) {
			final List<String> c = new ArrayList<>();
			for (final Object o : item.getChoices())
				c.add(String.valueOf(o));
			return "one of " + String.join("|", c);
		}
		if (t == String.class) return "text";
		return t.getSimpleName();
	}

	/** Converts a key's string value to the field type, with a message that names the key. */
	private static Object convert(final Context context, final ModuleItem<?> item, final String value)
		throws BadInputException
	{
		final String key = item.getName();
		final Class<?> t = item.getType();
		final String v = value.trim();
		if (v.isEmpty()) throw new BadInputException("missing value for '" + key + "'");
		if (t == int.class || t == Integer.class) return parseInt(key, v);
		if (t == long.class || t == Long.class) {
			try {
				return Long.parseLong(v);
			}
			catch (final NumberFormatException e) {
				throw bad(key, value, "an integer");
			}
		}
		if (t == double.class || t == Double.class || t == float.class || t == Float.class) {
			try {
				final double d = Double.parseDouble(v);
				return t == float.class || t == Float.class ? (Object) (float) d : (Object) d;
			}
			catch (final NumberFormatException e) {
				throw bad(key, value, "a number");
			}
		}
		if (t == boolean.class || t == Boolean.class) {
			if (v.equalsIgnoreCase("true")) return true;
			if (v.equalsIgnoreCase("false")) return false;
			throw bad(key, value, "true or false");
		}
		final List<?> choices = item.getChoices();
		if (choices != null && !choices.isEmpty()) {
			final List<String> names = new ArrayList<>();
			for (final Object c : choices) {
				if (String.valueOf(c).equalsIgnoreCase(v)) return c;
				names.add(String.valueOf(c));
			}
			throw bad(key, value, "one of " + String.join("|", names));
		}
		if (t == String.class) return value;
		final Object converted = context.service(ConvertService.class).convert(v, t);
		if (converted == null) throw bad(key, value, "a " + t.getSimpleName());
		return converted;
	}

	private static int parseInt(final String key, final String value) throws BadInputException {
		try {
			return Integer.parseInt(value.trim());
		}
		catch (final NumberFormatException e) {
			throw bad(key, value, "an integer");
		}
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
		String best = null;
		int bestDistance = 3;
		for (final String v : valid) {
			final int d = distance(key.toLowerCase(Locale.ROOT), v);
			if (d < bestDistance) {
				bestDistance = d;
				best = v;
			}
		}
		return best;
	}

	private static int distance(final String a, final String b) {
		final int[] prev = new int[b.length() + 1], cur = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++)
			prev[j] = j;
		for (int i = 1; i <= a.length(); i++) {
			cur[0] = i;
			for (int j = 1; j <= b.length(); j++) {
				final int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
				cur[j] = Math.min(sub, Math.min(prev[j], cur[j - 1]) + 1);
			}
			System.arraycopy(cur, 0, prev, 0, cur.length);
		}
		return prev[b.length()];
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
		s.println("  --debug                        print stack traces and SciJava log messages");
		s.println("Example: java -jar deep-low-rank-headless.jar --run \"Complete Masked Image\" " +
			"'image=examples/weave.tif,mask=examples/weave_mask.tif,output=out.tif,table=log.csv'");
	}
}
