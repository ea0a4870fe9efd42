package org.deeplowrank.image;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;

import org.deeplowrank.solver.MatrixSolver;
import org.deeplowrank.solver.ReconstructionResult;
import org.deeplowrank.solver.SolverSettings;
import org.deeplowrank.solver.TileSettings;
import org.deeplowrank.solver.gd.LogRecord;
import org.deeplowrank.solver.gd.SolverListener;
import org.deeplowrank.solver.gd.StopReason;
import org.deeplowrank.solver.linalg.Matrix;

/**
 * Overlapping tiles of a matrix, completed independently and blended back with a smooth
 * partition of unity: the ONE tiling code of every driver (the single-machine batch and
 * command through {@link #tiled}, the Spark driver tile by tile through {@link #solveTile}
 * and {@link #assemble}), so both give the same bytes.
 * <p>
 * <b>Geometry.</b> Along each axis of length n: one tile when n ≤ {@code tile}; otherwise
 * k = ⌈(n − overlap)/(tile − overlap)⌉ tiles of exactly {@code tile} entries whose starts
 * are spread evenly from 0 to n − tile (rounded), so neighbours overlap by at least
 * {@code overlap} and no tile is a sliver. Tiles are numbered row-major (tile row outer).
 * <p>
 * <b>Blending.</b> Separable weights w(y, x) = a_i(y) · b_j(x). Along an axis, a tile's raw
 * weight is 1 inside and rises as sin²(π/2 · s) over its overlap with the previous tile and
 * falls as cos² over its overlap with the next one (a raised-cosine ramp, s ∈ (0, 1) at pixel
 * centres; no ramp at the matrix border); the raw weights are then divided by their sum over
 * the tiles of that axis, so Σ_i a_i = Σ_j b_j = 1 exactly at every entry: a partition of
 * unity. The blended result is Σ_t w_t x_t, summed in tile order. Where two tiles agree,
 * the blend is their common value; where they differ, the seam is spread smoothly over the
 * overlap instead of a step.
 * <p>
 * <b>Seeds.</b> Tile t at (top, left) runs with seed + 0x9E3779B97F4A7C15 · (top·2³² + left)
 * (the golden-ratio increment of SplitMix64, which the solver mixes further): deterministic,
 * a function of the position only (not of the tile count), and tile (0, 0) keeps the seed.
 * A matrix that fits into one tile is solved exactly as without tiling.
 */
public final class TileGrid {

	private static final long GOLDEN = 0x9E3779B97F4A7C15L;

	public final int rows, cols, tile, overlap;
	private final int[] rowStarts, colStarts;
	private final int tileRows, tileCols;
	/** Normalized axis weights: rowWeights[i][y - rowStarts[i]], colWeights[j][x - colStarts[j]]. */
	private final double[][] rowWeights, colWeights;

	/**
	 * @param tile the tile side (entries), > 0
	 * @param overlap the minimum overlap of neighbouring tiles, 0 ≤ overlap < tile
	 */
	public TileGrid(final int rows, final int cols, final int tile, final int overlap) {
		TileSettings.check(tile, overlap);
		if (rows < 1 || cols < 1) throw new IllegalArgumentException("cannot tile an empty " + rows + " x " + cols +
			" matrix");
		this.rows = rows;
		this.cols = cols;
		this.tile = tile;
		this.overlap = overlap;
		rowStarts = starts(rows, tile, overlap);
		colStarts = starts(cols, tile, overlap);
		tileRows = Math.min(tile, rows);
		tileCols = Math.min(tile, cols);
		rowWeights = weights(rowStarts, tileRows, rows);
		colWeights = weights(colStarts, tileCols, cols);
	}

	private static int[] starts(final int n, final int tile, final int overlap) {
		if (n <= tile) return new int[] { 0 };
		final int k = (int) Math.ceil((double) (n - overlap) / (tile - overlap));
		final int[] s = new int[k];
		for (int i = 0; i < k; i++) s[i] = (int) Math.round((double) i * (n - tile) / (k - 1));
		return s;
	}

