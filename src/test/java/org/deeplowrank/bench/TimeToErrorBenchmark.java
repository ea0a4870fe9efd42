package org.deeplowrank.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.deeplowrank.solver.Reconstruction;
import org.deeplowrank.solver.SolverSettings;
import org.deeplowrank.solver.fast.ScaledDeepFactorization;
import org.deeplowrank.solver.fast.OuterGram;
import org.deeplowrank.solver.fast.ScaledOptions;
import org.deeplowrank.solver.gd.LogRecord;
import org.deeplowrank.solver.gd.OptimizerKind;
import org.deeplowrank.solver.gd.SolverListener;
import org.deeplowrank.solver.linalg.Matrix;

/**
 * Benchmark (not a test): seconds to reach a relative error of 1e-2 and 1e-3 on the
 * MISSING entries (issue #12 item 1), for our solvers and the numpy peers of {@code bench/}
 * run in the same process run, and a Markdown table of the results.
 * <p>
 * Cases (all X = U Vᵀ / sqrt(r), iid Gaussian U, V; 50 % of the entries missing at random):
 * {@code cas128} Casorati matrix of a 128 × 128 × 40 stack (16384 pixels × 40 frames) of
 * rank 4, {@code cas256} 256 × 256 × 100 (65536 × 100) rank 8, {@code img512} and
 * {@code img1024} d × d rank 16, {@code dmf} the deep-matrix-factorization reference
 * setting (100 × 100, rank 5, exactly 2000 observed entries, depth 3).
 * <p>
 * Methods: {@code fast} = {@link ScaledDeepFactorization} at its defaults (5 % of the
 * observed entries held out, as the solver's default validation); {@code gd} = today's
 * defaults ({@link Reconstruction#complete} with a default {@link SolverSettings});
 * {@code scaled} = the same with {@code optimizer=scaled} (the fast engine as a user gets it:
 * centering, the default hold-out, its log rows counted); the
 * peers {@code als} (rank told), {@code softimpute} and {@code gd_adaptive} (GroupRMSprop)
 * run as {@code python3 bench/peer_*.py} on the problem written as .npy files (format:
 * bench/tte_common.py). Our times are solver seconds excluding the error evaluation (the
 * fast engine's listener time is not counted; today's GD counts its own log rows, as a user
 * sees them); the peers' likewise. The error of today's GD on the missing entries is
 * derived from its log row: ‖E_missing‖² = rel_error²‖X‖² − 2 loss − val_rmse²·|held out|.
 * <pre>
 * mvn -B -o -q test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=org.deeplowrank.bench.TimeToErrorBenchmark \
 *   -Dexec.args="out=target/time-to-error.md cases=cas128,img512,dmf seconds=60"
 * </pre>
 * Arguments (all optional): {@code out=} (Markdown file; default prints only),
 * {@code cases=} (comma list, default cas128,img512,dmf; {@code all} = the five; or
 * {@code ROWSxCOLS_rRANK_mMISSING[_dDEPTH][_sDECAY]} for any other size, rank, sampling and
 * spectrum: direction t scaled by DECAY^t),
 * {@code methods=} (default scaled,gd,als,softimpute,gd_adaptive; also fast), {@code seconds=} (cap per
 * run, default 60), {@code seed=}, {@code python=} (default python3), {@code dir=} (where the
 * problems are written, default target/time-to-error), {@code reps=} (default 1: the method
 * list run that many times, interleaved, and each position's median reported), {@code warmup=}
 * (default 2: seconds each of our methods first runs on a case untimed, at least once and at
 * most {@value #MAX_WARMUP_RUNS} times, so that its timed runs meet compiled code, as a
 * Fiji session's second run and a batch's second image do; the peers are compiled C under
 * numpy and need none; the first, cold run's seconds to 1e-2 are in the note; 0 = no
 * warm-up, every run timed from a cold start of its code).
 */
public final class TimeToErrorBenchmark {

	/** {@code -Dtte.verbose=true} prints every check of the fast engine. */
	static final boolean VERBOSE = Boolean.getBoolean("tte.verbose");

	/** Overrides of the fast engine's defaults: {@code fast.eta=}, {@code fast.lambda=}, {@code fast.gram=} (auto, rowwise, global), {@code fast.width=}, {@code fast.scale=}. */
	static final Map<String, String> FAST = new LinkedHashMap<>();

	/** Most untimed runs of a method before its timed ones ({@code warmup=}). */
	static final int MAX_WARMUP_RUNS = 10;

