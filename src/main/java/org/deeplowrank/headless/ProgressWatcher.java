package org.deeplowrank.headless;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.scijava.app.event.StatusEvent;
import org.scijava.command.CommandModule;
import org.scijava.event.EventHandler;
import org.scijava.event.EventService;
import org.scijava.event.EventSubscriber;
import org.scijava.module.event.ModuleErroredEvent;

/**
 * Watches a running command: keeps its last status message (sent at most 4 times a
 * second) and prints it on stderr every few seconds, and turns an interrupt request of
 * the runner into a module cancel (which the solver polls). It also takes over error
 * reporting from SciJava's module runner, which would otherwise log the exception with
 * its stack trace to the console; the runner reports it in one line itself.
 * <p>
 * Public, with public handlers, because SciJava's event service calls them reflectively.
 */
public final class ProgressWatcher {

	private final HeadlessRunner runner;
	private final PrintStream err;
	private volatile String message;

	ProgressWatcher(final HeadlessRunner runner, final PrintStream err) {
		this.runner = runner;
		this.err = err;
	}

	@EventHandler
	public void onStatus(final StatusEvent event) {
		final String m = event.getStatusMessage();
		if (m != null && !m.isEmpty() && !event.isWarning()) message = m;
	}

	@EventHandler
	public void onError(final ModuleErroredEvent event) {
		event.consume();
	}

	/**
	 * Waits for the module, printing progress at the runner's interval (a message only when
	 * it changed). An interrupt of the waiting thread counts as an interrupt request.
	 *
	 * @throws ExecutionException when the command failed unexpectedly (the cause says how)
	 */
	CommandModule await(final EventService events, final Future<CommandModule> future, final CommandModule module)
		throws ExecutionException
	{
		final List<EventSubscriber<?>> subscribers = events == null ? List.of() : events.subscribe(this);
		try {
			long lastPrint = System.nanoTime();
			String lastMessage = null;
			boolean cancelSent = false;
			while (true) {
				try {
					return future.get(100, TimeUnit.MILLISECONDS);
				}
				catch (final TimeoutException e) {
					if (runner.interruptRequested() && !cancelSent) {
						module.cancel("interrupted");
						cancelSent = true;
						err.println("interrupted: stopping the solver and writing the partial result...");
					}
					final long now = System.nanoTime();
					final String m = message;
					if (now - lastPrint >= runner.progressIntervalNanos() && m != null && !m.equals(lastMessage)) {
						err.println(m);
						lastMessage = m;
						lastPrint = now;
					}
				}
				catch (final InterruptedException e) {
					Thread.currentThread().interrupt();
					runner.requestInterrupt();
					module.cancel("interrupted");
					return module;
				}
			}
		}
		finally {
			if (events != null) events.unsubscribe(subscribers);
		}
	}
}
