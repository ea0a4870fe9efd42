package org.deeplowrank.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplowrank.batch.BatchCompleteFolder;
import org.deeplowrank.batch.BatchRow;
import org.deeplowrank.batch.FolderBatch;
import org.deeplowrank.spark.SparkBatch;

/**
 * Benchmark (not a test): images per minute of the Spark driver in local mode against the
 * single-machine Batch Complete Folder, on the same folder of n images of d x d (rank 8,
 * 30 % of the pixels missing), the same keys; checks that both wrote the same TIFFs.
 * <pre>
 * bin/spark-local --class org.deeplowrank.bench.SparkBatchBenchmark 200 256 30 local[2] 2
 * </pre>
 * Arguments: images (200), side d (256), iterations per image (30: few, so that the run
 * takes minutes; the per-image cost is iterations x the solver's ms per iteration),
 * Spark master (local[2]), threads of the single-machine batch (2), tile (0). Spark tasks use one
 * thread each (one task per core). Prints a Markdown table.
 */
public final class SparkBatchBenchmark {

	public static void main(final String[] args) throws Exception {
		System.setProperty("java.awt.headless", "true");
		final int n = args.length > 0 ? Integer.parseInt(args[0]) : 200;
		final int d = args.length > 1 ? Integer.parseInt(args[1]) : 256;
		final int iterations = args.length > 2 ? Integer.parseInt(args[2]) : 30;
		final String master = args.length > 3 ? args[3] : "local[2]";
		final int threads = args.length > 4 ? Integer.parseInt(args[4]) : 2;
		final int tile = args.length > 5 ? Integer.parseInt(args[5]) : 0;
		final Path root = Files.createTempDirectory("spark-benchmark");
		final Path in = Files.createDirectories(root.resolve("in"));
		writeImages(in, n, d);
		final Map<String, String> keys = new LinkedHashMap<>();
		keys.put("input", in.toString());
		keys.put("iterations", Integer.toString(iterations));
		keys.put("tile", Integer.toString(tile));

		keys.put("output", root.resolve("single").toString());
		final BatchCompleteFolder command = BatchCompleteFolder.fromKeys(keys);
		command.setThreads(threads);
		long t0 = System.nanoTime();
		final List<BatchRow> single = command.folderBatch().run(command.inputFolder(), command.outputFolder(), null, null);
		final double singleSeconds = (System.nanoTime() - t0) * 1e-9;

		t0 = System.nanoTime();
		final JavaSparkContext sc = new JavaSparkContext(new SparkConf().setMaster(master).setAppName(
			"SparkBatchBenchmark").set("spark.ui.enabled", "false"));
		sc.setLogLevel("ERROR");
		final double startSeconds = (System.nanoTime() - t0) * 1e-9;
		keys.put("output", root.resolve("spark").toString());
		keys.put("threads", "1");
		t0 = System.nanoTime();
		final SparkBatch.Outcome spark = SparkBatch.run(sc, keys);
		final double sparkSeconds = (System.nanoTime() - t0) * 1e-9;
		sc.stop();

		int same = 0;
		for (final BatchRow r : single) {
			final String tif = r.name.replace(".tif", "_completed.tif");
			if (Arrays.equals(Files.readAllBytes(root.resolve("single").resolve(tif)), Files.readAllBytes(root.resolve(
				"spark").resolve(tif)))) same++;
		}
		final StringBuilder t = new StringBuilder();
		t.append(String.format(Locale.ROOT, "%d images of %d x %d%s, %d iterations each, depth 3, %d cores (%s)%n%n", n,
			d, d, tile > 0 ? " in tiles of " + tile : "", iterations, Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name") + " " + System
				.getProperty("java.version")));
		t.append("| driver | seconds | images per minute |\n|---|---|---|\n");
		t.append(String.format(Locale.ROOT, "| single-machine batch, threads=%d | %.1f | %.1f |%n", threads,
			singleSeconds, 60 * n / singleSeconds));
		t.append(String.format(Locale.ROOT, "| Spark %s, 1 thread per task (job only) | %.1f | %.1f |%n", master,
			sparkSeconds, 60 * n / sparkSeconds));
		t.append(String.format(Locale.ROOT, "| Spark %s, with starting the context (%.1f s) | %.1f | %.1f |%n", master,
			startSeconds, startSeconds + sparkSeconds, 60 * n / (startSeconds + sparkSeconds)));
		t.append(String.format(Locale.ROOT, "%nidentical TIFFs: %d of %d; Spark rows: %s%n", same, n, FolderBatch.counts(
			spark.rows)));
		System.out.print(t);
		Files.write(root.resolve("benchmark.md"), t.toString().getBytes(StandardCharsets.UTF_8));
	}

	/** n images d x d of rank 8 (positive, 16-bit-like range) with their masks (30 % missing). */
	static void writeImages(final Path in, final int n, final int d) throws IOException {
		final Random rng = new Random(1);
		for (int k = 0; k < n; k++) {
			final double[][] u = new double[8][d], v = new double[8][d];
			for (int r = 0; r < 8; r++)
				for (int i = 0; i < d; i++) {
					u[r][i] = rng.nextGaussian();
					v[r][i] = rng.nextGaussian();
				}
			final FloatProcessor ip = new FloatProcessor(d, d);
			final ByteProcessor mask = new ByteProcessor(d, d);
			for (int y = 0; y < d; y++)
				for (int x = 0; x < d; x++) {
					double s = 0;
					for (int r = 0; r < 8; r++) s += u[r][y] * v[r][x];
					ip.setf(x, y, (float) (1000 + 50 * s));
					if (rng.nextDouble() < 0.3) mask.set(x, y, 255);
				}
			final String name = String.format(Locale.ROOT, "img%03d", k);
			if (!new FileSaver(new ImagePlus(name, ip)).saveAsTiff(in.resolve(name + ".tif").toString()) || !new FileSaver(
				new ImagePlus(name + "_mask", mask)).saveAsTiff(in.resolve(name + "_mask.tif").toString()))
			{
				throw new IOException("cannot write " + name);
			}
		}
	}
}
