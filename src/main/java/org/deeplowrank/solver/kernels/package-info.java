/**
 * The dense kernels the optimizers run on: GEMM with transpose flags into buffers
 * allocated up front, the fused masked residual, steps and norms ({@link
 * org.deeplowrank.solver.kernels.DenseKernels}), and their sets: the double reference on
 * {@code Matrix}, pure-Java float, and OpenBLAS (loaded by reflection from {@code
 * org.deeplowrank.nativeblas}). {@link org.deeplowrank.solver.kernels.Kernels} chooses the
 * set from the backend, precision and thread keys.
 * <p>
 * May import: {@code linalg}, {@code problem} (to ask a data term what it observes),
 * {@code org.deeplowrank.keys}, Java.
 */
package org.deeplowrank.solver.kernels;