	/** Methods that run in this JVM (their first runs pay the JIT); the others are python peers. */
	static final List<String> JAVA_METHODS = List.of("fast", "gd", "scaled", "auto");

	static final String[] ALL_CASES = { "cas128", "cas256", "img512", "img1024", "dmf" };

	/** Any other size: {@code ROWSxCOLS_rRANK_mMISSING[_dDEPTH][_sDECAY]}, e.g. {@code 4096x24_r3_m0.7} or {@code 16384x40_r4_m0.5_s0.5} (other sizes, ranks, sampling and spectra than the five). */
	static final Pattern CUSTOM_CASE = Pattern.compile("(\\d+)x(\\d+)_r(\\d+)_m([0-9.]+)(?:_d(\\d+))?(?:_s([0-9.]+))?");

	/** A generated case. */
	static final class Case {

		final String name, description;
		final Matrix truth;
		final boolean[] missing;
		final int rank, depth;

		Case(final String name, final String description, final Matrix truth, final boolean[] missing, final int rank,
			final int depth)
		{
			this.name = name;
			this.description = description;
			this.truth = truth;
			this.missing = missing;
			this.rank = rank;
			this.depth = depth;
		}
	}

	/** One method's run on one case: (seconds, rel error on missing) pairs and the final error. */
	static final class Trace {

		final String method;
		final List<double[]> points = new ArrayList<>();
		double finalError = Double.NaN, seconds = Double.NaN;
		String note = "";

		Trace(final String method) {
			this.method = method;
		}

		double timeTo(final double level) {
			for (final double[] p : points) if (p[1] <= level) return p[0];
			return Double.NaN;
		}
	}

	private TimeToErrorBenchmark() {}

