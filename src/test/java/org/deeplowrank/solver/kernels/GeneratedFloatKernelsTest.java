package org.deeplowrank.solver.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.junit.jupiter.api.Test;

/**
 * The float kernels are generated from the double templates ({@link GenerateFloatKernels}):
 * the committed twins must be exactly the generator's output, so they cannot drift; and the
 * rewrite rules themselves.
 */
class GeneratedFloatKernelsTest {

	private static String read(final Path p) throws IOException {
		return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
	}

	@Test
	void committedFloatTwinsAreTheGeneratorsOutput() throws IOException {
		final Path dir = Paths.get(System.getProperty("basedir", ".")).resolve(GenerateFloatKernels.DIR);
		for (final String template : GenerateFloatKernels.TEMPLATES) {
			final String twin = GenerateFloatKernels.twin(template);
			assertEquals(GenerateFloatKernels.generate(template, read(dir.resolve(template + ".java"))), read(dir.resolve(
				twin + ".java")), twin + ".java is not the output of GenerateFloatKernels on " + template +
					".java: edit the template, not the twin, and regenerate (see GenerateFloatKernels)");
		}
	}

	@Test
	void typesLiteralsAndMathCallsBecomeFloat() {
		assertEquals("\tfinal float[] x = new float[n]; // float entries", GenerateFloatKernels.line(
			"\tfinal double[] x = new double[n]; // double entries"));
		assertEquals("\ty = 0.5f * (float) Math.sqrt(v) + 1e-8f * (float) Math.pow(v, 2.0f) - 3E4f + Math.abs(w);",
			GenerateFloatKernels.line("\ty = 0.5 * Math.sqrt(v) + 1e-8 * Math.pow(v, 2.0) - 3E4d + Math.abs(w);"));
		// template names and the boxed type; integers, names with digits and comments keep their numbers
		assertEquals("final FloatGemm g = new FloatGemm(p); // Float.BYTES, 0.5 (§3.2)", GenerateFloatKernels.line(
			"final DoubleGemm g = new DoubleGemm(p); // Double.BYTES, 0.5 (§3.2)"));
		assertEquals("\ts1 = alpha * a[ai + 1] + b2[3]; // 128 x 512", GenerateFloatKernels.line(
			"\ts1 = alpha * a[ai + 1] + b2[3]; // 128 x 512"));
		assertEquals(" * the float entries 0.25 (no literal rewrite in comments)", GenerateFloatKernels.line(
			" * the double entries 0.25 (no literal rewrite in comments)"));
		assertEquals("\tfloat doubled = (float) x; // doubleDigits", GenerateFloatKernels.line(
			"\tdouble doubled = (double) x; // doubleDigits"));
	}

	@Test
	void markedLinesStayDouble() {
		assertEquals("\t\tdouble sum = 0.5 * Math.sqrt(s); // kept double", GenerateFloatKernels.line(
			"\t\tdouble sum = 0.5 * Math.sqrt(s); // kept double"));
		assertEquals("\tdouble loss(final FloatSampled s) { // kept double", GenerateFloatKernels.line(
			"\tdouble loss(final DoubleSampled s) { // kept double"));
	}

	@Test
	void theHeaderReplacesTheTemplatesLeadingComment() {
		final String twin = GenerateFloatKernels.generate("DoubleX",
			"// Template of FloatX.\npackage p;\n\nfinal class DoubleX {\n\tdouble v;\n}\n");
		assertEquals("// Generated from DoubleX.java by GenerateFloatKernels (src/test/java): do not edit.\n" +
			"// Edit the double template and regenerate (see GenerateFloatKernels); GeneratedFloatKernelsTest\n" +
			"// fails while this file differs from the generator's output.\n" +
			"package p;\n\nfinal class FloatX {\n\tfloat v;\n}\n", twin);
		assertEquals("FloatGemm", GenerateFloatKernels.twin("DoubleGemm"));
	}
}
