package org.deeplowrank.solver.auto;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.deeplowrank.solver.linalg.Matrix;
import org.deeplowrank.solver.problem.GaussianSensingOperator;

/**
 * Estimator selection on held-out pixels (the rule behind {@code method=auto}): seeded
 * disjoint fractions of the observed pixels are hidden in turn ({@value #FOLDS} folds; a
 * large plane: one fold, scored on crops, {@link #selectionCrops}), every candidate
 * completes the plane from the rest, and each is scored by its RMSE on the hidden pixels,
 * which it never saw. The best
 * candidate (optionally: the least-squares blend of the two best, one weight in
 * [0, {@value #MAX_BLEND_WEIGHT}] fitted on the hidden pixels) is then rerun on all
 * observed pixels ({@link Candidate#winner}) and returned. No candidate is
 * favoured: the choice is the held-out error alone, so the rule needs no per-image tuning.
 * A candidate that rejects the input (an {@link IllegalArgumentException}, e.g. an image
 * smaller than its patch) drops out with its message; when every candidate does, the
 * first message is thrown.
 */
public final class ModelSelection {

	/**
	 * Largest blend weight of the best candidate. Above 1 the blend extrapolates from the
	 * second past the best: measured with nonlocal (best) and biharmonic (second), the
	 * held-out weight is often above 1 (brick at 80 % missing: 2.0, +1.5 dB over nonlocal
	 * alone; the four SoftImpute iterations per group move the missing pixels only part of
	 * the way from the biharmonic start), and the oracle weight on the missing pixels
	 * reaches 2.1 (docs/quality.md). Capped at 2 so that a noisy fit on few held-out pixels
	 * cannot extrapolate far. A tunable of the rule, not a key (yet).
	 */
	static final double MAX_BLEND_WEIGHT = 2;

	/**
	 * The blend replaces the best candidate when its held-out RMSE is below BLEND_GAIN times
	 * the best's (a blend fitted on the held-out pixels is never worse there; the margin
	 * keeps a fit to noise out). With two folds (about 1600 held-out pixels on a 128² image
	 * at 50 % missing) 0.2 % is enough: measured over the nine quality images, a 1 % margin
	 * turned down blends that were better on the missing pixels (docs/quality.md).
	 */
	static final double BLEND_GAIN = 0.998;

	/**
	 * Folds of the held-out comparison: FOLDS disjoint sets of the given fraction of the
	 * observed pixels are each hidden in turn, so every candidate is scored on FOLDS times
	 * as many pixels (its RMSE estimate is less noisy, which the choice and the blend weight
	 * rest on) while each run still sees all but one fraction of the observed pixels. A
	 * plane scored on crops ({@link #selectionCrops}) has one fold: its crops hold at least
	 * four times the held-out pixels of a 128² plane already.
	 */
	static final int FOLDS = 2;

	/** Seed stream of the held-out pixels (independent of the candidates' own streams). */
	private static final long STREAM_HELD_OUT = 77;

	private ModelSelection() {}

	/** A named completion method: observed plane and missing mask in, completed plane out. */
	public interface Candidate {
		String name();

		/** @param missing true = missing (the held-out pixels included during the selection) */
		Matrix complete(Matrix image, boolean[] missing);

		/**
		 * The estimator rerun on all observed pixels once this candidate has won; by default
		 * the candidate itself (a candidate screened with a smaller budget returns its full one).
		 */
		default Candidate winner() {
			return this;
		}

		/**
		 * Whether this candidate's estimate may be blended with another's. The whole-matrix
		 * factorization says no: data that are low rank as matrices (time-lapse stacks,
		 * separable patterns) end on the factorization itself, its log and factors, and a
		 * smooth image on biharmonic, never on a mix with it.
		 */
		default boolean blendable() {
			return true;
		}
	}

	/** A candidate from a name and a function. */
	public static Candidate candidate(final String name, final java.util.function.BiFunction<Matrix, boolean[],
		Matrix> method)
	{
		return new Candidate() {
			@Override
			public String name() {
				return name;
			}

			@Override
			public Matrix complete(final Matrix image, final boolean[] missing) {
				return method.apply(image, missing);
			}
		};
	}

