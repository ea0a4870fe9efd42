package org.deeplowrank.image;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import net.imglib2.FinalInterval;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.util.ConstantUtils;
import net.imglib2.view.Views;
import org.deeplowrank.image.StackReconstruction.Request;
import org.deeplowrank.solver.Lifting;
import org.deeplowrank.solver.MatrixSolver;
import org.deeplowrank.solver.Method;
import org.deeplowrank.solver.Methods;
import org.deeplowrank.solver.SolverSettings;
import org.junit.jupiter.api.Test;

/**
 * The heap check before a run ({@link MemoryBudget}), with the heap as a parameter so that
 * the large cases of issue #15 (an 8000² plane in 1 GB) need no large heap: the images are
 * constant views that hold no pixels.
 */
class MemoryBudgetTest {

	private static final long MB = 1L << 20, GB = 1L << 30;

	/** A w x h 8-bit plane that holds no memory (the budget only reads its shape and type). */
	private static RandomAccessibleInterval<UnsignedByteType> plane(final int w, final int h) {
		return Views.interval(ConstantUtils.constantRandomAccessible(new UnsignedByteType(7), 2), new FinalInterval(w,
			h));
	}

	private static Request request(final int w, final int h) {
		final Request r = new Request();
		r.image = plane(w, h);
		r.mask = plane(w, h);
		return r;
	}

	private static MemoryBudget budget(final int w, final int h) {
		return MemoryBudget.of(request(w, h), new MemoryBudget.Shape(h, w, 1));
	}

	/** The solver of the completion commands for {@code s}: the method, in tiles when {@code tile} is set. */
	private static MatrixSolver solver(final SolverSettings s) {
		return TileGrid.tiled(Methods.solver(s), s.tiles());
	}

	private static int tileIn(final String message) {
		final Matcher m = Pattern.compile("tile=(\\d+)").matcher(message);
		assertTrue(m.find(), message);
		return Integer.parseInt(m.group(1));
	}

