package org.deeplowrank.ij1;

import java.awt.Dimension;
import java.awt.Font;
import java.awt.GraphicsEnvironment;
import java.awt.Rectangle;
import java.awt.Window;
import java.util.ArrayList;
import java.util.List;

import ij.IJ;
import ij.ImageJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.ImageCanvas;
import ij.gui.ImageWindow;
import ij.text.TextWindow;

/**
 * Puts the windows of a run side by side (result image, loss plot, log table, other
 * tables, ImageJ's Log), under the ImageJ bar, instead of on top of each other, and
 * zooms a small result image in until its window is wide enough for its whole title.
 */
final class ResultWindows {

	/** Space between windows, in pixels. */
	static final int GAP = 4;

	/** The lowest band under the fixed windows that resizable ones are fitted into, in pixels. */
	static final int MIN_BAND = 150;

	/** Room a title bar needs besides its text (icon, buttons), in pixels. */
	static final int TITLE_BAR_EXTRA = 130;

	private ResultWindows() {}

	/**
	 * Where windows go: the fixed-size ones (image, plot) left to right from the area's
	 * top-left corner, a window that does not fit the rest of a row starting a new row
	 * under the tallest of the row; the resizable ones (tables, Log) side by side in the
	 * band under them, the first one with twice the share of the others, each shrunk to
	 * its share and to the band's height (never grown). Where the band is too low, the
	 * resizable ones flow like the fixed ones. No window goes past the area's left and top
	 * edges.
	 *
	 * @return the bounds of the fixed windows, then of the resizable ones
	 */
	static List<Rectangle> layout(final List<Dimension> fixed, final List<Dimension> resizable, final Rectangle area) {
		final List<Rectangle> at = flow(fixed, area);
		int bottom = area.y - GAP;
		for (final Rectangle r : at)
			bottom = Math.max(bottom, r.y + r.height);
		final int top = bottom + GAP, band = area.y + area.height - top;
		if (band < MIN_BAND || resizable.isEmpty()) {
			final List<Dimension> all = new ArrayList<>(fixed);
			all.addAll(resizable);
			return flow(all, area);
		}
		final int parts = resizable.size() + 1;
		final int free = area.width - GAP * (resizable.size() - 1);
		int x = area.x;
		for (int i = 0; i < resizable.size(); i++) {
			final int share = free * (i == 0 ? 2 : 1) / parts;
			final Dimension d = resizable.get(i);
			final Rectangle r = new Rectangle(x, top, share, Math.min(d.height, band));
			at.add(r);
			x += r.width + GAP;
		}
		return at;
	}

	/** Left to right in rows (see {@link #layout}), at the windows' own sizes. */
	private static List<Rectangle> flow(final List<Dimension> sizes, final Rectangle area) {
		final List<Rectangle> at = new ArrayList<>();
		int x = area.x, y = area.y, rowHeight = 0;
		for (final Dimension d : sizes) {
			if (x > area.x && x + d.width > area.x + area.width) {
				x = area.x;
				y += rowHeight + GAP;
				rowHeight = 0;
			}
			final int px = Math.max(area.x, Math.min(x, area.x + area.width - d.width));
			final int py = Math.max(area.y, Math.min(y, area.y + area.height - d.height));
			at.add(new Rectangle(px, py, d.width, d.height));
			x = px + d.width + GAP;
			rowHeight = Math.max(rowHeight, d.height);
		}
		return at;
	}

	/**
	 * Arranges the windows of a run that are open: the result image's, then the windows
	 * with these titles; plots keep their size, text windows (tables, Log) are resizable.
	 */
	static void arrange(final ImagePlus result, final List<String> titles) {
		if (!LogDisplay.canShow()) return;
		final List<Window> fixed = new ArrayList<>(), resizable = new ArrayList<>();
		if (result != null && result.getWindow() != null) {
			showFullTitle(result.getWindow());
			fixed.add(result.getWindow());
		}
		for (final String t : titles) {
			final Window w = WindowManager.getWindow(t);
			if (w == null || !w.isVisible() || fixed.contains(w) || resizable.contains(w)) continue;
			if (w instanceof TextWindow) resizable.add(w);
			else fixed.add(w);
		}
		final List<Window> windows = new ArrayList<>(fixed);
		windows.addAll(resizable);
		if (windows.isEmpty()) return;
		final List<Rectangle> at = layout(sizes(fixed), sizes(resizable), area());
		for (int i = 0; i < windows.size(); i++)
			windows.get(i).setBounds(at.get(i));
	}

	private static List<Dimension> sizes(final List<Window> windows) {
		final List<Dimension> sizes = new ArrayList<>();
		for (final Window w : windows)
			sizes.add(w.getSize());
		return sizes;
	}

	/** The screen without the ImageJ bar (when the bar is at the top of the screen). */
	static Rectangle area() {
		final Rectangle screen = GraphicsEnvironment.getLocalGraphicsEnvironment().getMaximumWindowBounds();
		final ImageJ ij = IJ.getInstance();
		if (ij == null || !ij.isVisible()) return screen;
		final Rectangle bar = ij.getBounds();
		final int below = bar.y + bar.height + GAP;
		if (bar.y > screen.y + screen.height / 2 || below >= screen.y + screen.height) return screen;
		return new Rectangle(screen.x, below, screen.width, screen.y + screen.height - below);
	}

	/** Zooms a small image in (up to 400 %) until its window is as wide as its title bar needs. */
	static void showFullTitle(final ImageWindow win) {
		final ImageCanvas canvas = win.getCanvas();
		if (canvas == null) return;
		final int needed = titleWidth(win.getTitle());
		final ImagePlus imp = win.getImagePlus();
		for (int i = 0; i < 3 && win.getWidth() < needed && canvas.getMagnification() < 4; i++) {
			final double before = canvas.getMagnification();
			final int widthBefore = win.getWidth();
			canvas.zoomIn(canvas.screenX(imp.getWidth() / 2), canvas.screenY(imp.getHeight() / 2));
			if (canvas.getMagnification() <= before) break; // no room on the screen
			// the window's width follows a zoom later (AWT resizes asynchronously): judge the
			// next zoom by the new width, or a busy machine zooms once more than needed and the
			// window overlaps the table (not on the event thread, which does the resizing; at
			// most a second)
			for (int t = 0; t < 50 && !java.awt.EventQueue.isDispatchThread() && win.getWidth() == widthBefore; t++) {
				try {
					Thread.sleep(20);
				}
				catch (final InterruptedException e) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
	}

	/** The width a window needs to show this title in full. */
	static int titleWidth(final String title) {
		final Font font = new Font("SansSerif", Font.BOLD, 12);
		return new java.awt.Canvas().getFontMetrics(font).stringWidth(title) + TITLE_BAR_EXTRA;
	}
}