	public static void main(final String[] args) throws IOException, InterruptedException {
		final Map<String, String> a = BenchmarkArgs.parse(args);
		for (final Map.Entry<String, String> e : a.entrySet()) {
			if (e.getKey().startsWith("fast.")) FAST.put(e.getKey().substring(5), e.getValue());
		}
		String cases = a.getOrDefault("cases", "cas128,img512,dmf");
		if (cases.equals("all")) cases = String.join(",", ALL_CASES);
		final List<String> methods = Arrays.asList(a.getOrDefault("methods", "scaled,gd,als,softimpute,gd_adaptive")
			.split(","));
		final double seconds = Double.parseDouble(a.getOrDefault("seconds", "60"));
		final long seed = Long.parseLong(a.getOrDefault("seed", "1"));
		final String python = a.getOrDefault("python", "python3");
		final int reps = Integer.parseInt(a.getOrDefault("reps", "1"));
		if (reps < 1) throw new IllegalArgumentException("reps must be >= 1, got " + reps);
		final double warmup = Double.parseDouble(a.getOrDefault("warmup", "2"));
		if (!(warmup >= 0)) throw new IllegalArgumentException("warmup must be >= 0 seconds, got " + warmup);
		final Path dir = Paths.get(a.getOrDefault("dir", "target/time-to-error"));
		final StringBuilder out = new StringBuilder();
		out.append(String.format(Locale.ROOT, "Machine: %d cores (shared), %s %s; cap %.0f s per run; seed %d; %s%n%n",
			Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"), System.getProperty(
				"java.version"), seconds, seed, warmup > 0 ? String.format(Locale.ROOT, "our methods timed after %.0f s of " +
					"untimed runs per case (warm JIT)", warmup) : "every run timed from a cold start"));
		out.append("| case | method | s to 1e-2 | s to 1e-3 | final rel (missing) | run s | ALS ratio 1e-2 | ALS ratio 1e-3 " +
			"| note |\n|---|---|---|---|---|---|---|---|---|\n");
		for (final String name : cases.split(",")) {
			final Case c = generate(name.trim(), seed);
			final Path folder = dir.resolve(c.name);
			writeProblem(c, folder);
			// reps > 1: the method list again and again, interleaved (this machine's speed drifts
			// by 2x over minutes), each position's median reported
			final List<List<Trace>> runs = new ArrayList<>();
			for (int i = 0; i < methods.size(); i++) runs.add(new ArrayList<>());
			final Trace[] cold = new Trace[methods.size()];
			for (int i = 0; i < methods.size() && warmup > 0; i++) {
				if (!JAVA_METHODS.contains(methods.get(i).trim())) continue;
				double spent = 0;
				for (int r = 0; r < MAX_WARMUP_RUNS && spent < warmup; r++) {
					final Trace t = run(methods.get(i).trim(), c, folder, seconds, seed, python);
					if (r == 0) cold[i] = t;
					spent += t.seconds;
				}
				System.err.printf(Locale.ROOT, "%s %s: cold first run 1e-2 %.3g s; warmed up for %.1f s%n", c.name,
					cold[i].method, cold[i].timeTo(1e-2), spent);
			}
			for (int r = 0; r < reps; r++) {
				for (int i = 0; i < methods.size(); i++) {
					final Trace t = run(methods.get(i).trim(), c, folder, seconds, seed, python);
					runs.get(i).add(t);
					System.err.printf(Locale.ROOT, "%s %s: 1e-2 %.3g s, 1e-3 %.3g s, final %.3g (%s)%n", c.name, t.method, t
						.timeTo(1e-2), t.timeTo(1e-3), t.finalError, t.note);
				}
			}
			final List<Trace> traces = new ArrayList<>();
			for (int i = 0; i < runs.size(); i++) {
				final Trace t = reps == 1 ? runs.get(i).get(0) : median(runs.get(i));
				if (cold[i] != null) t.note = (t.note.isEmpty() ? "" : t.note + "; ") + String.format(Locale.ROOT,
					"cold first run: 1e-2 in %s s", cell(cold[i].timeTo(1e-2)));
				traces.add(t);
			}
			Trace als = null;
			for (final Trace t : traces) if (t.method.equals("als")) als = t;
			for (final Trace t : traces) {
				out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %.2e | %.2f | %s | %s | %s |%n", c.description,
					t.method, cell(t.timeTo(1e-2)), cell(t.timeTo(1e-3)), t.finalError, t.seconds, ratio(t, als, 1e-2), ratio(
						t, als, 1e-3), t.note));
			}
		}
		System.out.print(out);
		if (a.containsKey("out")) {
			final Path o = Paths.get(a.get("out"));
			if (o.getParent() != null) Files.createDirectories(o.getParent());
			Files.write(o, out.toString().getBytes(StandardCharsets.UTF_8));
		}
	}

	static Case generate(final String name, final long seed) {
		switch (name) {
			case "cas128":
				return lowRank(name, "Casorati 128×128×40 r4", 128 * 128, 40, 4, 0.5, 0, 3, seed);
			case "cas256":
				return lowRank(name, "Casorati 256×256×100 r8", 256 * 256, 100, 8, 0.5, 0, 3, seed);
			case "img512":
				return lowRank(name, "512² r16", 512, 512, 16, 0.5, 0, 3, seed);
			case "img1024":
				return lowRank(name, "1024² r16", 1024, 1024, 16, 0.5, 0, 3, seed);
			case "dmf":
				return lowRank(name, "100² r5, 2000 obs", 100, 100, 5, 0, 2000, 3, seed);
			default:
				final Matcher m = CUSTOM_CASE.matcher(name);
				if (m.matches()) {
					final int rows = Integer.parseInt(m.group(1)), cols = Integer.parseInt(m.group(2)), rank = Integer.parseInt(m
						.group(3));
					final double missing = Double.parseDouble(m.group(4));
					final int depth = m.group(5) == null ? 3 : Integer.parseInt(m.group(5));
					final double decay = m.group(6) == null ? 1 : Double.parseDouble(m.group(6));
					return lowRank(name, rows + "×" + cols + " r" + rank + ", " + Math.round(100 * missing) + " % missing" + (depth
						== 3 ? "" : ", depth " + depth) + (decay == 1 ? "" : ", σ_i ∝ " + decay + "^i"), rows, cols, rank, missing,
						0, depth, decay, seed);
				}
				throw new IllegalArgumentException("unknown case '" + name + "' (expected one of " + String.join(", ",
					ALL_CASES) + ", or ROWSxCOLS_rRANK_mMISSING[_dDEPTH][_sDECAY] such as 4096x24_r3_m0.7)");
		}
	}

	/** X = U Vᵀ / sqrt(r); entries missing with probability {@code missingFraction}, or exactly {@code observed} kept. */
	static Case lowRank(final String name, final String description, final int rows, final int cols, final int rank,
		final double missingFraction, final int observed, final int depth, final long seed)
	{
		return lowRank(name, description, rows, cols, rank, missingFraction, observed, depth, 1, seed);
	}

	/**
	 * A random rank-{@code rank} matrix U Vᵀ/sqrt(rank) (iid Gaussian factors) whose t-th
	 * direction is scaled by {@code decay}^t (1: comparable directions; below 1 a decaying
	 * spectrum, as the frames of a time-lapse have), missing entries drawn iid or exactly
	 * {@code observed} observed ones.
	 */
	static Case lowRank(final String name, final String description, final int rows, final int cols, final int rank,
		final double missingFraction, final int observed, final int depth, final double decay, final long seed)
	{
		final Random rnd = new Random(seed * 1_000_003L + name.hashCode());
		final double[] u = new double[rows * rank], v = new double[cols * rank];
		for (int e = 0; e < u.length; e++) u[e] = rnd.nextGaussian();
		for (int e = 0; e < v.length; e++) v[e] = rnd.nextGaussian() * Math.pow(decay, e % rank);
		final Matrix x = Matrix.real(rows, cols);
		final double norm = 1 / Math.sqrt(rank);
		for (int i = 0; i < rows; i++) {
			for (int j = 0; j < cols; j++) {
				double s = 0;
				for (int t = 0; t < rank; t++) s += u[i * rank + t] * v[j * rank + t];
				x.re[i * cols + j] = s * norm;
			}
		}
		final boolean[] missing = new boolean[rows * cols];
		if (observed > 0) {
			final int[] order = new int[missing.length];
			for (int e = 0; e < order.length; e++) order[e] = e;
			for (int e = 0; e < observed; e++) {
				final int j = e + rnd.nextInt(order.length - e);
				final int t = order[e];
				order[e] = order[j];
				order[j] = t;
			}
			Arrays.fill(missing, true);
			for (int e = 0; e < observed; e++) missing[order[e]] = false;
		}
		else {
			for (int e = 0; e < missing.length; e++) missing[e] = rnd.nextDouble() < missingFraction;
		}
		return new Case(name, description, x, missing, rank, depth);
	}

	static Trace run(final String method, final Case c, final Path folder, final double seconds, final long seed,
		final String python) throws IOException, InterruptedException
	{
		switch (method) {
			case "fast":
				return runFast(c, seconds, seed);
			case "gd":
				return runDefaults("gd", OptimizerKind.GD, c, seconds, seed);
			case "scaled":
				return runDefaults("scaled", OptimizerKind.SCALED, c, seconds, seed);
			case "auto":
				return runDefaults("auto", OptimizerKind.AUTO, c, seconds, seed);
			case "als":
				return runPeer(method, c, folder, seconds, python, "bench/peer_als.py", "--rank", Integer.toString(c.rank));
			case "softimpute":
				return runPeer(method, c, folder, seconds, python, "bench/peer_softimpute.py");
			case "gd_adaptive":
				return runPeer(method, c, folder, seconds, python, "bench/peer_gd_adaptive.py", "--depth", Integer.toString(
					c.depth));
			default:
				throw new IllegalArgumentException("unknown method '" + method + "'");
		}
	}

	/** The fast engine at its defaults, 5 % of the observed entries held out. */
	static Trace runFast(final Case c, final double seconds, final long seed) {
		final Trace t = new Trace("fast");
		final MissingError err = new MissingError(c);
		final ScaledOptions d = ScaledOptions.defaults();
		final ScaledOptions o = d.withDepth(c.depth).withSeed(seed).withStopping(d.tolerance(), d.maxSteps(), seconds)
			.withStep(FAST.containsKey("eta") ? Double.parseDouble(FAST.get("eta")) : d.eta(), FAST.containsKey("lambda")
				? Double.parseDouble(FAST.get("lambda")) : d.lambda(), FAST.containsKey("gram") ? OuterGram.valueOf(FAST
					.get("gram").toUpperCase(Locale.ROOT)) : d.outerGram()).withWidths(FAST.containsKey("width") ? Integer.parseInt(FAST.get("width"))
						: d.initialWidth(), d.maxWidth()).withScale(FAST.containsKey("scale") ? Double.parseDouble(FAST.get(
							"scale")) : d.scale()).withKernels(d.backend(), FAST.containsKey("precision") ? org.deeplowrank.solver.kernels.Precision.valueOf(FAST.get(
							"precision").toUpperCase(Locale.ROOT)) : d.precision(), FAST.containsKey("threads") ? Integer.parseInt(FAST.get("threads")) : d.threads());
		final ScaledDeepFactorization.Result r = ScaledDeepFactorization.run(observedData(c), c.missing, heldOut(c,
			seed), o, p -> {
				t.points.add(new double[] { p.seconds, err.of(p.product) });
				if (VERBOSE) System.err.printf(Locale.ROOT, "  step %d  %.3f s  width %d  loss %.3e  val %.3e  change %.2e  rel %.3e%n",
					p.step, p.seconds, p.width, p.loss, p.validationRmse, p.relativeChange, err.of(p.product));
			}, null);
		t.finalError = err.of(r.product);
		t.seconds = r.seconds;
		t.note = "stop=" + r.stop.key() + " steps=" + r.steps + " width=" + r.width;
		return t;
	}

	/** The defaults ({@link SolverSettings}) with the given optimizer, cancelled at the cap. */
	static Trace runDefaults(final String name, final OptimizerKind optimizer, final Case c, final double seconds,
		final long seed)
	{
		final Trace t = new Trace(name);
		final SolverSettings s = SolverSettings.builder().seed(seed).depth(c.depth).optimizer(optimizer).build();
		final double truthNorm2 = normSquared(c.truth);
		final MissingError err = new MissingError(c);
		int observed = 0;
		for (final boolean m : c.missing) if (!m) observed++;
		final int held = (int) Math.round(s.validation() * observed);
		final int heldCount = held < 1 || observed - held < 2 ? 0 : held;
		final long start = System.nanoTime();
		final SolverListener listener = new SolverListener() {

			@Override
			public void logged(final LogRecord r) {
				final double val = Double.isNaN(r.valRmse) ? 0 : r.valRmse * r.valRmse * heldCount;
				final double miss2 = r.relError * r.relError * truthNorm2 - 2 * r.loss - val;
				t.points.add(new double[] { r.seconds, Math.sqrt(Math.max(miss2, 0)) / err.norm });
			}
		};
		final org.deeplowrank.solver.ReconstructionResult r = Reconstruction.complete(observedData(c), c.missing,
			c.truth, s, listener, () -> (System.nanoTime() - start) * 1e-9 > seconds);
		t.finalError = err.of(r.reconstruction);
		t.seconds = (System.nanoTime() - start) * 1e-9;
		t.note = "stop=" + r.stopReason.key() + " steps=" + r.steps() + (r.width() >= 0 ? " width=" + r.width() : "") + (r.message
			!= null && r.message.startsWith("optimizer=auto: gd") ? " via=gd" : r.message != null && r.message.startsWith(
				"optimizer=auto: the fast engine") ? " via=engine" : "");
		return t;
	}

	static Trace runPeer(final String method, final Case c, final Path folder, final double seconds,
		final String python, final String script, final String... extra) throws IOException, InterruptedException
	{
		final Trace t = new Trace(method);
		final List<String> cmd = new ArrayList<>(List.of(python, script, folder.toString(), "--max-seconds", Double
			.toString(seconds), "--target", "1e-4"));
		cmd.addAll(Arrays.asList(extra));
		final Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
		final Pattern time = Pattern.compile("\"time_s\": ([0-9.eE+-]+)");
		final Pattern rel = Pattern.compile("\"rel_err_missing\": ([0-9.eE+-]+|NaN|Infinity)");
		try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = in.readLine()) != null) {
				final Matcher mt = time.matcher(line), mr = rel.matcher(line);
				if (!mt.find() || !mr.find()) continue;
				final double s = Double.parseDouble(mt.group(1)), e = Double.parseDouble(mr.group(1));
				if (line.contains("\"final\"")) {
					t.finalError = e;
					t.seconds = s;
				}
				else {
					t.points.add(new double[] { s, e });
				}
			}
		}
		final int code = p.waitFor();
		if (code != 0) t.note = "exit " + code;
		return t;
	}

	/** The seeded 5 % of the observed entries that the fast engine holds out (as the solver's validation=0.05). */
	static int[] heldOut(final Case c, final long seed) {
		final List<Integer> observed = new ArrayList<>();
		for (int e = 0; e < c.missing.length; e++) if (!c.missing[e]) observed.add(e);
		final int h = (int) Math.round(0.05 * observed.size());
		if (h < 1 || observed.size() - h < 2) return new int[0];
		java.util.Collections.shuffle(observed, new Random(seed + 4));
		final int[] held = new int[h];
		for (int i = 0; i < h; i++) held[i] = observed.get(i);
		Arrays.sort(held);
		return held;
	}

	/** The truth with NaN at the missing entries (what a user hands in). */
	static Matrix observedData(final Case c) {
		final Matrix m = c.truth.copy();
		for (int e = 0; e < m.re.length; e++) if (c.missing[e]) m.re[e] = Double.NaN;
		return m;
	}

	/** ‖(X̂ − X) on the missing entries‖ / ‖X on the missing entries‖. */
	static final class MissingError {

		final Case c;
		final double norm;

		MissingError(final Case c) {
			this.c = c;
			double s = 0;
			for (int e = 0; e < c.missing.length; e++) if (c.missing[e]) s += c.truth.re[e] * c.truth.re[e];
			norm = Math.sqrt(s);
		}

		double of(final Matrix estimate) {
			double s = 0;
			for (int e = 0; e < c.missing.length; e++) {
				if (!c.missing[e]) continue;
				final double d = estimate.re[e] - c.truth.re[e];
				s += d * d;
			}
			return Math.sqrt(s) / norm;
		}
	}

	static void writeProblem(final Case c, final Path folder) throws IOException {
		Files.createDirectories(folder);
		writeNpy(folder.resolve("truth.npy"), c.truth);
		writeNpy(folder.resolve("observed.npy"), observedData(c));
	}

	/** NumPy .npy version 1.0: magic, header dict padded to a multiple of 64 bytes, little-endian float64 data. */
	static void writeNpy(final Path file, final Matrix m) throws IOException {
		String header = "{'descr': '<f8', 'fortran_order': False, 'shape': (" + m.rows + ", " + m.cols + "), }";
		final int total = 10 + header.length() + 1;
		header = header + " ".repeat((64 - total % 64) % 64) + "\n";
		final ByteBuffer b = ByteBuffer.allocate(10 + header.length() + 8 * m.re.length).order(ByteOrder.LITTLE_ENDIAN);
		b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
		b.putShort((short) header.length());
		b.put(header.getBytes(StandardCharsets.US_ASCII));
		for (final double v : m.re) b.putDouble(v);
		try (OutputStream o = Files.newOutputStream(file)) {
			o.write(b.array());
		}
	}

	private static double normSquared(final Matrix m) {
		double s = 0;
		for (final double v : m.re) s += v * v;
		return s;
	}

	/**
	 * The median run of {@code runs} (one method, same case): the median seconds to 1e-2 and
	 * to 1e-3 (a run that never got there counts as slower than all others), final error and
	 * run time; the note adds the range of the seconds to 1e-2.
	 */
	static Trace median(final List<Trace> runs) {
		final Trace m = new Trace(runs.get(0).method);
		final double t2 = median(runs, t -> t.timeTo(1e-2)), t3 = median(runs, t -> t.timeTo(1e-3));
		if (!Double.isNaN(t2)) m.points.add(new double[] { t2, 1e-2 });
		if (!Double.isNaN(t3)) m.points.add(new double[] { Math.max(t3, Double.isNaN(t2) ? t3 : t2), 1e-3 });
		m.finalError = median(runs, t -> t.finalError);
		m.seconds = median(runs, t -> t.seconds);
		double lo = Double.POSITIVE_INFINITY, hi = 0;
		for (final Trace t : runs) {
			final double x = t.timeTo(1e-2);
			if (!Double.isNaN(x)) {
				lo = Math.min(lo, x);
				hi = Math.max(hi, x);
			}
		}
		m.note = (runs.get(0).note.isEmpty() ? "" : runs.get(0).note + "; ") + "median of " + runs.size() + (hi > 0
			? String.format(Locale.ROOT, ", 1e-2 in %.3f–%.3f s", lo, hi) : "");
		return m;
	}

	private static double median(final List<Trace> runs, final java.util.function.ToDoubleFunction<Trace> f) {
		final double[] v = new double[runs.size()];
		for (int i = 0; i < v.length; i++) {
			final double x = f.applyAsDouble(runs.get(i));
			v[i] = Double.isNaN(x) ? Double.POSITIVE_INFINITY : x;
		}
		Arrays.sort(v);
		final double m = v.length % 2 == 1 ? v[v.length / 2] : 0.5 * (v[v.length / 2 - 1] + v[v.length / 2]);
		return Double.isInfinite(m) ? Double.NaN : m;
	}

	private static String cell(final double s) {
		return Double.isNaN(s) ? "—" : String.format(Locale.ROOT, "%.2f", s);
	}

	private static String ratio(final Trace t, final Trace als, final double level) {
		if (als == null || t == als) return "";
		final double a = als.timeTo(level), x = t.timeTo(level);
		if (Double.isNaN(a) || Double.isNaN(x) || a <= 0) return "—";
		return String.format(Locale.ROOT, "%.2f×", x / a);
	}
}
