/**
 * The ImageJ 1.x side: the one menu bridge ({@code CommandPlugIn}, named with its command
 * in plugins.config) and {@code CommandBridge} (a command's keys from ImageJ's images and
 * macro options), the short dialog and its advanced step ({@code KeyDialog},
 * {@code DialogLayout}, {@code QualityPreset}, {@code DialogDefaults}), result windows
 * ({@code LogDisplay}, {@code ResultWindows}), the area selection as a mask, macro
 * functions, headless macros ({@code HeadlessImageJ}, used by the runner's -batch) and
 * Fiji's integration (Esc, log display).
 * <p>
 * May import: ImageJ 1.x, SciJava, ImgLib2, {@code command}, {@code io}, {@code image},
 * {@code keys}, {@code solver}. Files are read and written through {@code io}.
 */
package org.deeplowrank.ij1;
