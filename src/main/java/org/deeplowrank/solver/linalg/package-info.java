/**
 * Dense linear algebra on row-major real and complex matrices: {@link
 * org.deeplowrank.solver.linalg.Matrix}, elementwise operations, SVD (through EJML),
 * Lanczos for the top singular pairs of an operator, power-iteration spectral norms and
 * orthonormalization (Haar-distributed isometries for 4L eq. 6), and {@link
 * org.deeplowrank.solver.linalg.Masked}, the branch-free selections of the passes over a
 * completion mask.
 * <p>
 * May import: Java and EJML only. Everything else in the solver builds on this package.
 */
package org.deeplowrank.solver.linalg;
