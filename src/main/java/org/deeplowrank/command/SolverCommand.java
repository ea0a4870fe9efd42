package org.deeplowrank.command;

import java.util.Locale;

import net.imglib2.img.Img;
import org.deeplowrank.image.StackReconstruction.MatrixSolver;
import org.deeplowrank.image.StackReconstruction.Part;
import org.deeplowrank.image.StackReconstruction.Request;
import org.deeplowrank.image.StackReconstruction;
import org.deeplowrank.image.StackResult;
import org.deeplowrank.io.LogTable;
import org.deeplowrank.solver.ReconstructionResult;
import org.deeplowrank.solver.gd.LogRecord;
import org.deeplowrank.solver.gd.StopReason;
import org.scijava.ItemIO;
import org.scijava.plugin.Parameter;

/**
 * A command that reconstructs one image: the input image, the shared keys of
 * {@link SolverParameters}, and the outputs (reconstruction, log, summary).
 * <p>
 * The image may be a plane, a stack, a multi-channel stack or RGB; how it becomes matrices
 * is decided in one place, {@link StackReconstruction}, from the keys {@code stack} and
 * {@code keep_type}. A subclass only says which matrix problem it solves
 * ({@link #solver()}) and adds its own inputs to the request ({@link #configure}).
 * <p>
 * SciJava discovers inherited {@code @Parameter} fields (superclass first), so the solver
 * keys come first in every subclass's dialog and {@code --help}, then the image, then the
 * subclass's own keys. A running solver polls {@link #isCanceled()}, so cancelling the
 * module (what the runner does on Ctrl-C, and Esc in ImageJ) stops it at the next
 * iteration with a partial result.
 */
public abstract class SolverCommand extends SolverParameters {

	@Parameter(label = "Image",
		description = "The image to reconstruct: 8-, 16- or 32-bit grayscale or RGB; a plane or a stack (see 'stack').")
	protected Img<?> image;

	@Parameter(label = "Reconstruction", type = ItemIO.OUTPUT,
		description = "The reconstructed image, the input's shape: 32-bit float in the input's units, RGB for RGB " +
			"input, the input's type with keep_type=true.")
	protected Img<?> reconstruction;

	@Parameter(label = "Log", type = ItemIO.OUTPUT,
		description = "Diagnostics per logged iteration: loss, rmse, rel_error, step, top singular values, ... " +
			"(with channel and slice columns when the image has several parts).")
	protected LogTable log;

	@Parameter(label = "Summary", type = ItemIO.OUTPUT,
		description = "One line: iterations, final loss, rel_error if known, seconds and why the run stopped.")
	protected String summary;

	/** The channel dimension of {@link #image}, or -1; set by front ends that know it (ImageJ hyperstacks). */
	private int channelAxis = -1;

	private StackResult result;

	/** Declares which dimension of the image holds channels (-1: none, every extra dimension is a plane). */
	public void setChannelAxis(final int axis) {
		channelAxis = axis;
	}

	/**
	 * The solver result behind the outputs (all parts combined, see
	 * {@link StackResult#combined}), or null before a run (or after bad input).
	 */
	public ReconstructionResult getResult() {
		return result == null ? null : result.combined;
	}

	/** The whole result, per part; null before a run or after bad input. */
	public StackResult getStackResult() {
		return result;
	}

	/** What front ends append to the input's name for the result ("cells" -> "cells_completed"). */
	public String resultSuffix() {
		return "_reconstructed";
	}

	@Override
	public final void run() {
		try {
			if (image == null) throw new IllegalArgumentException("missing value for 'image'");
			final Request request = new Request();
			request.image = image;
			request.channelAxis = channelAxis;
			request.mode = stackMode();
			request.keepType = keepType();
			configure(request);
			final StackResult r = StackReconstruction.run(request, settings(), solver(), listener(), this::isCanceled);
			if (r == null) return;
			result = r;
			reconstruction = r.output;
			log = LogTable.of(r);
			final ReconstructionResult c = r.combined;
			// a diverged run's message says what to change; the others are in the summary line already
			summary = c.stopReason == StopReason.DIVERGED && c.message != null && !c.message.isEmpty() ? r
				.summaryLine() + " - " + c.message : r.summaryLine();
			published(c);
			finishProgress(title() + ": " + r.summaryLine());
		}
		catch (final IllegalArgumentException e) {
			// bad input (ours, the settings' or the solver's): the message is for the user
			cancel(e.getMessage());
		}
	}

	/** Adds the command's own inputs (mask, reference, ...) to the request; throw IllegalArgumentException for bad ones. */
	protected abstract void configure(Request request);

	/** The matrix problem this command solves for each part of the image. */
	protected abstract MatrixSolver solver();

	/** Hook for subclass outputs derived from the (combined) result. */
	protected void published(final ReconstructionResult r) {}

	/** Forwards progress to the status bar (Fiji, ImageJ) or status events (runner), at most 4 times a second. */
	private StackReconstruction.Listener listener() {
		final String name = title();
		return new StackReconstruction.Listener() {

			private double loss = Double.NaN;

			@Override
			public void logged(final Part part, final int index, final LogRecord record) {
				loss = record.loss;
			}

			@Override
			public void started(final Part part, final int index, final int count) {
				loss = Double.NaN;
			}

			@Override
			public void progress(final Part part, final int index, final int count, final int iteration, final int max) {
				final int value = (int) Math.round(1000.0 * (index + (max > 0 ? (double) iteration / max : 1)) / count);
				reportProgress(index + 1 < count ? Math.min(value, 999) : value, 1000, () -> String.format(Locale.ROOT,
					"%s: %siteration %d/%d, loss %.4g", name, part.name.isEmpty() ? "" : part.name + ", ", iteration, max,
					loss));
			}
		};
	}
}
