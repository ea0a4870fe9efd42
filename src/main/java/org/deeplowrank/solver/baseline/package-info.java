/**
 * Classical baselines the deep factorization is compared with: SoftImpute (nuclear-norm
 * shrinkage) and harmonic / biharmonic inpainting by conjugate gradients.
 * <p>
 * May import: {@code linalg}, {@code kernels}, Java.
 */
package org.deeplowrank.solver.baseline;
