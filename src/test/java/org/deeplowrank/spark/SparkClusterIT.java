package org.deeplowrank.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
import ij.process.ShortProcessor;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark driver on a REAL standalone cluster: a master and two workers started as
 * separate JVMs from the Spark jars of the Maven repository (a {@code SPARK_HOME} whose
 * {@code jars/} links them: a worker launches its executors from there), the job submitted
 * through spark-submit's own entry point ({@code org.apache.spark.deploy.SparkSubmit},
 * client mode) with the headless jar as the application, and one worker killed (with its
 * executor) while its tasks run. Spark reschedules the lost tasks on the other worker; the
 * outputs must be byte-identical to the single-machine batch run through the same jar
 * ({@code --run "Batch Complete Folder"}), every image done, no temporary file left.
 * <p>
 * Everything binds to 127.0.0.1. Run by failsafe after {@code package} (it needs the
 * headless jar); the README section "Spark on a standalone cluster" gives the same
 * commands by hand.
 */
class SparkClusterIT {

	/** No step of the cluster test may take longer than this. */
	private static final long TIMEOUT_SECONDS = 400;

	private static final int IMAGES = 8;

	@TempDir
	Path dir;

	private final List<Process> started = new ArrayList<>();

	@AfterEach
	void stopCluster() {
		for (final Process p : started) killTree(p);
	}

	@Test
	void clusterWithAKilledWorkerWritesTheBatchBytes() throws Exception {
		final Path jar = Paths.get("target", "deep-low-rank-headless.jar").toAbsolutePath();
		assumeTrue(Files.isRegularFile(jar), "the headless jar is built by 'mvn package' before the integration tests");
		final Path in = Files.createDirectories(dir.resolve("in"));
		writeImages(in);
		final String keys = "iterations=1500,tolerance=0,seed=5,threads=1,validation=0";

		// the single-machine batch, through the same jar
		final Path single = dir.resolve("single");
		final Process batch = start(dir.resolve("batch.log"), javaCommand(List.of("-Xmx1g", "-jar", jar.toString(),
			"--run", "Batch Complete Folder", "input=" + in + ",output=" + single + "," + keys)), Map.of());
		assertTrue(batch.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), "single-machine batch timed out");
		assertEquals(0, batch.exitValue(), read(dir.resolve("batch.log")));

		// the cluster
		final Path sparkHome = sparkHome();
		// SPARK_SCALA_VERSION: the launcher that builds an executor's command line otherwise looks for a
		// source build's launcher/target/scala-2.13 to learn the Scala version of the jars
		final Map<String, String> env = Map.of("SPARK_HOME", sparkHome.toString(), "SPARK_LOCAL_IP", "127.0.0.1",
			"SPARK_SCALA_VERSION", "2.13", "SPARK_LOG_DIR", dir.resolve("logs").toString());
		final int port = freePort();
		final String master = "spark://127.0.0.1:" + port;
		final String sparkCp = sparkHome.resolve("jars") + File.separator + "*";
		final List<String> javaOpts = javaOptions();
		final Process masterJvm = start(dir.resolve("master.log"), javaCommand(concat(javaOpts, List.of("-Xmx512m", "-cp",
			sparkCp, "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port", String.valueOf(port),
			"--webui-port", String.valueOf(freePort())))), env);
		waitForLine(dir.resolve("master.log"), masterJvm, "I have been elected leader|Starting Spark master");
		final Process[] workers = new Process[2];
		for (int w = 0; w < 2; w++) {
			final Path log = dir.resolve("worker" + w + ".log");
			workers[w] = start(log, javaCommand(concat(javaOpts, List.of("-Xmx512m", "-cp", sparkCp,
				"org.apache.spark.deploy.worker.Worker", master, "--host", "127.0.0.1", "--cores", "1", "--memory", "1g",
				"--webui-port", String.valueOf(freePort()), "--work-dir", dir.resolve("work" + w).toString()))), env);
			waitForLine(log, workers[w], "Successfully registered with master");
		}

