package org.deeplowrank.solver;

import java.util.function.BooleanSupplier;

import org.deeplowrank.solver.gd.SolverListener;
import org.deeplowrank.solver.linalg.Matrix;

/**
 * The ONE registry of completion methods: settings (their {@link SolverSettings#method()}
 * and {@link SolverSettings#lifting()}) → the solver of one matrix. Every front end that
 * completes images (Complete Masked Image, Greedy Low-Rank Learning, the folder batch, the
 * Spark driver) asks here, so they run the same code for the same keys.
 */
public final class Methods {

	private Methods() {}

	/** The solver of one matrix for the method and lifting of {@code settings} (valid settings: a valid pair). */
	public static Solver solver(final SolverSettings settings) {
		return new Solver(settings.method(), settings.lifting());
	}

	/**
	 * Completes one matrix with a method, on the image or on its patch matrix. The method
	 * and whether to lift are the solver's; everything else (the patch and stride included)
	 * comes from the settings it is given for the matrix ({@link MatrixSolver#solve}: the
	 * settings it was made from, with the part's seed).
	 * {@link #toString()} says what runs ("glrl on hankel patches of 8 x 8 (stride 1)").
	 */
	public static final class Solver implements MatrixSolver {

		private final Method method;
		private final LiftingSettings lifting;

		private Solver(final Method method, final LiftingSettings lifting) {
			this.method = method;
			this.lifting = lifting;
		}

		public Method method() {
			return method;
		}

		public LiftingSettings lifting() {
			return lifting;
		}

		@Override
		public ReconstructionResult solve(final Matrix data, final boolean[] missing, final Matrix reference,
			final SolverSettings settings, final SolverListener listener, final BooleanSupplier cancel)
		{
			switch (method) {
				case GD:
				case SOFTIMPUTE:
					if (lifting.kind() == Lifting.NONLOCAL) {
						return Reconstruction.nonlocal(data, missing, reference, settings, cancel);
					}
					if (method == Method.SOFTIMPUTE) return Reconstruction.softImpute(data, missing, reference, settings,
						cancel);
					return lifting.hankel() ? LiftedCompletion.complete(data, missing, reference, settings, listener, cancel)
						: Reconstruction.complete(data, missing, reference, settings, listener, cancel);
				case GLRL:
					if (lifting.kind() == Lifting.NONLOCAL) {
						return Reconstruction.nonlocal(data, missing, reference, settings, cancel);
					}
					return lifting.hankel() ? LiftedCompletion.completeGreedy(data, missing, reference, settings, listener,
						cancel) : Reconstruction.completeGreedy(data, missing, reference, settings, listener, cancel);
				case HARMONIC:
				case BIHARMONIC:
					return Reconstruction.inpaint(data, missing, reference, method == Method.BIHARMONIC, cancel);
				case AUTO:
					throw new IllegalStateException("method=auto is solved by solver.auto.AutoCompletion.solver, which " +
						"sits above this registry");
				default:
					throw new IllegalStateException("no solver for method " + method);
			}
		}

		@Override
		public boolean tileable() {
			return true;
		}

		@Override
		public long workingBytes(final int rows, final int cols, final SolverSettings settings) {
			// the patch and stride of the matrix's settings (see the class comment), as in solve
			return MemoryEstimate.completionBytes(method, lifting.hankel() ? settings.lifting() : lifting, rows, cols,
				settings);
		}

		/** With patch lifting: the smallest larger stride that fits. */
		@Override
		public String memoryAdvice(final int rows, final int cols, final SolverSettings settings, final long budget) {
			if (!lifting.hankel()) return null;
			for (int s = settings.lifting().stride() + 1; s <= settings.lifting().patch(); s++) {
				final long need = workingBytes(rows, cols, settings.toBuilder().stride(s).build());
				if (need <= budget) return "stride=" + s + " (about " + MemoryEstimate.size(need) + " for the lifting)";
			}
			return null;
		}

		@Override
		public String toString() {
			final String name = method == Method.HARMONIC || method == Method.BIHARMONIC ? method.key() + " inpainting"
				: method.key();
			if (lifting.kind() == Lifting.NONLOCAL) return name + " on nonlocal patch groups";
			return lifting.hankel() ? name + " on " + lifting : name;
		}
	}
}
