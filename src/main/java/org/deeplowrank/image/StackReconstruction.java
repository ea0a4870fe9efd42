package org.deeplowrank.image;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Intervals;
import net.imglib2.util.Util;
import net.imglib2.view.Views;
import org.deeplowrank.solver.MatrixSolver;
import org.deeplowrank.solver.ReconstructionResult;
import org.deeplowrank.solver.SolverSettings;
import org.deeplowrank.solver.gd.LogRecord;
import org.deeplowrank.solver.gd.SolverListener;
import org.deeplowrank.solver.gd.StopReason;
import org.deeplowrank.solver.linalg.Matrix;

/**
 * Runs a matrix reconstruction over a whole image: a plane, a stack, an RGB image, a
 * multi-channel stack, for the SciJava commands, the ImageJ 1.x bridge, the batch and the
 * Spark driver alike. The image becomes matrices through {@link ImagePlanes} (channels are
 * always separate problems; within a channel, {@link StackMode#SLICES} makes one
 * (height x width) matrix per plane, {@link StackMode#CASORATI} one (pixels x planes)
 * Casorati matrix; an {@link ARGBType} image is its red, green and blue channels), their
 * missing entries come from {@link MaskPlanes} (nonzero mask pixels and NaN image pixels;
 * completion only), and the results are assembled into the output image by
 * {@link OutputPlanes} (32-bit float, RGB for RGB input, or the input's integer type with
 * {@code keepType}). A reference, when given, has the image's shape.
 * <p>
 * Part k (0-based, channels outer, planes inner) runs with seed {@code seed + k}, so a 2-D
 * image behaves exactly as a direct solver call, and parts are reproducible. A cancel stops
 * the running part (its partial iterate is kept) and skips the remaining ones (NaN in a
 * float output); the result then says {@link StopReason#CANCELLED}.
 * <p>
 * Memory: before any matrix is made, {@link MemoryBudget} refuses a run whose estimate
 * does not fit the heap, naming the tile size (or stride) that does and the -Xmx it
 * needs. One part's matrices are alive at a time: once a part is in the output, its
 * result keeps only the log and the figures (no reconstruction, no factors).
 */
public final class StackReconstruction {

	/** Progress of a run, called on the solver's thread. */
	public interface Listener {

		/** Part {@code index} (0-based) of {@code count} starts. */
		default void started(final Part part, final int index, final int count) {}

		/** After each iteration of the running part. */
		default void progress(final Part part, final int index, final int count, final int iteration, final int max) {}

		/** A diagnostics row of the running part was logged. */
		default void logged(final Part part, final int index, final LogRecord record) {}
	}

	/** What to reconstruct and how. Fields are set directly; only {@link #image} is required. */
	public static final class Request {

		/** RealType pixels, or ARGBType for RGB. */
		public RandomAccessibleInterval<?> image;
		/** The dimension holding channels, or -1 (not allowed for an ARGBType image, whose channels are its type). */
		public int channelAxis = -1;
		/** Nonzero = missing (completion only); null = only NaN pixels are missing. */
		public RandomAccessibleInterval<?> mask;
		/** Ground truth of the image's shape for rel_error, or null. */
		public RandomAccessibleInterval<?> reference;
		public StackMode mode = StackMode.SLICES;
		public boolean keepType;
		/** Completion: mask and NaN pixels are missing. Sensing: nothing is (NaN is then an error of the solver). */
		public boolean completion = true;
		/**
		 * The solver needs each matrix to be a 2-D image (patch lifting: its patches are
		 * 2-D neighbourhoods). Stacks then run plane by plane, and {@link StackMode#CASORATI}
		 * with more than one plane is refused (a Casorati matrix has whole planes as columns,
		 * so its "patches" would mix unrelated pixels).
		 */
		public boolean planesOnly;
		/** The lifting behind {@link #planesOnly}, for its message ({@code hankel}, {@code nonlocal}). */
		public String planesOnlyLifting = "hankel";
		/**
		 * What solves a Casorati matrix (stack=casorati with several planes), when it differs
		 * from the run's solver: {@code method=auto} completes it as a whole matrix (a Casorati
		 * matrix has no 2-D patches and is not a smooth image). Null = the run's solver.
		 */
		public MatrixSolver casoratiSolver;
	}

	/**
	 * One matrix of the run: a channel (or -1) and a plane (or {@link ImagePlanes#ALL_PLANES}
	 * = -1: the Casorati matrix of all planes).
	 */
	public static final class Part {

		public final int channel;
		public final long plane;
		/** "slice 3/20", "red", "channel 2, Casorati" ... for messages and logs; "" for a plain 2-D image. */
		public final String name;

