package org.deeplowrank.headless;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.deeplowrank.command.SolverCommand;
import org.deeplowrank.solver.ReconstructionResult;
import org.deeplowrank.solver.gd.StopReason;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandModule;
import org.scijava.event.EventService;
import org.scijava.module.ModuleService;

/**
 * One {@code --run}: the request checked (keys, values, output paths), the images read,
 * the command run as a SciJava module under a {@link ProgressWatcher}, then the outputs
 * written (also a partial result after an interrupt) and the summary line printed.
 */
final class CommandRun {

	private final HeadlessRunner runner;
	private final PrintStream out;
	private final PrintStream err;

	CommandRun(final HeadlessRunner runner, final PrintStream out, final PrintStream err) {
		this.runner = runner;
		this.out = out;
		this.err = err;
	}

	/** Runs a command; returns the exit status. */
	int run(final CommandCatalog catalog, final String label, final List<String> optionArgs)
		throws BadInputException, ExecutionException
	{
		final CommandInfo info = catalog.find(label);
		final Map<String, String> options = RunOptions.parse(optionArgs, catalog.flags(info));
		final RunRequest request = RunRequest.parse(catalog, info, options);
		request.openImages();
		if (runner.interruptRequested()) {
			err.println("interrupted before the run started; nothing written");
			return HeadlessRunner.INTERRUPTED;
		}
		final ModuleService moduleService = catalog.context().service(ModuleService.class);
		final CommandModule module = (CommandModule) moduleService.createModule(request.info);
		for (final Map.Entry<String, Object> e : request.values.entrySet()) {
			module.setInput(e.getKey(), e.getValue());
			module.resolveInput(e.getKey());
		}
		final Object command = module.getCommand();
		if (command instanceof SolverCommand && request.source != null) {
			((SolverCommand) command).setChannelAxis(request.source.channelAxis);
		}
		runner.setModuleRunning(true);
		try {
			new ProgressWatcher(runner, err).await(catalog.context().getService(EventService.class), moduleService.run(
				module, false, Collections.emptyMap()), module);
		}
		finally {
			runner.setModuleRunning(false);
		}
		return report(module, request);
	}

	/**
	 * After the module returned: a refusal becomes the bad-input error; otherwise the
	 * outputs are written and the summary line printed.
	 */
	private int report(final CommandModule module, final RunRequest request) throws BadInputException {
		final ReconstructionResult result = module.getCommand() instanceof SolverCommand ? ((SolverCommand) module
			.getCommand()).getResult() : null;
		final boolean interrupted = runner.interruptRequested();
		final boolean writesImage = request.runnerKeys.contains(RunnerKey.OUTPUT);
		if (module.isCanceled() && !interrupted) {
			final String reason = module.getCancelReason();
			throw new BadInputException(reason == null || reason.isEmpty() ? "the command was cancelled" : reason);
		}
		if (module.isCanceled() && writesImage && module.getOutput(RunnerKey.OUTPUT.writes) == null) {
			err.println("interrupted before the first iteration; nothing written");
			return HeadlessRunner.INTERRUPTED;
		}
		if (module.isCanceled() && module.getCancelReason() != null && !module.getCancelReason().equals("interrupted")) {
			throw new BadInputException(module.getCancelReason());
		}
		final Object summary = module.getOutput("summary");
		final StringBuilder line = new StringBuilder(summary != null ? summary.toString() : "done");
		if (!writeOutputs(module, request, line)) return HeadlessRunner.UNEXPECTED;
		out.println(line);
		if (interrupted) {
			if (writesImage) err.println("interrupted: the outputs hold the result at iteration " + (result == null ? "?"
				: result.steps()));
			else err.println("interrupted: what was written stays");
			return HeadlessRunner.INTERRUPTED;
		}
		return result != null && result.stopReason == StopReason.DIVERGED ? HeadlessRunner.DIVERGED : HeadlessRunner.OK;
	}

	/**
	 * Writes every requested output, appending {@code key=path} to the summary line for each
	 * one written. A file that cannot be written does not keep the others from being
	 * written; then one error line names each failed file and what was written, and the
	 * result is false.
	 */
	private boolean writeOutputs(final CommandModule module, final RunRequest request, final StringBuilder line) {
		final List<String> failures = new ArrayList<>(), written = new ArrayList<>();
		for (final RunnerKey key : request.outputs.keys()) {
			final Path given = request.outputs.given(key);
			try {
				if (!key.write(module, request, request.outputs.target(key))) continue;
				line.append(' ').append(key.key).append('=').append(given);
				written.add(key.key + "=" + given);
			}
			catch (final IOException e) {
				failures.add("cannot write " + key.key + " '" + given + "': " + OutputPathPolicy.reason(e));
				if (runner.debug()) e.printStackTrace(err);
			}
		}
		if (failures.isEmpty()) return true;
		err.println("error: " + String.join("; ", failures) + (written.isEmpty() ? "; nothing else was written"
			: "; written: " + String.join(" ", written)));
		return false;
	}
}
