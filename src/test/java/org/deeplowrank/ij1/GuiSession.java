package org.deeplowrank.ij1;

import java.awt.Button;
import java.awt.Checkbox;
import java.awt.Choice;
import java.awt.Component;
import java.awt.Container;
import java.awt.Dialog;
import java.awt.EventQueue;
import java.awt.Font;
import java.awt.Frame;
import java.awt.Point;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.Toolkit;
import java.awt.Window;
import java.awt.event.InputEvent;
import java.awt.event.ItemEvent;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import ij.IJ;
import ij.ImageJ;
import ij.ImagePlus;
import ij.Menus;
import ij.WindowManager;
import ij.plugin.frame.Recorder;

/**
 * A first run of "Complete Masked Image" as a user does it, in a real ImageJ 1.x on a
 * screen (the X server of {@link GuiIT}): ImageJ with the plugin jar in its plugins/
 * folder, the example image and its mask open, the recorder on; the menu command; the
 * main dialog, where the user picks the ground truth, the fast preset and the advanced
 * options; OK; the advanced dialog; OK; the result windows. OK is pressed with real X
 * input events (xdotool, else java.awt.Robot).
 * <p>
 * Prints {@code report name=value} lines for the test to check (window bounds as
 * x,y,width,height, the recorded options), saves screenshots and the result image into
 * the output folder, and exits with 0, or 1 after a {@code FAILED:} line. Only ImageJ is
 * on the class path: the plugin is reached through ImageJ's menu commands, as a user
 * reaches it.
 * <p>
 * Arguments: the ImageJ folder, the examples folder, the output folder.
 */
final class GuiSession {

	static final String COMMAND = "Complete Masked Image";
	static final String ADVANCED = COMMAND + ": advanced options";
	static final String RESULT = "weave_completed";
	static final String TABLE = "Deep Low-Rank Log", PLOT = "Deep Low-Rank Loss";

	private GuiSession() {}

	public static void main(final String[] args) {
		try {
			run(Paths.get(args[0]), Paths.get(args[1]), Paths.get(args[2]));
			System.out.flush();
			System.exit(0);
		}
		catch (final Throwable t) {
			t.printStackTrace();
			System.out.println("FAILED: " + t);
			System.out.flush();
			System.exit(1);
		}
	}

	static void run(final Path imagej, final Path examples, final Path out) throws Exception {
		Files.createDirectories(out);
		System.setProperty("plugins.dir", imagej.toString());
		final java.awt.Dimension screen = Toolkit.getDefaultToolkit().getScreenSize();
		report("screen", screen.width + "x" + screen.height);
		EventQueue.invokeAndWait(ImageJ::new);
		waitFor("the ImageJ window", 30, () -> IJ.getInstance() != null && IJ.getInstance().isShowing());
		if (Menus.getCommands().get(COMMAND) == null) throw new IllegalStateException("'" + COMMAND +
			"' is not in ImageJ's menus: the plugin jar was not installed from " + imagej.resolve("plugins"));
		IJ.openImage(examples.resolve("weave.tif").toString()).show();
		IJ.openImage(examples.resolve("weave_mask.tif").toString()).show();
		IJ.run("Record...");
		waitFor("the recorder", 10, () -> Recorder.getInstance() != null && Recorder.record);
		// Without a window manager the windows' activation events land late and each makes its image the current
		// one: select the input last and wait until it has stayed current, as a user's click would leave it.
		activate("weave.tif");

		IJ.doCommand(COMMAND); // as from the menu: on ImageJ's command thread, recorded
		final Dialog main = dialog(COMMAND, 30);
		settle(main);
		report("main_dialog", bounds(main));
		report("main_title_width", Integer.toString(titleWidth(main.getTitle())));
		final List<Choice> choices = all(main, Choice.class);
		final String none = "*None*";
		final Choice mask = choiceWith(choices, List.of(none, "weave_mask.tif"), List.of("weave.tif"));
		report("mask_preselected", mask.getSelectedItem());
		// the reference may be the image itself
		final Choice reference = choiceWith(choices, List.of(none, "weave_mask.tif", "weave.tif"), List.of());
		final Choice quality = choiceWith(choices, List.of("Fast preview"), List.of());
		final Checkbox advanced = checkbox(main, "Advanced options");
		// what a user picks: the ground truth (for the error), a quick run, the second dialog
		EventQueue.invokeAndWait(() -> {
			select(reference, "weave.tif");
			select(quality, "Fast preview");
			advanced.setState(true);
		});
		settle(main);
		screenshot(out.resolve("dialog.png"));
		pressOk(main);

		final Dialog more = dialog(ADVANCED, 30);
		settle(more);
		report("advanced_dialog", bounds(more));
		report("advanced_title_width", Integer.toString(titleWidth(more.getTitle())));
		screenshot(out.resolve("advanced.png"));
		pressOk(more);

		waitFor("the result windows", 240, () -> window(TABLE) != null && window(PLOT) != null && WindowManager
			.getImage(RESULT) != null && WindowManager.getImage(RESULT).getWindow() != null);
		// the command arranges its windows after showing them: wait until nothing moves
		String before = "";
		for (int i = 0; i < 20; i++) {
			Thread.sleep(500);
			final String now = bounds(WindowManager.getImage(RESULT).getWindow()) + bounds(window(TABLE)) + bounds(
				window(PLOT));
			if (now.equals(before)) break;
			before = now;
		}
		final ImagePlus result = WindowManager.getImage(RESULT);
		report("window_image", bounds(result.getWindow()));
		report("window_image_title_width", Integer.toString(titleWidth(result.getTitle())));
		report("window_table", bounds(window(TABLE)));
		report("window_plot", bounds(window(PLOT)));
		if (window("Log") != null) report("window_log", bounds(window("Log")));
		report("rel_error", result.getProp("rel_error"));
		screenshot(out.resolve("results.png"));
		final String recorded = recorded(Recorder.getInstance().getText());
		report("recorded", recorded);
		Files.write(out.resolve("recorded.txt"), recorded.getBytes(StandardCharsets.UTF_8));
		if (!IJ.saveAsTiff(result, out.resolve("from_gui.tif").toString())) throw new IOException("cannot save the result");
	}