	private static double[][] weights(final int[] starts, final int len, final int n) {
		final double[][] raw = new double[starts.length][len];
		final double[] sum = new double[n];
		for (int i = 0; i < starts.length; i++) {
			final int s = starts[i], e = s + len;
			final int before = i > 0 ? starts[i - 1] + len - s : 0; // overlap with the previous tile
			final int after = i + 1 < starts.length ? e - starts[i + 1] : 0; // with the next one
			for (int p = 0; p < len; p++) {
				double w = 1;
				if (p < before) w *= Math.pow(Math.sin(0.5 * Math.PI * (p + 0.5) / before), 2);
				if (p >= len - after) w *= Math.pow(Math.cos(0.5 * Math.PI * (p - (len - after) + 0.5) / after), 2);
				raw[i][p] = w;
				sum[s + p] += w;
			}
		}
		for (int i = 0; i < starts.length; i++)
			for (int p = 0; p < len; p++)
				raw[i][p] /= sum[starts[i] + p];
		return raw;
	}

	/** The number of tiles. */
	public int count() {
		return rowStarts.length * colStarts.length;
	}

	public int top(final int t) {
		return rowStarts[t / colStarts.length];
	}

	public int left(final int t) {
		return colStarts[t % colStarts.length];
	}

	public int height() {
		return tileRows;
	}

	public int width() {
		return tileCols;
	}

	/** The seed of tile t for a matrix solved with {@code seed} (see the class comment). */
	public long seed(final long seed, final int t) {
		return seed + GOLDEN * (((long) top(t) << 32) + left(t));
	}

	/** "tile 3/16 (x 96-223, y 0-127)" for messages. */
	public String describe(final int t) {
		return String.format(Locale.ROOT, "tile %d/%d (x %d-%d, y %d-%d)", t + 1, count(), left(t), left(t) + tileCols -
			1, top(t), top(t) + tileRows - 1);
	}

	/** The entries of tile t (a copy). */
	public Matrix crop(final Matrix m, final int t) {
		final Matrix c = new Matrix(tileRows, tileCols, m.isComplex());
		final int top = top(t), left = left(t);
		for (int y = 0; y < tileRows; y++) {
			System.arraycopy(m.re, (top + y) * m.cols + left, c.re, y * tileCols, tileCols);
			if (m.im != null) System.arraycopy(m.im, (top + y) * m.cols + left, c.im, y * tileCols, tileCols);
		}
		return c;
	}

	/** The flags of tile t (a copy), or null for null. */
	public boolean[] crop(final boolean[] flags, final int t) {
		if (flags == null) return null;
		final boolean[] c = new boolean[tileRows * tileCols];
		final int top = top(t), left = left(t);
		for (int y = 0; y < tileRows; y++) System.arraycopy(flags, (top + y) * cols + left, c, y * tileCols, tileCols);
		return c;
	}

	/** out += w_t · x on tile t's region (x is the tile's result). */
	public void blend(final int t, final Matrix x, final Matrix out) {
		final double[] a = rowWeights[t / colStarts.length], b = colWeights[t % colStarts.length];
		final int top = top(t), left = left(t);
		for (int y = 0; y < tileRows; y++) {
			final int o = (top + y) * out.cols + left;
			for (int j = 0; j < tileCols; j++) out.re[o + j] += a[y] * b[j] * x.re[y * tileCols + j];
		}
	}

	/** The blending weight of tile t at matrix entry (y, x) (0 outside the tile). */
	public double weight(final int t, final int y, final int x) {
		final int dy = y - top(t), dx = x - left(t);
		if (dy < 0 || dx < 0 || dy >= tileRows || dx >= tileCols) return 0;
		return rowWeights[t / colStarts.length][dy] * colWeights[t % colStarts.length][dx];
	}

	// -- Solving --

	/**
	 * The solver of the keys {@code tile} and {@code overlap}: {@code inner} itself without
	 * tiles, else {@link Tiled} (overlap 0 = {@link TileSettings#defaultOverlap}).
	 */
	public static MatrixSolver tiled(final MatrixSolver inner, final TileSettings tiles) {
		return tiles.tiled() ? new Tiled(inner, tiles.tile(), tiles.effectiveOverlap()) : inner;
	}

	/**
	 * Completes a matrix tile by tile with an inner solver and blends the tiles (a matrix
	 * that fits into one tile: the inner solver on the whole matrix).
	 * {@link #toString()} says what runs ("gd in 96 x 96 tiles (overlap >= 12)").
	 */
	public static final class Tiled implements MatrixSolver {

