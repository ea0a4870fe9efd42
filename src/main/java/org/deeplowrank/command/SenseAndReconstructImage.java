package org.deeplowrank.command;

import java.util.Locale;
import java.util.function.BooleanSupplier;

import net.imglib2.img.Img;
import org.deeplowrank.io.LogTable;
import org.deeplowrank.image.StackReconstruction.Request;
import org.deeplowrank.image.StackResult;
import org.deeplowrank.solver.MatrixSolver;
import org.deeplowrank.solver.MemoryEstimate;
import org.deeplowrank.solver.Reconstruction;
import org.deeplowrank.solver.ReconstructionResult;
import org.deeplowrank.solver.SolverSettings;
import org.deeplowrank.solver.gd.SolverListener;
import org.deeplowrank.solver.linalg.Matrix;
import org.deeplowrank.solver.problem.OperatorKind;
import org.scijava.ItemIO;
import org.scijava.ItemVisibility;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Simulates compressed sensing of an image (random linear measurements, optional noise)
 * and reconstructs it from the measurements alone with a deep matrix factorization; the
 * image itself is the reference, so {@code rel_error} says how well it was recovered.
 * Each part of a stack (plane, or Casorati matrix) is measured separately.
 */
@Plugin(type = Command.class, headless = true, label = SenseAndReconstructImage.LABEL,
	menuPath = "Plugins>Deep Low-Rank>" + SenseAndReconstructImage.LABEL,
	description = "Measures an image with a random linear operator and reconstructs it from the measurements " +
		"by gradient descent on a deep matrix factorization (matrix sensing).")
public class SenseAndReconstructImage extends SolverParameters implements SolverCommand {

	public static final String LABEL = "Sense and Reconstruct Image";

	/** Default measurement count as a fraction of the pixel count (measurements = 0). */
	static final double DEFAULT_FRACTION = 0.3;

	/** A heading of SciJava's dialog (not a key: runner, macros and CommandKeys skip messages). */
	@Parameter(visibility = ItemVisibility.MESSAGE, persist = false, required = false)
	private String imagesHeading = "<html><b>Image and measurements</b>";

	@Parameter(label = "Image", description = ImageRun.IMAGE)
	protected Img<?> image;

	@Parameter(label = "Measurements", min = "0",
		description = "Number of linear measurements (per plane, or per Casorati matrix); 0 = 30% of its pixels.")
	private int measurements = 0;

	@Parameter(label = "Operator", choices = { "gaussian", "fast" },
		description = "fast: structured random operator (any image size); gaussian: dense iid Gaussian matrix " +
			"(small images only: it stores measurements x pixels numbers).")
	private String operator = OperatorKind.FAST.key();

	@Parameter(label = "Noise (std, image units)", min = "0",
		description = "Standard deviation of Gaussian noise added to each measurement, in image units.")
	private double noise = 0;

	@Parameter(label = "Reconstruction", type = ItemIO.OUTPUT, description = ImageRun.RECONSTRUCTION)
	protected Img<?> reconstruction;

	@Parameter(label = "Log", type = ItemIO.OUTPUT, description = ImageRun.LOG)
	protected LogTable log;

	@Parameter(label = "Summary", type = ItemIO.OUTPUT, description = ImageRun.SUMMARY)
	protected String summary;

	@Parameter(label = "Relative error", type = ItemIO.OUTPUT,
		description = "|reconstruction - image| / |image| (Frobenius norms).")
	private double rel_error;

	private final ImageRun run = new ImageRun(this);

	@Override
	public void run() {
		try {
			final Request request = run.request(image);
			request.completion = false;
			request.reference = image; // for the rel_error of the whole image (each part's own is the solver's)
			final OperatorKind op = OperatorKind.parse(operator);
			measurementCount(measurements, 1);
			if (!(noise >= 0) || !Double.isFinite(noise)) {
				throw new IllegalArgumentException("bad value for 'noise': " + noise +
					" (expected a standard deviation >= 0)");
			}
			final StackResult r = run.run(request, settings(), new Sensing(measurements, op, noise));
			if (r == null) return;
			reconstruction = r.output;
			log = LogTable.of(r);
			summary = ImageRun.summary(r);
			rel_error = r.combined.relError;
		}
		catch (final IllegalArgumentException e) {
			cancel(e.getMessage());
		}
	}

	/** Measures each matrix with a seeded operator and reconstructs it from the measurements (Reconstruction.sense). */
	private static final class Sensing implements MatrixSolver {

		private final int requested;
		private final OperatorKind operator;
		private final double noise;

		Sensing(final int requested, final OperatorKind operator, final double noise) {
			this.requested = requested;
			this.operator = operator;
			this.noise = noise;
		}

		@Override
		public ReconstructionResult solve(final Matrix data, final boolean[] missing, final Matrix reference,
			final SolverSettings settings, final SolverListener listener, final BooleanSupplier cancel)
		{
			final int m = measurementCount(requested, data.size());
			return Reconstruction.sense(data, m, operator, noise, settings, listener, cancel);
		}

		@Override
		public long workingBytes(final int rows, final int cols, final SolverSettings settings) {
			return MemoryEstimate.sensingBytes(rows, cols, measurementCount(requested, (int) Math.min(Integer.MAX_VALUE,
				(long) rows * cols)), operator, settings);
		}

		/** The dense gaussian operator is what grows fastest: the fast one, when it fits. */
		@Override
		public String memoryAdvice(final int rows, final int cols, final SolverSettings settings, final long budget) {
			if (operator != OperatorKind.GAUSSIAN) return null;
			final long need = new Sensing(requested, OperatorKind.FAST, noise).workingBytes(rows, cols, settings);
			return need <= budget ? "operator=fast (about " + MemoryEstimate.size(need) + " for the solver)" : null;
		}

		@Override
		public String toString() {
			final String count = requested == 0 ? Math.round(100 * DEFAULT_FRACTION) + " %" : Integer.toString(requested);
			return String.format(Locale.ROOT, "gd from %s %s measurements%s", count, operator.key(), noise > 0
				? " with noise " + noise : "");
		}
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
		return "_sensed";
	}

	/** The measurement count for the key value {@code requested} (0 = the default fraction). */
	static int measurementCount(final int requested, final int pixels) {
		if (requested < 0) {
			throw new IllegalArgumentException("bad value for 'measurements': " + requested +
				" (expected 0 for 30% of the pixels, or a positive count)");
		}
		if (requested > 0) return requested;
		return Math.max(1, (int) Math.round(DEFAULT_FRACTION * pixels));
	}
}
