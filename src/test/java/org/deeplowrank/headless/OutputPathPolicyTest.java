package org.deeplowrank.headless;

import static org.deeplowrank.headless.TestFiles.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.deeplowrank.headless.TestFiles.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one output-path policy, end to end: every path a run writes is refused up front
 * (exit status 2, one {@code error:} line naming the key and the path, nothing solved,
 * nothing created) when it would replace an input or another output, has the wrong
 * extension, or cannot be written; and a write that still fails after the solve names
 * the file that failed.
 */
class OutputPathPolicyTest {

	private static final String COMPLETE = "Complete Masked Image";
	private static final String DYNAMICS = "Factorization Dynamics";

	@TempDir
	Path dir;

	private static void assertRefused(final Run r, final String message) {
		assertEquals(2, r.code, r::toString);
		assertEquals("error: " + message + System.lineSeparator(), r.err, r::toString);
		assertEquals("", r.out, r::toString);
	}

	/** Every file and folder below {@link #dir}, relative to it. */
	private Set<String> files() throws IOException {
		try (Stream<Path> s = Files.walk(dir)) {
			return s.filter(p -> !p.equals(dir)).map(p -> dir.relativize(p).toString()).collect(Collectors.toSet());
		}
	}

	@Test
	void phaseTableNeverReplacesAnInput() throws IOException {
		final Path img = TestFiles.lowRank(dir.resolve("img.tif"), 12, 10);
		final Path mask = TestFiles.mask(dir.resolve("mask.tif"), 12, 10, 3);
		final String before = TestFiles.sha256(img) + TestFiles.sha256(mask);
		final String inputs = "image=" + img + ",mask=" + mask + ",method=glrl,iterations=20";
		assertRefused(run("--run", COMPLETE, inputs, "phase_table=" + img),
			"phase_table would overwrite the input image '" + img + "'; choose another phase_table path");
		assertRefused(run("--run", COMPLETE, inputs, "phase_table=" + mask),
			"phase_table would overwrite the input image '" + mask + "'; choose another phase_table path");
		assertEquals(before, TestFiles.sha256(img) + TestFiles.sha256(mask));
		assertEquals(Set.of("img.tif", "mask.tif"), files());
	}

	@Test
	void twoOutputsNeverShareAPath() throws IOException {
		final Path img = TestFiles.lowRank(dir.resolve("img.tif"), 12, 10);
		final Path csv = dir.resolve("x.csv");
		assertRefused(run("--run", COMPLETE, "image=" + img + ",method=glrl,iterations=20", "table=" + csv,
			"phase_table=" + csv), "'table' and 'phase_table' are the same file '" + csv + "'");
		// the same file under another name
		assertRefused(run("--run", COMPLETE, "image=" + img, "table=" + csv, "plot=" + dir.resolve("sub/../x.csv")),
			"'table' and 'plot' are the same file '" + csv + "'");
		assertEquals(Set.of("img.tif"), files());
	}

	@Test
	void eachKeyHasItsExtension() throws IOException {
		final String img = "image=" + TestFiles.lowRank(dir.resolve("img.tif"), 12, 10);
		final Path tif = dir.resolve("phases.tif"), txt = dir.resolve("log.txt");
		assertRefused(run("--run", COMPLETE, img, "method=glrl", "phase_table=" + tif), "bad value for 'phase_table': '" +
			tif + "' (expected a .csv path: the per-phase table is written as CSV)");
		assertRefused(run("--run", COMPLETE, img, "table=" + txt), "bad value for 'table': '" + txt +
			"' (expected a .csv path: the log is written as CSV)");
		assertEquals(Set.of("img.tif"), files());
	}

	@Test
	void anOutputThroughALinkIsCheckedWhereItLeads() throws IOException {
		final Path in = Files.createDirectories(dir.resolve("in"));
		final Path img = TestFiles.lowRank(in.resolve("img.tif"), 12, 10);
		Files.createDirectories(in.resolve("deep"));
		final String before = TestFiles.sha256(img);
		// link/.. is in/, not dir/: the file system follows the link before the ..
		final Path intoInput = Files.createSymbolicLink(dir.resolve("link"), in.resolve("deep"));
		assertRefused(run("--run", COMPLETE, "image=" + img, "output=" + intoInput.resolve("../img.tif")),
			"output would overwrite the input image '" + img + "'; choose another output path");
		// a link to the input image is a file: nothing can be written below it
		final Path toImage = Files.createSymbolicLink(dir.resolve("image-link"), img);
		final Path below = toImage.resolve("a/b/c.tif");
		assertRefused(run("--run", COMPLETE, "image=" + img, "output=" + below), "bad value for 'output': '" + below +
			"' is inside '" + img.toRealPath() + "', which is a file, not a folder; choose a path in a folder");
		assertEquals(before, TestFiles.sha256(img));
		assertEquals(Set.of("in", "in/img.tif", "in/deep", "link", "image-link"), files(), "nothing created");
	}

