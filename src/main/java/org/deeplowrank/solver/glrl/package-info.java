/**
 * Greedy Low-Rank Learning (GLRL Alg. 1 and 2): rank-one growth along the top singular
 * pair of −∇f, then gradient descent at the current width; the per-phase table. The
 * phases run on the run's {@code DenseKernels} (native BLAS or java, in double).
 * <p>
 * May import: {@code linalg}, {@code kernels}, {@code problem}, {@code gd}, Java.
 */
package org.deeplowrank.solver.glrl;
