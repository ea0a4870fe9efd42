/**
 * The headless runner: {@code java -jar deep-low-rank-headless.jar --list | --help | --run |
 * -batch}. {@link org.deeplowrank.headless.HeadlessRunner} dispatches and maps outcomes to
 * exit statuses; {@link org.deeplowrank.headless.CommandCatalog} finds the commands,
 * {@link org.deeplowrank.headless.RunRequest} turns {@code key=value} options into module
 * inputs, {@link org.deeplowrank.headless.RunnerKey} is the one list of the runner's own
 * output keys, {@link org.deeplowrank.headless.OutputPathPolicy} the one rule for the paths
 * they name, {@link org.deeplowrank.headless.CommandRun} and
 * {@link org.deeplowrank.headless.MacroRun} run a command or an ImageJ 1.x macro,
 * {@link org.deeplowrank.headless.ProgressWatcher} and
 * {@link org.deeplowrank.headless.HelpPrinter} print progress and help.
 * <p>
 * May import: {@code org.deeplowrank.command} (keys, logs, the command base classes),
 * {@code org.deeplowrank.ij1} (ImageJ 1.x files, macros, plots), the solver's result types and
 * {@code Kernels.preloadNative} (the native library links while the command context starts),
 * SciJava, ImgLib2 and ij.jar. Nothing else in the project imports this package except
 * through {@code HeadlessRunner.run} and {@code main}.
 */
package org.deeplowrank.headless;