		private final MatrixSolver inner;
		private final int tile, overlap;

		/** @param overlap the overlap the tiles use (not the key value 0); both checked by the settings */
		private Tiled(final MatrixSolver inner, final int tile, final int overlap) {
			this.inner = inner;
			this.tile = tile;
			this.overlap = overlap;
		}

		@Override
		public ReconstructionResult solve(final Matrix data, final boolean[] missing, final Matrix reference,
			final SolverSettings settings, final SolverListener listener, final BooleanSupplier cancel)
		{
			final TileGrid grid = new TileGrid(data.rows, data.cols, tile, overlap);
			if (grid.count() == 1) return inner.solve(data, missing, reference, settings, listener, cancel);
			// each tile is blended as soon as it is solved: only one tile's reconstruction is alive at a time
			final Assembly assembly = grid.new Assembly();
			for (int t = 0; t < grid.count(); t++) {
				if (t > 0 && cancel != null && cancel.getAsBoolean()) break;
				final ReconstructionResult r = grid.solveTile(inner, t, data, missing, reference, settings, listener, cancel);
				assembly.add(r);
				if (r.stopReason == StopReason.CANCELLED) break;
			}
			return assembly.finish(data, missing, reference, settings.keepObserved());
		}

		/**
		 * The inner solver's working heap for one tile plus the tile's copies (data, flags,
		 * reference, its reconstruction); the blended result is the returned reconstruction,
		 * counted by the caller.
		 */
		@Override
		public long workingBytes(final int rows, final int cols, final SolverSettings settings) {
			if (rows <= tile && cols <= tile) return inner.workingBytes(rows, cols, settings);
			final int h = Math.min(tile, rows), w = Math.min(tile, cols);
			return inner.workingBytes(h, w, settings) + 8L * 4 * h * w;
		}

		@Override
		public String memoryAdvice(final int rows, final int cols, final SolverSettings settings, final long budget) {
			final int h = Math.min(tile, rows), w = Math.min(tile, cols);
			return inner.memoryAdvice(h, w, settings, budget - 8L * 4 * h * w);
		}

		/** The solver of each tile. */
		public MatrixSolver inner() {
			return inner;
		}

		@Override
		public String toString() {
			return inner + " in " + tile + " x " + tile + " tiles (overlap >= " + overlap + ")";
		}
	}

	/**
	 * Completes tile t alone: its entries, its flags and reference, the settings with the
	 * tile's seed; progress is reported as the fraction of all tiles.
	 *
	 * @throws IllegalArgumentException naming the tile when it has no observed entry
	 */
	public ReconstructionResult solveTile(final MatrixSolver inner, final int t, final Matrix data,
		final boolean[] missing, final Matrix reference, final SolverSettings settings, final SolverListener listener,
		final BooleanSupplier cancel)
	{
		final boolean[] m = crop(missing, t);
		return solveCropped(inner, t, crop(data, t), m, reference == null ? null : crop(reference, t), settings,
			listener, cancel);
	}

	/** {@link #solveTile} on a tile's already cropped data (what a distributed task reads from its tile file). */
	public ReconstructionResult solveCropped(final MatrixSolver inner, final int t, final Matrix data,
		final boolean[] missing, final Matrix reference, final SolverSettings settings, final SolverListener listener,
		final BooleanSupplier cancel)
	{
		if (missing != null) {
			int observed = 0;
			for (int i = 0; i < missing.length; i++) if (!missing[i] && !Double.isNaN(data.re[i])) observed++;
			if (observed == 0) throw new IllegalArgumentException(describe(t) + " has no observed pixel: use a larger " +
				"'tile' (or 'overlap') so that every tile sees some data");
		}
		final SolverSettings s = settings.withSeed(seed(settings.seed(), t));
		final int n = count();
		final SolverListener l = listener == null ? null : new SolverListener() {

			@Override
			public void logged(final LogRecord record) {
				listener.logged(record);
			}

			@Override
			public void progress(final int iteration, final int max) {
				listener.progress((int) Math.min(Integer.MAX_VALUE, (long) t * max + iteration), (int) Math.min(
					Integer.MAX_VALUE, (long) n * max));
			}
		};
		return inner.solve(data, missing, reference, s, l, cancel);
	}

