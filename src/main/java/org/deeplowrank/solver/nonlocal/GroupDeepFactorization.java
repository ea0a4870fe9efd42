package org.deeplowrank.solver.nonlocal;

/** Placeholder, completed below. */
final class GroupDeepFactorization implements GroupSolver {
	GroupDeepFactorization(final int n, final int k, final int depth, final double scale, final double lr,
		final int iterations)
	{
		throw new UnsupportedOperationException("not yet");
	}

	@Override
	public int complete(final double[] observed, final boolean[] mask, final double[] estimate, final boolean[] heldOut,
		final long groupSeed)
	{
		return 0;
	}
}
