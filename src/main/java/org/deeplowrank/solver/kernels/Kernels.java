package org.deeplowrank.solver.kernels;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

import org.deeplowrank.solver.linalg.Masked;
import org.deeplowrank.solver.linalg.Matrix;
import org.deeplowrank.solver.problem.DataTerm;

/**
 * Chooses the {@link DenseKernels} of a run from the {@code backend}, {@code precision}
 * and {@code threads} keys, and loads the native ones lazily, by reflection: this package
 * stays pure Java, and any failure to load OpenBLAS (no such platform, a sandbox, the jars
 * absent) makes {@code backend=auto} fall back to the java kernels with one log line, and
 * {@code backend=native} fail with a message naming the fix, never a crash.
 * <p>
 * Every set runs the real hot path (completion and full observation with real layers);
 * sensing and complex layers run on the java/double kernels ({@link MatrixKernels}).
 */
public final class Kernels {

	static final String NATIVE_CLASS = "org.deeplowrank.nativeblas.OpenBlasKernels";

	/** How loading the native kernels went: null = not tried yet. */
	private static volatile Method nativeFactory;
	private static volatile String nativeFailure;
	private static boolean fallbackLogged;

	private Kernels() {}

	/** Threads for a {@code threads} value: 0 = all processors. */
	public static int threads(final int threads) {
		return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
	}

	/**
	 * Precision for the {@code precision} key: AUTO is float when every observed value is an
	 * integer (8-, 16-bit and RGB pixels fit float's 24-bit mantissa exactly) and double
	 * otherwise (32-bit and text images, synthetic research targets); always double for
	 * complex layers, which run only on the double kernels.
	 */
	public static Precision resolve(final Precision precision, final Matrix data, final boolean[] missing,
		final boolean complex)
	{
		if (precision != Precision.AUTO) return precision;
		if (complex) return Precision.DOUBLE;
		for (int k = 0; k < data.re.length; k++) {
			// a missing entry reads as 0 (an integer) with no branch on the mask (Masked)
			final double v = Masked.unless(missing != null && missing[k], data.re[k]);
			if (v != Math.rint(v) || Math.abs(v) > (1 << 24)) return Precision.DOUBLE;
		}
		return Precision.FLOAT;
	}

	/**
	 * True when every kernel set can run this data term and field: real layers and an
	 * entrywise data term (completion, full observation), which the float and native kernels
	 * evaluate with their fused residual.
	 */
	static boolean fastPath(final DataTerm data, final boolean complex) {
		return !complex && data.entrywise().isPresent();
	}

	/**
	 * The kernels for a run. {@code precision} must be resolved (not AUTO).
	 *
	 * @throws IllegalArgumentException (a message naming the key and the fix) when
	 *           {@code backend=native} cannot load, or the combination is not available
	 */
	public static DenseKernels create(final BackendKind backend, final Precision precision, final int threads,
		final DataTerm data, final boolean complex)
	{
		if (precision == Precision.AUTO) throw new IllegalArgumentException("precision must be resolved");
		final int t = threads(threads);
		if (!fastPath(data, complex)) {
			final String what = complex ? "complex layers run" : "sensing runs";
			if (backend == BackendKind.NATIVE) {
				throw new IllegalArgumentException("backend=native runs real completion only; " + what +
					" on the java backend: use backend=auto or backend=java");
			}
			if (precision == Precision.FLOAT) {
				throw new IllegalArgumentException("precision=float is for real completion; " + what +
					" in double: use precision=auto or precision=double");
			}
			return new MatrixKernels(new JavaBackend(t), complex);
		}
		return createForCompletion(backend, precision, threads);
	}

	/**
	 * The kernels of a real completion (the fast path of {@link #create}: real layers, a data
	 * term with entrywise access), for callers that hold the mask themselves.
	 * {@code precision} must be resolved (not AUTO).
	 */
	public static DenseKernels createForCompletion(final BackendKind backend, final Precision precision,
		final int threads)
	{
		if (precision == Precision.AUTO) throw new IllegalArgumentException("precision must be resolved");
		final int t = threads(threads);
		if (backend != BackendKind.JAVA) {
			final DenseKernels k = loadNative(precision, t);
			if (k != null) return k;
			if (backend == BackendKind.NATIVE) {
				throw new IllegalArgumentException("backend=native: the native BLAS library cannot be loaded here (" +
					nativeFailure + "); use backend=auto or backend=java, or put the openblas and javacpp jars for " +
					"this platform on the class path (README: Backends)");
			}
			logFallbackOnce();
		}
		return precision == Precision.FLOAT ? new JavaFloatKernels(t) : new MatrixKernels(new JavaBackend(t), false);
	}

	/** Why the native kernels are unavailable, or null when they loaded (or were not tried). */
	public static String nativeFailure() {
		return nativeFailure;
	}

	/**
	 * Starts loading the native library on a daemon thread and returns at once: a fresh JVM
	 * spends about 0.25 s linking OpenBLAS (measured on the 2-core CI machine), which a
	 * caller can overlap with what comes before the first solve (starting the command
	 * context, reading the image, a dialog). A run that needs the kernels meanwhile waits
	 * for the same load ({@link #ensureLoaded} is synchronized); a failure is recorded as
	 * when the run itself loads.
	 */
	public static void preloadNative() {
		if (nativeFactory != null || nativeFailure != null) return;
		final Thread t = new Thread(Kernels::ensureLoaded, "deep-low-rank-blas-load");
		t.setDaemon(true);
		t.start();
	}

	/** True when the native kernels load on this platform (tries once). */
	public static boolean nativeAvailable() {
		ensureLoaded();
		return nativeFactory != null;
	}

	private static synchronized void ensureLoaded() {
		if (nativeFactory != null || nativeFailure != null) return;
		try {
			final Method m = Class.forName(NATIVE_CLASS).getMethod("create", Precision.class, int.class);
			// the first call loads and links the library: any Throwable here means "not available"
			// at the default thread count, so that a run at threads=0 need not set it again
			((DenseKernels) m.invoke(null, Precision.FLOAT, threads(0))).close();
			nativeFactory = m;
		}
		catch (final Throwable e) {
			final Throwable cause = e instanceof InvocationTargetException && e.getCause() != null ? e.getCause() : e;
			nativeFailure = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + firstLine(cause
				.getMessage()));
		}
	}

	private static DenseKernels loadNative(final Precision precision, final int threads) {
		ensureLoaded();
		final Method m = nativeFactory;
		if (m == null) return null;
		try {
			return (DenseKernels) m.invoke(null, precision, threads);
		}
		catch (final InvocationTargetException e) {
			if (e.getCause() instanceof RuntimeException) throw (RuntimeException) e.getCause();
			if (e.getCause() instanceof Error) throw (Error) e.getCause();
			throw new IllegalStateException(e.getCause());
		}
		catch (final IllegalAccessException e) {
			throw new IllegalStateException(e);
		}
	}

	private static synchronized void logFallbackOnce() {
		if (fallbackLogged) return;
		fallbackLogged = true;
		System.err.println("Deep Low-Rank: native BLAS unavailable (" + nativeFailure +
			"); using the pure-Java backend (slower; see README: Backends)");
	}

	private static String firstLine(final String s) {
		final int nl = s.indexOf('\n');
		return nl < 0 ? s : s.substring(0, nl);
	}
}
