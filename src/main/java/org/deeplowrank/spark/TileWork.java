package org.deeplowrank.spark;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.deeplowrank.image.TileGrid;
import org.deeplowrank.io.SerializedFiles;
import org.deeplowrank.solver.MatrixSolver;
import org.deeplowrank.solver.ReconstructionResult;
import org.deeplowrank.solver.SolverSettings;
import org.deeplowrank.solver.gd.LogRecord;
import org.deeplowrank.solver.gd.StopReason;
import org.deeplowrank.solver.linalg.Matrix;

/**
 * Tiles of one image spread over tasks, through files in a work folder
 * ({@code <output>/.deep-low-rank-tiles/<name>/}, on the file system all executors share):
 * <ol>
 * <li><b>split</b> (one task per image): {@link #splitter} is the {@link MatrixSolver} given
 * to the image's ordinary {@code ImageJob} steps; instead of solving, it writes every
 * tile's entries, flags and seed to {@code part<k>-tile<t>.in} and counts the tiles;</li>
 * <li><b>tiles</b> (one task per tile): {@link #solveTile} reads one tile file and runs
 * {@link TileGrid#solveCropped}, the very call the single-machine tiling makes, and
 * writes the tile's result to {@code part<k>-tile<t>.out} (atomically: a retried or
 * speculative duplicate task writes the same bytes again);</li>
 * <li><b>assemble</b> (one task per image): {@link #assembler} is the MatrixSolver of the
 * image's ordinary {@code ImageJob.complete}, which blends the tile results with
 * {@link TileGrid#assemble} (reading one tile at a time) and writes the image's results
 * exactly as the single-machine batch does.</li>
 * </ol>
 * The driver deletes the work folder when the assemble stage is over (not the assemble
 * task: Spark may retry a task that had finished, and the retry needs the tile results).
 * Memory: a tile task holds one tile and the solver's working set for it (about
 * (2·depth + 11) · tile² · 8 bytes); the split and assemble tasks hold the image's pixels
 * as ImageJ reads them plus one plane's matrix as doubles (8 bytes per pixel: 3.2 GB for a
 * 20 000² plane), never a solver working set of the whole plane. ij.jar cannot read a
 * sub-region of a TIFF, which is why the image is split once rather than read by every
 * tile task.
 */
final class TileWork {

	/** The work folder of all images, inside the output folder (hidden: not a result). */
	static final String WORK_FOLDER = ".deep-low-rank-tiles";

	private TileWork() {}

	/** The work folder of one image. */
	static Path folder(final Path outputDir, final String imageName) {
		return outputDir.resolve(WORK_FOLDER).resolve(imageName);
	}

	static Path input(final Path folder, final int part, final int tile) {
		return folder.resolve("part" + part + "-tile" + tile + ".in");
	}

	static Path output(final Path folder, final int part, final int tile) {
		return folder.resolve("part" + part + "-tile" + tile + ".out");
	}

	/** One tile to complete: what a tile task needs (the data itself is in its file). */
	static final class Unit implements Serializable {

		private static final long serialVersionUID = 1L;
		final String imageName, folder;
		final int part, tile;

		Unit(final String imageName, final String folder, final int part, final int tile) {
			this.imageName = imageName;
			this.folder = folder;
			this.part = part;
			this.tile = tile;
		}
	}

	/** A tile file: the matrix's geometry, the tile's entries, flags, reference and the part's seed. */
	static final class TileInput implements Serializable {

		private static final long serialVersionUID = 1L;
		int rows, cols, tile, overlap, t;
		long seed;
		double[] data, reference;
		boolean[] missing;
	}

	/** A tile's result file: a {@link ReconstructionResult} without what blending does not use, or the failure. */
	static final class TileOutcome implements Serializable {

		private static final long serialVersionUID = 1L;
		/** The IllegalArgumentException's message when the tile could not be completed, else null. */
		String failure;
		double[] reconstruction;
		int singularValueColumns, steps, returnedIteration;
		String stop, message, backend;
		/** What completed the tile when the settings do not say it alone (method=auto's choice), or null. */
		String method;
		double finalLoss, relError, seconds;
		final List<double[]> log = new ArrayList<>();
		final List<Integer> logSingularValues = new ArrayList<>();

		static TileOutcome of(final ReconstructionResult r) {
			final TileOutcome o = new TileOutcome();
			o.reconstruction = r.reconstruction.re;
			o.singularValueColumns = r.singularValueColumns;
			o.steps = r.steps();
			o.returnedIteration = r.returnedIteration();
			o.stop = r.stopReason.name();
			o.message = r.message;
			o.backend = r.backend;
			o.method = r.method;
			o.finalLoss = r.finalLoss;
			o.relError = r.relError;
			o.seconds = r.seconds;
			for (final LogRecord rec : r.log) {
				o.log.add(rec.values());
				o.logSingularValues.add(rec.singularValues.length);
			}
			return o;
		}