	@Test
	void anIssuePlaneIsRefusedWithTheHeapItNeedsAndTilesFitInTwoGigabytes() {
		final MemoryBudget b = budget(8000, 8000);
		final SolverSettings whole = SolverSettings.DEFAULTS;
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.check(solver(whole),
			whole, GB));
		assertTrue(e.getMessage().startsWith("not enough memory: 8000 x 8000"), e.getMessage());
		assertTrue(e.getMessage().contains("-Xmx"), e.getMessage());
		// in 1 GB the image's own double copies leave no room: no tile is offered, and the message says why
		assertTrue(e.getMessage().contains("no tile size fits"), e.getMessage());
		final SolverSettings tiled = whole.toBuilder().tile(1024).build();
		final IllegalArgumentException t = assertThrows(IllegalArgumentException.class, () -> b.check(solver(tiled),
			tiled, GB));
		assertTrue(t.getMessage().contains("in 1024 x 1024 tiles") && t.getMessage().contains("-Xmx2g"), t
			.getMessage());
		// and the -Xmx it names is enough
		assertDoesNotThrow(() -> b.check(solver(tiled), tiled, 2 * GB));
	}

	@Test
	void theTileOfTheMessageFitsAndTheNextLargerDoesNot() {
		final MemoryBudget b = budget(2000, 2000);
		final SolverSettings whole = SolverSettings.DEFAULTS;
		final long heap = 256 * MB;
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.check(solver(whole),
			whole, heap));
		final int tile = tileIn(e.getMessage());
		assertTrue(tile >= 64 && tile < 2000 && tile % MemoryBudget.TILE_STEP == 0, e.getMessage());
		final SolverSettings fits = whole.toBuilder().tile(tile).build();
		assertDoesNotThrow(() -> b.check(solver(fits), fits, heap));
		final SolverSettings larger = whole.toBuilder().tile(tile + MemoryBudget.TILE_STEP).build();
		assertThrows(IllegalArgumentException.class, () -> b.check(solver(larger), larger, heap));
	}

	@Test
	void everyCompletionMethodIsChecked() {
		final MemoryBudget b = budget(4000, 4000);
		for (final Method m : new Method[] { Method.GD, Method.GLRL, Method.SOFTIMPUTE, Method.BIHARMONIC,
			Method.HARMONIC })
		{
			final SolverSettings s = SolverSettings.builder().method(m).build();
			final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.check(solver(s), s,
				512 * MB), m::key);
			final int tile = tileIn(e.getMessage());
			final SolverSettings fits = s.toBuilder().tile(tile).build();
			assertDoesNotThrow(() -> b.check(solver(fits), fits, 512 * MB), m::key);
			// and the whole plane runs in the -Xmx of the message
			final Matcher x = Pattern.compile("-Xmx(\\d+)([mg])").matcher(e.getMessage());
			assertTrue(x.find(), e.getMessage());
			final long heap = Long.parseLong(x.group(1)) * (x.group(2).equals("g") ? GB : MB);
			assertDoesNotThrow(() -> b.check(solver(s), s, heap), m::key);
		}
	}

	@Test
	void patchLiftingNamesTheStrideThatFits() {
		final MemoryBudget b = budget(512, 512);
		final SolverSettings s = SolverSettings.builder().lifting(Lifting.HANKEL).patch(8).stride(1).build();
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.check(solver(s), s,
			600 * MB));
		final Matcher m = Pattern.compile("stride=(\\d+)").matcher(e.getMessage());
		assertTrue(m.find(), e.getMessage());
		final SolverSettings fits = s.toBuilder().stride(Integer.parseInt(m.group(1))).build();
		assertDoesNotThrow(() -> b.check(solver(fits), fits, 600 * MB));
	}

	@Test
	void aDeeperOrWiderFactorizationNeedsMore() {
		final MemoryBudget b = budget(1000, 1000);
		final SolverSettings d3 = SolverSettings.DEFAULTS, d5 = d3.toBuilder().depth(5).build(), narrow = d3.toBuilder()
			.width(50).build();
		assertTrue(b.bytes(solver(d5), d5) > b.bytes(solver(d3), d3));
		assertTrue(b.bytes(solver(narrow), narrow) < b.bytes(solver(d3), d3));
	}

	@Test
	void aRefusedRunNeverCallsTheSolver() {
		final Request r = new Request();
		r.image = ArrayImgs.unsignedBytes(600, 500);
		final StackReconstructionTest.Stub stub = new StackReconstructionTest.Stub();
		final MatrixSolver counted = new MatrixSolver() {

			@Override
			public org.deeplowrank.solver.ReconstructionResult solve(final org.deeplowrank.solver.linalg.Matrix data,
				final boolean[] missing, final org.deeplowrank.solver.linalg.Matrix reference, final SolverSettings settings,
				final org.deeplowrank.solver.gd.SolverListener listener, final java.util.function.BooleanSupplier cancel)
			{
				return stub.solve(data, missing, reference, settings, listener, cancel);
			}

			@Override
			public long workingBytes(final int rows, final int cols, final SolverSettings settings) {
				return 100 * MB;
			}
		};
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StackReconstruction.run(r,
			SolverSettings.DEFAULTS, counted, null, null, 64 * MB));
		assertTrue(e.getMessage().startsWith("not enough memory: 600 x 500"), e.getMessage());
		assertTrue(stub.seen.isEmpty());
		// the same run with room for it runs, once
		assertDoesNotThrow(() -> StackReconstruction.run(r, SolverSettings.DEFAULTS, counted, null, null, 256 * MB));
		assertEquals(1, stub.seen.size());
		// a solver that says nothing about its heap is checked on the image's own copies only
		assertFalse(StackReconstruction.run(r, SolverSettings.DEFAULTS, stub, null, null, 64 * MB).results.isEmpty());
	}
}
