package org.deeplowrank.ij1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The native backend as users get it, on the real fat jar (integration test, after
 * {@code package}): the jar bundles the linux-x86_64 natives and no other platform's;
 * {@code backend=auto} uses them; with the natives really removed (a copy of the jar
 * without org/bytedeco) {@code auto} falls back to java with one log line and the same
 * output bytes as {@code backend=java}, and {@code backend=native} is a bad-input error
 * (exit 2, one {@code error:} line naming the fix).
 */
class NativeFallbackIT {

	@TempDir
	Path tmp;

	private static final String COMPLETE = "Complete Masked Image";

	private Forked run(final Path jar, final String name, final String keys) throws Exception {
		return Forked.java(MacrosIT.PROJECT, tmp.resolve("jvm-" + name), "-jar", jar.toString(), "--run", COMPLETE,
			"image=" + MacrosIT.EXAMPLES.resolve("weave.tif") + ",mask=" + MacrosIT.EXAMPLES.resolve("weave_mask.tif") +
				",method=gd,iterations=150,threads=2,output=" + tmp.resolve(name + ".tif") + "," + keys);
	}

	private static boolean linuxX64() {
		final String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
		final String arch = System.getProperty("os.arch", "");
		return os.contains("linux") && (arch.equals("amd64") || arch.equals("x86_64"));
	}

	@Test
	void fatJarBundlesOnlyLinuxNatives() throws Exception {
		final List<String> libs = new ArrayList<>();
		try (ZipFile z = new ZipFile(MacrosIT.FAT_JAR.toFile())) {
			for (final Enumeration<? extends ZipEntry> e = z.entries(); e.hasMoreElements();) {
				final String n = e.nextElement().getName();
				if (n.endsWith(".so") || n.contains(".so.") || n.endsWith(".dll") || n.endsWith(".dylib")) libs.add(n);
			}
		}
		assertTrue(libs.contains("org/bytedeco/openblas/linux-x86_64/libopenblas.so.0"), libs.toString());
		assertTrue(libs.contains("org/bytedeco/openblas/linux-x86_64/libjniopenblas_nolapack.so"), libs.toString());
		assertTrue(libs.stream().anyMatch(l -> l.endsWith("linux-x86_64/libjnijavacpp.so")), libs.toString());
		for (final String l : libs) assertTrue(l.contains("/linux-x86_64/"), "another platform's library: " + l);
		// the LAPACK-enabled JNI wrapper (24 MB) is not needed: only openblas_nolapack is loaded
		assertFalse(libs.contains("org/bytedeco/openblas/linux-x86_64/libjniopenblas.so"), libs.toString());
	}

	@Test
	void autoFallsBackWithOneLineAndTheSameResultAsJava() throws Exception {
		final Path stripped = tmp.resolve("without-natives.jar");
		try (ZipFile z = new ZipFile(MacrosIT.FAT_JAR.toFile());
			OutputStream os = Files.newOutputStream(stripped);
			ZipOutputStream out = new ZipOutputStream(os))
		{
			for (final Enumeration<? extends ZipEntry> e = z.entries(); e.hasMoreElements();) {
				final ZipEntry entry = e.nextElement();
				if (entry.getName().startsWith("org/bytedeco/")) continue;
				out.putNextEntry(new ZipEntry(entry.getName()));
				try (InputStream in = z.getInputStream(entry)) {
					in.transferTo(out);
				}
				out.closeEntry();
			}
		}
		final Forked java = run(MacrosIT.FAT_JAR, "java", "backend=java");
		assertEquals(0, java.code, java::toString);
		assertTrue(java.out.contains("backend=java/float"), java::toString);
		assertFalse(java.err.contains("native BLAS"), java::toString);

		final Forked auto = run(stripped, "auto", "backend=auto");
		assertEquals(0, auto.code, auto::toString);
		assertTrue(auto.out.contains("backend=java/float"), auto::toString);
		final long lines = auto.err.lines().filter(l -> l.contains("native BLAS unavailable")).count();
		assertEquals(1, lines, auto::toString);
		assertArrayEquals(Files.readAllBytes(tmp.resolve("java.tif")), Files.readAllBytes(tmp.resolve("auto.tif")),
			"auto without natives must give backend=java's bytes");

		final Forked forced = run(stripped, "native", "backend=native");
		assertEquals(2, forced.code, forced::toString);
		assertTrue(forced.err.startsWith("error: backend=native: the native BLAS library cannot be loaded here"),
			forced::toString);
		assertTrue(forced.err.contains("use backend=auto or backend=java"), forced::toString);
		assertFalse(forced.err.contains("\tat "), "no stack trace: " + forced.err);
		assertFalse(Files.exists(tmp.resolve("native.tif")), "nothing written on bad input");

		if (linuxX64()) {
			final Forked nat = run(MacrosIT.FAT_JAR, "auto-native", "backend=auto");
			assertEquals(0, nat.code, nat::toString);
			assertTrue(nat.out.contains("backend=native/float"), nat::toString);
		}
	}
}