	/** Makes an image current and waits until no late window event has changed that for a second. */
	static void activate(final String title) throws InterruptedException {
		final long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
		long since = System.nanoTime();
		IJ.selectWindow(title);
		while (System.nanoTime() - since < TimeUnit.SECONDS.toNanos(1)) {
			if (System.nanoTime() > end) throw new IllegalStateException("timed out after 20 s waiting for " + title +
				" to stay the active image");
			Thread.sleep(100);
			final ImagePlus current = WindowManager.getCurrentImage();
			if (current == null || !current.getTitle().equals(title)) {
				IJ.selectWindow(title);
				since = System.nanoTime();
			}
		}
	}

	/** The options of the recorded run("Complete Masked Image", "...") line. */
	static String recorded(final String macro) {
		final Matcher m = Pattern.compile("run\\(\"" + Pattern.quote(COMMAND) + "\", \"(.*)\"\\);").matcher(macro);
		if (!m.find()) throw new IllegalStateException("the recorder has no " + COMMAND + " line:\n" + macro);
		return m.group(1);
	}

	static void report(final String name, final String value) {
		System.out.println("report " + name + "=" + value);
	}

	static String bounds(final Component c) {
		if (c == null) return "none";
		final Rectangle r = c.getBounds();
		return r.x + "," + r.y + "," + r.width + "," + r.height;
	}

	/** The text width of a title in a bold 12-point title bar font. */
	static int titleWidth(final String title) {
		return new java.awt.Canvas().getFontMetrics(new Font("SansSerif", Font.BOLD, 12)).stringWidth(title);
	}

	static void waitFor(final String what, final int seconds, final Supplier<Boolean> condition)
		throws InterruptedException
	{
		final long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
		while (!condition.get()) {
			if (System.nanoTime() > end) throw new IllegalStateException("timed out after " + seconds + " s waiting for " +
				what);
			Thread.sleep(100);
		}
	}

	static Dialog dialog(final String title, final int seconds) throws InterruptedException {
		final Dialog[] found = new Dialog[1];
		waitFor("the dialog '" + title + "'", seconds, () -> {
			for (final Window w : Window.getWindows())
				if (w instanceof Dialog && w.isShowing() && title.equals(((Dialog) w).getTitle())) {
					found[0] = (Dialog) w;
					return true;
				}
			return false;
		});
		return found[0];
	}

	/** A visible frame (table, plot, Log) by title. */
	static Frame window(final String title) {
		for (final Frame f : Frame.getFrames())
			if (f.isShowing() && title.equals(f.getTitle())) return f;
		return null;
	}

