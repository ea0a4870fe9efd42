package org.deeplowrank.batch;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;

/**
 * One row of a batch's {@code summary.csv}: what happened to one image. Plain values, so
 * that a distributed driver can collect rows from workers and write the same summary.
 */
public final class BatchRow implements Serializable {

	private static final long serialVersionUID = 1L;

	/** Status values. */
	public static final String DONE = "done", SKIPPED = "skipped", FAILED = "failed", CANCELLED = "cancelled",
			DIVERGED = "diverged", NOT_STARTED = "not_started";

	/** The columns of summary.csv. */
	public static final List<String> COLUMNS = List.of("name", "size", "missing_fraction", "iterations", "final_loss",
		"seconds", "status", "message");

	/** The image's file name. */
	public final String name;
	/** "width x height [x planes] [x3 for RGB]", or "" when the file could not be read. */
	public final String size;
	public final double missingFraction;
	/** -1 when the solver did not run. */
	public final int iterations;
	public final double finalLoss;
	public final double seconds;
	public final String status;
	public final String message;

	public BatchRow(final String name, final String size, final double missingFraction, final int iterations,
		final double finalLoss, final double seconds, final String status, final String message)
	{
		this.name = name;
		this.size = size;
		this.missingFraction = missingFraction;
		this.iterations = iterations;
		this.finalLoss = finalLoss;
		this.seconds = seconds;
		this.status = status;
		this.message = message == null ? "" : message;
	}

	/** A row for an image that was not computed (failed, skipped, cancelled, not started). */
	public static BatchRow without(final String name, final String size, final String status, final String message) {
		return new BatchRow(name, size, Double.NaN, -1, Double.NaN, Double.NaN, status, message);
	}

	/** The row as one CSV line (RFC 4180 quoting, '.' decimals whatever the locale, empty for unknown). */
	public String csv() {
		return String.join(",", quote(name), quote(size), number(missingFraction), iterations < 0 ? "" : Integer
			.toString(iterations), number(finalLoss), Double.isNaN(seconds) ? "" : String.format(Locale.ROOT, "%.3f",
				seconds), quote(status), quote(message));
	}

	private static String number(final double v) {
		return Double.isNaN(v) ? "" : Double.toString(v);
	}

	static String quote(final String s) {
		if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
		return '"' + s.replace("\"", "\"\"") + '"';
	}

	/**
	 * A row of {@code summary.csv} read back ({@link #csv()}'s format), or null when the line
	 * is not such a row (a header, a hand-edited line).
	 */
	public static BatchRow parseCsv(final String line) {
		final List<String> f = new java.util.ArrayList<>();
		final StringBuilder cur = new StringBuilder();
		boolean quoted = false;
		for (int i = 0; i < line.length(); i++) {
			final char ch = line.charAt(i);
			if (quoted) {
				if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
					cur.append('"');
					i++;
				}
				else if (ch == '"') quoted = false;
				else cur.append(ch);
			}
			else if (ch == '"') quoted = true;
			else if (ch == ',') {
				f.add(cur.toString());
				cur.setLength(0);
			}
			else cur.append(ch);
		}
		f.add(cur.toString());
		if (f.size() != COLUMNS.size() || f.get(0).equals(COLUMNS.get(0))) return null;
		try {
			return new BatchRow(f.get(0), f.get(1), value(f.get(2)), f.get(3).isEmpty() ? -1 : Integer.parseInt(f.get(3)),
				value(f.get(4)), value(f.get(5)), f.get(6), f.get(7));
		}
		catch (final NumberFormatException e) {
			return null;
		}
	}

	private static double value(final String s) {
		return s.isEmpty() ? Double.NaN : Double.parseDouble(s);
	}

	/**
	 * This skipped row with the statistics of the same image's row from an earlier run (a
	 * rerun must not blank what the run that computed the result measured); this row itself
	 * when there is no earlier row with statistics.
	 */
	public BatchRow withStatsOf(final BatchRow earlier) {
		if (earlier == null || !earlier.name.equals(name) || earlier.iterations < 0) return this;
		return new BatchRow(name, earlier.size, earlier.missingFraction, earlier.iterations, earlier.finalLoss,
			earlier.seconds, status, message);
	}

	/** The row without its time (seconds), which is all that differs between two runs of the same inputs. */
	public String csvWithoutTime() {
		return new BatchRow(name, size, missingFraction, iterations, finalLoss, Double.NaN, status, message).csv();
	}

	@Override
	public String toString() {
		return csv();
	}
}
