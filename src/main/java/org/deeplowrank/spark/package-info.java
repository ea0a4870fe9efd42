/**
 * The Apache Spark driver of the folder batch: {@code SparkBatch} (one task per image, or
 * three stages through a work folder when tiled, {@code TileWork}), running the batch's own
 * per-image code so the outputs are the single-machine batch's bytes. Spark is a
 * {@code provided} dependency.
 * <p>
 * May import: {@code batch}, {@code command}, {@code io}, {@code image}, {@code solver},
 * Spark.
 */
package org.deeplowrank.spark;