	/** The outcome: what was chosen, why, and the result on all observed pixels. */
	public static final class Choice {
		/** The chosen candidate, or {@code a+b} for a blend. */
		public final String name;
		/** The completion by the choice on all observed pixels (observed pixels as observed). */
		public final Matrix result;
		/** The candidates' names, in the given order. */
		public final List<String> candidates;
		/** Their RMSE on the held-out pixels (+∞ for one that rejected the input). */
		public final double[] heldOutRmse;
		/** Why a candidate dropped out (null where it ran). */
		public final String[] rejections;
		/** Blend weight of the best candidate (1 = no blend; above 1: extrapolation) and the blend's held-out RMSE. */
		public final double blendWeight, blendRmse;
		/** Number of held-out pixels. */
		public final int heldOut;
		/** Number of crops the candidates were scored on (0: the whole plane). */
		public final int crops;

		Choice(final String name, final Matrix result, final List<String> candidates, final double[] heldOutRmse,
			final String[] rejections, final double blendWeight, final double blendRmse, final int heldOut,
			final int crops)
		{
			this.crops = crops;
			this.name = name;
			this.result = result;
			this.candidates = candidates;
			this.heldOutRmse = heldOutRmse;
			this.rejections = rejections;
			this.blendWeight = blendWeight;
			this.blendRmse = blendRmse;
			this.heldOut = heldOut;
		}

		/** E.g. {@code chosen=nonlocal held_out=820 rmse: biharmonic=4.1 nonlocal=3.2 whole-matrix=9.7}. */
		public String summaryLine() {
			final StringBuilder b = new StringBuilder("chosen=").append(name).append(" held_out=").append(heldOut);
			if (crops > 0) b.append(" (in ").append(crops).append(" crops of ").append(CROP).append('x').append(CROP)
				.append(')');
			b.append(" rmse:");
			for (int i = 0; i < heldOutRmse.length; i++) {
				b.append(' ').append(candidates.get(i)).append('=').append(rejections[i] != null ? "rejected" : String
					.format(Locale.ROOT, "%.4g", heldOutRmse[i]));
			}
			if (blendWeight != 1) b.append(String.format(Locale.ROOT, " blend=%.4g (weight %.3f)", blendRmse, blendWeight));
			return b.toString();
		}
	}

