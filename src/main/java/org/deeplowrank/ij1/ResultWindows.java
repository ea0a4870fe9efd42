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
import ij.plugin.Zoom;
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
	 * Off the event thread, the layout is computed once the windows' sizes have settled
	 * and applied again while the windows are not where it put them: AWT moves and resizes
	 * windows asynchronously, and without a window manager a late configure event can put
	 * a window back where an earlier request had it.
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
		final boolean canWait = !java.awt.EventQueue.isDispatchThread();
		if (canWait && !settle(windows, fixed)) return;
		final List<Rectangle> at = layout(sizes(fixed), sizes(resizable), area());
		for (int attempt = 0; attempt < PLACE_ATTEMPTS; attempt++) {
			for (int i = 0; i < windows.size(); i++)
				if (!windows.get(i).getBounds().equals(at.get(i))) windows.get(i).setBounds(at.get(i));
			if (!canWait || !settle(windows, fixed) || placed(windows, at)) return;
		}
	}

	/** Whether every window is where the layout put it. */
	private static boolean placed(final List<Window> windows, final List<Rectangle> at) {
		for (int i = 0; i < windows.size(); i++)
			if (!windows.get(i).getBounds().equals(at.get(i))) return false;
		return true;
	}

	/**
	 * Waits until no window has moved or changed size for {@link #SETTLED_MS} (at most
	 * {@link #SETTLE_TIMEOUT_MS}); the result image's window must also have reached the
	 * size its magnification gives.
	 *
	 * @return false when interrupted
	 */
	private static boolean settle(final List<Window> windows, final List<Window> fixed) {
		final long end = System.nanoTime() + SETTLE_TIMEOUT_MS * 1_000_000L;
		String before = "";
		long since = System.nanoTime();
		while (System.nanoTime() < end) {
			final StringBuilder now = new StringBuilder();
			boolean zoomed = true;
			for (final Window w : windows) {
				now.append(w.getBounds()).append(';');
				if (w instanceof ImageWindow && fixed.contains(w)) zoomed &= hasZoomedSize((ImageWindow) w);
			}
			if (!now.toString().equals(before)) {
				before = now.toString();
				since = System.nanoTime();
			}
			else if (zoomed && System.nanoTime() - since >= SETTLED_MS * 1_000_000L) return true;
			try {
				Thread.sleep(20);
			}
			catch (final InterruptedException e) {
				Thread.currentThread().interrupt();
				return false;
			}
		}
		return true;
	}

	/**
	 * Layouts applied before giving up on windows that do not stay where they were put (a
	 * window manager may keep a window off a place: then at most this many short waits).
	 */
	static final int PLACE_ATTEMPTS = 3;

	/** How long windows must stay still to count as settled, in milliseconds. */
	static final long SETTLED_MS = 300;

	/** The longest wait for windows to settle, in milliseconds. */
	static final long SETTLE_TIMEOUT_MS = 5000;

	/** Whether an image window is as large as its canvas (the resize of a zoom has landed). */
	private static boolean hasZoomedSize(final ImageWindow win) {
		final ImageCanvas canvas = win.getCanvas();
		if (canvas == null) return true;
		final java.awt.Insets in = win.getInsets();
		return win.getWidth() >= canvas.getWidth() + frame(win) && win.getHeight() >= canvas.getHeight() + in.top +
			in.bottom;
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

	/**
	 * Zooms a small image in (up to 400 %) until its window is as wide as its title bar
	 * needs. The magnification is chosen first, from the width ImageJ gives a window at
	 * each zoom level (image width x magnification + insets + 2 {@link ImageWindow#HGAP}),
	 * and set in one step ({@link Zoom#set}, which sizes the window from the magnification
	 * alone): judged by the window's width, which follows a zoom only later, a busy machine
	 * zoomed once more than needed; zoomed step by step, each step's room is judged at the
	 * window's place on the screen, which may not have landed yet either.
	 */
	static void showFullTitle(final ImageWindow win) {
		final ImageCanvas canvas = win.getCanvas();
		if (canvas == null) return;
		final ImagePlus imp = win.getImagePlus();
		final double target = fullTitleMagnification(imp.getWidth(), canvas.getMagnification(), frame(win), titleWidth(
			win.getTitle()));
		if (target > canvas.getMagnification()) Zoom.set(imp, target);
	}

	/** The width an image window has besides its canvas: insets and ImageJ's gaps. */
	private static int frame(final ImageWindow win) {
		final java.awt.Insets in = win.getInsets();
		return in.left + in.right + 2 * ImageWindow.HGAP;
	}

	/**
	 * The lowest of ImageJ's zoom levels, from this one up to 400 %, at which a window of
	 * an image this wide is at least {@code needed} pixels wide.
	 */
	static double fullTitleMagnification(final int imageWidth, final double magnification, final int frame,
		final int needed)
	{
		double m = magnification;
		while (m < 4 && (int) (imageWidth * m) + frame < needed)
			m = ImageCanvas.getHigherZoomLevel(m);
		return m;
	}

	/** The width a window needs to show this title in full. */
	static int titleWidth(final String title) {
		final Font font = new Font("SansSerif", Font.BOLD, 12);
		return new java.awt.Canvas().getFontMetrics(font).stringWidth(title) + TITLE_BAR_EXTRA;
	}
}
