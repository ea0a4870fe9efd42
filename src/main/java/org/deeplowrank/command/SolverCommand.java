package org.deeplowrank.command;

import java.util.Locale;
import java.util.function.BooleanSupplier;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;

import org.deeplowrank.image.ImgMatrices;
import org.deeplowrank.solver.Centering;
import org.deeplowrank.solver.InitKind;
import org.deeplowrank.solver.LogRecord;
import org.deeplowrank.solver.OptimizerKind;
import org.deeplowrank.solver.ReconstructionResult;
import org.deeplowrank.solver.SolverListener;
import org.deeplowrank.solver.SolverSettings;
import org.deeplowrank.solver.StopReason;
import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.ContextCommand;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * The parameters every Deep Low-Rank command shares: the input image, the solver keys and
 * the outputs. This is the ONE place where parameter keys are mapped to
 * {@link SolverSettings} ({@link #settings()}), and the defaults are read from a fresh
 * {@link SolverSettings}, so the GUI, the headless runner and the solver cannot disagree.
 * <p>
 * SciJava discovers inherited {@code @Parameter} fields (superclass first), so these keys
 * appear in every subclass's dialog and {@code --help}. Field names are the keys, hence
 * the {@code log_every} spelling.
 * <p>
 * Bad input is reported with {@link #cancel(String)}, the SciJava way: Fiji shows the
 * reason, the headless runner prints it and exits with status 2. A running solver polls
 * {@link #isCanceled()}, so cancelling the module (which is what the runner does on
 * Ctrl-C) stops it at the next iteration with a partial result.
 */
public abstract class SolverCommand extends ContextCommand {

	/** Where the defaults come from. Never modified. */
	private static final SolverSettings DEFAULTS = new SolverSettings();

	/** Minimum time between two status updates: the solver may do thousands of iterations per second. */
	private static final long STATUS_INTERVAL_NANOS = 250_000_000L;

	@Parameter(label = "Image", description = "The 2-D image to reconstruct (8-, 16- or 32-bit grayscale).")
	protected Img<? extends RealType<?>> image;

	@Parameter(label = "Depth (layers)", min = "1", max = "64",
		description = "Number of factors N in W = W_N ... W_1; depth 1 is plain least squares (no low-rank bias), " +
			"deeper factorizations favour lower rank.")
	protected int depth = DEFAULTS.depth;

	@Parameter(label = "Hidden width", min = "0",
		description = "Size of the hidden layers; 0 = min(width, height), i.e. no rank cap.")
	protected int width = DEFAULTS.width;

	@Parameter(label = "Initialization", choices = { "gaussian", "balanced", "haar", "orthogonal", "identity" },
		description = "How the layers start: gaussian (small iid entries), balanced (factors of a Gaussian product), " +
			"haar (balanced with Haar factors), orthogonal (scaled random isometries), identity (scaled identity).")
	protected String init = DEFAULTS.init.key();

	@Parameter(label = "Initial scale", min = "0", style = "format:0.####E0",
		description = "Initial size of each layer relative to the normalized data; the initial product is about " +
			"scale^depth. Small = stronger low-rank bias, but a longer initial plateau.")
	protected double scale = DEFAULTS.scale;

	@Parameter(label = "Subtract the mean", choices = { "auto", "on", "off" },
		description = "Subtract the mean of the observed values before factorizing and add it back after; images " +
			"are positive and their mean would otherwise dominate the run. auto: only when the mean dominates " +
			"(mean^2 > variance); off: factorize the data as given.")
	protected String center = DEFAULTS.center.key();

	@Parameter(label = "Field", choices = { "real", "complex" },
		description = "Real or complex layers (complex: the real part of the product is fitted and returned).")
	protected String field = DEFAULTS.complex ? "complex" : "real";

	@Parameter(label = "Optimizer", choices = { "gd", "adaptive" },
		description = "gd: fixed-step gradient descent; adaptive: adaptive global step size.")
	protected String optimizer = DEFAULTS.optimizer.key();

	@Parameter(label = "Learning rate (relative)", min = "0",
		description = "Relative step: for gd, 1 is half the stability limit at the solution; the absolute step is " +
			"logged in the 'step' column. Lower it if the run diverges.")
	protected double lr = DEFAULTS.lr;

	@Parameter(label = "Max iterations", min = "0", description = "Maximum number of gradient steps.")
	protected int iterations = DEFAULTS.iterations;

	@Parameter(label = "Tolerance", min = "0", style = "format:0.####E0",
		description = "Stop when the relative loss decrease per iteration (averaged over 10) falls below this; " +
			"0 = always run all iterations.")
	protected double tolerance = DEFAULTS.tolerance;

	@Parameter(label = "Balance regularization", min = "0",
		description = "Coefficient of the regularizer that keeps consecutive layers balanced; 0 = none.")
	protected double regularization = DEFAULTS.regularization;

	@Parameter(label = "Random seed",
		description = "Seed of the initialization (and of the sensing operator and noise); same seed, same result.")
	protected long seed = DEFAULTS.seed;

	@Parameter(label = "Log every (iterations)", min = "1",
		description = "Write a row of the diagnostics log every this many iterations (and at the last one).")
	protected int log_every = DEFAULTS.logEvery;

	@Parameter(label = "Reconstruction", type = ItemIO.OUTPUT,
		description = "The reconstructed image (32-bit, in the input's units).")
	protected Img<FloatType> reconstruction;

	@Parameter(label = "Log", type = ItemIO.OUTPUT,
		description = "Diagnostics per logged iteration: loss, rmse, rel_error, step, top singular values, ...")
	protected LogTable log;

	@Parameter(label = "Summary", type = ItemIO.OUTPUT,
		description = "One line: iterations, final loss, rel_error if known, seconds and why the run stopped.")
	protected String summary;

	@Parameter(required = false)
	private StatusService status;

	/** 0 = all processors; not a dialog key (it does not change the result), set by the runner. */
	private int threads = DEFAULTS.threads;

	/**
	 * Cancellation as seen by the solver thread. ContextCommand's reason field is not
	 * volatile, and the cancel request comes from another thread (Ctrl-C handler, GUI).
	 */
	private volatile boolean cancelRequested;

	private ReconstructionResult result;

	/** Threads for the matrix products (0 = all processors). */
	public void setThreads(final int threads) {
		this.threads = threads;
	}

	/** The solver result behind the outputs, or null before a run (or after bad input). */
	public ReconstructionResult getResult() {
		return result;
	}

	@Override
	public void cancel(final String reason) {
		super.cancel(reason);
		cancelRequested = true;
	}

	@Override
	public boolean isCanceled() {
		return cancelRequested || super.isCanceled();
	}

	@Override
	public final void run() {
		try {
			if (image == null) throw new IllegalArgumentException("missing value for 'image'");
			final ReconstructionResult r = reconstruct(settings(), listener(), this::isCanceled);
			if (r == null) return;
			result = r;
			reconstruction = ImgMatrices.toImg(r.reconstruction);
			log = LogTable.of(r);
			// a diverged run's message says what to change; the others are in the summary line already
			summary = r.stopReason == StopReason.DIVERGED && r.message != null && !r.message.isEmpty() ? r
				.summaryLine() + " - " + r.message : r.summaryLine();
			published(r);
			if (status != null) {
				status.clearStatus();
				status.showStatus(title() + ": " + r.summaryLine());
			}
		}
		catch (final IllegalArgumentException e) {
			// bad input (ours, the settings' or the solver's): the message is for the user
			cancel(e.getMessage());
		}
	}

	/**
	 * Checks the command's own inputs and runs the solver. Throw
	 * {@link IllegalArgumentException} for bad input, before any long computation.
	 */
	protected abstract ReconstructionResult reconstruct(SolverSettings settings, SolverListener listener,
		BooleanSupplier cancel);

	/** Hook for subclass outputs derived from the result. */
	protected void published(final ReconstructionResult r) {}

	/** The solver settings for the current parameter values, validated. */
	protected SolverSettings settings() {
		final SolverSettings s = new SolverSettings();
		s.depth = depth;
		s.width = width;
		s.init = InitKind.parse(init);
		s.scale = scale;
		s.complex = parseField(field);
		s.center = Centering.parse(center);
		s.optimizer = OptimizerKind.parse(optimizer);
		s.lr = lr;
		s.iterations = iterations;
		s.tolerance = tolerance;
		s.regularization = regularization;
		s.seed = seed;
		s.logEvery = log_every;
		s.threads = threads;
		s.validate();
		return s;
	}

	/** The command's label, as in the menu and in the runner's {@code --run "label"}. */
	public String title() {
		final Plugin p = getClass().getAnnotation(Plugin.class);
		return p != null && !p.label().isEmpty() ? p.label() : getClass().getSimpleName();
	}

	private static boolean parseField(final String value) {
		final String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
		if (v.equals("real")) return false;
		if (v.equals("complex")) return true;
		throw new IllegalArgumentException("bad value for 'field': '" + value + "' (expected one of real|complex)");
	}

	/** Forwards progress to the status bar (Fiji) or status events (runner), at most 4 times a second. */
	private SolverListener listener() {
		final String name = title();
		return new SolverListener() {

			private long last = System.nanoTime() - STATUS_INTERVAL_NANOS;
			private double loss = Double.NaN;

			@Override
			public void logged(final LogRecord record) {
				loss = record.loss;
			}

			@Override
			public void progress(final int iteration, final int max) {
				if (status == null) return;
				final long now = System.nanoTime();
				if (now - last < STATUS_INTERVAL_NANOS && iteration < max) return;
				last = now;
				status.showProgress(iteration, max);
				status.showStatus(String.format(Locale.ROOT, "%s: iteration %d/%d, loss %.4g", name, iteration, max, loss));
			}
		};
	}
}
