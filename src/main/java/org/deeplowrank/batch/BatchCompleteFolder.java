package org.deeplowrank.batch;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.deeplowrank.command.CommandKeys;
import org.deeplowrank.command.CompletionParameters;
import org.deeplowrank.image.StackReconstruction.Part;
import org.deeplowrank.keys.OptionStrings;
import org.deeplowrank.solver.gd.LogRecord;
import org.scijava.ItemIO;
import org.scijava.ItemVisibility;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Completes every image of a folder ({@link FolderBatch}): the solver keys, the method,
 * lifting and tile keys of Complete Masked Image ({@link CompletionParameters}: every method
 * and lifting, with the same results), the stack keys, and where the images and results
 * are. Results: {@code <name>_completed.tif},
 * {@code <name>_log.csv}, {@code <name>_loss.png} per image and {@code summary.csv}.
 */
@Plugin(type = Command.class, headless = true, label = BatchCompleteFolder.LABEL,
	menuPath = "Plugins>Deep Low-Rank>" + BatchCompleteFolder.LABEL,
	description = "Completes every image of a folder (masks: <name><mask_suffix>.<ext>, else NaN pixels) into " +
		"another folder: <name>_completed.tif, <name>_log.csv, <name>_loss.png and summary.csv. Bad files are " +
		"recorded as failed; the input folder is never written; images already done are skipped.")
public class BatchCompleteFolder extends CompletionParameters {

	public static final String LABEL = "Batch Complete Folder";

	/** A heading of SciJava's dialog (not a key: runner, macros and CommandKeys skip messages). */
	@Parameter(visibility = ItemVisibility.MESSAGE, persist = false, required = false)
	private String foldersHeading = "<html><b>Folders</b>";

	@Parameter(label = "Input folder", style = "directory",
		description = "The folder of images (read only; subfolders are not visited).")
	private File input;

	@Parameter(label = "Output folder", style = "directory",
		description = "Where the results go; created if missing; must differ from (and not be inside) the input folder.")
	private File output;

	@Parameter(label = "Mask suffix",
		description = "cells.tif is completed with the mask cells<suffix>.tif (nonzero = missing); an image without " +
			"a mask file has its NaN pixels missing.")
	private String mask_suffix = "_mask";

	@Parameter(label = "Overwrite",
		description = "false: images whose <name>_completed.tif exists are skipped (a rerun resumes); true: recompute.")
	private boolean overwrite = false;

	@Parameter(label = "Summary", type = ItemIO.OUTPUT,
		description = "One line: how many images were done, skipped, failed; and where summary.csv is.")
	private String summary;

	/**
	 * The command with its keys set from their text values (a runner or macro option
	 * string parsed by {@link OptionStrings}): for drivers without a SciJava context, which
	 * thus read exactly this command's keys, defaults and checks.
	 *
	 * @throws IllegalArgumentException for an unknown key (with a suggestion) or a bad value
	 */
	public static BatchCompleteFolder fromKeys(final Map<String, String> values) {
		final BatchCompleteFolder command = new BatchCompleteFolder();
		final List<String> valid = new ArrayList<>();
		for (final CommandKeys.Key k : CommandKeys.inputsInUserOrder(BatchCompleteFolder.class))
			valid.add(k.name);
		for (final String key : values.keySet())
			if (!valid.contains(key)) throw new IllegalArgumentException(OptionStrings.unknownKey(key, LABEL, valid));
		for (final CommandKeys.Key k : CommandKeys.inputs(BatchCompleteFolder.class)) {
			final String text = values.get(k.name);
			if (text != null) k.set(command, k.parse(text));
		}
		return command;
	}

	/** The boolean keys, which option strings may give as bare flags ({@code overwrite}). */
	public static Set<String> flags() {
		final Set<String> f = new HashSet<>();
		for (final CommandKeys.Key k : CommandKeys.inputs(BatchCompleteFolder.class))
			if (k.isBoolean()) f.add(k.name);
		return f;
	}

	/** The per-image work for the current keys (checked). */
	public ImageJob job() {
		return new ImageJob(settings(), stackMode(), keepType());
	}

	/** The folder batch for the current keys (checked). */
	public FolderBatch folderBatch() {
		return new FolderBatch(job(), mask_suffix, overwrite);
	}

	/** The key {@code input}, or null. */
	public Path inputFolder() {
		return input == null ? null : input.toPath();
	}

	/** The key {@code output}, or null. */
	public Path outputFolder() {
		return output == null ? null : output.toPath();
	}

	public boolean overwrite() {
		return overwrite;
	}

	@Override
	public void run() {
		try {
			final FolderBatch batch = folderBatch();
			final Path in = inputFolder(), out = outputFolder();
			FolderBatch.checkFolders(in, out);
			final String name = title();
			final List<BatchRow> rows = batch.run(in, out, new FolderBatch.Listener() {

				private String image = "";
				private int index, count;
				private double loss = Double.NaN;

				@Override
				public void image(final Path file, final int i, final int n) {
					image = file.getFileName().toString();
					index = i;
					count = n;
					showStatus(String.format(Locale.ROOT, "%s: image %d/%d, %s", name, i + 1, n, image));
				}

				@Override
				public void logged(final Part part, final int i, final LogRecord record) {
					loss = record.loss;
				}

				@Override
				public void progress(final Part part, final int i, final int parts, final int iteration, final int max) {
					final double within = (i + (max > 0 ? (double) iteration / max : 1)) / parts;
					final int value = (int) Math.min(999, Math.round(1000.0 * (index + within) / Math.max(1, count)));
					reportProgress(value, 1000, () -> String.format(Locale.ROOT, "%s: image %d/%d %s%s, iteration %d/%d, loss %.4g",
						name, index + 1, count, image, part.name.isEmpty() ? "" : " " + part.name, iteration, max, loss));
				}
			}, this::isCanceled);
			summary = FolderBatch.counts(rows) + " summary=" + out.resolve(FolderBatch.SUMMARY);
			finishProgress(name + ": " + summary);
		}
		catch (final IllegalArgumentException e) {
			cancel(e.getMessage());
		}
		catch (final IOException e) {
			cancel("batch failed: " + e.getMessage());
		}
	}
}
