package org.deeplowrank.solver.auto;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.deeplowrank.solver.linalg.Matrix;
import org.deeplowrank.solver.problem.GaussianSensingOperator;

/**
 * Estimator selection on held-out pixels (the rule behind {@code method=auto}): a seeded
 * fraction of the observed pixels is hidden, every candidate completes the plane from the
 * rest, and each is scored by its RMSE on the hidden pixels, which it never saw. The best
 * candidate (optionally: the least-squares blend of the two best, one weight in
 * [0, {@value #MAX_BLEND_WEIGHT}] fitted on the hidden pixels) is then rerun on all
 * observed pixels ({@link Candidate#completeChosen}) and returned. No candidate is
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
		 * The completion on all observed pixels once this candidate has been chosen, given
		 * its own completion made with the held-out pixels hidden ({@code heldOutRun}); by
		 * default {@code winner().complete(image, missing)}. An iterative candidate may
		 * continue from {@code heldOutRun} instead of starting over.
		 */
		default Matrix completeChosen(final Matrix image, final boolean[] missing, final Matrix heldOutRun) {
			return winner().complete(image, missing);
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

		Choice(final String name, final Matrix result, final List<String> candidates, final double[] heldOutRmse,
			final String[] rejections, final double blendWeight, final double blendRmse, final int heldOut)
		{
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
			final StringBuilder b = new StringBuilder("chosen=").append(name).append(" held_out=").append(heldOut)
				.append(" rmse:");
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
		final int[] held = heldOutPixels(miss, fraction, seed);
		if (held.length == 0) {
			// too few observed pixels to hold any out: the first candidate, unscored
			final Candidate c = candidates.get(0);
			final double[] rmse = new double[candidates.size()];
			Arrays.fill(rmse, Double.NaN);
			return new Choice(c.name(), restoreObserved(c.winner().complete(image, miss), image, miss), names(candidates),
				rmse, new String[candidates.size()], 1, Double.NaN, 0);
		}
		final boolean[] trainMissing = miss.clone();
		for (final int q : held) trainMissing[q] = true;
		final Matrix train = image.copy();
		for (final int q : held) train.re[q] = Double.NaN;
		final int m = candidates.size();
		final double[] rmse = new double[m];
		final String[] rejected = new String[m];
		final double[][] predictions = new double[m][];
		final Matrix[] runs = new Matrix[m];
		IllegalArgumentException first = null;
		for (int i = 0; i < m; i++) {
			try {
				final Matrix x = candidates.get(i).complete(train, trainMissing);
				runs[i] = x;
				predictions[i] = new double[held.length];
				double s = 0;
				for (int h = 0; h < held.length; h++) {
					final double p = x.re[held[h]];
					predictions[i][h] = p;
					final double d = p - image.re[held[h]];
					s += d * d;
				}
				rmse[i] = Double.isFinite(s) ? Math.sqrt(s / held.length) : Double.POSITIVE_INFINITY;
			}
			catch (final IllegalArgumentException e) {
				if (first == null) first = e;
				rejected[i] = e.getMessage();
				rmse[i] = Double.POSITIVE_INFINITY;
			}
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
			if (r < 0.99 * rmse[best]) {
				weight = a;
				blendRmse = r;
			}
		}
		final Candidate winner = candidates.get(best);
		final Matrix result = winner.completeChosen(image, miss, runs[best]);
		String name = winner.name();
		if (weight != 1) {
			final Matrix other = candidates.get(second).completeChosen(image, miss, runs[second]);
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
			blendRmse, held.length);
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
