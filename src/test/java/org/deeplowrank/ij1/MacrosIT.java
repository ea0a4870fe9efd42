package org.deeplowrank.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import ij.IJ;
import ij.ImagePlus;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fat jar as a plain ImageJ 1.x plugin, and every macro of macros/ run headlessly in
 * it (integration test: runs after {@code package}, on the real jars).
 * <p>
 * A temporary ImageJ 1.x installation is made of ij.jar (the one on this classpath, i.e.
 * net.imagej:ij from the Maven repository) and plugins/Deep_Low_Rank.jar (a copy of
 * target/deep-low-rank-headless.jar; ImageJ 1.x installs only plugin jars whose name has
 * an underscore). Each macro runs in its own headless JVM whose class path is that
 * installation, with the runner's -batch; its files are then checked, the reconstruction
 * errors on the bundled example against thresholds.
 */
class MacrosIT {

	static final Path PROJECT = Paths.get("").toAbsolutePath();
	static final Path FAT_JAR = PROJECT.resolve("target/deep-low-rank-headless.jar");
	static final Path EXAMPLES = PROJECT.resolve("examples");

	@TempDir
	static Path tmp;

	static Path imagej, ijJar, pluginJar;
	static final Map<String, Double> seconds = new HashMap<>();

	@BeforeAll
	static void installation() throws Exception {
		assertTrue(Files.isRegularFile(FAT_JAR), "run after 'package': " + FAT_JAR);
		imagej = Files.createDirectories(tmp.resolve("ImageJ"));
		ijJar = imagej.resolve("ij.jar");
		Files.copy(Paths.get(IJ.class.getProtectionDomain().getCodeSource().getLocation().toURI()), ijJar);
		pluginJar = Files.createDirectories(imagej.resolve("plugins")).resolve("Deep_Low_Rank.jar");
		Files.copy(FAT_JAR, pluginJar, StandardCopyOption.REPLACE_EXISTING);
	}

	/** Runs a macro in the installation: ij.jar first on the class path, the plugin jar from plugins/. */
	static Forked macro(final String name, final String args) throws Exception {
		final Forked f = Forked.java(imagej, tmp.resolve("jvm-tmp-" + name), "-cp", ijJar + File.pathSeparator +
			pluginJar, "org.deeplowrank.headless.HeadlessRunner", "-ijpath", imagej.toString(), "-batch", PROJECT.resolve(
				"macros/" + name + ".ijm").toString(), args);
		seconds.put(name, f.seconds);
		System.out.printf("macro %s: %.1f s%n", name, f.seconds);
		assertEquals(0, f.code, f::toString);
		return f;
	}

	static double printed(final String out, final String key) {
		final Matcher m = Pattern.compile(key + "=([0-9.eE+-]+)").matcher(out);
		assertTrue(m.find(), out);
		return Double.parseDouble(m.group(1));
	}

	/** |a - b| / |b| over all pixels. */
	static double relError(final ImagePlus a, final ImagePlus b) {
		final float[] x = (float[]) a.getProcessor().convertToFloatProcessor().getPixels();
		final float[] y = (float[]) b.getProcessor().convertToFloatProcessor().getPixels();
		double e = 0, n = 0;
		for (int i = 0; i < x.length; i++) {
			e += (x[i] - y[i]) * (double) (x[i] - y[i]);
			n += y[i] * (double) y[i];
		}
		return Math.sqrt(e / n);
	}

