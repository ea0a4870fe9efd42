package org.deeplowrank.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTableTest {

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
