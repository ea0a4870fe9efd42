package org.deeplowrank.solver;

import java.util.Locale;

import org.deeplowrank.keys.KeyValues;

/**
 * The units of the keys {@code lr}, {@code scale} and {@code epsilon} and of the problem
 * the solver sees (the key {@code units}).
 * <ul>
 * <li>{@link #NORMALIZED} (default): the data are centered when the mean dominates
 * ({@link Centering}) and divided by their RMS; {@code lr} is relative (1 = half the
 * stability limit at the solution, {@link Reconstruction#absoluteStep}); {@code scale} is
 * the size of each layer in operator norm relative to the normalized data
 * ({@link GdSettings#scale()}). The same keys then work for every image size and bit
 * depth.</li>
 * <li>{@link #PAPER}: the papers' problem exactly as written (METHOD.md §1–2): no centering
 * and no normalization, so f = ½‖W − Σ‖_F² (full observation, 4L eq. 2 / ACGH eq. 2),
 * ½Σ_Ω (W_ij − Y_ij)² (completion) or ½Σ_i (⟨A_i, W⟩ − y_i)² (sensing) on the values as
 * given; {@code lr} is the absolute step η of W_j ← W_j − η ∇_{W_j} L (4L eq. 2; for
 * {@code optimizer=adaptive} the η of GLRL App. C.1); {@code scale} is the ε of the
 * initialization as its paper defines it:
 * <ul>
 * <li>{@code gaussian}: iid entries ε·N(0,1)_F (4L eq. 13), whatever the layer size. WIND
 * §2.2's std ε/(C√h) is this with ε_here = ε_WIND/(C√h);</li>
 * <li>{@code haar}: 4L eq. 6, W_j = ε Q_{j,j+1} G Q_{j-1,j}^H with G iid N(0,1)_F;</li>
 * <li>{@code balanced}: ACGH Procedure 1 with 𝒟 = iid N(0, ε²) entries of the product A
 * (the std s of ACGH Theorem 2);</li>
 * <li>{@code orthogonal}, {@code identity}: every layer ε times an isometry (the identity:
 * W_j(0) = ε I, ACGH Claim 5 with ε = 1); the same in both units;</li>
 * <li>GLRL's {@code epsilon}: the ε of GLRL Alg. 1 (U_r(0) = [U_{r−1}, √ε u_r], so each
 * phase adds ε u_r u_r^T; Alg. 2: ε^{1/L} per factor), on the data as given.</li>
 * </ul>
 * The log (loss, rmse, singular values, step) is in the same units, those of the input.
 * With nothing missing there is no validation hold-out (the problem is the fully observed
 * one of 4L and ACGH).</li>
 * </ul>
 */
public enum Units {
	NORMALIZED, PAPER;

	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** Accepts normalized|paper (case-insensitive). */
	public static Units parse(final String s) {
		return KeyValues.parseEnum(Units.class, "units", s);
	}

	public boolean paper() {
		return this == PAPER;
	}
}
