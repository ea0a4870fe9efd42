package org.deeplowrank.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import java.util.concurrent.atomic.AtomicBoolean;

import net.imglib2.Cursor;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;
import org.deeplowrank.image.StackReconstruction;
import org.deeplowrank.image.StackResult;
import org.deeplowrank.solver.Methods;
import org.deeplowrank.solver.SolverSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTableTest {

	/** A w x h x planes rank-2 stack. */
	private static Img<FloatType> lowRank(final int w, final int h, final int planes) {
		final Img<FloatType> img = planes > 1 ? ArrayImgs.floats(w, h, planes) : ArrayImgs.floats(w, h);
		final Cursor<FloatType> c = img.localizingCursor();
		while (c.hasNext()) {
			c.fwd();
			final int x = c.getIntPosition(0), y = c.getIntPosition(1), z = planes > 1 ? c.getIntPosition(2) : 0;
			c.get().setReal(10 + (1 + 0.1 * y) * (2 + Math.sin(0.7 * x)) + z + Math.cos(0.3 * y) * (x % 3));
		}
		return img;
	}

	/** Runs the default completion (300 iterations, nothing missing) and cancels at iteration 40 of part {@code cancelPart}. */
	private static StackResult run(final Img<FloatType> img, final int cancelPart) {
		final StackReconstruction.Request r = new StackReconstruction.Request();
		r.image = img;
		final SolverSettings s = SolverSettings.builder().iterations(300).tolerance(0).validation(0).build();
		final AtomicBoolean cancel = new AtomicBoolean();
		return StackReconstruction.run(r, s, Methods.solver(s), new StackReconstruction.Listener() {

			@Override
			public void progress(final StackReconstruction.Part part, final int index, final int count,
				final int iteration, final int max)
			{
				if (index == cancelPart && iteration >= 40) cancel.set(true);
			}
		}, cancel::get);
	}

	@Test
	void theLogSaysWhetherTheResultIsPartial() {
		final LogTable complete = LogTable.of(run(lowRank(24, 20, 1), -1));
		assertEquals(LogTable.PARTIAL, complete.columns().get(complete.columnCount() - 1));
		assertTrue(complete.rowCount() > 5);
		for (final double v : complete.column(LogTable.PARTIAL)) assertEquals(0, v);
		final StackResult cancelled = run(lowRank(24, 20, 1), 0);
		assertTrue(cancelled.isPartial());
		final LogTable partial = LogTable.of(cancelled);
		assertTrue(partial.rowCount() > 0);
		for (final double v : partial.column(LogTable.PARTIAL)) assertEquals(1, v);
		assertTrue(partial.toString().startsWith("iteration,") && partial.toString().contains(",partial\n"));
	}

	@Test
	void inAStackOnlyTheCancelledPartIsPartial() {
		final LogTable log = LogTable.of(run(lowRank(24, 20, 3), 1));
		final double[] slice = log.column("slice"), partial = log.column(LogTable.PARTIAL);
		int first = 0, second = 0;
		for (int r = 0; r < slice.length; r++) {
			assertEquals(slice[r] == 2 ? 1 : 0, partial[r], "slice " + slice[r]);
			if (slice[r] == 1) first++;
			if (slice[r] == 2) second++;
			assertTrue(slice[r] <= 2, "slice 3 never ran");
		}
		assertTrue(first > 0 && second > 0);
	}

	private static LogTable table() {
		return new LogTable(List.of("iteration", "loss", "rel_error"), List.of(new double[] { 0, 2.5, Double.NaN },
			new double[] { 10, 1e-7, 0.125 }));
	}

	@Test
	void csvHasHeaderAndLocaleIndependentNumbers() {
		assertEquals("iteration,loss,rel_error\n0,2.5,NaN\n10,1.0E-7,0.125\n", table().toString());
	}

	@Test
	void columnsByName() {
		assertArrayEquals(new double[] { 2.5, 1e-7 }, table().column("loss"));
		assertThrows(IllegalArgumentException.class, () -> table().column("nope"));
	}

	@Test
	void rowLengthMustMatch() {
		assertThrows(IllegalArgumentException.class, () -> new LogTable(List.of("a", "b"), List.of(new double[] {
			1 })));
	}

	@Test
	void writeCsvCreatesFoldersAndLeavesNoTemporaryFile(@TempDir final Path dir) throws IOException {
		final Path csv = dir.resolve("sub/folder/log.csv");
		table().writeCsv(csv);
		table().writeCsv(csv); // replacing works too
		assertEquals(table().toString(), new String(Files.readAllBytes(csv), StandardCharsets.UTF_8));
		try (Stream<Path> files = Files.list(csv.getParent())) {
			assertEquals(List.of(csv), files.collect(java.util.stream.Collectors.toList()));
		}
	}

	@Test
	void readCsvGivesBackTheWrittenTable(@TempDir final Path dir) throws IOException {
		final LogTable t = new LogTable(List.of("channel", "iteration", "loss", "rel_error"), List.of(new double[] { 1, 0,
			0.1 + 0.2, Double.NaN }, new double[] { 2, 3000, 4.9e-324, Double.POSITIVE_INFINITY }, new double[] { 1, 1e15,
				-123456.789, 1e-7 }));
		final Path csv = dir.resolve("log.csv");
		t.writeCsv(csv);
		final LogTable back = LogTable.readCsv(csv);
		assertEquals(t.columns(), back.columns());
		assertEquals(t.rowCount(), back.rowCount());
		for (int r = 0; r < t.rowCount(); r++)
			for (int c = 0; c < t.columnCount(); c++)
				assertEquals(Double.doubleToRawLongBits(t.get(r, c)), Double.doubleToRawLongBits(back.get(r, c)), "row " + r +
					", column " + c);
	}

	@Test
	void readCsvNamesTheFileAndTheLineOfWhatIsNotANumber(@TempDir final Path dir) throws IOException {
		final Path csv = Files.write(dir.resolve("bad.csv"), "iteration,loss\n0,2.5\n10,1,5\n".getBytes(
			StandardCharsets.UTF_8));
		assertEquals("'" + csv + "' line 3 has 3 values but the header has 2 columns", assertThrows(IOException.class,
			() -> LogTable.readCsv(csv)).getMessage());
		Files.write(csv, "iteration,loss\n0,2;5\n".getBytes(StandardCharsets.UTF_8));
		assertEquals("'" + csv + "' line 2, column 'loss': '2;5' is not a number", assertThrows(IOException.class,
			() -> LogTable.readCsv(csv)).getMessage());
		Files.write(csv, new byte[0]);
		assertEquals("'" + csv + "' is empty (expected a CSV header line)", assertThrows(IOException.class,
			() -> LogTable.readCsv(csv)).getMessage());
	}
}
