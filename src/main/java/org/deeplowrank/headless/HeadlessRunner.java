package org.deeplowrank.headless;

import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.deeplowrank.command.CommandKeys;
import org.deeplowrank.command.SolverParameters;
import org.deeplowrank.solver.kernels.Kernels;
import org.scijava.command.CommandInfo;

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
 * This class only dispatches and turns outcomes into exit statuses. The commands are found
 * by SciJava plugin discovery ({@link CommandCatalog}) and run as SciJava modules
 * ({@link CommandRun}), so nothing here knows about a particular command: the keys are the
 * commands' {@code @Parameter} fields, converted to their types by {@link org.deeplowrank.keys.KeyValues#parse}
 * ({@link RunRequest}); the runner's own keys ({@code output}, {@code table}, ...) are the
 * {@link RunnerKey}s, their paths checked by the {@link OutputPathPolicy}. ({@code threads}
 * is a command key of {@link SolverParameters}.) {@code -batch} runs an ImageJ 1.x macro
 * ({@link MacroRun}): exit status 0, or 2 with one {@code error:} line when the macro stops
 * with an error.
 * <p>
 * Contract for scripts: on success exactly one summary line on stdout and status 0; bad
 * input: one line {@code error: ...} on stderr and status 2; an unexpected failure: one
 * line and status 1 (stack trace with {@code --debug}); a diverged run writes its
 * outputs but exits with 3; Ctrl-C stops the solver, writes the partial result (the
 * summary says so) and exits with 130. Progress goes to stderr every few seconds.
 */
public final class HeadlessRunner {

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

	void setModuleRunning(final boolean b) {
		moduleRunning = b;
	}

	boolean interruptRequested() {
		return interruptRequested;
	}

	void setProgressInterval(final long millis) {
		progressIntervalNanos = TimeUnit.MILLISECONDS.toNanos(millis);
	}

	long progressIntervalNanos() {
		return progressIntervalNanos;
	}

	/** Whether {@code --debug} was given: stack traces and SciJava's log messages. */
	boolean debug() {
		return debug;
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
				HelpPrinter.usage(err);
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
					return MacroRun.runMacro(this, imagejDir, Paths.get(args.get(1)), args.size() > 2 ? args.get(2) : null, out,
						err);
				case "--list":
					if (args.size() > 1) throw new BadInputException("--list takes no arguments");
					return list(out);
				case "--help":
				case "-h":
					if (args.size() == 1) {
						HelpPrinter.usage(out);
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
		catch (final ExecutionException e) {
			// the command failed: its exception is the cause, the wrapper says nothing
			if (outOfMemory(e, err)) return BAD_INPUT;
			reportUnexpected(e.getCause() != null ? e.getCause() : e, err);
			return UNEXPECTED;
		}
		catch (final Throwable t) {
			if (outOfMemory(t, err)) return BAD_INPUT;
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
		try (CommandCatalog catalog = CommandCatalog.open(debug)) {
			for (final CommandInfo info : catalog.commands())
				out.println(info.getTitle());
		}
		return OK;
	}

	private int help(final String label, final PrintStream out) throws BadInputException {
		try (CommandCatalog catalog = CommandCatalog.open(debug)) {
			HelpPrinter.help(catalog, catalog.find(label), out);
		}
		return OK;
	}

	private int runCommand(final String label, final List<String> options, final PrintStream out,
		final PrintStream err) throws BadInputException, ExecutionException
	{
		// the native library links while the command context starts and the image is read
		Kernels.preloadNative();
		try (CommandCatalog catalog = CommandCatalog.open(debug)) {
			return new CommandRun(this, out, err).run(catalog, label, options);
		}
	}

	/**
	 * A heap that ran out where no estimate guards (reading the inputs, a solver without
	 * one, an estimate that was too low) is the input's size against -Xmx, not a bug: one
	 * {@code error:} line with the fix. Outputs are written atomically, so none is partial.
	 */
	private boolean outOfMemory(final Throwable t, final PrintStream err) {
		Throwable root = t;
		while (!(root instanceof OutOfMemoryError) && root.getCause() != null && root.getCause() != root)
			root = root.getCause();
		if (!(root instanceof OutOfMemoryError)) return false;
		err.println("error: not enough memory: the Java heap (" + (Runtime.getRuntime().maxMemory() >> 20) +
			" MB) ran out (" + root.getMessage() + "); give Java more memory (java -Xmx... -jar), or tile large images " +
			"(tile=1024)");
		if (debug) t.printStackTrace(err);
		return true;
	}

	private void reportUnexpected(final Throwable t, final PrintStream err) {
		// the deepest cause names the actual failure; the wrappers ("Module threw exception") do not
		Throwable root = t;
		while (root.getCause() != null && root.getCause() != root)
			root = root.getCause();
		err.println("error: unexpected " + root.getClass().getSimpleName() + (root.getMessage() == null ? ""
			: ": " + root.getMessage().replaceAll("\\s+", " ")) + (debug ? "" : " (run with --debug for details)"));
		if (debug) t.printStackTrace(err);
	}
}