		final Path clustered = dir.resolve("cluster");
		final String executorOpts = String.join(" ", javaOpts) + " -Djava.awt.headless=true";
		final Process submit = start(dir.resolve("submit.log"), javaCommand(concat(javaOpts, List.of("-Xmx1g", "-cp",
			sparkCp, "org.apache.spark.deploy.SparkSubmit", "--master", master, "--deploy-mode", "client", "--class",
			"org.deeplowrank.spark.SparkBatch", "--conf", "spark.driver.host=127.0.0.1", "--conf",
			"spark.driver.bindAddress=127.0.0.1", "--conf", "spark.ui.enabled=false", "--conf",
			"spark.executor.memory=700m", "--conf", "spark.executor.cores=1", "--conf", "spark.task.maxFailures=8",
			"--conf", "spark.executor.extraJavaOptions=" + executorOpts, jar.toString(), "input=" + in + ",output=" +
				clustered + "," + keys))), env);

		// kill worker 0 (and its executor) once it has finished a task and is running others
		final Path work0 = dir.resolve("work0");
		final long t0 = System.nanoTime();
		while (resultCount(clustered) < 1 || !hasExecutor(work0)) {
			assertTrue(submit.isAlive(), "the job ended before a worker could be killed:\n" + read(dir.resolve(
				"submit.log")));
			assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS), "no task finished in time");
			Thread.sleep(100);
		}
		final int doneBeforeKill = resultCount(clustered);
		killTree(workers[0]);
		assertTrue(submit.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), "spark-submit timed out:\n" + read(dir.resolve(
			"submit.log")));
		final String submitLog = read(dir.resolve("submit.log"));
		assertEquals(0, submit.exitValue(), submitLog);
		assertTrue(doneBeforeKill < IMAGES, "the worker was killed after the last image: nothing was rescheduled");
		assertTrue(Pattern.compile("Executor \\S+ removed|Lost executor").matcher(submitLog).find(),
			"the driver never saw the executor go:\n" + submitLog);

		// every image done, the same bytes, no temporary file
		final List<String> singleFiles = files(single), clusterFiles = files(clustered);
		assertEquals(singleFiles, clusterFiles);
		for (final String f : singleFiles) {
			assertTrue(!f.endsWith(".tmp") && !f.startsWith("."), "left over: " + f);
			if (f.endsWith(".tif") || f.endsWith(".png")) {
				assertArrayEquals(Files.readAllBytes(single.resolve(f)), Files.readAllBytes(clustered.resolve(f)), f);
			}
		}
		assertEquals(IMAGES, resultCount(clustered));
		final List<String> summary = Files.readAllLines(clustered.resolve("summary.csv"));
		assertEquals(IMAGES + 1, summary.size(), String.join("\n", summary));
		for (final String row : summary.subList(1, summary.size())) assertTrue(row.contains(",done,"), row);
	}

	/** 8-bit and 16-bit rank-3 images of 48 x 40 with masks (30 % missing), deterministic. */
	private static void writeImages(final Path in) throws IOException {
		final int w = 48, h = 40;
		for (int k = 0; k < IMAGES; k++) {
			final Random rnd = new Random(100 + k);
			final double[][] u = new double[3][h], v = new double[3][w];
			for (int r = 0; r < 3; r++) {
				for (int y = 0; y < h; y++) u[r][y] = 1 + rnd.nextDouble();
				for (int x = 0; x < w; x++) v[r][x] = 1 + rnd.nextDouble();
			}
			final ShortProcessor img = new ShortProcessor(w, h);
			final ByteProcessor mask = new ByteProcessor(w, h);
			for (int y = 0; y < h; y++) {
				for (int x = 0; x < w; x++) {
					double s = 0;
					for (int r = 0; r < 3; r++) s += u[r][y] * v[r][x];
					img.set(x, y, (int) Math.round(1000 * s));
					if (rnd.nextDouble() < 0.3) mask.set(x, y, 255);
				}
			}
			final String name = String.format("img%d", k);
			assertTrue(new FileSaver(new ImagePlus(name, img)).saveAsTiff(in.resolve(name + ".tif").toString()));
			assertTrue(new FileSaver(new ImagePlus(name + "_mask", mask)).saveAsTiff(in.resolve(name + "_mask.tif")
				.toString()));
		}
	}

	/** A SPARK_HOME whose jars/ links every jar of the test class path (Spark and its dependencies). */
	private Path sparkHome() throws IOException {
		final Path home = Files.createDirectories(dir.resolve("spark-home"));
		final Path jars = Files.createDirectories(home.resolve("jars"));
		final String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		final Path sparkCore = Paths.get(jarOf(SparkConf.class));
		int linked = 0;
		for (final String entry : cp.split(File.pathSeparator)) {
			final Path p = Paths.get(entry);
			if (!entry.endsWith(".jar") || !Files.isRegularFile(p)) continue;
			final Path link = jars.resolve(p.getFileName());
			if (!Files.exists(link)) Files.createSymbolicLink(link, p.toAbsolutePath());
			linked++;
		}
		assertTrue(Files.exists(jars.resolve(sparkCore.getFileName())), "spark-core is not on the test class path: " + cp);
		assertTrue(linked > 20, "too few jars on the test class path: " + linked);
		return home;
	}

	private static String jarOf(final Class<?> c) {
		try {
			return Paths.get(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
		}
		catch (final Exception e) {
			throw new IllegalStateException(e);
		}
	}

	/** The JVM options Spark needs on Java 17: the pom's {@code spark.java.options}, which the tests also run with. */
	private static List<String> javaOptions() throws IOException {
		final String pom = new String(Files.readAllBytes(Paths.get("pom.xml")), StandardCharsets.UTF_8);
		final Matcher m = Pattern.compile("<spark.java.options>(.*?)</spark.java.options>").matcher(pom);
		assertTrue(m.find(), "spark.java.options not found in pom.xml");
		return Arrays.stream(m.group(1).trim().split("\\s+")).collect(Collectors.toList());
	}

	private static List<String> javaCommand(final List<String> args) {
		final List<String> cmd = new ArrayList<>();
		cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
		cmd.add("-Djava.awt.headless=true");
		cmd.addAll(args);
		return cmd;
	}

	private static List<String> concat(final List<String> a, final List<String> b) {
		final List<String> c = new ArrayList<>(a);
		c.addAll(b);
		return c;
	}

	private Process start(final Path log, final List<String> cmd, final Map<String, String> env) throws IOException {
		final ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
			.redirectOutput(log.toFile());
		pb.environment().putAll(env);
		pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
		final Process p = pb.start();
		p.getOutputStream().close();
		started.add(p);
		return p;
	}

	private static void waitForLine(final Path log, final Process p, final String regex) throws Exception {
		final Pattern pattern = Pattern.compile(regex);
		final long t0 = System.nanoTime();
		while (true) {
			if (Files.exists(log) && pattern.matcher(read(log)).find()) return;
			assertTrue(p.isAlive(), "process ended before '" + regex + "':\n" + read(log));
			assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(120), "timed out waiting for '" + regex +
				"':\n" + read(log));
			Thread.sleep(100);
		}
	}

	private static boolean hasExecutor(final Path workDir) throws IOException {
		if (!Files.isDirectory(workDir)) return false;
		try (Stream<Path> s = Files.walk(workDir, 2)) {
			return s.anyMatch(p -> p.getParent() != null && p.getParent().getFileName().toString().startsWith("app-"));
		}
	}

	private static int resultCount(final Path out) throws IOException {
		if (!Files.isDirectory(out)) return 0;
		try (Stream<Path> s = Files.list(out)) {
			return (int) s.filter(p -> p.getFileName().toString().endsWith("_completed.tif")).count();
		}
	}

	private static List<String> files(final Path folder) throws IOException {
		try (Stream<Path> s = Files.walk(folder)) {
			return s.filter(p -> !p.equals(folder) && !p.getFileName().toString().endsWith("_log.csv") && !p
				.getFileName().toString().equals("summary.csv")).map(p -> folder.relativize(p).toString()).sorted().collect(
					Collectors.toList());
		}
	}

	/** Kills a process and every process it started (a worker's executors). */
	private static void killTree(final Process p) {
		final List<ProcessHandle> tree = p.descendants().collect(Collectors.toList());
		p.destroyForcibly();
		for (final ProcessHandle h : tree) h.destroyForcibly();
		try {
			p.waitFor(10, TimeUnit.SECONDS);
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	private static String read(final Path p) throws IOException {
		return Files.exists(p) ? new String(Files.readAllBytes(p), StandardCharsets.UTF_8) : "";
	}

	private static int freePort() throws IOException {
		try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			return s.getLocalPort();
		}
	}
}
