/**
 * Every file the project reads or writes outside ImageJ's GUI, one implementation each:
 * image files ({@link org.deeplowrank.io.ImageFiles}: TIFF, PNG, … through ij.jar's
 * readers and writers; strict about truncated files, {@code TruncationCheck}), ImageJ
 * images as ImgLib2 images and back ({@link org.deeplowrank.io.ImagePlusImages}), atomic
 * writes ({@link org.deeplowrank.io.AtomicFiles}: temporary name, then rename), the
 * numeric tables of the commands and their CSV files ({@link org.deeplowrank.io.LogTable}),
 * the loss plot and its PNG ({@link org.deeplowrank.io.LossPlots}, also the plot ImageJ's
 * window shows), and serialized work files ({@link org.deeplowrank.io.SerializedFiles}).
 * <p>
 * May import: Java; ij.jar's file and image classes used as a file library ({@code ij.ImagePlus},
 * {@code ij.ImageStack}, {@code ij.io}, {@code ij.process}, {@code ij.measure.Calibration},
 * {@code ij.gui.Plot} rendered off screen), never its menus, dialogs or windows; ImgLib2;
 * the solver's and the image layer's results ({@code org.deeplowrank.solver},
 * {@code org.deeplowrank.image}). Not the commands, the ImageJ bridge or the front ends
 * ({@code command}, {@code ij1}, {@code batch}, {@code headless}, {@code spark}): they
 * import this package.
 */
package org.deeplowrank.io;
