package org.deeplowrank.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import org.deeplowrank.image.StackReconstruction.Part;
import org.deeplowrank.image.StackResult;
import org.deeplowrank.solver.ReconstructionResult;
import org.deeplowrank.solver.gd.LogRecord;
import org.deeplowrank.solver.gd.StopReason;

/**
 * The diagnostics log of a run as a plain numeric table: named columns, one row per
 * logged iteration; also the other tables of the commands (GLRL phases, a study's runs).
 * It is the commands' SciJava output type and the one CSV format of the project's tables
 * ({@link #writeCsv(Path)}, {@link #readCsv(Path)}).
 * <p>
 * This is our own small type because scijava-table is not among the dependencies; it is
 * deliberately immutable and free of solver types so that it can later be adapted to
 * {@code org.scijava.table.Table} for Fiji's table display without touching the commands.
 * {@link #toString()} is the CSV text, which is what Fiji shows for an output type it has
 * no display for.
 */
public final class LogTable {

	private final List<String> columns;
	private final List<double[]> rows;

	public LogTable(final List<String> columns, final List<double[]> rows) {
		this.columns = Collections.unmodifiableList(new ArrayList<>(columns));
		final List<double[]> copy = new ArrayList<>(rows.size());
		for (final double[] r : rows) {
			if (r.length != columns.size()) {
				throw new IllegalArgumentException("row has " + r.length + " values but the table has " + columns.size() +
					" columns");
			}
			copy.add(r.clone());
		}
		this.rows = Collections.unmodifiableList(copy);
	}

	/**
	 * The last column of a run's log: 1 on the rows of a part that was stopped early
	 * (cancelled: Ctrl-C, SIGINT, Esc; its result is the last iterate, a partial result),
	 * 0 on the rows of a part that ran to its stopping rule. A script reading only the CSV
	 * can tell a partial result from a finished one.
	 */
	public static final String PARTIAL = "partial";

	/**
	 * The log of a solver run, with the solver's column names ({@link LogRecord#columns(int)})
	 * and {@link #PARTIAL}.
	 */
	public static LogTable of(final ReconstructionResult result) {
		final List<double[]> rows = new ArrayList<>(result.log.size());
		for (final LogRecord r : result.log) rows.add(withPartial(values(r, result.singularValueColumns), 0, result));
		final List<String> columns = new ArrayList<>(LogRecord.columns(result.singularValueColumns));
		columns.add(PARTIAL);
		return new LogTable(columns, rows);
	}

	/** Where a row's singular values start ({@link LogRecord#values()}: 8 values before them). */
	private static final int SINGULAR_VALUES_AT = 8;

	/**
	 * A record's values with exactly {@code sv} singular value columns: the parts or tiles
	 * of one run may log different counts (method=auto: a whole-matrix part logs them, a
	 * nonlocal part has no log rows), so shorter rows get NaN and longer ones are cut.
	 */
	static double[] values(final LogRecord r, final int sv) {
		final double[] v = r.values();
		final int k = r.singularValues.length;
		if (k == sv) return v;
		final int tail = v.length - SINGULAR_VALUES_AT - k;
		final double[] out = new double[SINGULAR_VALUES_AT + sv + tail];
		java.util.Arrays.fill(out, Double.NaN);
		System.arraycopy(v, 0, out, 0, SINGULAR_VALUES_AT);
		System.arraycopy(v, SINGULAR_VALUES_AT, out, SINGULAR_VALUES_AT, Math.min(k, sv));
		System.arraycopy(v, SINGULAR_VALUES_AT + k, out, SINGULAR_VALUES_AT + sv, tail);
		return out;
	}

	/** {@code v} after {@code lead} leading values, then 1 or 0 for {@link #PARTIAL}. */
	private static double[] withPartial(final double[] v, final int lead, final ReconstructionResult r) {
		final double[] row = new double[lead + v.length + 1];
		System.arraycopy(v, 0, row, lead, v.length);
		row[row.length - 1] = r.stopReason == StopReason.CANCELLED ? 1 : 0;
		return row;
	}

