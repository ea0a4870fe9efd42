package org.deeplowrank.ij1;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import net.imglib2.img.array.ArrayImgs;

import org.deeplowrank.command.CompleteMaskedImage;
import org.deeplowrank.io.LogTable;
import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.module.process.PostprocessorPlugin;
import org.scijava.module.process.PreprocessorPlugin;
import org.scijava.plugin.PluginInfo;
import org.scijava.plugin.PluginService;

/**
 * The Fiji side: the module processors are discovered like any SciJava plugin, and with
 * no screen (here, the runner, Fiji --headless) a full module run displays nothing and
 * leaves the log as an output.
 */
class FijiIntegrationTest {

	@Test
	void processorsAreDiscoveredAndDoNothingHeadless() throws Exception {
		try (Context context = new Context(CommandService.class, PluginService.class)) {
			final List<String> pre = new ArrayList<>(), post = new ArrayList<>();
			for (final PluginInfo<PreprocessorPlugin> p : context.service(PluginService.class).getPluginsOfType(
				PreprocessorPlugin.class))
				pre.add(p.getClassName());
			for (final PluginInfo<PostprocessorPlugin> p : context.service(PluginService.class).getPluginsOfType(
				PostprocessorPlugin.class))
				post.add(p.getClassName());
			assertTrue(pre.contains(FijiIntegration.EscapeCancels.class.getName()), pre.toString());
			assertTrue(post.contains(FijiIntegration.ShowLog.class.getName()), post.toString());
			assertFalse(FijiIntegration.hasUserInterface());
			final LogTable before = LogDisplay.lastLog();
			final CommandModule m = context.service(CommandService.class).run(CompleteMaskedImage.class, true, "image",
				ArrayImgs.floats(new float[] { 1, 2, 3, 2, 4, 6 }, 3, 2), "iterations", 5).get();
			assertNotNull(m.getOutput("log"));
			assertFalse(m.isOutputResolved("log"), "headless: the log is left to the caller");
			assertTrue(LogDisplay.lastLog() == before, "nothing published");
		}
	}
}
