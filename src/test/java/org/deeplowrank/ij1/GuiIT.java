package org.deeplowrank.ij1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Rectangle;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import ij.IJ;
import ij.ImagePlus;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first run of a new user, on a real screen (integration test, after
 * {@code package}): an X server of 1366 x 768 pixels (Xvfb, started here; .ci/run installs
 * it), ImageJ 1.54 with the fat jar as plugins/Deep_Low_Rank.jar, and {@link GuiSession}
 * driving it: the main dialog and the advanced one must fit the screen and be at most
 * 700 pixels tall, the mask must be preselected, OK must produce the result image, the
 * "Deep Low-Rank Log" table and the loss plot side by side, and the recorded line must
 * replay the same pixels in the headless runner and in a -batch macro. Screenshots go to
 * target/gui/. Skipped, saying so, only where no X server can be started.
 */
class GuiIT {

	static final int SCREEN_WIDTH = 1366, SCREEN_HEIGHT = 768, MAX_DIALOG_HEIGHT = 700;
	/** Room a title bar needs besides the title's text. */
	static final int TITLE_BAR_EXTRA = 130;
	static final Path OUT = MacrosIT.PROJECT.resolve("target/gui");

	@TempDir
	static Path tmp;

	private static Process xvfb;
	private static String display;

	@BeforeAll
	static void startXServer() throws Exception {
		try {
			xvfb = new ProcessBuilder("Xvfb", "-displayfd", "1", "-screen", "0", SCREEN_WIDTH + "x" + SCREEN_HEIGHT + "x24",
				"-nolisten", "tcp").redirectError(tmp.resolve("xvfb.txt").toFile()).start();
		}
		catch (final IOException e) {
			Assumptions.abort("GUI test skipped: no X server can be started (Xvfb is not installed; .ci/run installs " +
				"it with apt-get): " + e.getMessage());
		}
		// -displayfd 1: Xvfb picks a free display and prints its number once it is ready
		final BufferedReader r = new BufferedReader(new InputStreamReader(xvfb.getInputStream(), StandardCharsets.UTF_8));
		final CompletableFuture<String> number = CompletableFuture.supplyAsync(() -> {
			try {
				return r.readLine();
			}
			catch (final IOException e) {
				return null;
			}
		});
		String n = null;
		try {
			n = number.get(30, TimeUnit.SECONDS);
		}
		catch (final java.util.concurrent.TimeoutException e) {
			// handled below
		}
		if (n == null || !n.trim().matches("[0-9]+")) {
			xvfb.destroyForcibly();
			Assumptions.abort("GUI test skipped: Xvfb did not start: " + Files.readString(tmp.resolve("xvfb.txt")));
		}
		display = ":" + n.trim();
	}

	@AfterAll
	static void stopXServer() throws InterruptedException {
		if (xvfb != null) {
			xvfb.destroy();
			if (!xvfb.waitFor(10, TimeUnit.SECONDS)) xvfb.destroyForcibly();
		}
	}

