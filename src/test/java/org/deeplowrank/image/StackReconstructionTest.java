package org.deeplowrank.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Util;
import org.deeplowrank.image.StackReconstruction.Request;
import org.deeplowrank.solver.MatrixSolver;
import org.deeplowrank.solver.Reconstruction;
import org.deeplowrank.solver.ReconstructionResult;
import org.deeplowrank.solver.SolverSettings;
import org.deeplowrank.solver.gd.StopReason;
import org.deeplowrank.solver.linalg.Matrix;
import org.junit.jupiter.api.Test;

/**
 * How images become matrices and back: planes, Casorati matrices, channels, RGB, masks,
 * output types, seeds and cancelling. The matrix solver is replaced by a stub that marks
 * the missing entries, so every pixel's way through the engine can be checked exactly.
 */
class StackReconstructionTest {

	/** Returns the data with each missing entry set to 1000 + seed; records what it saw. */
	static final class Stub implements MatrixSolver {

		final List<Matrix> seen = new ArrayList<>();
		final List<Long> seeds = new ArrayList<>();

		@Override
		public ReconstructionResult solve(final Matrix data, final boolean[] missing, final Matrix reference,
			final SolverSettings settings, final org.deeplowrank.solver.gd.SolverListener listener,
			final java.util.function.BooleanSupplier cancel)
		{
			seen.add(data.copy());
			seeds.add(settings.seed());
			final Matrix x = data.copy();
			if (missing != null) for (int k = 0; k < x.re.length; k++)
				if (missing[k]) x.re[k] = 1000 + settings.seed();
			double rel = Double.NaN;
			if (reference != null) {
				double e = 0, n = 0;
				for (int k = 0; k < x.re.length; k++) {
					e += (x.re[k] - reference.re[k]) * (x.re[k] - reference.re[k]);
					n += reference.re[k] * reference.re[k];
				}
				rel = Math.sqrt(e / n);
			}
			listener.progress(1, 1);
			return ReconstructionResult.builder().reconstruction(x).stopReason(StopReason.CONVERGED).steps(1).relError(rel)
				.backend("stub").build();
		}
	}