	static <T extends Component> List<T> all(final Container c, final Class<T> type) {
		final List<T> found = new ArrayList<>();
		for (final Component child : c.getComponents()) {
			if (type.isInstance(child)) found.add(type.cast(child));
			if (child instanceof Container) found.addAll(all((Container) child, type));
		}
		return found;
	}

	/** The choice that offers all of {@code with} and none of {@code without}. */
	static Choice choiceWith(final List<Choice> choices, final List<String> with, final List<String> without) {
		for (final Choice c : choices) {
			final List<String> items = new ArrayList<>();
			for (int i = 0; i < c.getItemCount(); i++)
				items.add(c.getItem(i));
			if (items.containsAll(with) && without.stream().noneMatch(items::contains)) return c;
		}
		throw new IllegalStateException("no choice offers " + with + " without " + without);
	}

	/** Selects an item and tells the choice's listeners, as a click on it would. */
	static void select(final Choice c, final String item) {
		c.select(item);
		c.dispatchEvent(new ItemEvent(c, ItemEvent.ITEM_STATE_CHANGED, item, ItemEvent.SELECTED));
	}

	static Checkbox checkbox(final Container c, final String prefix) {
		for (final Checkbox b : all(c, Checkbox.class))
			if (b.getLabel().startsWith(prefix)) return b;
		throw new IllegalStateException("no checkbox '" + prefix + "...'");
	}

	static Button button(final Container c, final String label) {
		for (final Button b : all(c, Button.class))
			if (b.getLabel().trim().equals(label)) return b;
		throw new IllegalStateException("no button '" + label + "'");
	}

	/**
	 * Waits until a window has been placed and painted: the X server reports a new window's
	 * position a little after it is shown, so its bounds must stop changing first.
	 */
	static void settle(final Window w) throws Exception {
		String before = "";
		for (int same = 0, i = 0; same < 3 && i < 50; i++) {
			Thread.sleep(200);
			final String now = bounds(w) + " " + (w.isShowing() ? w.getLocationOnScreen() : "");
			same = now.equals(before) ? same + 1 : 0;
			before = now;
		}
		EventQueue.invokeAndWait(w::repaint);
		Thread.sleep(500);
	}

	/**
	 * Clicks OK until the dialog closes (a click may come before the window takes input).
	 * On a loaded machine X clicks can be lost; after three, the button's action event is
	 * sent through the AWT event queue (what a click on it does), and the session says so.
	 */
	static void pressOk(final Dialog d) throws Exception {
		for (int attempt = 1; d.isShowing(); attempt++) {
			final Button ok = button(d, "OK");
			if (attempt <= 3) press(ok);
			else {
				System.out.println("report ok_by_event=" + d.getTitle());
				EventQueue.invokeLater(() -> ok.dispatchEvent(new java.awt.event.ActionEvent(ok,
					java.awt.event.ActionEvent.ACTION_PERFORMED, ok.getLabel())));
			}
			final long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(attempt <= 3 ? 8 : 20);
			while (d.isShowing() && System.nanoTime() < end)
				Thread.sleep(100);
			if (d.isShowing() && attempt == 4) throw new IllegalStateException("'" + d.getTitle() +
				"' did not close after 3 clicks on OK and its action event");
		}
	}

	/** Clicks a button with real X input: xdotool, else java.awt.Robot. */
	static void press(final Button b) throws Exception {
		final Point p = b.getLocationOnScreen();
		final int x = p.x + b.getWidth() / 2, y = p.y + b.getHeight() / 2;
		if (!exec("xdotool", "mousemove", Integer.toString(x), Integer.toString(y), "click", "1")) {
			final Robot robot = new Robot();
			robot.mouseMove(x, y);
			robot.mousePress(InputEvent.BUTTON1_DOWN_MASK);
			robot.mouseRelease(InputEvent.BUTTON1_DOWN_MASK);
		}
	}

	/** The whole screen as PNG: ImageMagick's import, else java.awt.Robot. */
	static void screenshot(final Path png) throws Exception {
		if (exec("import", "-window", "root", png.toString()) && Files.size(png) > 0) return;
		final java.awt.Dimension d = Toolkit.getDefaultToolkit().getScreenSize();
		ImageIO.write(new Robot().createScreenCapture(new Rectangle(d)), "png", png.toFile());
	}

	/** Runs a program; false if it is not installed or fails. */
	static boolean exec(final String... command) throws InterruptedException {
		try {
			final Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(new File(System
				.getProperty("java.io.tmpdir"), "gui-exec.txt")).start();
			return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
		}
		catch (final IOException e) {
			return false;
		}
	}
}
