package org.deeplowrank.headless;

import static org.deeplowrank.headless.TestFiles.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import ij.IJ;
import ij.ImagePlus;

import org.deeplowrank.headless.TestFiles.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "Factorization Dynamics" command through the runner: one row per (depth, scale) run
 * in the study table, one log per run, all loss curves in one plot, and the dynamics the
 * papers describe visible in the numbers (a smaller initialization plateaus longer).
 */
class FactorizationDynamicsCommandTest {

	private static final String LABEL = "Factorization Dynamics";

	@TempDir
	Path dir;

	/** A 12 x 12 well-conditioned full-rank target as a text image (exact values). */
	private Path target() throws IOException {
		final Random rnd = new Random(3);
		final StringBuilder b = new StringBuilder();
		for (int i = 0; i < 12; i++) {
			for (int j = 0; j < 12; j++) {
				final double v = rnd.nextGaussian() * 0.5 / Math.sqrt(12) + (i == j ? 2 : 0);
				b.append(j == 0 ? "" : "\t").append(String.format(Locale.ROOT, "%.9f", v));
			}
			b.append('\n');
		}
		final Path p = dir.resolve("target.txt");
		Files.writeString(p, b.toString());
		return p;
	}

	private static List<String[]> csv(final Path p) throws IOException {
		return Files.readAllLines(p).stream().map(l -> l.split(",")).collect(Collectors.toList());
	}

	@Test
	void studyTableRunLogsAndPlot() throws IOException {
		final Path t = target();
		final Path study = dir.resolve("study.csv"), log = dir.resolve("log.csv"), runs = dir.resolve("runs"),
			plot = dir.resolve("loss.png");
		final Run r = run("--run", LABEL, "image=" + t + ",depths=[2 3],scales=[0.3 0.03],threshold=0.01," +
			"iterations=20000,tolerance=0,center=off,study_table=" + study + ",table=" + log + ",run_tables=" + runs +
			",plot=" + plot);
		assertEquals(0, r.code, r::toString);
		assertTrue(r.out.startsWith("runs=4/4"), r.out);

		final List<String[]> rows = csv(study);
		assertEquals(5, rows.size(), "header + 4 runs");
		final List<String> cols = Arrays.asList(rows.get(0));
		final int depth = cols.indexOf("depth"), scale = cols.indexOf("scale"), to = cols.indexOf(
			"iterations_to_threshold"), margin = cols.indexOf("deficiency_margin_final");
		final double[][] expected = { { 2, 0.3 }, { 2, 0.03 }, { 3, 0.3 }, { 3, 0.03 } };
		for (int k = 0; k < 4; k++) {
			final String[] row = rows.get(k + 1);
			assertEquals(k + 1, Double.parseDouble(row[0]), 0);
			assertEquals(expected[k][0], Double.parseDouble(row[depth]), 0);
			assertEquals(expected[k][1], Double.parseDouble(row[scale]), 1e-12);
			assertTrue(Double.parseDouble(row[to]) > 0, "every run reaches the threshold: " + String.join(",", row));
			// fully observed square target: ACGH's deficiency margin is defined, and positive at the end
			assertTrue(Double.parseDouble(row[margin]) > 0, String.join(",", row));
		}
		// depth 3: the smaller initialization escapes the plateau much later (escape time ~ 1/s^(N-2))
		assertTrue(Double.parseDouble(rows.get(4)[to]) > 2 * Double.parseDouble(rows.get(3)[to]), r.out);

		// the stacked log: every run present, in order
		final List<String[]> logRows = csv(log);
		assertEquals(List.of("run", "depth", "scale", "iteration"), Arrays.asList(logRows.get(0)).subList(0, 4));
		assertEquals(List.of(1.0, 2.0, 3.0, 4.0), logRows.stream().skip(1).map(x -> Double.parseDouble(x[0])).distinct()
			.collect(Collectors.toList()));
		// one table per run, same rows as the stacked log
		try (Stream<Path> s = Files.list(runs)) {
			final List<String> names = s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
			assertEquals(List.of("run01_depth2_scale0.3.csv", "run02_depth2_scale0.03.csv", "run03_depth3_scale0.3.csv",
				"run04_depth3_scale0.03.csv"), names);
		}
		int perRun = 0;
		for (int k = 1; k <= 4; k++) perRun += csv(runs.resolve(String.format(Locale.ROOT, "run%02d_depth%d_scale%s.csv",
			k, (int) expected[k - 1][0], Double.toString(expected[k - 1][1])))).size() - 1;
		assertEquals(logRows.size() - 1, perRun);
		final ImagePlus png = IJ.openImage(plot.toString());
		assertTrue(png != null && png.getWidth() > 100, "the loss plot is a PNG");
	}

	@Test
	void badListsAndShapesAreRefusedWithAMessage() throws IOException {
		final Path t = target();
		Run r = run("--run", LABEL, "image=" + t + ",depths=[0 2]");
		assertEquals(2, r.code, r::toString);
		assertEquals("error: bad value for 'depths': 0 (expected depths from 1 to 10)", r.err.trim());
		r = run("--run", LABEL, "image=" + t + ",scales=[0.1 big]");
		assertEquals(2, r.code, r::toString);
		assertEquals("error: bad value for 'scales': 'big' is not a number (expected a list such as 0.3 0.1 0.03)", r.err
			.trim());
		r = run("--run", LABEL, "image=" + t + ",threshold=2");
		assertEquals(2, r.code, r::toString);
		assertTrue(r.err.startsWith("error: bad value for 'threshold': 2.0"), r::toString);
		r = run("--run", LABEL, "image=" + TestFiles.stack(dir.resolve("s.tif"), 8, 8, 3));
		assertEquals(2, r.code, r::toString);
		assertTrue(r.err.contains("this command takes a 2-D image"), r::toString);
		r = run("--run", LABEL, "image=" + t + ",plot=" + dir.resolve("loss.jpg"));
		assertEquals(2, r.code, r::toString);
		assertTrue(r.err.contains("expected a .png path"), r::toString);
	}
}
