package org.deeplowrank.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Dimension;
import java.awt.Rectangle;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Where the windows of a run go on a 1366 x 768 laptop screen under the ImageJ bar. */
class ResultWindowsTest {

	static final Rectangle AREA = new Rectangle(0, 80, 1366, 688);

	@Test
	void imageAndPlotInARowTablesInTheBandUnderThem() {
		// the sizes of the example's windows: zoomed result, plot, log table, ImageJ's Log
		final List<Rectangle> at = ResultWindows.layout(List.of(new Dimension(330, 405), new Dimension(706, 454)), List
			.of(new Dimension(700, 500), new Dimension(400, 250)), AREA);
		assertEquals(List.of(new Rectangle(0, 80, 330, 405), new Rectangle(334, 80, 706, 454), new Rectangle(0, 538, 908,
			230), new Rectangle(912, 538, 454, 230)), at);
		for (final Rectangle a : at) {
			assertTrue(AREA.contains(a), a.toString());
			for (final Rectangle b : at)
				if (a != b) assertFalse(a.intersects(b), a + " overlaps " + b);
		}
	}

	@Test
	void aRowThatIsFullWrapsAndNothingGoesPastTheLeftOrTopEdge() {
		final List<Rectangle> at = ResultWindows.layout(List.of(new Dimension(900, 300), new Dimension(900, 300),
			new Dimension(2000, 900)), List.of(), AREA);
		assertEquals(new Rectangle(0, 80, 900, 300), at.get(0));
		assertEquals(new Rectangle(0, 384, 900, 300), at.get(1), "under the first: no room beside it");
		assertEquals(new Rectangle(0, 80, 2000, 900), at.get(2), "too big: at the top-left corner, not off screen");
	}

	@Test
	void withoutRoomUnderThePlotsTablesFlowLikeThem() {
		final List<Rectangle> at = ResultWindows.layout(List.of(new Dimension(600, 600)), List.of(new Dimension(500,
			300)), AREA);
		assertEquals(new Rectangle(604, 80, 500, 300), at.get(1));
	}

	@Test
	void theTitleZoomIsTheLowestLevelWideEnoughAndStopsAt400Percent() {
		// the example: 160 pixels wide, a frame of 10, a title needing 256 pixels: 1.5x gives 250, 2x gives 330
		assertEquals(2.0, ResultWindows.fullTitleMagnification(160, 1, 10, 256));
		assertEquals(1.5, ResultWindows.fullTitleMagnification(160, 1, 10, 250), "exactly wide enough");
		assertEquals(1.0, ResultWindows.fullTitleMagnification(512, 1, 10, 256), "wide already: no zoom");
		assertEquals(4.0, ResultWindows.fullTitleMagnification(8, 1, 10, 256), "never past 400 %");
		assertEquals(2.0, ResultWindows.fullTitleMagnification(160, 2, 10, 256), "from the current level");
	}
}
