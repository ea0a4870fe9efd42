package org.deeplowrank.batch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

import ij.ImagePlus;
import org.deeplowrank.command.CompletionParameters;
import org.deeplowrank.image.ImagePlanes;
import org.deeplowrank.image.StackMode;
import org.deeplowrank.image.StackReconstruction;
import org.deeplowrank.image.StackResult;
import org.deeplowrank.image.TileGrid;
import org.deeplowrank.io.ImageFiles;
import org.deeplowrank.io.ImagePlusImages;
import org.deeplowrank.io.LogTable;
import org.deeplowrank.io.LossPlots;
import org.deeplowrank.solver.MatrixSolver;
import org.deeplowrank.solver.Reconstruction;
import org.deeplowrank.solver.ReconstructionResult;
import org.deeplowrank.solver.SolverSettings;
import org.deeplowrank.solver.gd.StopReason;

/**
 * Completes ONE image file into an output folder: the unit of work of a folder batch,
 * and of any other driver (a cluster job per file, a Spark task per file): a function of
 * its files and settings only, with no SciJava context, no display and no shared state.
 * <p>
 * Writes {@code <name>_log.csv}, {@code <name>_loss.png} (the loss plot) and
 * {@code <name>_completed.tif}, in that order and each atomically (temporary name, then
 * rename), so the TIFF's existence means the image is done. A cancelled run writes
 * nothing. Problems with the image never throw: they become a failed {@link BatchRow}
 * with the reason.
 * <p>
 * The steps are public so that a distributed driver runs exactly this code:
 * {@link #complete} = {@link #skipped} (unless overwrite), {@link #open}, {@link #solve},
 * {@link #write}. Each matrix (plane, Casorati matrix) is completed by the method and
 * lifting of the settings, as Complete Masked Image does ({@link CompletionParameters#solver});
 * with {@code tile} > 0 in overlapping tiles blended by {@link TileGrid}. A driver that
 * spreads the tiles over machines passes its own {@link MatrixSolver} (one that hands out
 * and collects tiles) to
 * {@link #complete(Path, Path, Path, boolean, MatrixSolver, StackReconstruction.Listener, BooleanSupplier)}.
 */
public final class ImageJob {

	public static final String RESULT_SUFFIX = "_completed.tif";
	public static final String LOG_SUFFIX = "_log.csv";
	public static final String PLOT_SUFFIX = "_loss.png";

	private final SolverSettings settings;
	private final StackMode mode;
	private final boolean keepType;
	/** What completes one matrix with these settings ({@link #solver()}), made once. */
	private final MatrixSolver solver;

	/** @param settings the solver settings, with the method, lifting and tiles */
	public ImageJob(final SolverSettings settings, final StackMode mode, final boolean keepType) {
		this.settings = settings;
		this.mode = mode;
		this.keepType = keepType;
		this.solver = CompletionParameters.solver(settings);
	}

	public SolverSettings settings() {
		return settings;
	}

	/** The tile side (0 = no tiles). */
	public int tile() {
		return settings.tiles().tile();
	}

	/** The overlap of the tiles (0 without tiles; the key value 0 means tile/8). */
	public int overlap() {
		return settings.tiles().effectiveOverlap();
	}

	/** What completes one matrix: the method's solver, through {@link TileGrid#tiled} when {@code tile} > 0. */
	public MatrixSolver solver() {
		return solver;
	}

	/** "cells.tif" -> "cells". */
	public static String baseName(final String fileName) {
		final int dot = fileName.lastIndexOf('.');
		return dot > 0 ? fileName.substring(0, dot) : fileName;
	}

	/** The result file of an image file in an output folder. */
	public static Path resultPath(final Path outputDir, final String imageFileName) {
		return outputDir.resolve(baseName(imageFileName) + RESULT_SUFFIX);
	}

	/** The {@code skipped} row when the image's result exists in {@code outputDir}, else null. */
	public static BatchRow skipped(final Path image, final Path outputDir) {
		final Path result = resultPath(outputDir, image.getFileName().toString());
		if (!Files.exists(result)) return null;
		return BatchRow.without(image.getFileName().toString(), "", BatchRow.SKIPPED, "output exists: " + result
			.getFileName() + " (overwrite=true recomputes it)");
	}

	/**
	 * Completes {@code image} (missing pixels: nonzero in {@code mask}, NaN in the image)
	 * and writes the results into {@code outputDir}.
	 *
	 * @param mask the mask file, or null (NaN pixels are missing)
	 * @param overwrite false: an image whose result exists is skipped
	 * @param listener progress, or null
	 * @param cancel polled by the solver; when it becomes true the image is abandoned
	 */
	public BatchRow complete(final Path image, final Path mask, final Path outputDir, final boolean overwrite,
		final StackReconstruction.Listener listener, final BooleanSupplier cancel)
	{
		return complete(image, mask, outputDir, overwrite, solver(), listener, cancel);
	}

