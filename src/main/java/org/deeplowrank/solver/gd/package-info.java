/**
 * Gradient descent on the deep factorization W = W_N ⋯ W_1: the objective and its
 * layer gradients (3(N−1) products per evaluation, balanced regularizer 4L eq. 1), the
 * initializations (Gaussian, ACGH Procedure 1, Haar-balanced 4L eq. 6, orthogonal,
 * identity), the optimizer loop (fixed or global adaptive step, held-out validation,
 * stopping, divergence), log records (METHOD.md §4), listeners and stop reasons.
 * <p>
 * May import: {@code linalg}, {@code kernels}, {@code problem}, {@code org.deeplowrank.keys}, Java.
 */
package org.deeplowrank.solver.gd;
