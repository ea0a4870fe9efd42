package org.deeplowrank.image;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.util.Intervals;
import net.imglib2.util.Util;
import org.deeplowrank.solver.MatrixSolver;
import org.deeplowrank.solver.MemoryEstimate;
import org.deeplowrank.solver.SolverSettings;

/**
 * The heap check of a {@link StackReconstruction} run, before any matrix is made: the
 * image's own copies (input, mask and reference as loaded, the float output) plus the
 * larger of the output's copy for writing and, for a part, its matrix, flags, reference
 * and result and the solver's working heap ({@link MatrixSolver#workingBytes}), against
 * {@link #FRACTION} of the maximum heap. A run that does not fit is refused with what
 * fits instead: the largest {@code tile} (completion), the smallest {@code stride}
 * (patch lifting) and the {@code -Xmx} the run needs. The run is never changed
 * automatically: the same inputs must give the same bytes on every machine.
 */
final class MemoryBudget {

	/** The part of the maximum heap a run may plan for (the rest: ImageJ, the JIT, fragmentation). */
	static final double FRACTION = 0.9;
	/** The heap of the runtime itself (ImageJ, SciJava, the classes): the smallest -Xmx of a tiny run, about 24 MB. */
	static final long RUNTIME_BYTES = 24L << 20;
	/** Tile sides tried for the advice: multiples of this, from the largest. */
	static final int TILE_STEP = 64;

	/** The shape of one matrix of the run: rows x cols, and how many such parts run one after the other. */
	static final class Shape {

		final int rows, cols;
		final long parts;

		Shape(final int rows, final int cols, final long parts) {
			this.rows = rows;
			this.cols = cols;
			this.parts = parts;
		}
	}

	private final Shape shape;
	/** The runtime, the loaded images and the float output: alive from start to end. */
	private final long baseBytes;
	/** A part's own copies while it runs: its matrix, flags, reference and result. */
	private final long partBytes;
	/** At the end, the output's copy for the file or the window (the parts' matrices are gone by then). */
	private final long writeBytes;
	private final String what;

	MemoryBudget(final Shape shape, final long baseBytes, final long partBytes, final long writeBytes,
		final String what)
	{
		this.shape = shape;
		this.baseBytes = baseBytes;
		this.partBytes = partBytes;
		this.writeBytes = writeBytes;
		this.what = what;
	}

	/** The budget of a request, whose matrices have {@code shape}. */
	static MemoryBudget of(final StackReconstruction.Request request, final Shape shape) {
		final long values = Intervals.numElements(request.image) * (isRgb(request.image) ? 3 : 1);
		long loaded = loadedBytes(request.image);
		if (request.mask != null && request.mask != request.image) loaded += loadedBytes(request.mask);
		if (request.reference != null && request.reference != request.image) loaded += loadedBytes(request.reference);
		final long n = (long) shape.rows * shape.cols;
		final long part = 8L * n + n + (request.reference != null ? 8L * n : 0) + 8L * n;
		return new MemoryBudget(shape, RUNTIME_BYTES + loaded + 4L * values, part, 4L * values, ImagePlanes.describe(
			request.image));
	}

	/** The estimated peak heap of the run with {@code solver}: while the largest part runs, or while writing. */
	long bytes(final MatrixSolver solver, final SolverSettings settings) {
		return baseBytes + Math.max(partBytes + solver.workingBytes(shape.rows, shape.cols, settings), writeBytes);
	}

	/**
	 * Refuses a run that would not fit in {@code maxHeap} bytes (the JVM's maximum heap in
	 * a run; a parameter for the tests).
	 *
	 * @throws IllegalArgumentException naming the need, the heap, and what fits instead
	 */
	void check(final MatrixSolver solver, final SolverSettings settings, final long maxHeap) {
		if (maxHeap == Long.MAX_VALUE) return;
		final long budget = (long) (FRACTION * maxHeap);
		final long need = bytes(solver, settings);
		if (need <= budget) return;
		final List<String> fixes = new ArrayList<>();
		final String own = solver.memoryAdvice(shape.rows, shape.cols, settings, budget - baseBytes - partBytes);
		if (own != null) fixes.add(own);
		final String tile = tileThatFits(solver, settings, budget);
		if (tile != null) fixes.add(tile);
		fixes.add("give Java more memory (" + MemoryEstimate.xmx(need, FRACTION) + ")");
		final String note = tile == null && tileable(solver) ? baseBytes + partBytes > budget ? " (no tile size fits: " +
			"the image's own copies alone need about " + MemoryEstimate.size(baseBytes + partBytes) + ")" : " (no tile " +
				"size fits with these keys: a smaller 'width' or 'depth' needs less)" : "";
		throw new IllegalArgumentException(String.format(Locale.ROOT,
			"not enough memory: %s with %s needs about %s of Java heap, more than the %s a run may use of the %s " +
				"heap (-Xmx); %s%s", what, solver, MemoryEstimate.size(need), MemoryEstimate.size(budget), MemoryEstimate
					.size(maxHeap), String.join(", or ", fixes), note));
	}

	/** "tile=512 (about 300 MB)" for the largest tile that fits, or null (not a completion, or none fits). */
	String tileThatFits(final MatrixSolver solver, final SolverSettings settings, final long budget) {
		if (!tileable(solver)) return null;
		final MatrixSolver inner = solver instanceof TileGrid.Tiled ? ((TileGrid.Tiled) solver).inner() : solver;
		final int current = settings.tiles().tiled() ? settings.tiles().tile() : Math.max(shape.rows, shape.cols);
		for (int t = (current - 1) / TILE_STEP * TILE_STEP; t >= TILE_STEP; t -= TILE_STEP) {
			final SolverSettings s = settings.toBuilder().tile(t).overlap(0).build();
			final long need = bytes(TileGrid.tiled(inner, s.tiles()), s);
			if (need <= budget) {
				return String.format(Locale.ROOT, "tile=%d (about %s)", t, MemoryEstimate.size(need));
			}
		}
		return null;
	}

	/** Completion methods run in tiles (the key {@code tile}); other solvers (sensing) do not. */
	private static boolean tileable(final MatrixSolver solver) {
		return (solver instanceof TileGrid.Tiled ? ((TileGrid.Tiled) solver).inner() : solver).tileable();
	}

	private static boolean isRgb(final RandomAccessibleInterval<?> img) {
		return Util.getTypeFromInterval(img) instanceof ARGBType;
	}

	/** The bytes of an image as loaded (its pixel type's size; views count as their source's size). */
	static long loadedBytes(final RandomAccessibleInterval<?> img) {
		final Object t = Util.getTypeFromInterval(img);
		final long bits = t instanceof ARGBType ? 32 : t instanceof RealType ? ((RealType<?>) t).getBitsPerPixel() : 64;
		return Intervals.numElements(img) * Math.max(1, (bits + 7) / 8);
	}
}
