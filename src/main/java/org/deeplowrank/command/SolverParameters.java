package org.deeplowrank.command;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import org.deeplowrank.image.StackMode;
import org.deeplowrank.solver.Centering;
import org.deeplowrank.solver.SolverSettings;
import org.deeplowrank.solver.Units;
import org.deeplowrank.solver.gd.FieldKind;
import org.deeplowrank.solver.gd.InitKind;
import org.deeplowrank.solver.gd.OptimizerKind;
import org.deeplowrank.solver.kernels.BackendKind;
import org.deeplowrank.solver.kernels.Precision;
import org.scijava.app.StatusService;
import org.scijava.command.ContextCommand;
import org.scijava.ItemVisibility;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * The keys every Deep Low-Rank command shares, and the plumbing every front end needs.
 * <p>
 * <b>The key table.</b> The {@code @Parameter} fields of this class and its subclasses ARE
 * the keys: their names are what the headless runner, Fiji's macro recorder and the
 * ImageJ 1.x dialogs use ({@link CommandKeys} reads them for front ends without SciJava),
 * and {@link #settingsBuilder()} is the ONE mapping from key values to {@link SolverSettings}
 * (subclasses with more keys add theirs to it: {@link CompletionParameters}). Defaults are
 * read from {@link SolverSettings#DEFAULTS}, so no front end can disagree with the solver.
 * Adding a solver key = one field here + one line in {@link #settingsBuilder()}; every
 * front end (Fiji dialog, runner, ImageJ 1.x dialog and macros, batch) picks it up.
 * <p>
 * <b>Plumbing</b> (not keys, because they do not change the result): extra cancel checks
 * (Esc in ImageJ), a progress sink (ImageJ's status bar, the runner's stderr), otherwise
 * SciJava's {@link StatusService}.
 * <p>
 * Bad input is reported with {@link #cancel(String)}, the SciJava way: Fiji shows the
 * reason, the runner prints it and exits with status 2, the ImageJ 1.x bridge calls
 * {@code IJ.error}.
 */
public abstract class SolverParameters extends ContextCommand {

	/** Where the defaults come from. */
	static final SolverSettings DEFAULTS = SolverSettings.DEFAULTS;

	/** Minimum time between two status updates: the solver may do thousands of iterations per second. */
	private static final long STATUS_INTERVAL_NANOS = 250_000_000L;

	/** A heading of SciJava's dialog (not a key: runner, macros and CommandKeys skip messages). */
	@Parameter(visibility = ItemVisibility.MESSAGE, persist = false, required = false)
	private String factorizationHeading = "<html><b>Factorization (all methods that factorize)</b>";

	@Parameter(label = "Depth (layers)", min = "1", max = "64",
		description = "Number of factors N in W = W_N ... W_1; depth 1 is plain least squares (no low-rank bias), " +
			"deeper factorizations favour lower rank.")
	protected int depth = DEFAULTS.gd().depth();

	@Parameter(label = "Hidden width", min = "0",
		description = "Size of the hidden layers; 0 = min(width, height), i.e. no rank cap.")
	protected int width = DEFAULTS.gd().width();

	@Parameter(label = "Initialization", choices = { "gaussian", "balanced", "haar", "orthogonal", "identity" },
		description = "How the layers start: gaussian (small iid entries), balanced (factors of a Gaussian product), " +
			"haar (balanced with Haar factors), orthogonal (scaled random isometries), identity (scaled identity).")
	protected String init = DEFAULTS.gd().init().key();

	@Parameter(label = "Initial scale", min = "0", style = "format:0.####E0",
		description = "Initial size of each layer relative to the normalized data; the initial product is about " +
			"scale^depth. Small = stronger low-rank bias, but a longer initial plateau. units=paper: the paper's " +
			"epsilon of the init (see units).")
	protected double scale = DEFAULTS.gd().scale();

	@Parameter(label = "Subtract the mean", choices = { "auto", "on", "off" },
		description = "Subtract the mean of the observed values before factorizing and add it back after; images " +
			"are positive and their mean would otherwise dominate the run. auto: only when the mean dominates " +
			"(mean^2 > variance); off: factorize the data as given.")
	protected String center = DEFAULTS.center().key();

	@Parameter(label = "Units", choices = { "normalized", "paper" },
		description = "normalized: the data are centered (center) and divided by their RMS, lr is relative and scale " +
			"is relative to the normalized data, so the defaults work for any image; paper: the papers' problem as " +
			"written - no centering, no normalization, lr = the absolute step eta, scale = the epsilon of the chosen " +
			"init as its paper defines it (gaussian: entries eps*N(0,1), 4L eq. 13; haar: 4L eq. 6; balanced: ACGH " +
			"Procedure 1 with product entries N(0, eps^2); identity/orthogonal: eps times an isometry), GLRL's epsilon " +
			"on the data as given; the log is in the same units; no hold-out when nothing is missing; precision " +
			"auto = double.")
	protected String units = DEFAULTS.units().key();

	@Parameter(label = "Field", choices = { "real", "complex" },
		description = "Real or complex layers (complex: the real part of the product is fitted and returned).")
	protected String field = DEFAULTS.gd().field().key();

	/** A heading of SciJava's dialog (not a key: runner, macros and CommandKeys skip messages). */
	@Parameter(visibility = ItemVisibility.MESSAGE, persist = false, required = false)
	private String descentHeading = "<html><b>Gradient descent</b>";

	@Parameter(label = "Optimizer", choices = { "auto", "gd", "adaptive", "scaled" },
		description = "auto: the fast engine where it applies (real completion from the small Gaussian " +
			"initialization), gd when it does not, or also gd when the data have few observations for the rank it " +
			"finds or its held-out fit is poor (then the better of the two on the held-out pixels); " +
			"gd: fixed-step gradient descent (the papers' method); adaptive: adaptive global step size; scaled: the " +
			"fast engine (preconditioned per-layer steps, width grown from 1 as the residual asks; real completion " +
			"only, no sensing, GLRL, complex layers or balance regularizer).")
	protected String optimizer = DEFAULTS.gd().optimizer().key();

	@Parameter(label = "Learning rate (relative)", min = "0",
		description = "Relative step: for gd, 1 is half the stability limit at the solution; the absolute step is " +
			"logged in the 'step' column. Lower it if the run diverges. units=paper: the absolute step eta.")
	protected double lr = DEFAULTS.gd().lr();

	@Parameter(label = "Max iterations", min = "0", description = "Safety cap on the number of gradient steps " +
		"(glrl: over all phases); a run normally ends by converging or by early stopping.")
	protected int iterations = DEFAULTS.gd().iterations();

	@Parameter(label = "Max seconds", min = "0", description = "Time budget of a run in seconds; the best (or " +
		"last) iterate so far is returned (stop=max_seconds). 0 = no limit.")
	protected double max_seconds = DEFAULTS.gd().maxSeconds();

	@Parameter(label = "Tolerance", min = "0", style = "format:0.####E0",
		description = "Converged when the relative change per iteration (over 10) of the product W and of the " +
			"validation error are both below this, with no strong direction left in the data gradient; " +
			"0 = run to the iteration cap.")
	protected double tolerance = DEFAULTS.gd().tolerance();

	@Parameter(label = "Balance regularization", min = "0",
		description = "Coefficient of the regularizer that keeps consecutive layers balanced; 0 = none.")
	protected double regularization = DEFAULTS.gd().regularization();

	@Parameter(label = "Random seed",
		description = "Seed of the initialization (and of the sensing operator and noise); same seed, same result. " +
			"Plane k of a stack uses seed + k.")
	protected long seed = DEFAULTS.seed();

	@Parameter(label = "Log every (iterations)", min = "1",
		description = "Write a row of the diagnostics log every this many iterations (and at the last one).")
	protected int log_every = DEFAULTS.gd().logEvery();

	/** A heading of SciJava's dialog (not a key: runner, macros and CommandKeys skip messages). */
	@Parameter(visibility = ItemVisibility.MESSAGE, persist = false, required = false)
	private String stoppingHeading = "<html><b>Observed pixels and early stopping</b>";

	@Parameter(label = "Keep observed pixels",
		description = "Completion: observed pixels keep their values in the result (true), or the result is the " +
			"low-rank fit everywhere (false, which also denoises them). With nothing missing the fit is returned.")
	protected boolean keep_observed = DEFAULTS.keepObserved();

	@Parameter(label = "Validation fraction", min = "0", max = "0.5",
		description = "Fraction of the observed pixels held out (chosen by the seed) to measure the error on unfitted " +
			"pixels (val_rmse column); the best iterate (glrl: the best phase) is returned (early stopping). " +
			"lifting=hankel holds out whole pixels; sensing holds out this fraction of the measurements. 0 = off.")
	protected double validation = DEFAULTS.validation();

	@Parameter(label = "Patience (log steps)", min = "1",
		description = "Early stopping waits until the validation error has stayed above its best for this many log " +
			"steps (and as long as it took to reach the best).")
	protected int patience = DEFAULTS.patience();

	/** A heading of SciJava's dialog (not a key: runner, macros and CommandKeys skip messages). */
	@Parameter(visibility = ItemVisibility.MESSAGE, persist = false, required = false)
	private String speedHeading = "<html><b>Speed and reproducibility</b>";

	@Parameter(label = "Backend", choices = { "auto", "native", "java" },
		description = "Where the matrix products run: native = OpenBLAS (needs the openblas jars for this platform), " +
			"java = pure Java, auto = native when it loads, else java. Reported in the summary line.")
	protected String backend = DEFAULTS.backend().key();

	@Parameter(label = "Precision", choices = { "auto", "float", "double" },
		description = "Precision of the iterates: float is about twice as fast; auto = float for integer pixels " +
			"(8-, 16-bit, RGB), double for 32-bit and text images. Sensing and complex layers always use double.")
	protected String precision = DEFAULTS.precision().key();

	@Parameter(label = "Threads", min = "0",
		description = "Threads for the matrix products (Java and native alike); 0 = all processors (in Fiji: " +
			"Edit > Options > Memory & Threads). The result does not depend on it for the java backend.")
	protected int threads = DEFAULTS.threads();

	/** A heading of SciJava's dialog (not a key: runner, macros and CommandKeys skip messages). */
	@Parameter(visibility = ItemVisibility.MESSAGE, persist = false, required = false)
	private String stackHeading = "<html><b>Stacks and result type</b>";

	@Parameter(label = "Stack mode", choices = { "slices", "casorati" },
		description = "For images with several planes (z or time): slices = each plane is its own matrix; " +
			"casorati = the T planes of a channel form one (pixels x T) matrix, so a pixel missing in one frame is " +
			"recovered from the others (time-lapse data). Channels (and RGB colours) are always separate.")
	protected String stack = StackMode.SLICES.key();

	@Parameter(label = "Keep the pixel type",
		description = "false: the result is 32-bit float; true: 8- and 16-bit input give 8- and 16-bit output " +
			"(clamped to the type's range and rounded). RGB input always gives RGB output.")
	protected boolean keep_type = false;

	@Parameter(required = false)
	private StatusService status;

	/**
	 * Cancellation as seen by the solver thread. ContextCommand's reason field is not
	 * volatile, and the cancel request comes from another thread (Ctrl-C handler, GUI).
	 */
	private volatile boolean cancelRequested;

	private final List<BooleanSupplier> cancelChecks = new CopyOnWriteArrayList<>();

	private volatile ProgressSink progressSink;

	private long lastStatus = System.nanoTime() - STATUS_INTERVAL_NANOS;

	/** Where a command reports progress when it is not (only) SciJava's StatusService. */
	public interface ProgressSink {

		void status(String message);

		/** {@code value} of {@code max} done; value >= max clears the bar. */
		void progress(int value, int max);
	}

	/** Sets the {@code threads} key (0 = all processors); Fiji sets its own thread count this way. */
	public void setThreads(final int threads) {
		this.threads = threads;
	}

	public int getThreads() {
		return threads;
	}

	/** An additional condition that cancels the run when it becomes true (e.g. Esc pressed in ImageJ). */
	public void addCancelCheck(final BooleanSupplier check) {
		cancelChecks.add(check);
	}

	/** Sends progress here instead of to SciJava's StatusService. */
	public void setProgressSink(final ProgressSink sink) {
		progressSink = sink;
	}

	@Override
	public void cancel(final String reason) {
		super.cancel(reason);
		cancelRequested = true;
	}

	@Override
	public boolean isCanceled() {
		if (cancelRequested || super.isCanceled()) return true;
		for (final BooleanSupplier c : cancelChecks)
			if (c.getAsBoolean()) return true;
		return false;
	}

	/** The solver settings for the current key values, checked. */
	protected final SolverSettings settings() {
		return settingsBuilder().build();
	}

	/**
	 * The current key values in a settings builder: the keys of this class here, a
	 * subclass's own keys added by its override (which calls this first).
	 *
	 * @throws IllegalArgumentException for a bad choice (the other values are checked by
	 *           {@link SolverSettings.Builder#build})
	 */
	protected SolverSettings.Builder settingsBuilder() {
		return SolverSettings.builder()
			.depth(depth)
			.width(width)
			.init(InitKind.parse(init))
			.scale(scale)
			.field(FieldKind.parse(field))
			.center(Centering.parse(center))
			.optimizer(OptimizerKind.parse(optimizer))
			.lr(lr)
			.iterations(iterations)
			.maxSeconds(max_seconds)
			.tolerance(tolerance)
			.regularization(regularization)
			.seed(seed)
			.logEvery(log_every)
			.keepObserved(keep_observed)
			.validation(validation)
			.patience(patience)
			.threads(threads)
			.backend(BackendKind.parse(backend))
			.precision(Precision.parse(precision))
			.units(Units.parse(units));
	}

	/** The value of the key {@code stack}, validated. */
	protected StackMode stackMode() {
		return StackMode.parse(stack);
	}

	/** The value of the key {@code keep_type}. */
	protected boolean keepType() {
		return keep_type;
	}

	/** The command's label, as in the menu and in the runner's {@code --run "label"}. */
	public String title() {
		final Plugin p = getClass().getAnnotation(Plugin.class);
		return p != null && !p.label().isEmpty() ? p.label() : getClass().getSimpleName();
	}

	/** Shows a status message now (to the sink, else the StatusService). */
	protected void showStatus(final String message) {
		final ProgressSink sink = progressSink;
		if (sink != null) sink.status(message);
		else if (status != null) status.showStatus(message);
	}

	/**
	 * Reports progress, at most 4 times a second (and always at the end): the message is
	 * built only when it will be shown.
	 */
	protected void reportProgress(final int value, final int max, final java.util.function.Supplier<String> message) {
		final long now = System.nanoTime();
		if (now - lastStatus < STATUS_INTERVAL_NANOS && value < max) return;
		lastStatus = now;
		final ProgressSink sink = progressSink;
		if (sink != null) {
			sink.progress(value, max);
			sink.status(message.get());
		}
		else if (status != null) {
			status.showProgress(value, max);
			status.showStatus(message.get());
		}
	}

	/** Clears the progress bar and shows a final message. */
	protected void finishProgress(final String message) {
		final ProgressSink sink = progressSink;
		if (sink != null) {
			sink.progress(1, 1);
			sink.status(message);
		}
		else if (status != null) {
			status.clearStatus();
			status.showStatus(message);
		}
	}
}
