/**
 * The native kernels: {@link org.deeplowrank.nativeblas.OpenBlasKernels}, the solver's
 * {@code DenseKernels} on OpenBLAS through {@code org.bytedeco:openblas} (the only package
 * that imports org.bytedeco; the solver loads it by reflection, so a missing native library
 * costs a log line, not a crash), and {@code NativeMemoryPool}, the off-heap blocks kept
 * between runs so that a run's rows x cols buffers are not fresh pages each time.
 */
package org.deeplowrank.nativeblas;
