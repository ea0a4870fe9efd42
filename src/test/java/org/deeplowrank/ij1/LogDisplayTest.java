package org.deeplowrank.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.Plot;
import ij.measure.ResultsTable;

import org.deeplowrank.io.LogTable;
import org.deeplowrank.solver.ReconstructionResult;
import org.deeplowrank.solver.gd.LogRecord;
import org.deeplowrank.solver.gd.StopReason;
import org.deeplowrank.io.LossPlots;
import org.deeplowrank.io.LossPlotsTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log as an ImageJ table and a log-scale loss plot, rendered and saved without a screen. */
class LogDisplayTest {

	@TempDir
	Path dir;

	static LogTable log(final boolean parts) {
		final List<String> cols = parts ? List.of("channel", "slice", "iteration", "loss", "rel_error") : List.of(
			"iteration", "loss", "rel_error");
		final List<double[]> rows = parts ? List.of(new double[] { 1, 1, 0, 1e6, 1 }, new double[] { 1, 1, 10, 1e3, 0.1 },
			new double[] { 1, 2, 0, 2e6, 1 }, new double[] { 1, 2, 10, 0, 0.2 }) : List.of(new double[] { 0, 1e6, Double.NaN },
				new double[] { 10, 5e4, Double.NaN }, new double[] { 20, 2e2, Double.NaN });
		return new LogTable(cols, rows);
	}

	@Test
	void tableHasEveryColumnAndRow() {
		final ResultsTable rt = LogDisplay.table(log(false));
		assertEquals(3, rt.size());
		assertEquals(5e4, rt.getValue("loss", 1));
		assertEquals(20, rt.getValue("iteration", 2));
		assertTrue(Double.isNaN(rt.getValue("rel_error", 0)));
	}

	@Test
	void theImageJTableSaysWhetherTheResultIsPartial() {
		for (final StopReason stop : new StopReason[] { StopReason.CANCELLED, StopReason.MAX_ITERATIONS }) {
			final ReconstructionResult r = ReconstructionResult.builder().stopReason(stop).log(List.of(LogRecord.builder()
				.iteration(0).loss(2).build(), LogRecord.builder().iteration(10).loss(1).build())).build();
			final ResultsTable rt = LogDisplay.table(LogTable.of(r));
			assertTrue(rt.columnExists(LogTable.PARTIAL), stop.key());
			for (int row = 0; row < 2; row++) {
				assertEquals(stop == StopReason.CANCELLED ? 1 : 0, rt.getValue(LogTable.PARTIAL, row), stop.key());
			}
		}
	}

	@Test
	void plotIsLogScaleAndRendersHeadless() throws Exception {
		// one curve falling by a factor of 100 every 10 iterations: a straight line on a log axis only
		final LogTable log = new LogTable(List.of("iteration", "loss"), List.of(new double[] { 0, 1e6 }, new double[] {
			10, 1e4 }, new double[] { 20, 1e2 }));
		LogDisplay.publish(log, "cells.tif");
		final Plot plot = LogDisplay.lastPlot();
		assertTrue((plot.getFlags() & Plot.Y_LOG_NUMBERS) != 0, "the y axis is labelled in log scale");
		final ImagePlus img = LossPlots.render(plot);
		assertTrue(img.getWidth() > 100 && img.getHeight() > 100);
		final double at2 = LossPlotsTest.curveRow(img, (int) Math.round(plot.scaleXtoPxl(2)));
		final double at10 = LossPlotsTest.curveRow(img, (int) Math.round(plot.scaleXtoPxl(10)));
		final double at18 = LossPlotsTest.curveRow(img, (int) Math.round(plot.scaleXtoPxl(18)));
		assertTrue(at2 < at10 && at10 < at18, at2 + ", " + at10 + ", " + at18);
		// on a linear axis 1e4 would lie near the bottom, 40 % of the frame below the middle
		assertEquals((at2 + at18) / 2, at10, 1.5, "the loss is drawn in log scale");
		final Path png = dir.resolve("loss.png");
		LossPlots.savePng(LossPlots.plot(log(true), "cells.tif"), png);
		assertTrue(Files.size(png) > 1000);
		assertEquals(img.getWidth(), IJ.openImage(png.toString()).getWidth());
	}

	@Test
	void publishHeadlessKeepsTheLogForMacrosAndShowsNothing() throws Exception {
		final LogTable log = log(false);
		LogDisplay.publish(log, "x");
		assertEquals(log, LogDisplay.lastLog());
		assertEquals(0, ij.WindowManager.getWindowCount());
		final Path csv = dir.resolve("log.csv");
		assertEquals("", DeepLowRankMacros.saveLog(csv.toString()));
		assertEquals(log.toString(), Files.readString(csv));
		final Path png = dir.resolve("p.png");
		assertEquals("", DeepLowRankMacros.savePlot(png.toString()));
		assertTrue(Files.size(png) > 1000);
	}
}
