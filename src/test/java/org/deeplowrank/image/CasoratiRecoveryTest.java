package org.deeplowrank.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;
import org.deeplowrank.solver.Reconstruction;
import org.deeplowrank.solver.SolverSettings;
import org.junit.jupiter.api.Test;

/**
 * The acceptance test of the Casorati mode: a 64 x 64 x 20 time-lapse whose frames are
 * combinations of 3 fixed patterns, with 40 % of the pixels missing in every frame (a
 * different 40 % each time). Each frame alone is a full-rank picture, so completing it
 * plane by plane cannot work; the (4096 x 20) Casorati matrix has rank 3, so it can.
 */
class CasoratiRecoveryTest {

	static final int W = 64, H = 64, T = 20, PATTERNS = 3;
	static final double MISSING = 0.4;

	/** Frame t = sum_k a_k(t) P_k with smooth positive coefficients; P_k rough random textures. */
	static Img<FloatType> timeLapse(final long seed) {
		final Random rnd = new Random(seed);
		final double[][] patterns = new double[PATTERNS][W * H];
		for (final double[] p : patterns)
			for (int i = 0; i < p.length; i++)
				p[i] = 50 + 100 * rnd.nextDouble();
		final Img<FloatType> img = ArrayImgs.floats(W, H, T);
		final net.imglib2.Cursor<FloatType> c = img.cursor();
		for (int t = 0; t < T; t++)
			for (int i = 0; i < W * H; i++) {
				double v = 0;
				for (int k = 0; k < PATTERNS; k++)
					v += (1 + 0.8 * Math.sin(2 * Math.PI * t / T * (k + 1) + k)) * patterns[k][i];
				c.next().set((float) v);
			}
		return img;
	}

	/** 40 % of each frame missing, chosen independently per frame. */
	static Img<UnsignedByteType> masks(final long seed) {
		final Random rnd = new Random(seed);
		final Img<UnsignedByteType> m = ArrayImgs.unsignedBytes(W, H, T);
		for (final UnsignedByteType v : m)
			v.set(rnd.nextDouble() < MISSING ? 255 : 0);
		return m;
	}

	static double relError(final Img<?> out, final Img<FloatType> ref) {
		@SuppressWarnings("unchecked")
		final net.imglib2.Cursor<FloatType> a = ((Img<FloatType>) out).cursor();
		final net.imglib2.Cursor<FloatType> b = ref.cursor();
		double e = 0, n = 0;
		while (a.hasNext()) {
			final double x = a.next().getRealDouble(), y = b.next().getRealDouble();
			e += (x - y) * (x - y);
			n += y * y;
		}
		return Math.sqrt(e / n);
	}

	/** Both modes with the same settings: depth 2 (fast on this small problem), 1500 iterations. */
	static StackResult run(final StackMode mode) {
		final StackReconstruction.Request r = new StackReconstruction.Request();
		r.image = timeLapse(1);
		r.mask = masks(2);
		r.mode = mode;
		final SolverSettings s = SolverSettings.builder().depth(2).iterations(1500).build();
		return StackReconstruction.run(r, s, Reconstruction::complete, null, null);
	}

	@Test
	void casoratiRecoversWhatSlicesCannot() {
		final Img<FloatType> truth = timeLapse(1);
		final long t0 = System.nanoTime();
		final StackResult cas = run(StackMode.CASORATI);
		final long t1 = System.nanoTime();
		final StackResult sl = run(StackMode.SLICES);
		final long t2 = System.nanoTime();
		final double eCas = relError(cas.output, truth), eSl = relError(sl.output, truth);
		System.out.printf("Casorati vs slices (64x64x20, 3 patterns, 40%% missing): casorati rel error %.3g (%.1f s); " +
			"slices rel error %.3g (%.1f s)%n", eCas, (t1 - t0) * 1e-9, eSl, (t2 - t1) * 1e-9);
		assertEquals(1, cas.parts.size(), "one Casorati matrix");
		assertEquals(T, sl.parts.size(), "one matrix per frame");
		assertTrue(eCas < 1e-2, "Casorati rel error " + eCas);
		assertTrue(eSl > 0.05 && eSl > 10 * eCas, "slices " + eSl + " vs Casorati " + eCas);
	}
}
