package org.deeplowrank.command;

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
}
