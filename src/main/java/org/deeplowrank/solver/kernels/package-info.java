/**
 * The kernels the solver runs on. {@link org.deeplowrank.solver.kernels.DenseKernels} is the
 * one kernel interface: GEMM with transpose flags into buffers allocated up front, the fused
 * masked residual, the data term on the buffers, the residual on Ω only, steps and norms.
 * Its sets: java/double on {@code Matrix} ({@link org.deeplowrank.solver.kernels.MatrixKernels},
 * the only one for sensing and complex layers), java/float
 * ({@link org.deeplowrank.solver.kernels.JavaFloatKernels}) and OpenBLAS (loaded by reflection
 * from {@code org.deeplowrank.nativeblas}). {@link org.deeplowrank.solver.kernels.Kernels}
 * chooses the set from the backend, precision and thread keys;
 * {@link org.deeplowrank.solver.kernels.JavaBackend} is the GEMM on {@code Matrix} the
 * solver's other products use.
 * <p>
 * The java kernels of both precisions run one code: the double classes {@code DoubleGemm}
 * (packed-panel GEMM) and {@code DoubleSampled} (Ω kernels) are templates from which
 * {@code GenerateFloatKernels} (in the tests) writes {@code FloatGemm} and
 * {@code FloatSampled}; a test fails when a committed float twin differs from the
 * generator's output. {@code ObservedSet} indexes Ω (CSR) for both.
 * <p>
 * May import: {@code linalg}, {@code problem} (to ask a data term what it observes),
 * {@code org.deeplowrank.keys}, Java.
 */
package org.deeplowrank.solver.kernels;
