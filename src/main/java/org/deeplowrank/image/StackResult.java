package org.deeplowrank.image;

import java.util.Collections;
import java.util.List;
import java.util.Locale;

import net.imglib2.img.Img;
import org.deeplowrank.image.StackReconstruction.Part;
import org.deeplowrank.solver.ReconstructionResult;
import org.deeplowrank.solver.gd.StopReason;

/** The outcome of a {@link StackReconstruction}: the image, and the solver result of each part. */
public final class StackResult {

	/** The reconstruction: float, RGB ({@code ARGBType}) or the input's integer type, see {@link StackReconstruction}. */
	public final Img<?> output;
	/** The parts in run order (channels outer, planes inner). */
	public final List<Part> parts;
	/** The result of each part, null for parts that did not run (cancelled before them). */
	public final List<ReconstructionResult> results;
	/**
	 * All parts in one: for a single part its own result; otherwise the worst stop reason,
	 * the largest iteration count, the summed loss and seconds and the rel_error of the
	 * whole image. Its {@code reconstruction} is null when there are several parts (the
	 * image is {@link #output}).
	 */
	public final ReconstructionResult combined;
	/** The channel axis of {@link #output}, or -1 (RGB output carries its channels in its type). */
	public final int channelAxis;
	/** Fraction of the entries that were missing, over the parts that ran (NaN for sensing). */
	public final double missingFraction;

	StackResult(final Img<?> output, final List<Part> parts, final List<ReconstructionResult> results,
		final ReconstructionResult combined, final int channelAxis, final double missingFraction)
	{
		this.output = output;
		this.parts = Collections.unmodifiableList(parts);
		this.results = Collections.unmodifiableList(results);
		this.combined = combined;
		this.channelAxis = channelAxis;
		this.missingFraction = missingFraction;
	}

	/** True when the run was stopped early: the output is the last iterate, and parts may be missing. */
	public boolean isPartial() {
		return combined.stopReason == StopReason.CANCELLED;
	}

	/**
	 * The summary line without the time: the same inputs give the same text, so it can go
	 * into files that must be reproducible (TIFF properties).
	 */
	public String stableSummary() {
		final StringBuilder sb = new StringBuilder();
		sb.append("steps=").append(combined.steps());
		if (combined.returnedIteration() >= 0) sb.append(" returned_iteration=").append(combined.returnedIteration());
		sb.append(String.format(Locale.ROOT, " loss=%.6g", combined.finalLoss));
		if (!Double.isNaN(combined.relError)) sb.append(String.format(Locale.ROOT, " rel_error=%.6g", combined.relError));
		sb.append(" stop=").append(combined.stopReason.key());
		if (isPartial()) sb.append(" (partial result)");
		if (combined.method != null) sb.append(" method=").append(combined.method);
		if (parts.size() > 1) sb.append(" parts=").append(parts.size());
		return sb.toString();
	}

	/** The summary line of {@link ReconstructionResult#summaryLine()}, plus the part count when there are several. */
	public String summaryLine() {
		final String s = combined.summaryLine();
		return parts.size() > 1 ? s + " parts=" + parts.size() : s;
	}
}
