package org.deeplowrank.solver.kernels;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes the float twins of the double kernel templates, EJML-style: the double source is
 * the template, the float class is generated from it and never edited by hand
 * ({@code DoubleGemm} → {@code FloatGemm}, {@code DoubleSampled} → {@code FloatSampled}).
 * After editing a template, run from the project directory:
 * <pre>
 * mvn -B -o -q test-compile &amp;&amp; java -cp target/test-classes org.deeplowrank.solver.kernels.GenerateFloatKernels
 * </pre>
 * {@code GeneratedFloatKernelsTest} fails while a committed twin differs from what this
 * writes, so the twins cannot drift apart.
 * <p>
 * The rewrite, line by line after the template's leading comment (which the generated
 * header replaces):
 * <ul>
 * <li>the word {@code double} becomes {@code float}, and a word starting with {@code Double}
 * starts with {@code Float} ({@code DoubleGemm}, {@code Double.BYTES}), in code and comments
 * alike, so the templates' comments say "entries", not the type;</li>
 * <li>in code (not in comments), floating-point literals with a point or an exponent get an
 * {@code f} ({@code 0.5} → {@code 0.5f}), and the {@link Math} functions that only return
 * double get a {@code (float)} cast;</li>
 * <li>a line ending with {@value #KEEP} stays in double: only the template names change
 * (a sum accumulated in double in both precisions, a scalar returned in double).</li>
 * </ul>
 */
public final class GenerateFloatKernels {

	/** The templates, in {@link #DIR}. */
	static final String[] TEMPLATES = { "DoubleGemm", "DoubleSampled" };
	/** Where templates and twins live, relative to the project directory. */
	static final Path DIR = Paths.get("src", "main", "java", "org", "deeplowrank", "solver", "kernels");
	/** Marks a line that stays double in the twin. */
	static final String KEEP = "// kept double";

	private static final Pattern DOUBLE_WORD = Pattern.compile("\\bdouble\\b");
	private static final Pattern DOUBLE_PREFIX = Pattern.compile("\\bDouble");
	/** A template class name: {@code Double} followed by a capital (DoubleGemm). */
	private static final Pattern TEMPLATE_NAME = Pattern.compile("\\bDouble(?=[A-Z])");
	private static final Pattern LITERAL = Pattern.compile(
		"(?<![\\w.])((?:\\d+\\.\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?|\\d+[eE][-+]?\\d+)[dD]?(?![\\w.])");
	private static final Pattern DOUBLE_MATH = Pattern.compile("(?<!\\(float\\) )\\bMath\\.(sqrt|cbrt|exp|expm1|log|" +
		"log10|log1p|pow|hypot|sin|cos|tan|asin|acos|atan|atan2|sinh|cosh|tanh|floor|ceil|rint|toRadians|toDegrees)\\(");

	private GenerateFloatKernels() {}

	/** Regenerates every twin; argument: the project directory (default: the current one). */
	public static void main(final String[] args) throws IOException {
		final Path base = Paths.get(args.length > 0 ? args[0] : ".");
		for (final String template : TEMPLATES) {
			final String source = new String(Files.readAllBytes(base.resolve(DIR).resolve(template + ".java")),
				StandardCharsets.UTF_8);
			final Path out = base.resolve(DIR).resolve(twin(template) + ".java");
			Files.write(out, generate(template, source).getBytes(StandardCharsets.UTF_8));
			System.out.println("wrote " + out);
		}
	}

	/** {@code DoubleGemm} → {@code FloatGemm}. */
	static String twin(final String template) {
		if (!template.startsWith("Double")) throw new IllegalArgumentException("not a template name: " + template);
		return "Float" + template.substring("Double".length());
	}

	/** The float twin of the template {@code name} whose source is {@code source}. */
	static String generate(final String name, final String source) {
		final int pkg = source.indexOf("package ");
		if (pkg < 0) throw new IllegalArgumentException(name + ": no package line");
		final StringBuilder out = new StringBuilder();
		out.append("// Generated from ").append(name).append(".java by GenerateFloatKernels (src/test/java): do not edit.\n");
		out.append("// Edit the double template and regenerate (see GenerateFloatKernels); GeneratedFloatKernelsTest\n");
		out.append("// fails while this file differs from the generator's output.\n");
		final String[] lines = source.substring(pkg).split("\n", -1);
		for (int i = 0; i < lines.length; i++) {
			if (i > 0) out.append('\n');
			out.append(line(lines[i]));
		}
		return out.toString();
	}

	/** One template line in float (see the class comment). */
	static String line(final String line) {
		if (line.endsWith(KEEP)) return TEMPLATE_NAME.matcher(line).replaceAll("Float");
		final int commentAt = commentStart(line);
		final String code = line.substring(0, commentAt), comment = line.substring(commentAt);
		return types(DOUBLE_MATH.matcher(literals(code)).replaceAll("(float) Math.$1(")) + types(comment);
	}

	private static String types(final String s) {
		return DOUBLE_PREFIX.matcher(DOUBLE_WORD.matcher(s).replaceAll("float")).replaceAll("Float");
	}

	private static String literals(final String code) {
		final Matcher m = LITERAL.matcher(code);
		final StringBuffer sb = new StringBuffer();
		while (m.find()) m.appendReplacement(sb, Matcher.quoteReplacement(m.group(1) + "f"));
		m.appendTail(sb);
		return sb.toString();
	}

	/**
	 * Where the comment of a line starts: at once for a line inside a block comment
	 * ({@code *}, {@code /*}), else at a {@code //} outside a string or char literal, else
	 * the line's length.
	 */
	static int commentStart(final String line) {
		final String t = line.trim();
		if (t.startsWith("*") || t.startsWith("/*") || t.startsWith("//")) return 0;
		char quote = 0;
		for (int i = 0; i < line.length(); i++) {
			final char ch = line.charAt(i);
			if (quote != 0) {
				if (ch == '\\') i++;
				else if (ch == quote) quote = 0;
			}
			else if (ch == '"' || ch == '\'') quote = ch;
			else if (ch == '/' && i + 1 < line.length() && line.charAt(i + 1) == '/') return i;
		}
		return line.length();
	}
}
