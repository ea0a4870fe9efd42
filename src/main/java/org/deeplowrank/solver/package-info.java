/**
 * Entry points of the solver: {@link org.deeplowrank.solver.Reconstruction} (completion and
 * sensing of a real matrix in its own units: normalization, step scaling, seeds),
 * {@link org.deeplowrank.solver.LiftedCompletion}, the user-facing settings and
 * {@link org.deeplowrank.solver.ReconstructionResult}.
 * <p>
 * Sub-packages, from the bottom up: {@code linalg} (matrices, SVD, Lanczos),
 * {@code kernels} (dense products in java/native, float/double), {@code problem} (data
 * terms, sensing operators, lifting), {@code gd} (the deep objective, initializers,
 * gradient descent, log records), {@code glrl} (Greedy Low-Rank Learning),
 * {@code baseline} (SoftImpute, smooth inpainting); {@code dynamics} (research studies)
 * sits above this package and calls its entry points.
 * <p>
 * May import: its sub-packages except {@code dynamics}, {@code org.deeplowrank.keys}, Java
 * and EJML. No ImageJ, ImgLib2 or SciJava types.
 */
package org.deeplowrank.solver;