	@Test
	void aPathBelowARegularFileIsRefusedBeforeSolving() throws IOException {
		final Path img = TestFiles.lowRank(dir.resolve("in/u16.tif"), 12, 10);
		final Path out = dir.resolve("in/u16.tif/x.tif"), csv = dir.resolve("in/u16.tif/log.csv");
		assertRefused(run("--run", COMPLETE, "image=" + img, "output=" + out), "bad value for 'output': '" + out +
			"' is inside '" + img.toRealPath() + "', which is a file, not a folder; choose a path in a folder");
		assertRefused(run("--run", COMPLETE, "image=" + img, "output=" + dir.resolve("out.tif"), "table=" + csv),
			"bad value for 'table': '" + csv + "' is inside '" + img.toRealPath() +
				"', which is a file, not a folder; choose a path in a folder");
		assertEquals(Set.of("in", "in/u16.tif"), files(), "no output, log or partial file");
	}

	@Test
	void anUnwritableFolderIsRefusedBeforeSolving() throws IOException {
		final Path proc = Paths.get("/proc");
		assumeTrue(Files.isDirectory(proc), "needs /proc");
		final Path img = TestFiles.lowRank(dir.resolve("img.tif"), 12, 10);
		final Path out = proc.resolve("o.tif"), deep = proc.resolve("deep-low-rank/sub/o.tif");
		assertRefused(run("--run", COMPLETE, "image=" + img, "output=" + out), "cannot write 'output' to '" + out +
			"': creating a file in '/proc' fails (no such file or folder); choose a path in a writable folder");
		assertRefused(run("--run", COMPLETE, "image=" + img, "output=" + dir.resolve("out.tif"), "plot=" + deep
			.resolveSibling("loss.png")), "cannot write 'plot' to '" + deep.resolveSibling("loss.png") +
				"': creating a file in '/proc' fails (no such file or folder); choose a path in a writable folder");
		assertFalse(Files.exists(proc.resolve("deep-low-rank")));
		assertEquals(Set.of("img.tif"), files(), "no output, log or partial file");
	}

	@Test
	void aReadOnlyFolderIsRefusedBeforeSolving() throws IOException {
		final Path img = TestFiles.lowRank(dir.resolve("img.tif"), 12, 10);
		final Path readOnly = Files.createDirectories(dir.resolve("read-only"));
		Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
		try {
			assumeFalse(canCreateAFileIn(readOnly), "permissions are not enforced for this user (root)");
			final Path csv = readOnly.resolve("new/log.csv");
			assertRefused(run("--run", COMPLETE, "image=" + img, "table=" + csv), "cannot write 'table' to '" + csv +
				"': creating a file in '" + readOnly.toRealPath() +
				"' fails (permission denied); choose a path in a writable folder");
			assertEquals(Set.of("img.tif", "read-only"), files(), "no output, log or partial file");
		}
		finally {
			Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("rwxr-xr-x"));
		}
	}

	private static boolean canCreateAFileIn(final Path folder) {
		try {
			Files.delete(Files.createTempFile(folder, "probe", ".tmp"));
			return true;
		}
		catch (final IOException e) {
			return false;
		}
	}

	// -- a study's outputs --

	/** A 6 x 6 target as a text image. */
	private Path target() throws IOException {
		final StringBuilder b = new StringBuilder();
		for (int i = 0; i < 6; i++) {
			for (int j = 0; j < 6; j++)
				b.append(j == 0 ? "" : "\t").append(i == j ? 2 : 0.1 * ((i + 2 * j) % 5));
			b.append('\n');
		}
		return Files.writeString(dir.resolve("target.txt"), b.toString());
	}

	@Test
	void nothingGoesWhereARunTableOrAFileOutputWillBe() throws IOException {
		final String study = "image=" + target() + ",depths=[2],scales=[0.3],iterations=10";
		final Path runs = dir.resolve("runs"), csv = runs.resolve("run01_depth2_scale0.3.csv");
		assertRefused(run("--run", DYNAMICS, study, "table=" + csv, "run_tables=" + runs), "'table' '" + csv +
			"' would be replaced by a table of 'run_tables'; choose another table name or folder");
		final Path studyCsv = dir.resolve("study.csv");
		assertRefused(run("--run", DYNAMICS, study, "study_table=" + studyCsv, "run_tables=" + studyCsv.resolve("runs")),
			"'run_tables' '" + studyCsv.resolve("runs") + "' is inside 'study_table' '" + studyCsv +
				"', which is written as a file; choose paths that do not overlap");
		assertEquals(Set.of("target.txt"), files());
	}

	@Test
	void aWriteThatFailsAfterTheSolveNamesTheFile() throws IOException {
		final String study = "image=" + target() + ",depths=[2],scales=[0.3],iterations=10";
		final Path runs = dir.resolve("runs"), log = dir.resolve("log.csv"), studyCsv = dir.resolve("study.csv");
		// the policy cannot know the run tables' names before the study ran: a folder in the way
		Files.createDirectories(runs.resolve("run01_depth2_scale0.3.csv"));
		final Run r = run("--run", DYNAMICS, study, "table=" + log, "study_table=" + studyCsv, "run_tables=" + runs);
		assertEquals(1, r.code, r::toString);
		assertEquals("error: cannot write run_tables '" + runs + "': '" + runs.toRealPath().resolve(
			"run01_depth2_scale0.3.csv") + "' is a folder; written: table=" + log + " study_table=" + studyCsv + System
				.lineSeparator(), r.err, r::toString);
		assertEquals("", r.out, r::toString);
		assertEquals(2, Files.readAllLines(studyCsv).size(), "header and the one run");
		assertTrue(Files.readAllLines(log).size() > 1);
	}
}
