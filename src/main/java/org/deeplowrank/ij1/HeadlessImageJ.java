package org.deeplowrank.ij1;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.net.URL;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;

import ij.IJ;
import ij.Macro;
import ij.Menus;
import ij.io.OpenDialog;
import ij.macro.Interpreter;

/**
 * ImageJ 1.x without a screen, for running macros headlessly
 * ({@code java -jar deep-low-rank-headless.jar -batch macro.ijm 'args'}).
 * <p>
 * Plain ij.jar cannot do this: its {@code -batch} mode builds the menu bar to find
 * commands, and AWT menus cannot exist headless, so the first {@code run("...")} fails.
 * Here the command table ({@code Menus.getCommands()}) is filled without any menu: the
 * built-in commands from ij.jar's {@code IJ_Props.txt} and the ones ImageJ adds in code
 * ({@link #BUILT_IN}), the {@code plugins.config} entries of the plugin jars of an ImageJ
 * folder (same rule as ImageJ 1.54: jars with an underscore in their name, in
 * {@code plugins/} or one folder below), and the {@code plugins.config} files on the class
 * path (this jar's own entries). The table is set by reflection on the private field
 * {@code ij.Menus.pluginsTable}, the one thing ImageJ offers no setter for.
 * <p>
 * Errors: a macro error, or a command that stops the macro with a message (ours do, see
 * {@link CommandPlugIn#error}), become a {@link MacroOutcome#error}; nothing opens a
 * dialog, nothing prints a stack trace.
 */
public final class HeadlessImageJ {

	/**
	 * Commands ImageJ 1.54 adds to its menus in code rather than in IJ_Props.txt (those of
	 * them that make sense without a screen): label, class(argument).
	 */
	static final String[][] BUILT_IN = {
		{ "Open...", "ij.plugin.Commands(\"open\")" },
		{ "Close", "ij.plugin.Commands(\"close\")" },
		{ "Close All", "ij.plugin.Commands(\"close-all\")" },
		{ "Save", "ij.plugin.Commands(\"save\")" },
		{ "Revert", "ij.plugin.Commands(\"revert\")" },
		{ "Clear", "ij.plugin.filter.Filler(\"clear\")" },
		{ "Clear Outside", "ij.plugin.filter.Filler(\"outside\")" },
		{ "Fill", "ij.plugin.filter.Filler(\"fill\")" },
		{ "Draw", "ij.plugin.filter.Filler(\"draw\")" },
		{ "Invert", "ij.plugin.filter.Filters(\"invert\")" },
		{ "Show Info...", "ij.plugin.ImageInfo" },
		{ "Properties...", "ij.plugin.filter.ImageProperties" },
		{ "Crop", "ij.plugin.Resizer(\"crop\")" },
		{ "Duplicate...", "ij.plugin.Duplicator" },
		{ "Rename...", "ij.plugin.SimpleCommands(\"rename\")" },
		{ "Scale...", "ij.plugin.Scaler" },
		{ "Smooth", "ij.plugin.filter.Filters(\"smooth\")" },
		{ "Sharpen", "ij.plugin.filter.Filters(\"sharpen\")" },
		{ "Find Edges", "ij.plugin.filter.Filters(\"edge\")" },
		{ "Find Maxima...", "ij.plugin.filter.MaximumFinder" },
		{ "Enhance Contrast...", "ij.plugin.ContrastEnhancer" },
		{ "Image Calculator...", "ij.plugin.ImageCalculator" },
		{ "Subtract Background...", "ij.plugin.filter.BackgroundSubtracter" },
		{ "Measure", "ij.plugin.filter.Analyzer" },
		{ "Analyze Particles...", "ij.plugin.filter.ParticleAnalyzer" },
		{ "Summarize", "ij.plugin.filter.Analyzer(\"sum\")" },
		{ "Distribution...", "ij.plugin.Distribution" },
		{ "Label", "ij.plugin.filter.Filler(\"label\")" },
		{ "Clear Results", "ij.plugin.filter.Analyzer(\"clear\")" },
		{ "Set Measurements...", "ij.plugin.filter.Analyzer(\"set\")" },
		{ "Set Scale...", "ij.plugin.filter.ScaleDialog" },
		{ "Calibrate...", "ij.plugin.filter.Calibrator" },
		{ "Histogram", "ij.plugin.Histogram" }
	};