		ReconstructionResult result(final int rows, final int cols) {
			final List<LogRecord> records = new ArrayList<>();
			for (int i = 0; i < log.size(); i++) records.add(LogRecord.fromValues(log.get(i), logSingularValues.get(i)));
			return ReconstructionResult.builder()
				.reconstruction(new Matrix(rows, cols, reconstruction, null))
				.log(records)
				.singularValueColumns(singularValueColumns)
				.stopReason(StopReason.valueOf(stop))
				.message(message)
				.steps(steps)
				.returnedIteration(returnedIteration)
				.finalLoss(finalLoss)
				.relError(relError)
				.seconds(seconds)
				.backend(backend)
				.method(method)
				.build();
		}
	}

	/**
	 * The split step's MatrixSolver: part k (in call order) is cut into tiles written to
	 * {@code folder}; its result is an empty placeholder (the split writes no image).
	 */
	static MatrixSolver splitter(final Path folder, final String imageName, final int tile, final int overlap,
		final List<Unit> units)
	{
		final int[] part = { 0 };
		return (data, missing, reference, settings, listener, cancel) -> {
			final int k = part[0]++;
			final TileGrid grid = new TileGrid(data.rows, data.cols, tile, overlap);
			for (int t = 0; t < grid.count(); t++) {
				final TileInput in = new TileInput();
				in.rows = data.rows;
				in.cols = data.cols;
				in.tile = tile;
				in.overlap = overlap;
				in.t = t;
				in.seed = settings.seed();
				in.data = grid.crop(data, t).re;
				in.missing = grid.crop(missing, t);
				in.reference = reference == null ? null : grid.crop(reference, t).re;
				write(input(folder, k, t), in);
				units.add(new Unit(imageName, folder.toString(), k, t));
			}
			return ReconstructionResult.builder().reconstruction(Matrix.real(data.rows, data.cols)).stopReason(
				StopReason.CONVERGED).build();
		};
	}

	/**
	 * Completes one tile from its file with {@code settings} (the job's; the part's seed comes
	 * from the file) and writes its result file.
	 */
	static void solveTile(final Unit unit, final MatrixSolver inner, final SolverSettings settings,
		final org.deeplowrank.solver.gd.SolverListener listener)
	{
		final Path folder = Path.of(unit.folder);
		final TileInput in = read(input(folder, unit.part, unit.tile), TileInput.class);
		final TileGrid grid = new TileGrid(in.rows, in.cols, in.tile, in.overlap);
		final SolverSettings s = settings.withSeed(in.seed);
		final int h = grid.height(), w = grid.width();
		TileOutcome out;
		try {
			out = TileOutcome.of(grid.solveCropped(inner, in.t, new Matrix(h, w, in.data, null), in.missing,
				in.reference == null ? null : new Matrix(h, w, in.reference, null), s, listener, null));
		}
		catch (final IllegalArgumentException e) {
			out = new TileOutcome();
			out.failure = e.getMessage();
		}
		write(output(folder, unit.part, unit.tile), out);
	}

	/**
	 * The assemble step's MatrixSolver: part k (in call order) is the blend of its tile
	 * results, read one at a time; a tile that failed fails the image with its message.
	 */
	static MatrixSolver assembler(final Path folder, final int tile, final int overlap) {
		final int[] part = { 0 };
		return (data, missing, reference, settings, listener, cancel) -> {
			final int k = part[0]++;
			final TileGrid grid = new TileGrid(data.rows, data.cols, tile, overlap);
			for (int t = 0; t < grid.count(); t++) {
				final Path p = output(folder, k, t);
				if (!Files.isRegularFile(p)) throw new IllegalStateException("tile result missing: " + p);
			}
			return grid.assemble(grid.count(), t -> {
				final TileOutcome o = read(output(folder, k, t), TileOutcome.class);
				if (o.failure != null) throw new IllegalArgumentException(o.failure);
				return o.result(grid.height(), grid.width());
			}, data, missing, reference, settings.keepObserved());
		};
	}

	/** Deletes a folder and what it holds, if it exists. */
	static void delete(final Path folder) {
		if (!Files.exists(folder)) return;
		try (Stream<Path> s = Files.walk(folder)) {
			for (final Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator)
				Files.deleteIfExists(p);
		}
		catch (final IOException e) {
			throw new UncheckedIOException("cannot delete the tile work folder " + folder + ": " + e.getMessage(), e);
		}
	}

	private static void write(final Path path, final Serializable value) {
		try {
			SerializedFiles.write(path, value);
		}
		catch (final IOException e) {
			throw new UncheckedIOException("cannot write the tile file " + path + ": " + e.getMessage(), e);
		}
	}

	private static <T> T read(final Path path, final Class<T> type) {
		try {
			return SerializedFiles.read(path, type);
		}
		catch (final IOException e) {
			throw new UncheckedIOException("cannot read the tile file " + path + ": " + e.getMessage(), e);
		}
	}
}