	/** As {@link #complete(Path, Path, Path, boolean, StackReconstruction.Listener, BooleanSupplier)} with another matrix solver. */
	public BatchRow complete(final Path image, final Path mask, final Path outputDir, final boolean overwrite,
		final MatrixSolver solver, final StackReconstruction.Listener listener, final BooleanSupplier cancel)
	{
		try {
			if (!overwrite) {
				final BatchRow skip = skipped(image, outputDir);
				if (skip != null) return skip;
			}
			final Input in = open(image, mask);
			if (in.failure != null) return in.failure;
			final StackResult r;
			try {
				r = solve(in, solver, listener, cancel);
			}
			catch (final IllegalArgumentException e) {
				return BatchRow.without(in.name, in.size, BatchRow.FAILED, e.getMessage());
			}
			return write(in, r, outputDir);
		}
		catch (final RuntimeException e) {
			return unexpected(image, e);
		}
	}

	/** The row of an image whose processing threw: a file that trips up a reader or the solver must not stop the others. */
	public static BatchRow unexpected(final Path image, final RuntimeException e) {
		return BatchRow.without(image.getFileName().toString(), "", BatchRow.FAILED, "unexpected " + e.getClass()
			.getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
	}

	/** An image and its mask, opened and checked: the request to solve, or the failed row. */
	public static final class Input {

		public final String name;
		/** "" when the image could not be read. */
		public final String size;
		/** Why the image cannot be completed, or null. */
		public final BatchRow failure;
		final ImagePlus imp;
		final StackReconstruction.Request request;

		Input(final String name, final String size, final BatchRow failure, final ImagePlus imp,
			final StackReconstruction.Request request)
		{
			this.name = name;
			this.size = size;
			this.failure = failure;
			this.imp = imp;
			this.request = request;
		}
	}

	/** Reads the image and its mask (null: NaN pixels are missing); a file that cannot be read gives a failed Input. */
	public Input open(final Path image, final Path mask) {
		final String name = image.getFileName().toString();
		final ImagePlusImages.Wrapped in;
		try {
			in = ImageFiles.read(image);
		}
		catch (final IOException | IllegalArgumentException e) {
			return new Input(name, "", BatchRow.without(name, "", BatchRow.FAILED, e.getMessage()), null, null);
		}
		final String size = ImagePlanes.size(in.img);
		final StackReconstruction.Request request = new StackReconstruction.Request();
		request.image = in.img;
		request.channelAxis = in.channelAxis;
		request.mode = mode;
		request.keepType = keepType;
		request.completion = true;
		CompletionParameters.prepare(request, settings);
		if (mask != null) {
			try {
				request.mask = ImageFiles.read(mask).img;
			}
			catch (final IOException | IllegalArgumentException e) {
				final String why = e instanceof IOException ? "mask: " + e.getMessage() : e.getMessage();
				return new Input(name, size, BatchRow.without(name, size, BatchRow.FAILED, why), in.source, null);
			}
		}
		return new Input(name, size, null, in.source, request);
	}

	/**
	 * Runs {@code solver} on every matrix of the image (planes, channels, Casorati matrices:
	 * {@link StackReconstruction}).
	 *
	 * @throws IllegalArgumentException when the image cannot be completed (wrong mask size, ...)
	 */
	public StackResult solve(final Input in, final MatrixSolver solver, final StackReconstruction.Listener listener,
		final BooleanSupplier cancel)
	{
		if (in.failure != null) throw new IllegalArgumentException(in.failure.message);
		// a Casorati matrix with method=auto is the whole-matrix factorization; another solver (a driver's tile
		// splitter or assembler) gets every matrix itself
		in.request.casoratiSolver = solver == this.solver ? CompletionParameters.casoratiSolver(settings) : null;
		return StackReconstruction.run(in.request, settings, solver, listener, cancel);
	}

	/**
	 * Writes the log, the loss plot and the TIFF (each atomically, the TIFF last) and
	 * returns the image's row; a cancelled result writes nothing.
	 */
	public BatchRow write(final Input in, final StackResult r, final Path outputDir) {
		final String name = in.name, size = in.size;
		final ReconstructionResult c = r.combined;
		if (r.isPartial()) {
			return new BatchRow(name, size, r.missingFraction, c.steps(), c.finalLoss, c.seconds, BatchRow.CANCELLED,
				"cancelled at iteration " + c.steps() + "; nothing written");
		}
		final String base = baseName(name);
		final LogTable log = LogTable.of(r);
		String note = "";
		try {
			log.writeCsv(outputDir.resolve(base + LOG_SUFFIX));
			try {
				LossPlots.savePng(LossPlots.plot(log, name + ": " + r.stableSummary()), outputDir.resolve(base +
					PLOT_SUFFIX));
			}
			catch (final IOException | RuntimeException | Error e) {
				note = "; loss plot not written: " + e.getMessage();
			}
			final ImagePlus out = ImagePlusImages.toImagePlus(r.output, base + RESULT_SUFFIX, in.imp);
			out.setProperty("Info", "Deep Low-Rank batch completion of " + name + ": " + r.stableSummary() + "\n");
			ImageFiles.saveTiff(out, resultPath(outputDir, name));
		}
		catch (final IOException e) {
			return new BatchRow(name, size, r.missingFraction, c.steps(), c.finalLoss, c.seconds, BatchRow.FAILED,
				"cannot write the results: " + e.getMessage());
		}
		final boolean diverged = c.stopReason == StopReason.DIVERGED;
		return new BatchRow(name, size, r.missingFraction, c.steps(), c.finalLoss, c.seconds, diverged
			? BatchRow.DIVERGED : BatchRow.DONE, (diverged && c.message != null ? c.message : "stop=" + c.stopReason
				.key()) + (c.method != null ? " method=" + c.method : "") + note);
	}
}
