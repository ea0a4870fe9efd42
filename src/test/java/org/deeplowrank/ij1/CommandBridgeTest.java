package org.deeplowrank.ij1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.Roi;
import ij.measure.Calibration;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;

import org.deeplowrank.batch.BatchCompleteFolder;
import org.deeplowrank.command.CompleteMaskedImage;
import org.deeplowrank.command.SenseAndReconstructImage;
import org.deeplowrank.command.SolverParameters;
import org.deeplowrank.ij1.CommandBridge.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ImageJ 1.x bridge without ImageJ's window manager: the active image, the open
 * images, the macro options are given directly, so every rule can be checked headless.
 */
class CommandBridgeTest {

	@TempDir
	Path dir;

	/** Open images by title; the first is active. */
	static CommandBridge.Images images(final ImagePlus... open) {
		return new CommandBridge.Images() {

			@Override
			public ImagePlus active() {
				return open.length == 0 ? null : open[0];
			}

			@Override
			public ImagePlus byTitle(final String title) {
				for (final ImagePlus imp : open)
					if (imp.getTitle().equals(title)) return imp;
				return null;
			}

			@Override
			public List<String> titles() {
				final List<String> t = new ArrayList<>();
				for (final ImagePlus imp : open)
					t.add(imp.getTitle());
				return t;
			}
		};
	}

