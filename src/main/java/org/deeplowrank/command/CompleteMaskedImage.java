package org.deeplowrank.command;

import java.util.ArrayList;
import java.util.List;

import net.imglib2.img.Img;
import org.deeplowrank.image.StackReconstruction.Request;
import org.deeplowrank.image.StackResult;
import org.deeplowrank.image.TileGrid;
import org.deeplowrank.io.LogTable;
import org.deeplowrank.solver.LiftedCompletion;
import org.deeplowrank.solver.Reconstruction;
import org.deeplowrank.solver.ReconstructionResult;
import org.deeplowrank.solver.SolverSettings;
import org.deeplowrank.solver.glrl.GreedyLowRank;
import org.scijava.ItemIO;
import org.scijava.ItemVisibility;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Fills in the missing pixels of an image by fitting a deep matrix factorization to the
 * observed ones (matrix completion), or by another {@code method}. Thin: the keys
 * ({@link SolverParameters}, {@link CompletionParameters}, and here the image, mask and
 * reference) become settings, {@link CompletionParameters#solver} says what completes each
 * matrix, {@link ImageRun} runs it over the image, and the result is published.
 */
@Plugin(type = Command.class, headless = true, label = CompleteMaskedImage.LABEL,
	menuPath = "Plugins>Deep Low-Rank>" + CompleteMaskedImage.LABEL,
	description = "Completes an image from its observed pixels by gradient descent on a deep matrix factorization. " +
		"Nonzero mask pixels (and NaN image pixels) are missing.")
public class CompleteMaskedImage extends CompletionParameters implements SolverCommand {

	public static final String LABEL = "Complete Masked Image";

	/** A heading of SciJava's dialog (not a key: runner, macros and CommandKeys skip messages). */
	@Parameter(visibility = ItemVisibility.MESSAGE, persist = false, required = false)
	private String imagesHeading = "<html><b>Images</b>";

	@Parameter(label = "Image", description = ImageRun.IMAGE)
	protected Img<?> image;

	@Parameter(label = "Mask (nonzero = missing)", required = false,
		description = "Which pixels are missing: nonzero pixels are MISSING, zero pixels are observed; one plane (used " +
			"for every plane and channel) or one per plane of the image. Without a mask only NaN pixels are missing.")
	private Img<?> mask;

	@Parameter(label = "Reference (optional)", required = false,
		description = "Ground truth of the image's shape, only to log rel_error = |W - reference| / |reference|.")
	private Img<?> reference;

	@Parameter(label = "Reconstruction", type = ItemIO.OUTPUT, description = ImageRun.RECONSTRUCTION)
	protected Img<?> reconstruction;

	@Parameter(label = "Log", type = ItemIO.OUTPUT, description = ImageRun.LOG)
	protected LogTable log;

	@Parameter(label = "Summary", type = ItemIO.OUTPUT, description = ImageRun.SUMMARY)
	protected String summary;

	@Parameter(label = "Phases", type = ItemIO.OUTPUT,
		description = "method=glrl: one row per phase (loss at start and end, lambda1/lambda2 of -grad f, nuclear norm).")
	protected LogTable phases;

	private final ImageRun run = new ImageRun(this);

	@Override
	public void run() {
		try {
			final Request request = run.request(image);
			final SolverSettings settings = settings();
			request.completion = true;
			prepare(request, settings);
			request.mask = mask;
			request.reference = reference;
			final StackResult r = run.run(request, settings, solver(settings));
			if (r == null) return;
			reconstruction = r.output;
			log = LogTable.of(r);
			summary = ImageRun.summary(r);
			phases = phaseTable(r.combined);
		}
		catch (final IllegalArgumentException e) {
			// bad input (ours, the settings' or the solver's): the message is for the user
			cancel(e.getMessage());
		}
	}

	/** GLRL's phase table, or null for the other methods. */
	private static LogTable phaseTable(final ReconstructionResult r) {
		if (r.phases.isEmpty()) return null;
		final List<double[]> rows = new ArrayList<>();
		for (final GreedyLowRank.Phase p : r.phases) rows.add(p.values());
		return new LogTable(GreedyLowRank.Phase.columns(), rows);
	}

	@Override
	public void setChannelAxis(final int axis) {
		run.setChannelAxis(axis);
	}

	@Override
	public ReconstructionResult getResult() {
		return run.combined();
	}

	@Override
	public StackResult getStackResult() {
		return run.result();
	}

	@Override
	public String resultSuffix() {
		return "_completed";
	}
}
