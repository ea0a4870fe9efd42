package org.deeplowrank.solver;

import org.deeplowrank.solver.gd.OptimizerKind;

/**
 * User-facing settings of Greedy Low-Rank Learning (field names are the command keys),
 * in normalized units like {@link SolverSettings}.
 */
public final class GreedySettings {

	/** Depth L ≥ 2 (2 = Alg. 1; deeper = Alg. 2). */
	public int depth = 2;
	/** ε, relative to the normalized data: each phase starts by adding ε u v^T. */
	public double epsilon = 1e-7;
	/** Rank cap; 0 = min(rows, cols). */
	public int maxRank = 0;
	/** Relative step, as {@link SolverSettings#lr}. */
	public double lr = 1;
	public OptimizerKind optimizer = OptimizerKind.GD;
	/** Cap on GD iterations per phase. */
	public int phaseIterations = 10000;
	/**
	 * Stop when λ_1(−∇f(W_r)) ≤ tolerance × λ_1(−∇f(0)); each phase runs until its
	 * gradient norm is ≤ tolerance² × its peak.
	 */
	public double tolerance = 1e-4;
	/**
	 * Stop when a phase lowers the loss by less than this fraction of the initial loss and
	 * keep the previous rank (noisy data: later phases fit noise). 0 = off (the paper's rule only).
	 */
	public double minPhaseGain = 1e-4;
	/** true: W = U U^T (Alg. 1, square symmetric data); false: the asymmetric reduction. */
	public boolean symmetric = false;
	public Centering center = Centering.AUTO;
	/** Observed pixels keep their observed values in the result (see {@link SolverSettings#keepObserved}). */
	public boolean keepObserved = true;
	/**
	 * Fraction of the observed pixels held out (chosen by the seed) to select the phase with
	 * the best validation error (see {@link GreedyLowRank}); 0 disables.
	 */
	public double validation = 0.05;
	public long seed = 0;
	public int logEvery = 10;
	public int singularValues = 5;
	public int threads = 0;

	public GreedySettings copy() {
		final GreedySettings g = new GreedySettings();
		g.depth = depth;
		g.epsilon = epsilon;
		g.maxRank = maxRank;
		g.lr = lr;
		g.optimizer = optimizer;
		g.phaseIterations = phaseIterations;
		g.tolerance = tolerance;
		g.minPhaseGain = minPhaseGain;
		g.symmetric = symmetric;
		g.center = center;
		g.keepObserved = keepObserved;
		g.validation = validation;
		g.seed = seed;
		g.logEvery = logEvery;
		g.singularValues = singularValues;
		g.threads = threads;
		return g;
	}

	public void validate() {
		if (depth < 2) throw SolverSettings.bad("depth", depth, "an integer >= 2 for GLRL");
		if (depth > 64) throw SolverSettings.bad("depth", depth, "at most 64");
		if (!(epsilon > 0) || !Double.isFinite(epsilon)) throw SolverSettings.bad("epsilon", epsilon,
			"a small positive number, e.g. 1e-7");
		if (maxRank < 0) throw SolverSettings.bad("max_rank", maxRank, "0 (no cap) or a positive integer");
		if (!(lr > 0) || !Double.isFinite(lr)) throw SolverSettings.bad("lr", lr, "a positive number, e.g. 1");
		if (optimizer == null) throw new IllegalArgumentException("missing value for 'optimizer'");
		if (center == null) throw new IllegalArgumentException("missing value for 'center'");
		if (phaseIterations < 1) throw SolverSettings.bad("phase_steps", phaseIterations, "an integer >= 1");
		if (!(tolerance > 0) || !(tolerance < 1)) throw SolverSettings.bad("tolerance", tolerance,
			"a number in (0, 1), e.g. 1e-4");
		if (!(minPhaseGain >= 0) || !(minPhaseGain < 1)) throw SolverSettings.bad("min_phase_gain", minPhaseGain,
			"a fraction in [0, 1), e.g. 1e-3; 0 = off");
		if (!(validation >= 0) || !(validation <= 0.5)) {
			throw SolverSettings.bad("validation", validation, "a fraction in [0, 0.5], e.g. 0.05; 0 disables");
		}
		if (logEvery < 1) throw SolverSettings.bad("log_every", logEvery, "an integer >= 1");
		if (singularValues < 0) throw SolverSettings.bad("singular_values", singularValues, "an integer >= 0");
		if (threads < 0) throw SolverSettings.bad("threads", threads, "0 (all processors) or a positive integer");
	}
}
