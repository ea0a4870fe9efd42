package org.deeplowrank.headless;

import java.io.File;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.scijava.command.CommandInfo;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.ModuleService;

/** What {@code --help} prints: the usage, or one command's keys with types, defaults and descriptions. */
final class HelpPrinter {

	private HelpPrinter() {}

	static void usage(final PrintStream s) {
		s.println("Deep Low-Rank headless runner");
		s.println("  --list                         the commands");
		s.println("  --help \"Command Label\"         a command's keys, types and defaults");
		s.println("  --run \"Command Label\" 'key=value,key=value'   run a command (also key=value key=[a b])");
		s.println("  [-ijpath folder] -batch macro.ijm ['argument']   run an ImageJ 1.x macro headlessly");
		s.println("  --debug                        print stack traces and SciJava log messages");
		s.println("Example: java -jar deep-low-rank-headless.jar --run \"Complete Masked Image\" " +
			"'image=examples/weave.tif,mask=examples/weave_mask.tif,output=out.tif,table=log.csv'");
	}

	/** The keys of one command: its own, then the runner keys it accepts, then its outputs and the exit status. */
	static void help(final CommandCatalog catalog, final CommandInfo info, final PrintStream out) {
		final Module module = catalog.context().service(ModuleService.class).createModule(info);
		out.println(info.getTitle() + "  (" + CommandCatalog.menuPath(info) + ")");
		if (info.getDescription() != null && !info.getDescription().isEmpty()) out.println("  " + info
			.getDescription());
		out.println();
		out.println("Keys, as --run \"" + info.getTitle() + "\" 'key=value,key=value' (image keys take file paths):");
		for (final ModuleItem<?> item : catalog.keys(info)) {
			final Object value = item.getValue(module);
			final String dflt;
			if (RunRequest.isImage(item.getType())) dflt = item.isRequired() ? "required" : "optional (*None*: no image)";
			else dflt = "default " + (value == null ? "none" : value);
			printKey(out, item.getName(), typeName(item) + ", " + dflt, item.getDescription());
		}
		out.println("Runner keys:");
		final Set<RunnerKey> runnerKeys = catalog.runnerKeys(info);
		final List<String> written = new ArrayList<>();
		for (final RunnerKey key : runnerKeys) {
			printKey(out, key.key, key.typeHelp(), key.description);
			written.add(key.writes + " -> " + key.key);
		}
		final List<String> outputs = new ArrayList<>();
		for (final ModuleItem<?> item : info.outputs())
			outputs.add(item.getName());
		out.println("Outputs: " + String.join(", ", outputs) + " (the summary line is printed" + (written.isEmpty() ? ""
			: "; " + String.join(", ", written)) + ")");
		out.println("Exit status: 0 done, 2 bad input, 3 diverged (outputs written), 130 interrupted " +
			"(partial result written), 1 unexpected failure (--debug prints the stack trace).");
	}

	private static String typeName(final ModuleItem<?> item) {
		final Class<?> t = item.getType();
		if (RunRequest.isImage(t)) return "image file";
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

	private static void printKey(final PrintStream out, final String key, final String type, final String description) {
		out.println(String.format(Locale.ROOT, "  %-15s %s", key, type));
		if (description != null && !description.isEmpty()) out.println("                  " + description);
	}
}
