package org.deeplowrank.solver;

import java.util.Objects;

/**
 * The settings of Greedy Low-Rank Learning (GLRL §5, Alg. 1/2) that gradient descent does
 * not have; GLRL's depth, step, optimizer and log settings are the shared ones of
 * {@link GdSettings}. In normalized units; immutable; part of {@link SolverSettings}, whose
 * builder makes them and checks them and holds their defaults.
 */
public final class GlrlSettings {

	private final double epsilon;
	private final int maxRank, phaseSteps;
	private final double tolerance, minPhaseGain;
	private final boolean symmetric;

	GlrlSettings(final double epsilon, final int maxRank, final int phaseSteps, final double tolerance,
		final double minPhaseGain, final boolean symmetric)
	{
		this.epsilon = epsilon;
		this.maxRank = maxRank;
		this.phaseSteps = phaseSteps;
		this.tolerance = tolerance;
		this.minPhaseGain = minPhaseGain;
		this.symmetric = symmetric;
	}

	/** ε, relative to the normalized data: each phase starts by adding ε u v^T. */
	public double epsilon() {
		return epsilon;
	}

	/** Rank cap; 0 = min(rows, cols). */
	public int maxRank() {
		return maxRank;
	}

	/** Cap on the gradient steps of one phase (the key {@code phase_steps}). */
	public int phaseSteps() {
		return phaseSteps;
	}

	/**
	 * Stop when λ_1(−∇f(W_r)) ≤ tolerance × λ_1(−∇f(0)); each phase runs until its gradient
	 * norm is ≤ tolerance² × its peak.
	 */
	public double tolerance() {
		return tolerance;
	}

	/**
	 * Stop when a phase lowers the loss by less than this fraction of the initial loss and
	 * keep the previous rank (noisy data: later phases fit noise). 0 = off (the paper's rule
	 * only).
	 */
	public double minPhaseGain() {
		return minPhaseGain;
	}

	/** true: W = U U^T (Alg. 1, square symmetric data); false: the asymmetric reduction U' = [U; V]. */
	public boolean symmetric() {
		return symmetric;
	}

	@Override
	public boolean equals(final Object o) {
		if (!(o instanceof GlrlSettings)) return false;
		final GlrlSettings g = (GlrlSettings) o;
		return Double.compare(epsilon, g.epsilon) == 0 && maxRank == g.maxRank && phaseSteps == g.phaseSteps && Double
			.compare(tolerance, g.tolerance) == 0 && Double.compare(minPhaseGain, g.minPhaseGain) == 0 &&
			symmetric == g.symmetric;
	}

	@Override
	public int hashCode() {
		return Objects.hash(epsilon, maxRank, phaseSteps, tolerance, minPhaseGain, symmetric);
	}
}
