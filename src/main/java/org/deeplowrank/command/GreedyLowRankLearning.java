package org.deeplowrank.command;

import org.deeplowrank.solver.Method;
import org.deeplowrank.solver.SolverSettings;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Greedy Low-Rank Learning (GLRL §5, Alg. 1/2): completes the image one rank-one phase at
 * a time, as gradient descent from an infinitesimal initialization does, with factors only
 * as wide as the rank found so far. Same inputs and outputs as "Complete Masked Image"
 * (whose {@code method=glrl} runs the same solver), plus {@code symmetric} and the
 * per-phase table; here {@code depth} defaults to 2 (Alg. 1) and {@code tolerance} is
 * GLRL's: stop when λ_1(−∇f(W_r)) ≤ tolerance·λ_1(−∇f(0)), phases run until their gradient
 * norm is ≤ tolerance² × its peak.
 */
@Plugin(type = Command.class, headless = true, label = GreedyLowRankLearning.LABEL,
	menuPath = "Plugins>Deep Low-Rank>" + GreedyLowRankLearning.LABEL,
	description = "Completes an image by Greedy Low-Rank Learning: rank-one phases from an infinitesimal start, " +
		"the path gradient descent follows from a small initialization.")
public class GreedyLowRankLearning extends CompleteMaskedImage {

	public static final String LABEL = "Greedy Low-Rank Learning";

	@Parameter(label = "Symmetric (W = U U^T)",
		description = "true: square symmetric data with a symmetric mask, W = U U^T (GLRL Alg. 1); false: the " +
			"asymmetric reduction U' = [U; V], for any image.")
	protected boolean symmetric = SolverSettings.GREEDY_DEFAULTS.glrl().symmetric();

	public GreedyLowRankLearning() {
		final SolverSettings g = SolverSettings.GREEDY_DEFAULTS;
		depth = g.gd().depth();
		tolerance = g.glrl().tolerance();
		method = g.method().key();
	}

	/**
	 * Method glrl whatever the key {@code method} says, with {@code symmetric}; the key
	 * {@code tolerance} is GLRL's here (it also stays gradient descent's, which GLRL does not
	 * use, so a negative value gets that key's message).
	 */
	@Override
	protected SolverSettings.Builder settingsBuilder() {
		return super.settingsBuilder().method(Method.GLRL).glrlTolerance(tolerance).symmetric(symmetric);
	}

	@Override
	public String resultSuffix() {
		return "_glrl";
	}
}
