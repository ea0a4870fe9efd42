/**
 * Research diagnostics of the training dynamics: studies over depths and initial scales
 * (final loss, iterations to a threshold, effective rank, imbalance) and the convergence
 * bounds of the papers (ACGH eq. 6 deficiency margin, MVM λ_min of 𝒯).
 * <p>
 * Sits above {@code org.deeplowrank.solver}: it runs reconstructions through the entry
 * points. May import: the solver and its sub-packages, Java.
 */
package org.deeplowrank.solver.dynamics;
