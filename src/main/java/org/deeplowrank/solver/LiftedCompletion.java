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
 * Observed values are put back at image level ({@link SolverSettings#keepObserved()}; the
 * lifted run itself keeps none). The patch and stride are
 * {@link SolverSettings#lifting()}'s. The held-out validation
 * ({@link SolverSettings#validation()}) holds out whole PIXELS: every lifted entry of a
 * seeded fraction of the observed pixels ({@link #validationEntries}); {@code val_rmse} is
 * the RMSE over those lifted entries (a pixel counts once per covering patch). The
 * held-out pixels are observed pixels, so {@code keepObserved} puts their values back.
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
	 * @param settings the solver settings; {@code lifting()} gives the patch p,
	 *          1 ≤ p ≤ min(width, height), and the stride, 1 ≤ stride ≤ p;
	 *          {@code keepObserved()} puts the observed pixel values back into the result
	 *          (otherwise every pixel is the average of its patch estimates)
	 */
	public static ReconstructionResult complete(final Matrix image, final boolean[] missing, final Matrix reference,
		final SolverSettings settings, final SolverListener listener, final BooleanSupplier cancel)
	{
		settings.checkUsableFor(Method.GD);
		// the lifted matrix's mask copies each pixel into p² entries: not the iid mask the fast
		// engine's width test assumes, so optimizer=auto is gd there
		return completeLifted(image, missing, reference, settings.withAutoOptimizerAsGd(), Reconstruction::complete,
			listener, cancel);
	}

	/** Greedy Low-Rank Learning ({@link Reconstruction#completeGreedy}) on the lifted image; as {@link #complete}. */
	public static ReconstructionResult completeGreedy(final Matrix image, final boolean[] missing,
		final Matrix reference, final SolverSettings settings, final SolverListener listener, final BooleanSupplier cancel)
	{
		settings.checkUsableFor(Method.GLRL);
		return completeLifted(image, missing, reference, settings, Reconstruction::completeGreedy, listener, cancel);
	}

	/** A completion with an explicit validation set: {@link Reconstruction#complete} or {@link Reconstruction#completeGreedy}. */
	private interface ValidatedCompletion {

		ReconstructionResult complete(Matrix image, boolean[] missing, Matrix reference, SolverSettings settings,
			int[] validation, SolverListener listener, BooleanSupplier cancel);
	}

	/** Lifts, completes the patch matrix with {@code inner}, and maps the result back. */
	private static ReconstructionResult completeLifted(final Matrix image, final boolean[] missing,
		final Matrix reference, final SolverSettings settings, final ValidatedCompletion inner,
		final SolverListener listener, final BooleanSupplier cancel)
	{
		final long start = System.nanoTime();
		final LiftingSettings l = settings.lifting();
		final HankelLifting lifting = prepare(image, missing, reference, l.patch(), l.stride(), settings.gd().depth());
		// the observed values are put back (or not) at image level, below
		final ReconstructionResult lifted = inner.complete(lifting.lift(image), lifting.liftMissing(missing),
			reference == null ? null : lifting.lift(reference), settings.withKeepObserved(false), validationEntries(
				lifting, missing, settings.validation(), settings.seed()), listener, cancel);
		final Matrix out = lifting.unlift(lifted.reconstruction);
		if (settings.keepObserved()) {
			for (int k = 0; k < out.re.length; k++) if (missing == null || !missing[k]) out.re[k] = image.re[k];
		}
		final double rel = reference == null ? Double.NaN : MatrixOps.distanceF(out, reference) / MatrixOps.normF(
			reference);
		// the summary's residual= names an image-level completion's residual path; the lifted
		// matrix's is not the image's
		return lifted.toBuilder().reconstruction(out).relError(rel).seconds((System.nanoTime() - start) * 1e-9)
			.residual(null).build();
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
		final int[] pixels = Reconstruction.heldOutPixels(missing, lifting.rows() * lifting.cols(), fraction, seed);
		return pixels.length == 0 ? pixels : lifting.liftedIndices(pixels);
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
}
