/**
 * The fast engine of issue #12: preconditioned gradient descent on the deep factorization
 * W = W_N ⋯ W_1 from a small initialization, in the ScaledGD(λ) family (Xu, Shen, Ma, Chi
 * 2023) with a per-layer analogue for depth ≥ 3, rank-adaptive width (GLRL's escape test
 * on the residual gradient), and stopping on convergence instead of a fixed iteration cap.
 * Inputs are plain (a {@link org.deeplowrank.solver.linalg.Matrix}, a missing mask, an
 * immutable {@link org.deeplowrank.solver.fast.ScaledOptions}); it does not depend on the
 * user-facing settings classes.
 * <p>
 * May import: {@code linalg}, {@code kernels}, {@code problem}, Java.
 */
package org.deeplowrank.solver.fast;
