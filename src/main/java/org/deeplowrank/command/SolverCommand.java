package org.deeplowrank.command;

import org.deeplowrank.image.StackResult;
import org.deeplowrank.io.LogTable;
import org.deeplowrank.solver.ReconstructionResult;

/**
 * A command that reconstructs ONE image (Complete Masked Image, Greedy Low-Rank Learning,
 * Sense and Reconstruct Image), as front ends see it: they tell it the image's channel axis
 * and read its result. The commands run through {@link ImageRun}; their keys are
 * {@link SolverParameters}' (and {@link CompletionParameters}' for completion), the input
 * {@code image} and the outputs {@code reconstruction}, {@code log} and {@code summary}.
 * <p>
 * An interface rather than a base class because the completion commands share their
 * method and tile keys with the folder batch ({@link CompletionParameters}), which has no
 * input image: the two key sets overlap, and a class has one superclass.
 */
public interface SolverCommand {

	/** Declares which dimension of the image holds channels (-1: none, every extra dimension is a plane). */
	void setChannelAxis(int axis);

	/**
	 * The solver result behind the outputs (all parts combined, see
	 * {@link StackResult#combined}), or null before a run (or after bad input).
	 */
	ReconstructionResult getResult();

	/** The whole result, per part; null before a run or after bad input. */
	StackResult getStackResult();

	/** What front ends append to the input's name for the result ("cells" -> "cells_completed"). */
	String resultSuffix();

	/** The command's label, as in the menu and in the runner's {@code --run "label"}. */
	String title();
}
