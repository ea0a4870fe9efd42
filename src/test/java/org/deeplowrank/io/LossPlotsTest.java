package org.deeplowrank.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Rectangle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.Plot;
import ij.process.ImageProcessor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loss plot's limits leave a margin around the curve; the PNG shows it. */
public class LossPlotsTest {

	@TempDir
	Path dir;

	/**
	 * A log as GD from a small initialization writes it: the loss sits on a plateau at 1e6
	 * for iterations 0..30, falls log-linearly and sits on a plateau at 1e2 for 70..100.
	 */
	static LogTable plateaus() {
		final List<double[]> rows = new ArrayList<>();
		for (int it = 0; it <= 100; it += 10)
			rows.add(new double[] { it, it <= 30 ? 1e6 : it >= 70 ? 1e2 : Math.pow(10, 6 - 4 * (it - 30) / 40.0) });
		return new LogTable(List.of("iteration", "loss"), rows);
	}

	/**
	 * The mean row of the curve's (blue, the first curve's colour) pixels in one column of
	 * a rendered plot, or NaN when the column has none.
	 */
	public static double curveRow(final ImagePlus rendered, final int column) {
		final ImageProcessor ip = rendered.getProcessor();
		double sum = 0;
		int n = 0;
		for (int y = 0; y < ip.getHeight(); y++) {
			final int rgb = ip.getPixel(column, y);
			final int r = rgb >> 16 & 0xff, g = rgb >> 8 & 0xff, b = rgb & 0xff;
			if (b > 150 && r < 100 && g < 100) {
				sum += y;
				n++;
			}
		}
		return n == 0 ? Double.NaN : sum / n;
	}

	@Test
	void limitsContainBothPlateausWithAMarginOfTheirRange() {
		final double[] limits = LossPlots.plot(plateaus(), null).getLimits();
		// 4 % of the range on every side: of 100 iterations, and of 4 decades (0.16 decade)
		assertEquals(-4, limits[0], 1e-12);
		assertEquals(104, limits[1], 1e-12);
		assertEquals(1e2 / Math.pow(10, 0.16), limits[2], 1e-10);
		assertEquals(1e6 * Math.pow(10, 0.16), limits[3], 1e-6);
	}

	@Test
	void theRenderedCurveStartsEndsAndLiesInsideTheFrame() throws Exception {
		final Plot plot = LossPlots.plot(plateaus(), "cells.tif");
		final ImagePlus img = LossPlots.render(plot);
		final Rectangle frame = plot.getDrawingFrame();
		final int start = (int) Math.round(plot.scaleXtoPxl(0)), end = (int) Math.round(plot.scaleXtoPxl(100));
		assertTrue(start >= frame.x + 5 && end <= frame.x + frame.width - 5, "curve from column " + start + " to " + end +
			", frame " + frame);
		final double high = curveRow(img, (int) Math.round(plot.scaleXtoPxl(15)));
		final double low = curveRow(img, (int) Math.round(plot.scaleXtoPxl(85)));
		assertTrue(high >= frame.y + 5, "the first plateau (row " + high + ") lies below the frame's top " + frame);
		assertTrue(low <= frame.y + frame.height - 5, "the last plateau (row " + low + ") lies above the frame's bottom " +
			frame);
		final Path png = dir.resolve("loss.png");
		LossPlots.savePng(plot, png);
		final ImagePlus saved = IJ.openImage(png.toString());
		assertEquals(img.getWidth(), saved.getWidth());
		assertEquals(high, curveRow(saved, (int) Math.round(plot.scaleXtoPxl(15))), 1e-9, "the PNG is the rendered plot");
	}

	@Test
	void aFlatCurveOfOnePointGetsTheSmallestMargins() {
		final LogTable one = new LogTable(List.of("iteration", "loss"), List.of(new double[] { 40, 5 }));
		assertArrayEquals(new double[] { 39, 41, 5 / Math.pow(10, 0.05), 5 * Math.pow(10, 0.05) }, LossPlots.plot(one,
			null).getLimits(), 1e-12);
	}

	@Test
	void lossesThatAreNotPositiveAreLeftOutOfTheLimits() {
		final LogTable log = new LogTable(List.of("iteration", "loss"), List.of(new double[] { 0, 0 }, new double[] { 10,
			100 }, new double[] { 20, Double.NaN }, new double[] { 30, 1 }));
		final double[] limits = LossPlots.plot(log, null).getLimits();
		assertEquals(10 - 0.8, limits[0], 1e-12);
		assertEquals(30 + 0.8, limits[1], 1e-12);
		assertEquals(1 / Math.pow(10, 0.08), limits[2], 1e-12);
		assertEquals(100 * Math.pow(10, 0.08), limits[3], 1e-9);
	}
}
