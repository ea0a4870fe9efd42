package org.deeplowrank.headless;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.deeplowrank.ij1.HeadlessImageJ;

/**
 * {@code -batch macro.ijm 'argument'}: runs an ImageJ 1.x macro without a screen, with the
 * Deep Low-Rank commands (and those of the plugins of {@code -ijpath}'s plugins/ folder)
 * available to {@code run(...)}, see {@link HeadlessImageJ}. ({@code -batch} is ImageJ's
 * name for the option; it has nothing to do with {@code org.deeplowrank.batch}.)
 */
final class MacroRun {

	private MacroRun() {}

	/**
	 * Runs the macro; its {@code print} output and return value go to {@code out}, the
	 * commands' progress to {@code err}. Returns the exit status: 0, or 130 after an
	 * interrupt.
	 *
	 * @param imagejDir an ImageJ folder whose plugins to install, or null
	 * @param arg the macro's argument ({@code getArgument()}), or null
	 * @throws BadInputException when the macro file is missing or the macro stops with an error
	 */
	static int runMacro(final HeadlessRunner runner, final Path imagejDir, final Path macro, final String arg,
		final PrintStream out, final PrintStream err) throws BadInputException
	{
		if (!Files.isRegularFile(macro)) throw new BadInputException("macro file '" + macro + "' not found");
		final PrintStream stdout = System.out;
		try {
			// macros print() to System.out; the runner's own out stream is where that should go
			if (out != stdout) System.setOut(out);
			HeadlessImageJ.install(imagejDir);
			HeadlessImageJ.setProgress(TimeUnit.NANOSECONDS.toMillis(runner.progressIntervalNanos()), err);
			final HeadlessImageJ.MacroOutcome o = HeadlessImageJ.runMacro(macro, arg);
			if (o.error != null) throw new BadInputException(o.error);
			if (o.returned != null && !o.returned.isEmpty() && !o.returned.equals("[aborted]")) out.println(o.returned);
			return runner.interruptRequested() ? HeadlessRunner.INTERRUPTED : HeadlessRunner.OK;
		}
		catch (final IOException e) {
			throw new BadInputException(e.getMessage());
		}
		finally {
			HeadlessImageJ.setProgress(-1, err);
			if (out != stdout) System.setOut(stdout);
		}
	}
}
