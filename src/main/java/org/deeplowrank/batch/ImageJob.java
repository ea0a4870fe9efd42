package org.deeplowrank.batch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

import ij.ImagePlus;

import org.deeplowrank.command.LogTable;
import org.deeplowrank.ij1.IjFiles;
import org.deeplowrank.ij1.ImagePlusImages;
import org.deeplowrank.ij1.LogDisplay;
import org.deeplowrank.image.StackMode;
import org.deeplowrank.image.StackReconstruction;
import org.deeplowrank.image.StackResult;
import org.deeplowrank.solver.Reconstruction;
import org.deeplowrank.solver.ReconstructionResult;
import org.deeplowrank.solver.SolverSettings;
import org.deeplowrank.solver.StopReason;

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
 */
public final class ImageJob {

	public static final String RESULT_SUFFIX = "_completed.tif";
	public static final String LOG_SUFFIX = "_log.csv";
	public static final String PLOT_SUFFIX = "_loss.png";

	private final SolverSettings settings;
	private final StackMode mode;
	private final boolean keepType;

	/** @param settings validated solver settings (copied) */
	public ImageJob(final SolverSettings settings, final StackMode mode, final boolean keepType) {
		settings.validate();
		this.settings = settings.copy();
		this.mode = mode;
		this.keepType = keepType;
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
		try {
			return completeOrThrow(image, mask, outputDir, overwrite, listener, cancel);
		}
		catch (final RuntimeException e) {
			// a file that trips up a reader or the solver must not stop the other images
			return BatchRow.without(image.getFileName().toString(), "", BatchRow.FAILED, "unexpected " + e.getClass()
				.getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
		}
	}

	private BatchRow completeOrThrow(final Path image, final Path mask, final Path outputDir, final boolean overwrite,
		final StackReconstruction.Listener listener, final BooleanSupplier cancel)
	{
		final String name = image.getFileName().toString();
		final Path result = resultPath(outputDir, name);
		if (!overwrite && Files.exists(result)) {
			return BatchRow.without(name, "", BatchRow.SKIPPED, "output exists: " + result.getFileName() +
				" (overwrite=true recomputes it)");
		}
		final ImagePlus imp;
		final ImagePlusImages.Wrapped in;
		try {
			imp = IjFiles.open(image);
			in = ImagePlusImages.wrap(imp, "image");
		}
		catch (final IOException | IllegalArgumentException e) {
			return BatchRow.without(name, "", BatchRow.FAILED, e.getMessage());
		}
		final String size = StackReconstruction.size(in.img);
		final StackReconstruction.Request request = new StackReconstruction.Request();
		request.image = in.img;
		request.channelAxis = in.channelAxis;
		request.mode = mode;
		request.keepType = keepType;
		request.completion = true;
		final StackResult r;
		try {
			if (mask != null) {
				try {
					request.mask = ImagePlusImages.wrap(IjFiles.open(mask), "mask").img;
				}
				catch (final IOException e) {
					throw new IllegalArgumentException("mask: " + e.getMessage());
				}
			}
			r = StackReconstruction.run(request, settings, Reconstruction::complete, listener, cancel);
		}
		catch (final IllegalArgumentException e) {
			return BatchRow.without(name, size, BatchRow.FAILED, e.getMessage());
		}
		final ReconstructionResult c = r.combined;
		if (r.isPartial()) {
			return new BatchRow(name, size, r.missingFraction, c.iterations, c.finalLoss, c.seconds, BatchRow.CANCELLED,
				"cancelled at iteration " + c.iterations + "; nothing written");
		}
		final String base = baseName(name);
		final LogTable log = LogTable.of(r);
		String note = "";
		try {
			log.writeCsv(outputDir.resolve(base + LOG_SUFFIX));
			try {
				LogDisplay.savePng(LogDisplay.lossPlot(log, name + ": " + r.stableSummary()), outputDir.resolve(base +
					PLOT_SUFFIX));
			}
			catch (final IOException | RuntimeException | Error e) {
				note = "; loss plot not written: " + e.getMessage();
			}
			final ImagePlus out = ImagePlusImages.toImagePlus(r.output, base + RESULT_SUFFIX, imp);
			out.setProperty("Info", "Deep Low-Rank batch completion of " + name + ": " + r.stableSummary() + "\n");
			IjFiles.saveTiff(out, result);
		}
		catch (final IOException e) {
			return new BatchRow(name, size, r.missingFraction, c.iterations, c.finalLoss, c.seconds, BatchRow.FAILED,
				"cannot write the results: " + e.getMessage());
		}
		final boolean diverged = c.stopReason == StopReason.DIVERGED;
		return new BatchRow(name, size, r.missingFraction, c.iterations, c.finalLoss, c.seconds, diverged
			? BatchRow.DIVERGED : BatchRow.DONE, (diverged && c.message != null ? c.message : "stop=" + c.stopReason
				.key()) + note);
	}
}
