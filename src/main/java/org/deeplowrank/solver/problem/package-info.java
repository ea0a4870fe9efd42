/**
 * What is observed: data terms f(W) with their gradients (METHOD.md §1) for full
 * observation, masked completion and linear sensing, and the entrywise view of the first
 * two (target and observed set) through which kernels evaluate them on their own storage;
 * the sensing operators (dense Gaussian; fast: signs + Walsh-Hadamard + subsampling); the
 * block-Hankel (patch) lifting of an image and its adjoint.
 * <p>
 * May import: {@code linalg}, {@code org.deeplowrank.keys}, Java.
 */
package org.deeplowrank.solver.problem;