	/** A plugins.config line: menu, "label", class(argument) (the pattern ImageJ2's legacy layer uses too). */
	static final Pattern CONFIG_LINE = Pattern.compile("^\\s*([^,]*),\\s*\"([^\"]*)\",\\s*([^\\s]*(\\(.*\\))?)\\s*");

	private static volatile long progressIntervalNanos = -1;
	private static long lastProgress;
	private static PrintStream progressOut = System.err;

	private HeadlessImageJ() {}

	/** The outcome of a macro run. */
	public static final class MacroOutcome {

		/** The macro's return value, or null. */
		public final String returned;
		/** The error that stopped the macro (with its line), or null. */
		public final String error;

		MacroOutcome(final String returned, final String error) {
			this.returned = returned;
			this.error = error;
		}
	}

	/**
	 * Prints progress messages of our commands on {@code err}, at most one per interval
	 * ({@code millis < 0}: never).
	 */
	public static synchronized void setProgress(final long millis, final PrintStream err) {
		progressIntervalNanos = millis < 0 ? -1 : TimeUnit.MILLISECONDS.toNanos(millis);
		progressOut = err;
		lastProgress = System.nanoTime();
	}

	static synchronized void progress(final String message) {
		if (progressIntervalNanos < 0) return;
		final long now = System.nanoTime();
		if (now - lastProgress < progressIntervalNanos) return;
		lastProgress = now;
		progressOut.println(message);
	}

	/**
	 * Fills ImageJ's command table without menus (see the class comment); call once,
	 * before anything else touches ImageJ, with {@code java.awt.headless=true}.
	 *
	 * @param imagejDir an ImageJ folder whose plugins/ to install, or null
	 * @return the commands added from plugins.config files, label -> class
	 */
	@SuppressWarnings("unchecked")
	public static synchronized Map<String, String> install(final Path imagejDir) throws IOException {
		if (imagejDir != null) {
			if (!Files.isDirectory(imagejDir)) throw new IOException("'" + imagejDir + "' is not a folder");
			System.setProperty("plugins.dir", imagejDir.toAbsolutePath().toString());
		}
		final Map<String, String> table = new LinkedHashMap<>(builtIns());
		final Map<String, String> plugins = new LinkedHashMap<>();
		if (imagejDir != null) {
			for (final Path jar : pluginJars(imagejDir.resolve("plugins"))) {
				try (JarFile jf = new JarFile(jar.toFile())) {
					final ZipEntry e = jf.getEntry("plugins.config");
					if (e != null) try (InputStream in = jf.getInputStream(e)) {
						readConfig(in, plugins);
					}
				}
			}
		}
		final Enumeration<URL> configs = HeadlessImageJ.class.getClassLoader().getResources("plugins.config");
		while (configs.hasMoreElements()) {
			try (InputStream in = configs.nextElement().openStream()) {
				readConfig(in, plugins);
			}
		}
		for (final Map.Entry<String, String> e : plugins.entrySet())
			table.putIfAbsent(e.getKey(), e.getValue());
		final Hashtable<String, String> existing = Menus.getCommands();
		if (existing != null) {
			for (final Map.Entry<String, String> e : table.entrySet())
				existing.putIfAbsent(e.getKey(), e.getValue());
		}
		else {
			try {
				final Field f = Menus.class.getDeclaredField("pluginsTable");
				f.setAccessible(true);
				f.set(null, new Hashtable<>(table));
			}
			catch (final ReflectiveOperationException | RuntimeException e) {
				throw new IOException("cannot set up ImageJ's command table (" + e + ")");
			}
		}
		return plugins;
	}

