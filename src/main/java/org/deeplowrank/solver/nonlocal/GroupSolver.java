package org.deeplowrank.solver.nonlocal;

/**
 * The completion of one centred p² × K group matrix (row-major, rows = pixel offsets in
 * the patch, columns = patches) on its observed entries. One instance per worker thread:
 * it owns its scratch arrays, so a call allocates nothing, and it keeps no state from one
 * group to the next (the result of a group does not depend on which thread solved it).
 */
interface GroupSolver {

	/**
	 * @param observed the observed values (row mean removed), read where {@code mask} is true
	 * @param mask true where the entry is observed and may be fitted
	 * @param estimate in: the current estimate of every entry (row mean removed); out: the
	 *          group's completed estimate
	 * @param heldOut true where the entry is observed but held out from the fit (checked
	 *          for stopping), or null when nothing is held out
	 * @param groupSeed the seed of this group's random initialization (solvers that need one)
	 * @return the rank of the estimate (diagnostics), or −1 when the solver does not know it
	 */
	int complete(double[] observed, boolean[] mask, double[] estimate, boolean[] heldOut, long groupSeed);
}
