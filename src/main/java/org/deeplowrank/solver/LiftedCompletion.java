package org.deeplowrank.solver;

import java.util.Locale;
import java.util.function.BooleanSupplier;

import org.deeplowrank.solver.gd.SolverListener;
import org.deeplowrank.solver.linalg.Matrix;
import org.deeplowrank.solver.linalg.MatrixOps;
import org.deeplowrank.solver.problem.HankelLifting;

/**
 * Completion in the patch (block-Hankel) domain: the image and its mask are lifted by
 * {@link HankelLifting}, the p² x P patch matrix is completed by {@link Reconstruction}
 * (deep GD or GLRL, same normalization and settings), and the result is mapped back by
 * averaging every patch estimate of each pixel. See {@link HankelLifting} for why the
 * patch matrix is much closer to low rank than the image and for the memory cost.
 * <p>
 * Units of the returned {@link ReconstructionResult}: {@code reconstruction} is the
 * un-lifted image and {@code relError} compares it (after {@code keepObserved}, if set) with
 * the un-lifted reference. The log, {@code finalLoss}, {@code iterations}, the stop reason
 * and (deep GD) the layers and normalization describe the LIFTED problem the solver ran on:
 * the logged {@code loss} and {@code rmse} count each pixel once per covering patch, the
 * logged singular values are those of the lifted product and the logged
 * {@code rel_error} compares the lifted product with the lifted reference.
 * <p>
 * Observed values are put back at image level ({@code keepObserved} argument; the
 * settings' own {@code keepObserved} is not used). The held-out validation
 * ({@link SolverSettings#validation}, {@link GreedySettings#validation}) holds out whole
 * PIXELS: every lifted entry of a seeded fraction of the observed pixels
 * ({@link #validationEntries}); {@code val_rmse} is the RMSE over those lifted entries
 * (a pixel counts once per covering patch). The held-out pixels are observed pixels, so
 * {@code keepObserved} puts their values back.
 */
public final class LiftedCompletion {

	private LiftedCompletion() {}

	/**
	 * Deep-GD completion of the lifted image.
	 *
	 * @param image the data (values at missing pixels are ignored; NaN allowed there)
	 * @param missing {@code missing[y*cols+x]} true when pixel (x, y) is unobserved; null =
	 *          nothing missing (a low-rank fit of the patch matrix, i.e. a denoiser)
	 * @param reference optional ground truth for {@code rel_error}, or null
	 * @param patch p, 1 ≤ p ≤ min(width, height)
	 * @param stride 1 ≤ stride ≤ p
	 * @param keepObserved put the observed pixel values back into the result (otherwise
	 *          every pixel is the average of its patch estimates)
	 */
	public static ReconstructionResult complete(final Matrix image, final boolean[] missing, final Matrix reference,
		final SolverSettings settings, final int patch, final int stride, final boolean keepObserved,
		final SolverListener listener, final BooleanSupplier cancel)
	{
		settings.validate();
		final long start = System.nanoTime();
		final HankelLifting lifting = prepare(image, missing, reference, patch, stride, settings.depth);
		final SolverSettings inner = settings.copy();
		// the observed values are put back (or not) at image level, below
		inner.keepObserved = false;
		final ReconstructionResult lifted = Reconstruction.complete(lifting.lift(image), lifting.liftMissing(missing),
			reference == null ? null : lifting.lift(reference), inner, validationEntries(lifting, missing, settings
				.validation, settings.seed), listener, cancel);
		final ReconstructionResult r = unlifted(lifted, lifting, image, missing, reference, keepObserved, start);
		r.bestIteration = lifted.bestIteration;
		r.initialFactors = lifted.initialFactors;
		r.factors = lifted.factors;
		r.mean = lifted.mean;
		r.scale = lifted.scale;
		return r;
	}

	/**
	 * The held-out validation set in the lifted domain: a seeded fraction of the observed
	 * PIXELS ({@link Reconstruction#heldOut}, the same choice as in the image domain), each
	 * with ALL its lifted entries ({@link HankelLifting#liftedIndices}). Holding out single
	 * lifted entries would leak: the pixel stays observed in the other patches covering it
	 * (up to (p/stride)² of them), so the error there would track the training error and
	 * say nothing about generalization. Flat indices into the p² x P matrix, ascending.
	 */
	static int[] validationEntries(final HankelLifting lifting, final boolean[] missing, final double fraction,
		final long seed)
	{
		final int[] pixels = Reconstruction.heldOut(missing, lifting.rows() * lifting.cols(), fraction, seed);
		return pixels.length == 0 ? pixels : lifting.liftedIndices(pixels);
	}