	/** A 40 x 32 rank-2 image with a calibration. */
	static ImagePlus lowRank(final String title) {
		final int w = 40, h = 32;
		final float[] px = new float[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				px[y * w + x] = (float) (100 + 40 * Math.sin(0.3 * x) * (1 + 0.02 * y) + 20 * Math.cos(0.2 * y));
		final ImagePlus imp = new ImagePlus(title, new FloatProcessor(w, h, px));
		final Calibration cal = imp.getCalibration();
		cal.pixelWidth = 0.5;
		cal.pixelHeight = 0.5;
		cal.setUnit("um");
		return imp;
	}

	static Map<String, String> options(final Class<? extends SolverParameters> type, final String options) {
		return CommandBridge.parseOptions(type, CommandPlugIn.label(type), options);
	}

	static Outcome run(final Class<? extends SolverParameters> type, final String options, final ImagePlus input,
		final CommandBridge.Images images)
	{
		return CommandBridge.run(type, options(type, options), input, images, null, null);
	}

	@Test
	void selectionIsTheMaskResultIsNewWithTheInputsCalibration() {
		final ImagePlus input = lowRank("cells.tif");
		input.setRoi(new Roi(10, 8, 6, 5));
		final float[] before = ((float[]) input.getProcessor().getPixels()).clone();
		final Outcome o = run(CompleteMaskedImage.class, "mask=*Selection* reference=cells.tif method=gd optimizer=gd iterations=300", input,
			images(input));
		assertNull(o.error, o.error);
		final ImagePlus r = o.result;
		assertEquals("cells_completed", r.getTitle());
		assertEquals(32, r.getBitDepth());
		assertEquals(0.5, r.getCalibration().pixelWidth);
		assertEquals(input.getCalibration().getUnit(), r.getCalibration().getUnit());
		assertArrayEquals(before, (float[]) input.getProcessor().getPixels(), "the input is never modified");
		assertNotNull(input.getRoi(), "nor its selection");
		assertFalse(input.isLocked(), "unlocked after the run");
		final double rel = Double.parseDouble(r.getProp("rel_error"));
		assertTrue(rel < 0.05, "rel_error " + rel);
		assertEquals("max_iterations", r.getProp("stop"));
		assertTrue(o.summary.startsWith("steps="), o.summary);
		assertTrue(o.log.rowCount() > 1);
		// the missing block was filled in from the rest: nearer the truth than the image mean is
		double mean = 0;
		for (final float v : before)
			mean += v / before.length;
		final float truth = before[10 * 40 + 12], got = ((float[]) r.getProcessor().getPixels())[10 * 40 + 12];
		assertTrue(Math.abs(got - truth) < 0.5 * Math.abs(mean - truth), got + " vs truth " + truth + ", mean " + mean);
	}

	@Test
	void imageKeyPicksAnOpenImageAndProgressGoesToTheSink() {
		final ImagePlus a = lowRank("a.tif"), b = lowRank("b.tif");
		final List<String> messages = new ArrayList<>();
		final int[] last = { -1, -1 };
		final Outcome o = CommandBridge.run(CompleteMaskedImage.class, options(CompleteMaskedImage.class,
			"image=b.tif iterations=30"), a, images(a, b), new SolverParameters.ProgressSink() {

				@Override
				public void status(final String message) {
					messages.add(message);
				}

				@Override
				public void progress(final int value, final int max) {
					last[0] = value;
					last[1] = max;
				}
			}, null);
		assertNull(o.error, o.error);
		assertEquals("b_completed", o.result.getTitle());
		assertTrue(messages.stream().anyMatch(m -> m.startsWith("Complete Masked Image: iteration")), messages
			.toString());
		assertTrue(messages.get(messages.size() - 1).startsWith("Complete Masked Image: steps="), messages
			.toString());
		assertEquals(last[0], last[1], "the bar is cleared at the end");
	}

	@Test
	void nanPixelsAreMissingWithoutAMask() {
		final ImagePlus input = lowRank("nan.tif");
		final float[] px = (float[]) input.getProcessor().getPixels();
		px[5 * 40 + 7] = Float.NaN;
		final Outcome o = run(CompleteMaskedImage.class, "mask=*None* iterations=100", input, images(input));
		assertNull(o.error, o.error);
		assertTrue(Float.isFinite(((float[]) o.result.getProcessor().getPixels())[5 * 40 + 7]));
		assertTrue(Float.isNaN(px[5 * 40 + 7]), "input untouched");
	}

	@Test
	void maskByTitleAndKeepTypeAsARecorderFlag() {
		final ByteProcessor bp = new ByteProcessor(40, 32);
		for (int k = 0; k < 40 * 32; k++)
			bp.set(k, 30 + (k % 40) + (k / 40));
		final ImagePlus input = new ImagePlus("eight.tif", bp);
		final ByteProcessor mp = new ByteProcessor(40, 32);
		mp.set(3, 3, 255);
		final ImagePlus mask = new ImagePlus("m.tif", mp);
		final Outcome o = run(CompleteMaskedImage.class, "mask=m.tif iterations=50 keep_type", input, images(input, mask));
		assertNull(o.error, o.error);
		assertEquals(8, o.result.getBitDepth(), "keep_type: 8-bit in, 8-bit out");
	}

	@Test
	void problemsAreMessagesNeverExceptions() {
		final ImagePlus input = lowRank("a.tif");
		final ImagePlus other = lowRank("b.tif");
		assertEquals("no open image titled 'zz.tif' for 'mask'; open images: a.tif, b.tif", run(CompleteMaskedImage.class,
			"mask=zz.tif", input, images(input, other)).error);
		assertTrue(run(CompleteMaskedImage.class, "mask=*Selection*", input, images(input)).error.startsWith(
			"mask=*Selection* but the image has no area selection"));
		assertEquals("bad value for 'depth': 'abc' (expected an integer)", run(CompleteMaskedImage.class, "depth=abc",
			input, images(input)).error);
		assertEquals("bad value for 'depth': 0 (expected an integer >= 1)", run(CompleteMaskedImage.class, "depth=0",
			input, images(input)).error);
		assertEquals("mask is 40 x 32 but image is 20 x 10", run(CompleteMaskedImage.class, "mask=b.tif", new ImagePlus(
			"small", new FloatProcessor(20, 10)), images(input, other)).error);
		assertEquals("no image is open: open the image first", run(CompleteMaskedImage.class, "", null, images()).error);
		assertTrue(assertThrows(IllegalArgumentException.class, () -> options(CompleteMaskedImage.class, "dpeth=3"))
			.getMessage().startsWith("unknown key 'dpeth' for 'Complete Masked Image' (did you mean 'depth'?)"));
		final byte[] r = new byte[256], g = new byte[256], b = new byte[256];
		final java.util.Random rnd = new java.util.Random(1);
		rnd.nextBytes(r);
		rnd.nextBytes(g);
		rnd.nextBytes(b);
		final ByteProcessor lut = new ByteProcessor(4, 4);
		lut.setColorModel(new java.awt.image.IndexColorModel(8, 256, r, g, b));
		final ImagePlus indexed = new ImagePlus("lut.gif", lut);
		indexed.setTypeToColor256();
		assertEquals(ImagePlus.COLOR_256, indexed.getType());
		assertTrue(run(CompleteMaskedImage.class, "", indexed, images(indexed)).error.contains("indexed-color"));
	}

	@Test
	void escKeepsThePartialResultLabelled() {
		final ImagePlus input = lowRank("esc.tif");
		final AtomicInteger polls = new AtomicInteger();
		final Outcome o = CommandBridge.run(CompleteMaskedImage.class, options(CompleteMaskedImage.class,
			"iterations=100000 tolerance=0"), input, images(input), null, () -> polls.incrementAndGet() > 50);
		assertNull(o.error, o.error);
		assertTrue(o.isPartial());
		assertEquals("esc_completed (partial)", o.result.getTitle());
		assertEquals("true", o.result.getProp("partial"));
		assertEquals("cancelled", o.result.getProp("stop"));
		assertTrue(((String) o.result.getProperty("Info")).contains("PARTIAL RESULT"));
	}

	@Test
	void stacksKeepTheirLayoutAndSensingWorks() {
		final ImagePlus hyper = IJ.createImage("hyper", "32-bit ramp", 16, 12, 2, 3, 1);
		final Outcome o = run(CompleteMaskedImage.class, "iterations=20 stack=casorati", hyper, images(hyper));
		assertNull(o.error, o.error);
		assertEquals(2, o.result.getNChannels());
		assertEquals(3, o.result.getNSlices());
		assertEquals("2", o.result.getProp("parts"), "one Casorati matrix per channel");
		final ImagePlus input = lowRank("s.tif");
		final Outcome s = run(SenseAndReconstructImage.class, "measurements=600 operator=gaussian iterations=50", input,
			images(input));
		assertNull(s.error, s.error);
		assertEquals("s_sensed", s.result.getTitle());
		assertNotNull(s.result.getProp("rel_error"));
	}

	@Test
	void theBatchCommandThroughTheBridge() throws Exception {
		final Path in = Files.createDirectories(dir.resolve("in")), out = dir.resolve("out");
		IJ.saveAsTiff(lowRank("one"), in.resolve("one.tif").toString());
		final Map<String, String> values = new LinkedHashMap<>(options(BatchCompleteFolder.class, "input=[" + in +
			"] output=[" + out + "] iterations=30"));
		final Outcome o = CommandBridge.run(BatchCompleteFolder.class, values, null, images(), null, null);
		assertNull(o.error, o.error);
		assertNull(o.result);
		assertTrue(o.summary.startsWith("images=1 done=1"), o.summary);
		assertTrue(Files.isRegularFile(out.resolve("one_completed.tif")));
		assertEquals("'output' must differ from 'input' (the input folder is never written)", CommandBridge.run(
			BatchCompleteFolder.class, options(BatchCompleteFolder.class, "input=[" + in + "] output=[" + in + "]"), null,
			images(), null, null).error);
	}

	@Test
	void factorizationDynamicsThroughTheBridgeGivesItsStudyTable() {
		final ImagePlus input = lowRank("target.tif");
		final Outcome o = run(org.deeplowrank.command.FactorizationDynamicsStudy.class,
			"depths=[1 2] scales=0.1 iterations=200", input, images(input));
		assertNull(o.error, o.error);
		assertNull(o.result, "a study has no result image");
		assertTrue(o.summary.startsWith("runs=2/2"), o.summary);
		final org.deeplowrank.io.LogTable study = o.tables.get("Study");
		assertNotNull(study, o.tables.keySet().toString());
		assertEquals(2, study.rowCount());
		assertEquals(List.of(1.0, 2.0), List.of(study.get(0, study.columns().indexOf("depth")), study.get(1, study
			.columns().indexOf("depth"))));
		assertEquals("run", o.log.columns().get(0));
		// the macro helper writes the published table by its label
		LogDisplay.publishTables(o.tables);
		assertEquals(study, LogDisplay.lastTables().get("Study"));
		assertEquals("error: bad value for 'depths': 'x' is not an integer (expected a list such as 1 2 3)", "error: " +
			run(org.deeplowrank.command.FactorizationDynamicsStudy.class, "depths=x", input, images(input)).error);
	}

	@Test
	void nothingIsAskedWhenSomethingIsMissingOrTheCommandIsNoCompletion() {
		final ImagePlus input = lowRank("cells.tif");
		final ImagePlus mask = new ImagePlus("m.tif", new ByteProcessor(40, 32));
		final CommandBridge.Images open = images(input, mask);
		assertTrue(CommandPlugIn.somethingMissingOrConfirmed(CompleteMaskedImage.class, "c", options(
			CompleteMaskedImage.class, "mask=m.tif"), input, open), "a mask");
		assertTrue(CommandPlugIn.somethingMissingOrConfirmed(SenseAndReconstructImage.class, "s", options(
			SenseAndReconstructImage.class, ""), input, open), "sensing completes nothing");
		final ImagePlus holes = lowRank("holes.tif");
		holes.getProcessor().setf(5, 5, Float.NaN);
		assertTrue(CommandPlugIn.somethingMissingOrConfirmed(CompleteMaskedImage.class, "c", options(
			CompleteMaskedImage.class, "image=holes.tif mask=*None*"), input, images(input, holes)), "NaN pixels");
	}
}
