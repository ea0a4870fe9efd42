/**
 * Entry points of the solver: {@link org.deeplowrank.solver.Reconstruction} (completion and
 * sensing of a real matrix in its own units: normalization, step scaling, seeds; GLRL,
 * SoftImpute and smooth inpainting on the same data), {@link org.deeplowrank.solver.LiftedCompletion},
 * the immutable user-facing settings ({@link org.deeplowrank.solver.SolverSettings} and its
 * parts, with the defaults and every check), the {@code method} and {@code lifting} choices
 * and their one registry {@link org.deeplowrank.solver.Methods} (settings → the
 * {@link org.deeplowrank.solver.MatrixSolver} of one matrix), and the immutable
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