		Part(final int channel, final long plane, final String name) {
			this.channel = channel;
			this.plane = plane;
			this.name = name;
		}
	}

	/** The message for {@link Request#planesOnly} with a Casorati stack. */
	public static final String PLANES_ONLY = planesOnlyMessage("hankel");

	/** The message for {@link Request#planesOnly} with a Casorati stack, for a lifting. */
	public static String planesOnlyMessage(final String lifting) {
		return "lifting=" + lifting + " cannot be combined with stack=casorati: the lifting takes p x p patches of a " +
			"2-D image, and a Casorati matrix (pixels x frames) is not one. Use stack=slices with lifting=" + lifting +
			" (each plane completed from its own patches), or stack=casorati with lifting=none (each frame completed " +
			"from the others)";
	}

	private StackReconstruction() {}

	/** Reconstructs the image; see the class comment. */
	public static StackResult run(final Request request, final SolverSettings settings, final MatrixSolver solver,
		final Listener listener, final BooleanSupplier cancel)
	{
		return run(request, settings, solver, listener, cancel, Runtime.getRuntime().maxMemory());
	}

	/** {@link #run} planned for a heap of {@code maxHeap} bytes (the JVM's in a run; smaller in the tests). */
	static StackResult run(final Request request, final SolverSettings settings, final MatrixSolver solver,
		final Listener listener, final BooleanSupplier cancel, final long maxHeap)
	{
		if (request.image == null) throw new IllegalArgumentException("missing value for 'image'");
		final ImagePlanes src = ImagePlanes.of(request.image, request.channelAxis, "image");
		src.requireArrayPlanes("image");
		final int channels = src.channels();
		final long planes = src.planes();
		final boolean casorati = request.mode == StackMode.CASORATI && planes > 1;
		if (casorati && request.planesOnly) {
			throw new IllegalArgumentException(planesOnlyMessage(request.planesOnlyLifting));
		}
		final MatrixSolver partSolver = casorati && request.casoratiSolver != null ? request.casoratiSolver : solver;
		if (casorati && src.pixels() * planes > Integer.MAX_VALUE - 8) {
			throw new IllegalArgumentException("image is " + ImagePlanes.describe(request.image) +
				": too many values for one Casorati matrix; use stack=slices");
		}
		final MaskPlanes masks = request.completion ? MaskPlanes.of(request.mask, src, request.image) : null;
		final ImagePlanes ref = request.reference == null ? null : reference(request.reference, src, request.image);

		final List<Part> parts = new ArrayList<>();
		for (int c = 0; c < channels; c++) {
			final int channel = src.channelAxis() < 0 ? -1 : c;
			if (casorati) parts.add(new Part(channel, ImagePlanes.ALL_PLANES, partName(src, c, -1, planes, true)));
			else for (long p = 0; p < planes; p++) parts.add(new Part(channel, p, partName(src, c, p, planes, false)));
		}

		final MemoryBudget.Shape shape = casorati ? new MemoryBudget.Shape((int) src.pixels(), (int) planes, channels)
			: new MemoryBudget.Shape((int) src.height(), (int) src.width(), (long) channels * planes);
		MemoryBudget.of(request, shape).check(solver, settings, maxHeap);

		final OutputPlanes out = new OutputPlanes(src);
		final ReconstructionResult[] results = new ReconstructionResult[parts.size()];
		final double[] refNorm2 = new double[parts.size()];
		long missingCount = 0, entries = 0;
		final Listener l = listener == null ? new Listener() {} : listener;
		for (int k = 0; k < parts.size(); k++) {
			final Part part = parts.get(k);
			if (k > 0 && cancel != null && cancel.getAsBoolean()) break;
			final int index = k, count = parts.size();
			l.started(part, index, count);
			final int c = Math.max(part.channel, 0);
			final Matrix y = src.matrix(c, part.plane);
			boolean[] missing = null;
			if (masks != null) {
				missing = masks.missing(y, c, part.plane);
				final int m = MaskPlanes.count(missing);
				if (m == missing.length) throw failed(part, count, MaskPlanes.ALL_MISSING);
				missingCount += m;
				entries += missing.length;
			}
			Matrix r = null;
			if (ref != null) {
				r = ref.matrix(c, part.plane);
				for (final double v : r.re) refNorm2[k] += v * v;
			}
			final SolverSettings s = settings.withSeed(settings.seed() + k);
			final SolverListener sl = new SolverListener() {

				@Override
				public void logged(final LogRecord record) {
					l.logged(part, index, record);
				}

				@Override
				public void progress(final int iteration, final int max) {
					l.progress(part, index, count, iteration, max);
				}
			};
			try {
				results[k] = partSolver.solve(y, missing, r, s, sl, cancel);
			}
			catch (final IllegalArgumentException e) {
				throw failed(part, count, e.getMessage());
			}
			if (results[k] == null) break;
			out.write(results[k].reconstruction, c, part.plane);
			// the part's matrices are in the output now: keep only its log and figures (the heap of the next part)
			results[k] = results[k].toBuilder().reconstruction(null).factors(null).initialFactors(null).build();
			if (results[k].stopReason == StopReason.CANCELLED) break;
		}
		return new StackResult(out.image(request.image, request.keepType), parts, Arrays.asList(results), combine(parts,
			results, refNorm2), src.isRgb() ? -1 : src.channelAxis(), entries == 0 ? Double.NaN : (double) missingCount /
				entries);
	}