	/**
	 * The log of a whole-image run: for a single part exactly {@link #of(ReconstructionResult)};
	 * with several parts (planes, colour channels, Casorati matrices) two leading columns
	 * say which part a row belongs to: {@code channel} (1-based; 1 without channels) and
	 * {@code slice} (1-based; 0 = all slices, i.e. one Casorati matrix); {@link #PARTIAL}
	 * is per part (parts not computed after a cancel have no rows).
	 */
	public static LogTable of(final StackResult result) {
		if (result.parts.size() == 1) return of(result.results.get(0));
		final List<String> columns = new ArrayList<>(List.of("channel", "slice"));
		int sv = 0;
		for (final ReconstructionResult r : result.results)
			if (r != null) sv = Math.max(sv, r.singularValueColumns);
		columns.addAll(LogRecord.columns(sv));
		columns.add(PARTIAL);
		final List<double[]> rows = new ArrayList<>();
		for (int k = 0; k < result.parts.size(); k++) {
			final ReconstructionResult r = result.results.get(k);
			if (r == null) continue;
			final Part part = result.parts.get(k);
			for (final LogRecord rec : r.log) {
				final double[] row = withPartial(values(rec, sv), 2, r);
				row[0] = Math.max(part.channel, 0) + 1;
				row[1] = part.plane + 1;
				rows.add(row);
			}
		}
		return new LogTable(columns, rows);
	}

	public List<String> columns() {
		return columns;
	}

	public int columnCount() {
		return columns.size();
	}

	public int rowCount() {
		return rows.size();
	}

	public double get(final int row, final int column) {
		return rows.get(row)[column];
	}

	/** The values of the named column, or throws if there is no such column. */
	public double[] column(final String name) {
		final int c = columns.indexOf(name);
		if (c < 0) throw new IllegalArgumentException("no column '" + name + "'; columns: " + String.join(", ", columns));
		final double[] v = new double[rows.size()];
		for (int r = 0; r < v.length; r++) v[r] = rows.get(r)[c];
		return v;
	}

	/**
	 * Writes the table as CSV (header row, then one line per row, '\n' line ends), through
	 * a temporary file in the same folder moved into place, so a reader never sees half
	 * a table. Parent folders are created.
	 */
	public void writeCsv(final Path path) throws IOException {
		AtomicFiles.writeText(path, this::writeCsv);
	}

	/** Writes the CSV text (see {@link #writeCsv(Path)}). */
	public void writeCsv(final Writer w) throws IOException {
		w.write(String.join(",", columns));
		w.write('\n');
		for (final double[] r : rows) {
			for (int c = 0; c < r.length; c++) {
				if (c > 0) w.write(',');
				w.write(format(r[c]));
			}
			w.write('\n');
		}
	}

	/**
	 * Reads a table written by {@link #writeCsv(Path)} (or any CSV of a header line and
	 * numeric rows): the same columns and the same values, bit for bit.
	 *
	 * @throws IOException with a message naming the file and the line when it is not such a table
	 */
	public static LogTable readCsv(final Path path) throws IOException {
		try (BufferedReader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
			final String header = r.readLine();
			if (header == null || header.isEmpty()) {
				throw new IOException("'" + path + "' is empty (expected a CSV header line)");
			}
			final List<String> columns = Arrays.asList(header.split(",", -1));
			final List<double[]> rows = new ArrayList<>();
			int line = 1;
			for (String text = r.readLine(); text != null; text = r.readLine()) {
				line++;
				if (text.isEmpty()) continue;
				final String[] cells = text.split(",", -1);
				if (cells.length != columns.size()) {
					throw new IOException("'" + path + "' line " + line + " has " + cells.length + " values but the header has " +
						columns.size() + " columns");
				}
				final double[] row = new double[cells.length];
				for (int c = 0; c < row.length; c++) {
					try {
						row[c] = Double.parseDouble(cells[c]);
					}
					catch (final NumberFormatException e) {
						throw new IOException("'" + path + "' line " + line + ", column '" + columns.get(c) + "': '" + cells[c] +
							"' is not a number");
					}
				}
				rows.add(row);
			}
			return new LogTable(columns, rows);
		}
	}

	/**
	 * Integers without a decimal point (iteration numbers), everything else with
	 * {@link Double#toString(double)}, which round-trips exactly and ignores the locale
	 * (a German locale must not turn the decimal point into a comma inside a CSV).
	 */
	static String format(final double v) {
		if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
		return Double.toString(v);
	}

	/** The CSV text. */
	@Override
	public String toString() {
		final StringWriter w = new StringWriter();
		try {
			writeCsv(w);
		}
		catch (final IOException e) {
			throw new UncheckedIOException(e);
		}
		return w.toString();
	}
}
