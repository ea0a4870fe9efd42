package org.deeplowrank.solver.gd;

/** Receives progress from a running solver (called on the solver's thread). */
public interface SolverListener {

	SolverListener NONE = new SolverListener() {};

	/** A diagnostics row was logged. */
	default void logged(final LogRecord record) {}

	/** Called after each iteration: {@code iteration} steps done out of at most {@code max}. */
	default void progress(final int iteration, final int max) {}
}