	/** ImageJ's built-in commands: IJ_Props.txt entries plus {@link #BUILT_IN}. */
	static Map<String, String> builtIns() throws IOException {
		final Map<String, String> table = new LinkedHashMap<>();
		final Properties props = new Properties();
		try (InputStream in = IJ.class.getResourceAsStream("/IJ_Props.txt")) {
			if (in != null) props.load(in);
		}
		for (final String key : props.stringPropertyNames()) {
			final String v = props.getProperty(key).trim();
			if (!v.startsWith("\"")) continue;
			final int q = v.indexOf('"', 1);
			final int comma = v.indexOf(',', q);
			if (q < 0 || comma < 0) continue;
			String label = v.substring(1, q);
			final int bracket = label.lastIndexOf('[');
			if (label.endsWith("]") && bracket > 0 && label.length() - bracket == 3) label = label.substring(0, bracket);
			if (!label.equals("-")) table.putIfAbsent(label, v.substring(comma + 1).trim());
		}
		for (final String[] e : BUILT_IN)
			table.putIfAbsent(e[0], e[1]);
		return table;
	}

	/**
	 * The line ImageJ's own error message names: the interpreter's (package-private) line of
	 * the last token; its public getLineNumber() may already point past it.
	 */
	private static int line(final Interpreter interp) {
		try {
			final Field f = Interpreter.class.getDeclaredField("lineNumber");
			f.setAccessible(true);
			final int line = f.getInt(interp);
			return line > 0 ? line : interp.getLineNumber();
		}
		catch (final ReflectiveOperationException | RuntimeException e) {
			return interp.getLineNumber();
		}
	}

	/** The plugin jars ImageJ 1.54 would install: '_' in the name, in plugins/ or one folder below. */
	public static List<Path> pluginJars(final Path pluginsDir) throws IOException {
		final List<Path> jars = new ArrayList<>();
		if (!Files.isDirectory(pluginsDir)) return jars;
		final File[] top = pluginsDir.toFile().listFiles();
		if (top == null) return jars;
		Arrays.sort(top);
		for (final File f : top) {
			if (isPluginJar(f)) jars.add(f.toPath());
			else if (f.isDirectory()) {
				final File[] sub = f.listFiles();
				if (sub == null) continue;
				Arrays.sort(sub);
				for (final File g : sub)
					if (isPluginJar(g)) jars.add(g.toPath());
			}
		}
		return jars;
	}

	private static boolean isPluginJar(final File f) {
		final String n = f.getName();
		return f.isFile() && n.indexOf('_') >= 0 && (n.endsWith(".jar") || n.endsWith(".zip"));
	}

	/** Adds the entries of a plugins.config (label -> class), first one wins. */
	static void readConfig(final InputStream in, final Map<String, String> into) throws IOException {
		final BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
		for (String line = r.readLine(); line != null; line = r.readLine()) {
			if (line.startsWith("#") || line.trim().length() < 3) continue;
			final Matcher m = CONFIG_LINE.matcher(line);
			if (m.matches() && !m.group(2).equals("-")) into.putIfAbsent(m.group(2), m.group(3));
		}
	}

	/**
	 * Runs a macro file with an argument (for {@code getArgument()}), in batch mode, on this
	 * thread; {@link #install} first.
	 */
	public static MacroOutcome runMacro(final Path file, final String arg) throws IOException {
		if (!Files.isRegularFile(file)) throw new IOException("macro '" + file + "' not found");
		String text;
		try {
			text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file)))
				.toString();
		}
		catch (final CharacterCodingException e) {
			text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
		}
		final Path dir = file.toAbsolutePath().getParent();
		if (dir != null) OpenDialog.setLastDirectory(dir.toString() + File.separator);
		final Interpreter interp = new Interpreter();
		String returned = null;
		Throwable thrown = null;
		try {
			returned = interp.run(text, arg);
		}
		catch (final Throwable t) {
			thrown = t;
		}
		final String error = interp.getErrorMessage();
		if (error != null) {
			return new MacroOutcome(null, error.replaceAll("\\s+", " ").trim() + " (line " + line(interp) + " of " + file
				.getFileName() + ")");
		}
		if (thrown != null && !Macro.MACRO_CANCELED.equals(thrown.getMessage())) {
			return new MacroOutcome(null, "unexpected " + thrown.getClass().getSimpleName() + (thrown.getMessage() == null
				? "" : ": " + thrown.getMessage()) + " (line " + line(interp) + " of " + file.getFileName() + ")");
		}
		return new MacroOutcome(returned, null);
	}
}
