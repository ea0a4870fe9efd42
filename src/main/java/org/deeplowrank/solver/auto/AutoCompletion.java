package org.deeplowrank.solver.auto;

import java.util.List;

import org.deeplowrank.solver.baseline.SmoothInpainting;
import org.deeplowrank.solver.linalg.Matrix;
import org.deeplowrank.solver.nonlocal.NonlocalCompletion;
import org.deeplowrank.solver.nonlocal.NonlocalSettings;

/**
 * {@code method=auto} for one plane: the candidate models are compared on held-out
 * observed pixels ({@link ModelSelection}) and the best is returned, rerun on all observed
 * pixels. The candidates: the whole-matrix deep factorization (data that are low rank as
 * matrices), the nonlocal patch groups (textures, photographs) and biharmonic inpainting
 * (smooth images). The method name for summaries and logs is
 * {@code auto(<chosen>)}, e.g. {@code auto(nonlocal)}.
 */
public final class AutoCompletion {

	/** Fraction of the observed pixels held out to compare the candidates. */
	public static final double HELD_OUT = 0.1;

	private AutoCompletion() {}

	/** The candidates, in the order of the summary line. */
	public static List<ModelSelection.Candidate> candidates(final NonlocalSettings nonlocal, final long seed) {
		final NonlocalSettings s = nonlocal.copy();
		return List.of(WholeMatrixCandidate.screened(seed), ModelSelection.candidate("nonlocal",
			(image, missing) -> NonlocalCompletion.complete(image, missing, s)), ModelSelection.candidate("biharmonic",
				(image, missing) -> SmoothInpainting.inpaint(image, missing, true)));
	}

	/**
	 * Completes {@code image} with the best candidate on held-out pixels.
	 *
	 * @param nonlocal settings of the nonlocal candidate (its seed is replaced by {@code seed})
	 * @param seed chooses the held-out pixels and seeds the candidates
	 * @param blend also consider the least-squares blend of the two best
	 */
	public static ModelSelection.Choice complete(final Matrix image, final boolean[] missing,
		final NonlocalSettings nonlocal, final long seed, final boolean blend)
	{
		final NonlocalSettings s = nonlocal.copy();
		s.seed = seed;
		return ModelSelection.select(image, missing, candidates(s, seed), HELD_OUT, seed, blend);
	}

	/** The method name for summaries and logs: {@code auto(<chosen>)}. */
	public static String methodName(final ModelSelection.Choice choice) {
		return "auto(" + choice.name + ")";
	}
}