	/**
	 * The tiles' results in one: the blend of their reconstructions (tiles not computed,
	 * after a cancel, contribute nothing), the logs of the tiles one after the other (each
	 * restarting at its iteration 0), the worst stop reason (cancelled, diverged,
	 * max_iterations, then the others), the largest iteration count, the summed final loss
	 * (overlaps count once per tile) and seconds, and the relative error of the blended
	 * matrix. With {@code keepObserved} (and something missing) observed entries are the
	 * data exactly, as without tiles (a blend of equal values could differ in the last bit).
	 *
	 * @param computed how many tiles were computed (tiles 0 .. computed − 1; fewer than
	 *          {@link #count()} after a cancel)
	 * @param results the result of tile t, asked for once each, in order (so a driver can
	 *          read them one at a time)
	 * @param data the whole matrix (for {@code keepObserved})
	 */
	public ReconstructionResult assemble(final int computed, final IntFunction<ReconstructionResult> results,
		final Matrix data, final boolean[] missing, final Matrix reference, final boolean keepObserved)
	{
		final Assembly assembly = new Assembly();
		for (int t = 0; t < computed; t++) assembly.add(results.apply(t));
		return assembly.finish(data, missing, reference, keepObserved);
	}

	/**
	 * {@link #assemble} one tile at a time, in tile order (the same sums in the same order,
	 * so the same bytes): a tile's reconstruction can be dropped once added.
	 */
	final class Assembly {

		private final Matrix out = Matrix.real(rows, cols);
		private final List<LogRecord> log = new ArrayList<>();
		private StopReason stop;
		private String message;
		private int computed, iterations, sv;
		private double loss, seconds;
		private String backend = "", method;

		/** Blends the result of the next tile. */
		void add(final ReconstructionResult r) {
			final int t = computed++;
			blend(t, r.reconstruction, out);
			method = ReconstructionResult.mergeMethods(method, r.method);
			log.addAll(r.log);
			if (t == 0) backend = r.backend;
			sv = Math.max(sv, r.singularValueColumns); // rows of other counts are fitted by LogTable
			iterations = Math.max(iterations, r.steps());
			loss += r.finalLoss;
			seconds += r.seconds;
			if (stop == null || StackReconstruction.rank(r.stopReason) > StackReconstruction.rank(stop)) {
				stop = r.stopReason;
				message = r.message == null || r.message.isEmpty() ? null : describe(t) + ": " + r.message;
			}
		}

		/** The result of the tiles added so far (see {@link #assemble}). */
		ReconstructionResult finish(final Matrix data, final boolean[] missing, final Matrix reference,
			final boolean keepObserved)
		{
			boolean anyMissing = false;
			if (missing != null) for (final boolean m : missing) anyMissing |= m;
			if (keepObserved && anyMissing) {
				for (int k = 0; k < out.re.length; k++) if (!missing[k]) out.re[k] = data.re[k];
			}
			if (computed < count()) {
				stop = StopReason.CANCELLED;
				message = (count() - computed) + " of " + count() + " tiles not computed (cancelled)";
			}
			return ReconstructionResult.builder()
				.reconstruction(out)
				.log(log)
				.singularValueColumns(sv)
				.stopReason(stop == null ? StopReason.CONVERGED : stop)
				.message(message)
				.steps(iterations)
				.finalLoss(loss)
				.relError(relError(out, reference))
				.seconds(seconds)
				.backend(backend)
				.method(method)
				.build();
		}
	}

	private static double relError(final Matrix x, final Matrix reference) {
		if (reference == null) return Double.NaN;
		double e2 = 0, r2 = 0;
		for (int i = 0; i < x.re.length; i++) {
			final double d = x.re[i] - reference.re[i];
			e2 += d * d;
			r2 += reference.re[i] * reference.re[i];
		}
		return r2 > 0 ? Math.sqrt(e2 / r2) : Double.NaN;
	}

	@Override
	public String toString() {
		return String.format(Locale.ROOT, "%d x %d tiles of %d x %d over %d x %d (overlap >= %d): rows %s, columns %s",
			rowStarts.length, colStarts.length, tileRows, tileCols, rows, cols, overlap, Arrays.toString(rowStarts), Arrays
				.toString(colStarts));
	}
}