	private static IllegalArgumentException failed(final Part part, final int count, final String message) {
		return new IllegalArgumentException(count > 1 && !part.name.isEmpty() ? part.name + ": " + message : message);
	}

	/** The reference's planes, read with the image's channel axis; its shape must be the image's. */
	private static ImagePlanes reference(final RandomAccessibleInterval<?> reference, final ImagePlanes image,
		final RandomAccessibleInterval<?> original)
	{
		final ImagePlanes ref = ImagePlanes.of(reference, -1, "reference");
		if (!Arrays.equals(ImagePlanes.strip(ImagePlanes.dims(ref.data())), ImagePlanes.strip(ImagePlanes.dims(image
			.data()))))
		{
			throw new IllegalArgumentException("reference is " + ImagePlanes.describe(reference) + " but image is " +
				ImagePlanes.describe(original));
		}
		return ref.withLayoutOf(image);
	}

	// -- Results --

	private static ReconstructionResult combine(final List<Part> parts, final ReconstructionResult[] results,
		final double[] refNorm2)
	{
		if (results.length == 1) return results[0];
		StopReason stop = StopReason.CONVERGED;
		String message = null;
		int iterations = 0, ran = 0, svColumns = 0;
		double loss = 0, seconds = 0, err2 = 0, ref2 = 0;
		boolean hasRef = true;
		String backend = "", method = null;
		for (int k = 0; k < results.length; k++) {
			final ReconstructionResult r = results[k];
			if (r == null) continue;
			ran++;
			method = ReconstructionResult.mergeMethods(method, r.method);
			svColumns = r.singularValueColumns;
			backend = r.backend;
			iterations = Math.max(iterations, r.steps());
			loss += r.finalLoss;
			seconds += r.seconds;
			if (Double.isNaN(r.relError)) hasRef = false;
			else {
				err2 += r.relError * r.relError * refNorm2[k];
				ref2 += refNorm2[k];
			}
			if (rank(r.stopReason) > rank(stop)) {
				stop = r.stopReason;
				message = r.message == null || r.message.isEmpty() ? null : parts.get(k).name + ": " + r.message;
			}
		}
		if (ran < results.length) {
			stop = StopReason.CANCELLED;
			message = (results.length - ran) + " of " + results.length + " parts not computed (cancelled)";
		}
		final double rel = hasRef && ran == results.length && ref2 > 0 ? Math.sqrt(err2 / ref2) : Double.NaN;
		return ReconstructionResult.builder()
			.singularValueColumns(svColumns)
			.stopReason(stop)
			.message(message)
			.steps(iterations)
			.finalLoss(loss)
			.relError(rel)
			.seconds(seconds)
			.backend(backend)
			.method(method)
			.build();
	}

	/** Which stop reason wins when parts (or tiles, {@link TileGrid}) differ: the one that needs the user's attention. */
	static int rank(final StopReason s) {
		switch (s) {
			case CANCELLED:
				return 3;
			case DIVERGED:
				return 2;
			case MAX_ITERATIONS:
			case MAX_SECONDS:
				return 1;
			default:
				return 0;
		}
	}

	private static String partName(final ImagePlanes src, final int c, final long p, final long planes,
		final boolean casorati)
	{
		final List<String> s = new ArrayList<>();
		if (src.isRgb()) s.add(new String[] { "red", "green", "blue" }[c]);
		else if (src.channelAxis() >= 0) s.add("channel " + (c + 1));
		if (casorati) s.add("Casorati (" + planes + " planes)");
		else if (planes > 1) s.add("slice " + (p + 1) + "/" + planes);
		return String.join(", ", s);
	}
}
