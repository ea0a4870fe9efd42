/**
 * Images as matrices and back: the one path from an ImgLib2 image (a plane, a stack, a
 * hyperstack with channels, RGB) to the solver's {@link org.deeplowrank.solver.linalg.Matrix}
 * problems and from their results to the output image, for every command, the ImageJ 1.x
 * bridge, the folder batch and the Spark driver.
 * <ul>
 * <li>{@link org.deeplowrank.image.ImagePlanes}: which channels and planes an image has, and
 * the matrix of each (a plane, or the Casorati matrix of a channel) read from and written to
 * its pixels; views of the image, copies only for the matrices. Also the single 2-D plane of
 * commands that take one matrix, and the names of shapes used in messages.</li>
 * <li>{@link org.deeplowrank.image.MaskPlanes}: the missing entries of each matrix: nonzero
 * mask pixels (one mask plane for all, one per plane, or one per channel and plane; an
 * ImageJ selection arrives as such a mask) and NaN pixels.</li>
 * <li>{@link org.deeplowrank.image.OutputPlanes}: the results assembled in the input's
 * shape, as 32-bit float, RGB, or the input's integer type ({@code keep_type}: clamped and
 * rounded).</li>
 * <li>{@link org.deeplowrank.image.StackReconstruction}: a run over all parts of an image
 * with a per-matrix solver, a listener and a cancel; its
 * {@link org.deeplowrank.image.StackResult}; {@link org.deeplowrank.image.StackMode}, the
 * key {@code stack} (slices or Casorati).</li>
 * <li>{@link org.deeplowrank.image.TileGrid}: overlapping tiles of one matrix, solved apart
 * and blended back (a per-matrix solver wrapping another).</li>
 * </ul>
 * <p>
 * May import: ImgLib2, {@code org.deeplowrank.solver} with its sub-packages {@code linalg}
 * and {@code gd} (results, settings, listeners, log records), {@code org.deeplowrank.keys},
 * Java. No ImageJ 1.x, SciJava, command, batch or I/O types: the callers hand images in as
 * ImgLib2 intervals.
 */
package org.deeplowrank.image;