	/** v(x, y, p) = x + 10 y + 100 p. */
	static Img<FloatType> stack(final int w, final int h, final int planes) {
		final Img<FloatType> img = ArrayImgs.floats(w, h, planes);
		final RandomAccess<FloatType> ra = img.randomAccess();
		for (int p = 0; p < planes; p++)
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++)
					ra.setPositionAndGet(x, y, p).set(x + 10 * y + 100 * p);
		return img;
	}

	static float at(final RandomAccessibleInterval<?> img, final long... pos) {
		return ((FloatType) img.randomAccess().setPositionAndGet(pos)).get();
	}

	static Request request(final RandomAccessibleInterval<?> image) {
		final Request r = new Request();
		r.image = image;
		return r;
	}

	static StackResult run(final Request r, final MatrixSolver s) {
		return StackReconstruction.run(r, SolverSettings.DEFAULTS, s, null, null);
	}

	@Test
	void slicesAreOneMatrixPerPlaneWithAOnePlaneMaskForAll() {
		final Request r = request(stack(4, 3, 2));
		final Img<UnsignedByteType> mask = ArrayImgs.unsignedBytes(4, 3);
		mask.randomAccess().setPositionAndGet(1, 2).set(255);
		r.mask = mask;
		final Stub stub = new Stub();
		final StackResult res = run(r, stub);
		assertEquals(2, stub.seen.size());
		assertEquals(3, stub.seen.get(0).rows, "rows = lines (y)");
		assertEquals(4, stub.seen.get(0).cols);
		assertEquals(121, stub.seen.get(1).get(2, 1), "plane 1, y=2, x=1");
		assertEquals(List.of(0L, 1L), stub.seeds, "part k runs with seed + k");
		assertArrayEquals(new long[] { 4, 3, 2 }, res.output.dimensionsAsLongArray());
		assertEquals(1000, at(res.output, 1, 2, 0));
		assertEquals(1001, at(res.output, 1, 2, 1));
		assertEquals(13, at(res.output, 3, 1, 0), "observed pixels come back where they were");
		assertEquals(113, at(res.output, 3, 1, 1));
		assertEquals(1.0 / 12, res.missingFraction, 1e-12);
		assertEquals("slice 2/2", res.parts.get(1).name);
	}

	@Test
	void casoratiIsOnePixelsByPlanesMatrix() {
		final Request r = request(stack(4, 3, 5));
		r.mode = StackMode.CASORATI;
		final Img<UnsignedByteType> mask = ArrayImgs.unsignedBytes(4, 3, 5); // one mask per plane
		mask.randomAccess().setPositionAndGet(2, 1, 3).set(1);
		r.mask = mask;
		final Stub stub = new Stub();
		final StackResult res = run(r, stub);
		assertEquals(1, stub.seen.size());
		final Matrix m = stub.seen.get(0);
		assertEquals(12, m.rows, "pixels");
		assertEquals(5, m.cols, "planes");
		for (int p = 0; p < 5; p++)
			for (int i = 0; i < 12; i++)
				assertEquals(i % 4 + 10 * (i / 4) + 100 * p, m.get(i, p), 0);
		assertEquals(1000, at(res.output, 2, 1, 3), "the missing entry, back in its plane");
		assertEquals(212, at(res.output, 2, 1, 2), "the same pixel in the other planes is untouched");
		assertEquals(412, at(res.output, 2, 1, 4));
		assertEquals(1, res.parts.size());
	}

	@Test
	void aSinglePlaneIsTheSameInBothModes() {
		final Request r = request(stack(4, 3, 1));
		r.mode = StackMode.CASORATI;
		final Stub stub = new Stub();
		run(r, stub);
		assertEquals(3, stub.seen.get(0).rows);
		assertEquals(4, stub.seen.get(0).cols);
	}

	@Test
	void channelsOfAHyperstackAreSeparate() {
		final Img<FloatType> img = ArrayImgs.floats(4, 3, 2, 3); // x, y, c, z
		final Request r = request(img);
		r.channelAxis = 2;
		final Stub stub = new Stub();
		final StackResult res = run(r, stub);
		assertEquals(6, res.parts.size());
		assertEquals("channel 2, slice 1/3", res.parts.get(3).name);
		r.mode = StackMode.CASORATI;
		final Stub casorati = new Stub();
		final StackResult cas = run(r, casorati);
		assertEquals(2, cas.parts.size());
		assertEquals(3, casorati.seen.get(0).cols);
		assertArrayEquals(new long[] { 4, 3, 2, 3 }, cas.output.dimensionsAsLongArray());
		assertEquals(2, cas.channelAxis);
	}

	@Test
	void rgbIsProcessedPerColourAndReturnedAsRgb() {
		final Img<ARGBType> rgb = ArrayImgs.argbs(3, 2);
		int k = 0;
		for (final ARGBType t : rgb) {
			t.set(ARGBType.rgba(10 * k, 20 + k, 200 - k, 255));
			k++;
		}
		final Request r = request(rgb);
		final Img<UnsignedByteType> mask = ArrayImgs.unsignedBytes(3, 2);
		mask.randomAccess().setPositionAndGet(0, 1).set(1);
		r.mask = mask;
		final Stub stub = new Stub();
		final StackResult res = run(r, stub);
		assertEquals(3, res.parts.size());
		assertEquals(List.of("red", "green", "blue"), List.of(res.parts.get(0).name, res.parts.get(1).name, res.parts.get(
			2).name));
		assertEquals(30, stub.seen.get(0).get(1, 0), "red of pixel 3");
		assertEquals(23, stub.seen.get(1).get(1, 0), "green of pixel 3");
		assertTrue(Util.getTypeFromInterval(res.output) instanceof ARGBType);
		assertEquals(-1, res.channelAxis);
		@SuppressWarnings("unchecked")
		final RandomAccess<ARGBType> out = ((Img<ARGBType>) res.output).randomAccess();
		final int v = out.setPositionAndGet(2, 0).get();
		assertEquals(ARGBType.rgba(20, 22, 198, 0) & 0xffffff, v & 0xffffff, "observed colours unchanged");
		final int m = out.setPositionAndGet(0, 1).get();
		assertEquals(255, ARGBType.red(m), "1000 clamped to 255");
		assertEquals(255, ARGBType.blue(m));
	}

	@Test
	void keepTypeClampsAndRoundsToTheInputType() {
		final Img<UnsignedByteType> img = ArrayImgs.unsignedBytes(new byte[] { 1, 2, 3, 4 }, 2, 2);
		final MatrixSolver odd = (y, missing, ref, s, l, c) -> {
			final Matrix x = Matrix.real(2, 2);
			x.re[0] = -5;
			x.re[1] = 3.5;
			x.re[2] = 300;
			x.re[3] = 7.49;
			return ReconstructionResult.builder().reconstruction(x).stopReason(StopReason.CONVERGED).steps(1).backend("odd")
				.build();
		};
		final Request r = request(img);
		r.keepType = true;
		final StackResult kept = run(r, odd);
		assertTrue(Util.getTypeFromInterval(kept.output) instanceof UnsignedByteType);
		final List<Integer> v = new ArrayList<>();
		for (final Object t : kept.output)
			v.add(((UnsignedByteType) t).get());
		assertEquals(List.of(0, 4, 255, 7), v);
		r.keepType = false;
		final StackResult floats = run(r, odd);
		assertTrue(Util.getTypeFromInterval(floats.output) instanceof FloatType);
		assertEquals(3.5f, at(floats.output, 1, 0));
	}

	@Test
	void nanPixelsAreMissingAndAFullyMissingPlaneIsNamed() {
		final Img<FloatType> img = stack(3, 2, 2);
		img.randomAccess().setPositionAndGet(2, 1, 0).set(Float.NaN);
		final StackResult res = run(request(img), new Stub());
		assertEquals(1000, at(res.output, 2, 1, 0));
		for (int y = 0; y < 2; y++)
			for (int x = 0; x < 3; x++)
				img.randomAccess().setPositionAndGet(x, y, 1).set(Float.NaN);
		assertEquals("slice 2/2: " + MaskPlanes.ALL_MISSING, assertThrows(IllegalArgumentException.class, () -> run(request(
			img), new Stub())).getMessage());
	}

	@Test
	void maskAndReferenceShapesAreChecked() {
		final Request r = request(ArrayImgs.floats(12, 10));
		r.mask = ArrayImgs.unsignedBytes(10, 12);
		assertEquals("mask is 10 x 12 but image is 12 x 10", assertThrows(IllegalArgumentException.class, () -> run(r,
			new Stub())).getMessage());
		final Request s = request(stack(4, 3, 3));
		s.mask = ArrayImgs.unsignedBytes(4, 3, 2);
		assertEquals("mask is 4 x 3 x 2 but image is 4 x 3 x 3 (a mask is one plane for all, or has the image's planes)",
			assertThrows(IllegalArgumentException.class, () -> run(s, new Stub())).getMessage());
		final Request t = request(ArrayImgs.floats(12, 10));
		t.reference = ArrayImgs.floats(12, 11);
		assertEquals("reference is 12 x 11 but image is 12 x 10", assertThrows(IllegalArgumentException.class, () -> run(
			t, new Stub())).getMessage());
		final Request u = request(ArrayImgs.floats(12, 10, 1)); // Fiji's single plane
		u.mask = ArrayImgs.unsignedBytes(12, 10);
		run(u, new Stub());
	}

	@Test
	void relErrorOfTheWholeImage() {
		final Img<FloatType> img = stack(3, 2, 2);
		final Request r = request(img);
		final Img<UnsignedByteType> mask = ArrayImgs.unsignedBytes(3, 2);
		mask.randomAccess().setPositionAndGet(0, 0).set(1);
		r.mask = mask;
		r.reference = img;
		final StackResult res = run(r, new Stub());
		// errors only at (0,0) of both planes: 1000 - 0 and 1001 - 100
		double n = 0;
		for (final FloatType t : img)
			n += t.get() * t.get();
		assertEquals(Math.sqrt((1000.0 * 1000 + 901.0 * 901) / n), res.combined.relError, 1e-9);
	}

	@Test
	void cancelKeepsThePartialIterateAndSkipsTheRest() {
		final AtomicInteger started = new AtomicInteger();
		final StackResult res = StackReconstruction.run(request(stack(3, 2, 3)), SolverSettings.DEFAULTS, new Stub(),
			new StackReconstruction.Listener() {

				@Override
				public void started(final StackReconstruction.Part part, final int index, final int count) {
					started.incrementAndGet();
				}
			}, () -> started.get() >= 1);
		assertEquals(1, started.get());
		assertTrue(res.isPartial());
		assertEquals(StopReason.CANCELLED, res.combined.stopReason);
		assertNull(res.results.get(1));
		assertEquals(12, at(res.output, 2, 1, 0), "part 1 was computed");
		assertTrue(Float.isNaN(at(res.output, 0, 0, 1)), "part 2 was not");
		assertTrue(res.stableSummary().contains("(partial result)"));
	}

	@Test
	void theRealSolverOnAnRgbImage() {
		final Img<ARGBType> rgb = ArrayImgs.argbs(12, 10);
		int k = 0;
		for (final ARGBType t : rgb) {
			final int x = k % 12, y = k / 12;
			t.set(ARGBType.rgba(20 + 10 * (x % 5) + y, 40 + 5 * y, 200 - 3 * x, 255));
			k++;
		}
		final SolverSettings s = SolverSettings.builder().iterations(30).build();
		final StackResult res = StackReconstruction.run(request(rgb), s, Reconstruction::complete, null, null);
		assertEquals(3, res.results.size());
		for (final ReconstructionResult r : res.results)
			assertFalse(r.stopReason == StopReason.DIVERGED);
		assertArrayEquals(new long[] { 12, 10 }, res.output.dimensionsAsLongArray());
	}
}
