/**
 * The SciJava commands, thin: their {@code @Parameter} fields are the keys of every front
 * end (Fiji, the ImageJ 1.x bridge, macros, the runner, the batch); {@code SolverParameters}
 * maps them onto {@code SolverSettings} in one place, {@code CompletionParameters} holds the
 * method, lifting, tile and GLRL keys shared with the batch, and {@code ImageRun} runs an
 * image through {@code StackReconstruction} with the solver of the {@code Methods} registry.
 * {@code CommandKeys} reads the key table for front ends without SciJava.
 * <p>
 * May import: {@code solver}, {@code image}, {@code io}, {@code keys}, SciJava, ImgLib2.
 * Not {@code ij1}, {@code headless}, {@code batch} or {@code spark}.
 */
package org.deeplowrank.command;
