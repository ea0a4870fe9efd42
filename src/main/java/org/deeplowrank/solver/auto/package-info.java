/**
 * {@code method=auto}: the estimator selection on held-out pixels
 * ({@link org.deeplowrank.solver.auto.ModelSelection}) and the candidates it compares for
 * one plane ({@link org.deeplowrank.solver.auto.AutoCompletion}): the whole-matrix deep
 * factorization, the nonlocal patch groups and biharmonic inpainting. Small planes are
 * scored on two held-out folds, planes of 512² or more on crops covering a quarter of
 * them; the winner (or the blend of the two best image models) then runs on the whole plane.
 * <p>
 * Sits above {@code org.deeplowrank.solver} (like {@code dynamics}): it calls the entry
 * points, but only through {@link org.deeplowrank.solver.auto.WholeMatrixCandidate}, the
 * one adapter to adjust when their signatures change. May import: the solver, its
 * {@code linalg}, {@code problem}, {@code baseline} and {@code nonlocal} sub-packages, Java.
 */
package org.deeplowrank.solver.auto;
