package org.deeplowrank.headless;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.deeplowrank.command.CommandKeys;
import org.deeplowrank.keys.OptionStrings;
import org.scijava.Context;
import org.scijava.InstantiableException;
import org.scijava.ItemVisibility;
import org.scijava.app.StatusService;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.convert.ConvertService;
import org.scijava.event.EventService;
import org.scijava.log.LogService;
import org.scijava.module.ModuleItem;
import org.scijava.module.ModuleService;
import org.scijava.plugin.PluginService;
import org.scijava.thread.ThreadService;

/**
 * The Deep Low-Rank commands as the runner sees them, in a SciJava context of its own:
 * listed by label, found by label, menu path or class name (a near miss gets a
 * suggestion), each with its user-settable keys and the {@link RunnerKey}s it accepts.
 * Closing the catalog disposes of the context.
 */
final class CommandCatalog implements AutoCloseable {

	/** Only our commands are listed and runnable (the class path also holds SciJava's own). */
	static final String COMMAND_PACKAGE = "org.deeplowrank.";

	private final Context context;

	private CommandCatalog(final Context context) {
		this.context = context;
	}

	/**
	 * A context with just what running a command needs. No UI, no preferences: a headless
	 * run must not pick up values persisted by an earlier GUI session. SciJava logging is
	 * switched off (it would print to the console) unless {@code debug}; the runner reports
	 * errors itself.
	 */
	static CommandCatalog open(final boolean debug) {
		final Context context = new Context(CommandService.class, ModuleService.class, PluginService.class,
			ConvertService.class, StatusService.class, EventService.class, ThreadService.class, LogService.class);
		final LogService log = context.getService(LogService.class);
		if (log != null) log.setLevel(debug ? LogService.WARN : LogService.NONE);
		return new CommandCatalog(context);
	}

	Context context() {
		return context;
	}

	@Override
	public void close() {
		context.dispose();
	}

	/** Our commands, by label. */
	List<CommandInfo> commands() {
		final List<CommandInfo> list = new ArrayList<>();
		for (final CommandInfo info : context.service(CommandService.class).getCommands()) {
			if (info.getClassName().startsWith(COMMAND_PACKAGE)) list.add(info);
		}
		list.sort(Comparator.comparing(CommandInfo::getTitle));
		return list;
	}

	/**
	 * The command with this label (case-insensitive), menu path or class name; otherwise a
	 * bad-input error with the nearest label, as for a mistyped key
	 * ({@link KeyOptions#nearest}), and the available ones.
	 */
	CommandInfo find(final String label) throws BadInputException {
		final List<CommandInfo> all = commands();
		final String l = label.trim().replaceAll("\\s*>\\s*", " > ");
		for (final CommandInfo info : all) {
			if (info.getTitle().equalsIgnoreCase(l) || menuPath(info).equalsIgnoreCase(l) || info.getClassName().equals(l) ||
				info.getClassName().endsWith("." + l)) return info;
		}
		// nearest compares the lower-cased label with the candidates as given: give it lower-case titles
		final Map<String, String> titles = new LinkedHashMap<>();
		for (final CommandInfo info : all)
			titles.put(info.getTitle().toLowerCase(Locale.ROOT), info.getTitle());
		final String near = OptionStrings.nearest(l, titles.keySet());
		throw new BadInputException("unknown command '" + label + "'" + (near == null ? "" : " (did you mean '" + titles
			.get(near) + "'?)") + "; available: " + String.join(", ", titles.values()));
	}

	static String menuPath(final CommandInfo info) {
		return info.getMenuPath() == null ? "" : info.getMenuPath().getMenuString();
	}

	/**
	 * The user-settable inputs: everything except injected services and messages, in the
	 * order of {@link CommandKeys#inputsInUserOrder} (image first, then the command's own keys).
	 */
	List<ModuleItem<?>> keys(final CommandInfo info) {
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
		catch (final RuntimeException | InstantiableException e) {
			// keep SciJava's order
		}
		return keys;
	}

	/** The command's boolean keys: they may be given as bare flags, as ImageJ's recorder writes them. */
	Set<String> flags(final CommandInfo info) {
		final Set<String> flags = new HashSet<>();
		for (final ModuleItem<?> item : keys(info))
			if (item.getType() == boolean.class || item.getType() == Boolean.class) flags.add(item.getName());
		return flags;
	}

	/** The runner keys the command accepts (see {@link RunnerKey}). */
	Set<RunnerKey> runnerKeys(final CommandInfo info) {
		final Set<String> own = new HashSet<>();
		for (final ModuleItem<?> item : keys(info))
			own.add(item.getName());
		final List<String> outputs = new ArrayList<>();
		for (final ModuleItem<?> item : info.outputs())
			outputs.add(item.getName());
		return RunnerKey.acceptedBy(outputs, own);
	}
}
