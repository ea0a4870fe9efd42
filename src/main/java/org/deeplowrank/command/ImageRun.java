package org.deeplowrank.command;

import java.util.Locale;

import net.imglib2.img.Img;
import org.deeplowrank.image.StackReconstruction;
import org.deeplowrank.image.StackReconstruction.Part;
import org.deeplowrank.image.StackReconstruction.Request;
import org.deeplowrank.image.StackResult;
import org.deeplowrank.solver.MatrixSolver;
import org.deeplowrank.solver.ReconstructionResult;
import org.deeplowrank.solver.SolverSettings;
import org.deeplowrank.solver.gd.LogRecord;
import org.deeplowrank.solver.gd.StopReason;

/**
 * The run of a {@link SolverCommand}, held by the command: its image becomes matrices in
 * {@link StackReconstruction} (the key {@code stack}, {@code keep_type}, the channel axis a
 * front end declared), each is solved by the command's {@link MatrixSolver}, progress goes
 * to the command's status, and the result is kept for the front ends.
 * <p>
 * A running solver polls the command's {@code isCanceled()}, so cancelling the module (what
 * the runner does on Ctrl-C, and Esc in ImageJ) stops it at the next iteration with a
 * partial result.
 */
final class ImageRun {

	/** The description of the key {@code image}, the same in every {@link SolverCommand}. */
	static final String IMAGE = "The image to reconstruct: 8-, 16- or 32-bit grayscale or RGB; a plane or a stack " +
		"(see 'stack').";
	/** The description of the output {@code reconstruction}. */
	static final String RECONSTRUCTION = "The reconstructed image, the input's shape: 32-bit float in the input's " +
		"units, RGB for RGB input, the input's type with keep_type=true.";
	/** The description of the output {@code log}. */
	static final String LOG = "Diagnostics per logged iteration: loss, rmse, rel_error, step, top singular values, ... " +
		"(with channel and slice columns when the image has several parts).";
	/** The description of the output {@code summary}. */
	static final String SUMMARY = "One line: iterations, final loss, rel_error if known, seconds and why the run " +
		"stopped.";

	private final SolverParameters command;
	private int channelAxis = -1;
	private StackResult result;

	ImageRun(final SolverParameters command) {
		this.command = command;
	}

	void setChannelAxis(final int axis) {
		channelAxis = axis;
	}

	/** The last run's result, or null. */
	StackResult result() {
		return result;
	}

	/** Its combined result, or null. */
	ReconstructionResult combined() {
		return result == null ? null : result.combined;
	}

	/**
	 * The request for {@code image} with the command's stack keys and the declared channel
	 * axis; the command adds its own inputs.
	 *
	 * @throws IllegalArgumentException without an image, or for a bad {@code stack}
	 */
	Request request(final Img<?> image) {
		if (image == null) throw new IllegalArgumentException("missing value for 'image'");
		final Request request = new Request();
		request.image = image;
		request.channelAxis = channelAxis;
		request.mode = command.stackMode();
		request.keepType = command.keepType();
		return request;
	}

	/**
	 * Solves every part of the request, keeps the result and shows the summary line.
	 *
	 * @return the result, or null when nothing ran
	 * @throws IllegalArgumentException for bad input (the message is for the user)
	 */
	StackResult run(final Request request, final SolverSettings settings, final MatrixSolver solver) {
		final StackResult r = StackReconstruction.run(request, settings, solver, listener(), command::isCanceled);
		if (r == null) return null;
		result = r;
		command.finishProgress(command.title() + ": " + r.summaryLine());
		return r;
	}

	/** The {@code summary} output: the summary line, and a diverged run's message, which says what to change. */
	static String summary(final StackResult r) {
		final ReconstructionResult c = r.combined;
		return c.stopReason == StopReason.DIVERGED && c.message != null && !c.message.isEmpty() ? r.summaryLine() +
			" - " + c.message : r.summaryLine();
	}

	/** Forwards progress to the status bar (Fiji, ImageJ) or status events (runner), at most 4 times a second. */
	private StackReconstruction.Listener listener() {
		final String name = command.title();
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
				command.reportProgress(index + 1 < count ? Math.min(value, 999) : value, 1000, () -> String.format(
					Locale.ROOT, "%s: %siteration %d/%d, loss %.4g", name, part.name.isEmpty() ? "" : part.name + ", ",
					iteration, max, loss));
			}
		};
	}
}