	/**
	 * @param image the plane (values at missing pixels ignored)
	 * @param missing true = missing; must leave at least 2 observed pixels
	 * @param candidates at least one
	 * @param fraction fraction of the observed pixels held out, in (0, 0.5]
	 * @param seed chooses the held-out pixels
	 * @param blend true: the least-squares blend of the two best is chosen when it beats the
	 *          best on the held-out pixels by more than 1 % (both are then rerun)
	 */
	public static Choice select(final Matrix image, final boolean[] missing, final List<Candidate> candidates,
		final double fraction, final long seed, final boolean blend)
	{
		if (image == null) throw new IllegalArgumentException("missing value for 'image'");
		if (candidates == null || candidates.isEmpty()) throw new IllegalArgumentException("no candidate to select from");
		if (!(fraction > 0 && fraction <= 0.5)) {
			throw new IllegalArgumentException("bad held-out fraction: " + fraction + " (expected a fraction in (0, 0.5])");
		}
		final int size = image.size();
		if (missing != null && missing.length != size) {
			throw new IllegalArgumentException("mask has " + missing.length + " pixels but the image has " + size);
		}
		final boolean[] miss = missing != null ? missing : new boolean[size];
		final int[][] crops = selectionCrops(image.rows, image.cols);
		final boolean[] eligible = miss.clone();
		if (crops != null) {
			// only observed pixels inside the crops are held out (the rest are not scored)
			Arrays.fill(eligible, true);
			for (final int[] c : crops) {
				for (int y = c[0]; y < c[0] + c[2]; y++) {
					for (int x = c[1]; x < c[1] + c[3]; x++) eligible[y * image.cols + x] = miss[y * image.cols + x];
				}
			}
		}
		// a plane scored on crops has at least 4 crops' worth of held-out pixels in one fold
		final int folds = crops == null ? FOLDS : 1;
		final int[] held = heldOutPixels(eligible, folds * fraction, seed);
		if (held.length < folds) {
			// too few observed pixels to hold any out: the first candidate, unscored
			final Candidate c = candidates.get(0);
			final double[] rmse = new double[candidates.size()];
			Arrays.fill(rmse, Double.NaN);
			return new Choice(c.name(), restoreObserved(c.winner().complete(image, miss), image, miss), names(candidates),
				rmse, new String[candidates.size()], 1, Double.NaN, 0, 0);
		}
		final int m = candidates.size();
		final double[] rmse = new double[m];
		final String[] rejected = new String[m];
		final double[][] predictions = new double[m][held.length];
		IllegalArgumentException first = null;
		// fold f holds out held[h] for h ≡ f (mod folds); each held-out pixel is predicted by the run that hid it
		for (int f = 0; f < folds; f++) {
			final boolean[] trainMissing = miss.clone();
			final Matrix train = image.copy();
			for (int h = f; h < held.length; h += folds) {
				trainMissing[held[h]] = true;
				train.re[held[h]] = Double.NaN;
			}
			// the planes the candidates complete: the whole plane, or each crop (crops outside, candidates inside:
			// a candidate may reuse work on the same plane object, e.g. the biharmonic fill)
			final int planes = crops == null ? 1 : crops.length;
			for (int c = 0; c < planes; c++) {
				final Matrix plane = crops == null ? train : crop(train, crops[c]);
				final boolean[] planeMissing = crops == null ? trainMissing : crop(trainMissing, image.cols, crops[c]);
				for (int i = 0; i < m; i++) {
					if (rejected[i] != null) continue;
					try {
						final Matrix x = candidates.get(i).complete(plane, planeMissing);
						if (x.rows != plane.rows || x.cols != plane.cols) {
							throw new IllegalStateException("candidate " + candidates.get(i).name() + " returned " + x.cols +
								" x " + x.rows + " for a " + plane.cols + " x " + plane.rows + " plane");
						}
						for (int h = f; h < held.length; h += folds) {
							final int q = held[h];
							if (crops == null) predictions[i][h] = x.re[q];
							else {
								final int y = q / image.cols - crops[c][0], xx = q % image.cols - crops[c][1];
								if (y >= 0 && y < crops[c][2] && xx >= 0 && xx < crops[c][3]) {
									predictions[i][h] = x.re[y * crops[c][3] + xx];
								}
							}
						}
					}
					catch (final IllegalArgumentException e) {
						if (first == null) first = e;
						rejected[i] = e.getMessage();
					}
				}
			}
		}
		for (int i = 0; i < m; i++) {
			if (rejected[i] != null) {
				rmse[i] = Double.POSITIVE_INFINITY;
				continue;
			}
			double s = 0;
			for (int h = 0; h < held.length; h++) {
				final double d = predictions[i][h] - image.re[held[h]];
				s += d * d;
			}
			rmse[i] = Double.isFinite(s) ? Math.sqrt(s / held.length) : Double.POSITIVE_INFINITY;
		}
		int best = -1, second = -1;
		for (int i = 0; i < m; i++) {
			if (rejected[i] != null) continue;
			if (best < 0 || rmse[i] < rmse[best]) {
				second = best;
				best = i;
			}
			else if (second < 0 || rmse[i] < rmse[second]) second = i;
		}
		if (best < 0) throw first;
		// the blend partner: the best other blendable candidate
		second = -1;
		for (int i = 0; i < m; i++) {
			if (i == best || rejected[i] != null || !candidates.get(i).blendable()) continue;
			if (second < 0 || rmse[i] < rmse[second]) second = i;
		}
		double weight = 1, blendRmse = rmse[best];
		if (blend && candidates.get(best).blendable() && second >= 0 && Double.isFinite(rmse[second])) {
			// min over a in [0, MAX_BLEND_WEIGHT] of Σ (a p1 + (1 − a) p2 − y)² on the held-out pixels
			final double[] p1 = predictions[best], p2 = predictions[second];
			double num = 0, den = 0;
			for (int h = 0; h < held.length; h++) {
				final double d = p1[h] - p2[h];
				num += d * (image.re[held[h]] - p2[h]);
				den += d * d;
			}
			final double a = den > 0 ? Math.min(MAX_BLEND_WEIGHT, Math.max(0, num / den)) : 1;
			double s = 0;
			for (int h = 0; h < held.length; h++) {
				final double d = a * p1[h] + (1 - a) * p2[h] - image.re[held[h]];
				s += d * d;
			}
			final double r = Math.sqrt(s / held.length);
			if (r < BLEND_GAIN * rmse[best]) {
				weight = a;
				blendRmse = r;
			}
		}
		final Candidate winner = candidates.get(best);
		final Matrix result = winner.winner().complete(image, miss);
		String name = winner.name();
		if (weight != 1) {
			final Matrix other = candidates.get(second).winner().complete(image, miss);
			for (int q = 0; q < size; q++) result.re[q] = weight * result.re[q] + (1 - weight) * other.re[q];
			if (weight > 1) {
				// an extrapolation may leave the observed range, which no candidate does
				double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
				for (int q = 0; q < size; q++) {
					if (!miss[q]) {
						lo = Math.min(lo, image.re[q]);
						hi = Math.max(hi, image.re[q]);
					}
				}
				for (int q = 0; q < size; q++) if (miss[q]) result.re[q] = Math.min(hi, Math.max(lo, result.re[q]));
			}
			name = winner.name() + "+" + candidates.get(second).name();
		}
		return new Choice(name, restoreObserved(result, image, miss), names(candidates), rmse, rejected, weight,
			blendRmse, held.length, crops == null ? 0 : crops.length);
	}