	@Test
	void everyMacroHasATest() throws Exception {
		try (Stream<Path> s = Files.list(PROJECT.resolve("macros"))) {
			assertEquals(List.of("batch_folder.ijm", "complete_example.ijm", "depth_scale_sweep.ijm",
				"factorization_dynamics.ijm", "sensing_demo.ijm"), s
				.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList()));
		}
	}

	@Test
	void imageJ1InstallsThePluginJarAndItNeedsNothingButIjJar() throws Exception {
		assertEquals(List.of(pluginJar), HeadlessImageJ.pluginJars(imagej.resolve("plugins")));
		// a class loader with ij.jar only, and ImageJ's plugin loader on top of it with the jar
		try (URLClassLoader ij = new URLClassLoader(new URL[] { ijJar.toUri().toURL() }, ClassLoader
			.getPlatformClassLoader()); URLClassLoader plugins = new URLClassLoader(new URL[] { pluginJar.toUri()
				.toURL() }, ij))
		{
			final Class<?> plugIn = ij.loadClass("ij.plugin.PlugIn");
			final List<String> labels = new ArrayList<>();
			for (final Map.Entry<String, String[]> e : PluginsConfigTest.entries().entrySet()) {
				final String cls = e.getValue()[1];
				final Class<?> bridge = plugins.loadClass(cls.substring(0, cls.indexOf('(')));
				assertTrue(plugIn.isAssignableFrom(bridge));
				assertNotNull(bridge.getDeclaredConstructor().newInstance());
				final Class<?> command = plugins.loadClass(cls.substring(cls.indexOf("(\"") + 2, cls.length() - 2));
				// reading the keys loads SciJava's annotations and the command's ImgLib2 types from the jar
				final Method inputs = plugins.loadClass("org.deeplowrank.command.CommandKeys").getMethod("inputs",
					Class.class);
				assertTrue(((List<?>) inputs.invoke(null, command)).size() > 10);
				labels.add(e.getKey());
			}
			assertEquals(new java.util.TreeSet<>(List.of("Complete Masked Image", "Sense and Reconstruct Image",
				"Batch Complete Folder", "Greedy Low-Rank Learning", "Factorization Dynamics")), new java.util.TreeSet<>(labels), labels.toString());
			assertNotNull(plugins.loadClass("org.ejml.data.DMatrixRMaj"));
		}
	}

	@Test
	void completeExample() throws Exception {
		final Path out = tmp.resolve("complete/two/levels"); // folders that do not exist yet
		final Forked f = macro("complete_example", "example=" + EXAMPLES + " output=" + out + " iterations=600");
		final double printed = printed(f.out, "rel_error");
		final ImagePlus result = IJ.openImage(out.resolve("weave_completed.tif").toString());
		assertEquals(160, result.getWidth());
		assertEquals(32, result.getBitDepth());
		final double rel = relError(result, IJ.openImage(EXAMPLES.resolve("weave.tif").toString()));
		assertEquals(printed, rel, 1e-6, "the printed error is the file's");
		// the example carries 1 % noise: about 0.01 is the floor
		assertTrue(rel < 0.02, "rel_error " + rel);
		assertTrue(Files.readAllLines(out.resolve("weave_log.csv")).size() > 10);
		assertTrue(Files.size(out.resolve("weave_loss.png")) > 1000);
	}

	@Test
	void completeExampleFailsWhenItCannotSave() throws Exception {
		final Path file = Files.writeString(tmp.resolve("a-file"), "not a folder");
		final Forked f = Forked.java(imagej, tmp.resolve("jvm-tmp-unsaved"), "-cp", ijJar + File.pathSeparator +
			pluginJar, "org.deeplowrank.headless.HeadlessRunner", "-ijpath", imagej.toString(), "-batch", PROJECT.resolve(
				"macros/complete_example.ijm").toString(), "example=" + EXAMPLES + " output=" + file.resolve("out") +
					" iterations=20");
		assertEquals(2, f.code, f::toString);
		assertTrue(f.err.startsWith("error: makeFolders: cannot create the folder '" + file.resolve("out")), f::toString);
		assertFalse(f.out.contains("wrote "), f::toString);
	}

	@Test
	void sensingDemo() throws Exception {
		final Path out = tmp.resolve("sensing");
		final Forked f = macro("sensing_demo", "example=" + EXAMPLES + " output=" + out + " iterations=600");
		final double rel = printed(f.out, "rel_error");
		assertTrue(rel < 0.05, "rel_error " + rel);
		assertEquals(96, IJ.openImage(out.resolve("weave_sensed.tif").toString()).getWidth());
	}

	@Test
	void depthScaleSweep() throws Exception {
		final Path out = tmp.resolve("sweep");
		macro("depth_scale_sweep", "example=" + EXAMPLES + " output=" + out + " iterations=600");
		final List<String> lines = Files.readAllLines(out.resolve("sweep.csv"));
		final List<String> header = List.of(lines.get(0).split(","));
		final int depth = header.indexOf("depth"), rel = header.indexOf("rel_error");
		assertEquals(10, lines.size(), lines::toString);
		double worstShallow = Double.POSITIVE_INFINITY, bestDeep = Double.POSITIVE_INFINITY;
		for (final String line : lines.subList(1, lines.size())) {
			final String[] v = line.split(",");
			final double e = Double.parseDouble(v[rel]);
			if (Double.parseDouble(v[depth]) == 1) worstShallow = Math.min(worstShallow, e);
			else bestDeep = Math.min(bestDeep, e);
		}
		// depth 1 (least squares) cannot fill anything in; a deeper factorization can
		assertTrue(worstShallow > 0.1, "depth 1: " + worstShallow);
		assertTrue(bestDeep < 0.02, "depth >= 2: " + bestDeep);
	}

	@Test
	void factorizationDynamics() throws Exception {
		final Path out = tmp.resolve("dynamics");
		macro("factorization_dynamics", "example=" + EXAMPLES + " output=" + out + " iterations=800");
		final List<String> lines = Files.readAllLines(out.resolve("study.csv"));
		assertEquals(7, lines.size(), lines::toString);
		final List<String> header = List.of(lines.get(0).split(","));
		final int depth = header.indexOf("depth"), rel = header.indexOf("rel_error");
		double shallow = Double.POSITIVE_INFINITY, deep = Double.POSITIVE_INFINITY;
		for (final String line : lines.subList(1, lines.size())) {
			final String[] v = line.split(",");
			final double e = Double.parseDouble(v[rel]);
			if (Double.parseDouble(v[depth]) == 1) shallow = Math.min(shallow, e);
			else deep = Math.min(deep, e);
		}
		// depth 1 fits the observed pixels and leaves the missing ones at the initial ~0
		assertTrue(shallow > 0.1, "depth 1: " + shallow);
		assertTrue(deep < 0.05, "depth >= 2: " + deep);
		final List<String> log = Files.readAllLines(out.resolve("log.csv"));
		assertTrue(log.get(0).startsWith("run,depth,scale,iteration,loss"), log.get(0));
		assertTrue(Files.size(out.resolve("loss.png")) > 1000);
	}

	@Test
	void batchFolder() throws Exception {
		final Path out = tmp.resolve("batch");
		final Forked f = macro("batch_folder", "example=" + EXAMPLES + " output=" + out + " iterations=300");
		assertTrue(f.out.contains("images=3 done=3 skipped=0 failed=0"), f.out);
		final List<String> summary = Files.readAllLines(out.resolve("summary.csv"));
		assertEquals(4, summary.size(), summary::toString);
		for (int i = 1; i <= 3; i++) {
			assertTrue(summary.get(i).startsWith("piece" + i + ".tif,64x64,"), summary.get(i));
			assertTrue(summary.get(i).contains(",done,"), summary.get(i));
			assertEquals(64, IJ.openImage(out.resolve("piece" + i + "_completed.tif").toString()).getWidth());
		}
	}

	@Test
	void theDocumentedCommandLine() throws Exception {
		// exactly as in the README: from the project folder, the example found by default
		final Path out = tmp.resolve("documented");
		final Forked f = Forked.java(PROJECT, tmp.resolve("jvm-tmp-documented"), "-jar",
			"target/deep-low-rank-headless.jar", "-batch", "macros/sensing_demo.ijm", "output=" + out + " iterations=300");
		assertEquals(0, f.code, f::toString);
		assertTrue(printed(f.out, "rel_error") < 0.2, f.out);
		assertTrue(Files.isRegularFile(out.resolve("weave_sensed.tif")));
		final Forked bad = Forked.java(PROJECT, tmp.resolve("jvm-tmp-documented"), "-jar",
			"target/deep-low-rank-headless.jar", "-batch", "macros/complete_example.ijm", "example=" + tmp.resolve(
				"nowhere") + " output=" + out);
		assertEquals(2, bad.code, bad::toString);
		assertEquals(1, bad.err.trim().split("\\R").length, bad::toString);
		assertTrue(bad.err.startsWith("error: "), bad::toString);
	}
}
