package org.deeplowrank.headless;

import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * A command that fails with an unexpected exception, to test the runner's exit status 1
 * path. Test sources only (it is discovered through the test classes' plugin index).
 */
@Plugin(type = Command.class, headless = true, label = ThrowingTestCommand.LABEL)
public class ThrowingTestCommand extends ContextCommand {

	static final String LABEL = "Test Throwing Command";

	@Parameter(label = "Value", description = "Ignored.")
	private int value = 1;

	@Override
	public void run() {
		throw new IllegalStateException("boom " + value);
	}
}