	/** Side of the selection crops of a large plane. */
	static final int CROP = 128;

	/**
	 * The crops a large plane is scored on, each {y0, x0, height, width}, or null: the
	 * whole plane. Why: the candidates run twice, once with pixels held out and once on all
	 * of them; on a large plane the first run, whose only use is the held-out error, need
	 * not cover the plane. A plane of at least 2·CROP on both sides and 16·CROP² pixels is
	 * cut into cells of 2·CROP × 2·CROP and scored on a CROP × CROP crop at the centre of
	 * each full cell: about a quarter of the plane, spread over all of it (a 512² plane: 4
	 * crops; the selection then costs a quarter of a whole-plane run). The crops are
	 * disjoint and depend on the size only.
	 */
	static int[][] selectionCrops(final int rows, final int cols) {
		final int cell = 2 * CROP;
		if (rows < cell || cols < cell || (long) rows * cols < 16L * CROP * CROP) return null;
		final int ny = rows / cell, nx = cols / cell;
		final int[][] crops = new int[ny * nx][];
		for (int i = 0; i < ny; i++) {
			for (int j = 0; j < nx; j++) crops[i * nx + j] = new int[] { i * cell + CROP / 2, j * cell + CROP / 2, CROP,
				CROP };
		}
		return crops;
	}

	private static Matrix crop(final Matrix x, final int[] c) {
		final Matrix m = Matrix.real(c[2], c[3]);
		for (int y = 0; y < c[2]; y++) System.arraycopy(x.re, (c[0] + y) * x.cols + c[1], m.re, y * c[3], c[3]);
		return m;
	}

	private static boolean[] crop(final boolean[] mask, final int cols, final int[] c) {
		final boolean[] m = new boolean[c[2] * c[3]];
		for (int y = 0; y < c[2]; y++) System.arraycopy(mask, (c[0] + y) * cols + c[1], m, y * c[3], c[3]);
		return m;
	}

	private static List<String> names(final List<Candidate> candidates) {
		final List<String> n = new ArrayList<>(candidates.size());
		for (final Candidate c : candidates) n.add(c.name());
		return n;
	}

	private static Matrix restoreObserved(final Matrix x, final Matrix image, final boolean[] missing) {
		for (int q = 0; q < x.re.length; q++) if (!missing[q]) x.re[q] = image.re[q];
		return x;
	}

	/**
	 * round(fraction · observed) observed pixels by a seeded partial shuffle, sorted; none
	 * when that leaves fewer than 2 observed pixels.
	 */
	static int[] heldOutPixels(final boolean[] missing, final double fraction, final long seed) {
		int count = 0;
		for (final boolean m : missing) if (!m) count++;
		final int h = (int) Math.round(fraction * count);
		if (h < 1 || count - h < 2) return new int[0];
		final int[] observed = new int[count];
		int c = 0;
		for (int q = 0; q < missing.length; q++) if (!missing[q]) observed[c++] = q;
		final Random rnd = new Random(GaussianSensingOperator.mixSeed(seed + 0x9E3779B97F4A7C15L * STREAM_HELD_OUT));
		for (int i = 0; i < h; i++) {
			final int j = i + rnd.nextInt(count - i);
			final int t = observed[i];
			observed[i] = observed[j];
			observed[j] = t;
		}
		final int[] held = Arrays.copyOf(observed, h);
		Arrays.sort(held);
		return held;
	}
}
