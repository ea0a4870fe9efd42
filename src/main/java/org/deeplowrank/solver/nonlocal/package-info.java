/**
 * The nonlocal patch-group model (issue #13, the idea behind WNNM and NLR-CS) for the
 * completion of one 2-D plane: block matching of p × p patches on the current estimate,
 * one p² × K group matrix per reference patch, a low-rank completion of each group on its
 * observed entries ({@code GroupSoftImpute}: singular value thresholding;
 * {@code GroupDeepFactorization}: the deep factorization by gradient descent from a small
 * initialization; {@code GroupGreedyLowRank}: GLRL, one rank per phase), aggregation (plain average) of the group
 * estimates, a few rounds.
 * <p>
 * Groups are solved in parallel on a fixed partition into chunks, taken by whichever
 * thread is free and aggregated in chunk order (the result does not depend on the thread
 * count), with per-thread workspaces allocated once per call; the memory grows with the
 * number of pixels, never with its square.
 * <p>
 * May import: {@code linalg}, {@code baseline} (the biharmonic start), {@code problem}
 * (seed mixing), Java. Not the solver's entry points, so that they can use this package
 * for {@code lifting=nonlocal}.
 */
package org.deeplowrank.solver.nonlocal;
