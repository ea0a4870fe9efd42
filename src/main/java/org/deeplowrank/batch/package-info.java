/**
 * Folder batches: {@code ImageJob} completes one image file into an output folder (a
 * function of its files and settings, no shared state: the unit of work of any driver),
 * {@code FolderBatch} plans a folder and keeps {@code summary.csv}, and the
 * {@code Batch Complete Folder} command exposes it with the keys of Complete Masked Image.
 * <p>
 * May import: {@code command}, {@code io}, {@code image}, {@code solver}, SciJava,
 * ImageJ 1.x's file classes through {@code io}. No display, no dialogs.
 */
package org.deeplowrank.batch;