	/** Greedy Low-Rank Learning ({@link Reconstruction#completeGreedy}) on the lifted image; as {@link #complete}. */
	public static ReconstructionResult completeGreedy(final Matrix image, final boolean[] missing,
		final Matrix reference, final GreedySettings settings, final int patch, final int stride,
		final boolean keepObserved, final SolverListener listener, final BooleanSupplier cancel)
	{
		settings.validate();
		final long start = System.nanoTime();
		final HankelLifting lifting = prepare(image, missing, reference, patch, stride, settings.depth);
		final ReconstructionResult lifted = Reconstruction.completeGreedy(lifting.lift(image), lifting.liftMissing(
			missing), reference == null ? null : lifting.lift(reference), greedyCopy(settings), validationEntries(lifting,
				missing, settings.validation, settings.seed), listener, cancel);
		final ReconstructionResult r = unlifted(lifted, lifting, image, missing, reference, keepObserved, start);
		r.bestIteration = lifted.bestIteration;
		return r;
	}

	private static GreedySettings greedyCopy(final GreedySettings s) {
		final GreedySettings g = s.copy();
		g.keepObserved = false; // applied at image level
		return g;
	}

	/** Checks the inputs at image level (so messages name pixels, not lifted entries) and builds the lifting. */
	private static HankelLifting prepare(final Matrix image, final boolean[] missing, final Matrix reference,
		final int patch, final int stride, final int depth)
	{
		if (image == null) throw new IllegalArgumentException("missing value for 'image'");
		final int rows = image.rows, cols = image.cols, size = image.size();
		if (size == 0) throw new IllegalArgumentException("the image is empty");
		if (missing != null && missing.length != size) {
			throw new IllegalArgumentException("mask has " + missing.length + " pixels but the image has " + size);
		}
		if (reference != null && !reference.sameShape(image)) {
			throw new IllegalArgumentException("reference is " + reference.cols + " x " + reference.rows + " but image is " +
				cols + " x " + rows);
		}
		if (reference != null && !MatrixOps.isFinite(reference)) {
			throw new IllegalArgumentException("reference has NaN or infinite pixels");
		}
		int observed = 0;
		for (int k = 0; k < size; k++) {
			if (missing != null && missing[k]) continue;
			if (!Double.isFinite(image.re[k])) {
				throw new IllegalArgumentException(String.format(Locale.ROOT,
					"pixel (x=%d, y=%d) is %s but not marked missing; mark it missing in the mask or fix the image", k % cols,
					k / cols, image.re[k]));
			}
			observed++;
		}
		if (observed == 0) {
			throw new IllegalArgumentException(
				"every pixel is missing: nothing to complete from (check the mask: nonzero marks MISSING pixels)");
		}
		final HankelLifting lifting = new HankelLifting(rows, cols, patch, stride);
		HankelLifting.checkMemory(rows, cols, patch, stride, depth, Runtime.getRuntime().maxMemory());
		return lifting;
	}

	private static ReconstructionResult unlifted(final ReconstructionResult lifted, final HankelLifting lifting,
		final Matrix image, final boolean[] missing, final Matrix reference, final boolean keepObserved, final long start)
	{
		final Matrix out = lifting.unlift(lifted.reconstruction);
		if (keepObserved) {
			for (int k = 0; k < out.re.length; k++) if (missing == null || !missing[k]) out.re[k] = image.re[k];
		}
		final double rel = reference == null ? Double.NaN : MatrixOps.distanceF(out, reference) / MatrixOps.normF(
			reference);
		return new ReconstructionResult(out, lifted.log, lifted.singularValueColumns, lifted.stopReason, lifted.message,
			lifted.iterations, lifted.finalLoss, rel, (System.nanoTime() - start) * 1e-9, lifted.backend, lifted.phases);
	}
}