	@Test
	void firstRunFitsALaptopScreenShowsItsResultsAndRecordsAReplayableLine() throws Exception {
		assertTrue(Files.isRegularFile(MacrosIT.FAT_JAR), "run after 'package': " + MacrosIT.FAT_JAR);
		final Path imagej = Files.createDirectories(tmp.resolve("ImageJ"));
		final Path ijJar = imagej.resolve("ij.jar");
		Files.copy(Paths.get(IJ.class.getProtectionDomain().getCodeSource().getLocation().toURI()), ijJar);
		Files.copy(MacrosIT.FAT_JAR, Files.createDirectories(imagej.resolve("plugins")).resolve("Deep_Low_Rank.jar"),
			StandardCopyOption.REPLACE_EXISTING);
		Files.createDirectories(OUT);
		final String testClasses = MacrosIT.PROJECT.resolve("target/test-classes").toString();
		final Forked gui = Forked.javaOnScreen(display, 300, imagej, tmp.resolve("jvm-gui"), "-cp", ijJar +
			File.pathSeparator + testClasses, GuiSession.class.getName(), imagej.toString(), MacrosIT.EXAMPLES.toString(),
			OUT.toString());
		System.out.printf("GUI session: %.1f s%n%s", gui.seconds, gui.out);
		assertEquals(0, gui.code, gui::toString);
		final Map<String, String> report = report(gui.out);
		assertEquals(SCREEN_WIDTH + "x" + SCREEN_HEIGHT, report.get("screen"), gui::toString);

		for (final String dialog : List.of("main_dialog", "advanced_dialog")) {
			final Rectangle d = rectangle(report.get(dialog));
			assertTrue(new Rectangle(0, 0, SCREEN_WIDTH, SCREEN_HEIGHT).contains(d), dialog + " " + d +
				" is not inside the screen");
			assertTrue(d.height <= MAX_DIALOG_HEIGHT, dialog + " is " + d.height + " px tall");
			final int title = Integer.parseInt(report.get(dialog.replace("dialog", "title_width")));
			assertTrue(d.width >= title + TITLE_BAR_EXTRA, dialog + " " + d.width + " px wide cuts its title");
		}
		assertEquals("weave_mask.tif", report.get("mask_preselected"), "the open mask of the image's size");

		final Rectangle image = rectangle(report.get("window_image")), table = rectangle(report.get("window_table")),
			plot = rectangle(report.get("window_plot"));
		final Map<String, Rectangle> windows = new LinkedHashMap<>();
		windows.put("image", image);
		windows.put("table", table);
		windows.put("plot", plot);
		if (report.containsKey("window_log")) windows.put("Log", rectangle(report.get("window_log")));
		for (final Map.Entry<String, Rectangle> a : windows.entrySet()) {
			assertTrue(new Rectangle(0, 0, SCREEN_WIDTH, SCREEN_HEIGHT).contains(a.getValue()), a.getKey() + " " + a
				.getValue() + " is not inside the screen");
			for (final Map.Entry<String, Rectangle> b : windows.entrySet())
				if (!a.getKey().equals(b.getKey())) assertFalse(a.getValue().intersects(b.getValue()), a.getKey() + " " + a
					.getValue() + " overlaps " + b.getKey() + " " + b.getValue());
		}
		assertTrue(image.width >= Integer.parseInt(report.get("window_image_title_width")) + TITLE_BAR_EXTRA,
			"the result window cuts its title: " + image);
		assertTrue(Double.parseDouble(report.get("rel_error")) < 0.05, report.get("rel_error"));
		for (final String png : List.of("dialog.png", "advanced.png", "results.png"))
			assertTrue(Files.size(OUT.resolve(png)) > 10_000, png);

		// the recorded line: the keys that differ from their defaults, and nothing else
		final String recorded = report.get("recorded");
		assertEquals("image=weave.tif mask=weave_mask.tif reference=weave.tif iterations=1000 tolerance=1E-4", recorded);
		replaysTheSameResult(recorded);
	}

	/** The recorded line, unchanged, in the runner and in a -batch macro: the GUI's pixels. */
	private static void replaysTheSameResult(final String recorded) throws Exception {
		final Path dir = Files.createDirectories(tmp.resolve("replay"));
		for (final String name : new String[] { "weave.tif", "weave_mask.tif" })
			Files.copy(MacrosIT.EXAMPLES.resolve(name), dir.resolve(name));
		final ImagePlus gui = IJ.openImage(OUT.resolve("from_gui.tif").toString());

		final Forked runner = Forked.java(dir, tmp.resolve("jvm-runner"), "-jar", MacrosIT.FAT_JAR.toString(), "--run",
			GuiSession.COMMAND, recorded + " output=from_runner.tif");
		assertEquals(0, runner.code, runner::toString);
		final ImagePlus headless = IJ.openImage(dir.resolve("from_runner.tif").toString());
		assertArrayEquals((float[]) gui.getProcessor().getPixels(), (float[]) headless.getProcessor().getPixels(),
			"the runner gives the GUI's pixels");

		Files.writeString(dir.resolve("replay.ijm"), "open(getDirectory('cwd') + 'weave.tif');\n" +
			"open(getDirectory('cwd') + 'weave_mask.tif');\n" + "selectImage('weave.tif');\n" + "run(\"" +
			GuiSession.COMMAND + "\", \"" + recorded + "\");\n" + "saveAs('Tiff', getDirectory('cwd') + 'from_batch.tif');\n");
		final Forked batch = Forked.java(dir, tmp.resolve("jvm-batch"), "-jar", MacrosIT.FAT_JAR.toString(), "-batch",
			"replay.ijm");
		assertEquals(0, batch.code, batch::toString);
		// pixels bit for bit (the TIFF's byte order is an ImageJ preference of the session)
		assertArrayEquals((float[]) gui.getProcessor().getPixels(), (float[]) IJ.openImage(dir.resolve("from_batch.tif")
			.toString()).getProcessor().getPixels(), "a -batch macro with the recorded line gives the GUI's pixels");
	}

	private static Map<String, String> report(final String out) {
		final Map<String, String> r = new LinkedHashMap<>();
		for (final String line : out.split("\\R"))
			if (line.startsWith("report ")) {
				final int eq = line.indexOf('=');
				r.put(line.substring(7, eq), line.substring(eq + 1));
			}
		return r;
	}

	private static Rectangle rectangle(final String xywh) {
		assertTrue(xywh != null && xywh.matches("-?\\d+,-?\\d+,\\d+,\\d+"), "bounds: " + xywh);
		final String[] v = xywh.split(",");
		return new Rectangle(Integer.parseInt(v[0]), Integer.parseInt(v[1]), Integer.parseInt(v[2]), Integer.parseInt(
			v[3]));
	}
}
