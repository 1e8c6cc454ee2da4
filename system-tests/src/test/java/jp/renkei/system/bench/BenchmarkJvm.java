package jp.renkei.system.bench;

import java.io.File;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The JVM one benchmark runs in: a fresh one per benchmark, so that none inherits another's heap, threads or compiled
 * code, with compiler threads for what it holds. Every benchmark but the soak runs the whole system in that one JVM
 * (five applications, the broker, the store); on 2 cores the JVM's ergonomics give it 2 compiler threads, one of them
 * C2, where a deployment's processes have one C2 thread each. With those 2, plan-write's JIT warm-up took 188 s to
 * settle and anything bounded below that measured the compiler, not the code (docs/benchmarks.md, 2026-12-06
 * evening). The default {@code -XX:CICompilerCount=6} gives it the compiler threads of about the five processes; once
 * the warm-up has settled they are idle. {@code -Dbench.jvm-args="…"} replaces it (a JFR recording, say).
 */
final class BenchmarkJvm {

    static final String JVM_ARGS = "bench.jvm-args";
    static final String DEFAULT_JVM_ARGS = "-XX:CICompilerCount=6";
    /** Set in the benchmark's own JVM: run the named benchmark here. */
    static final String IN_THIS_JVM = "bench.in-this-jvm";

    private BenchmarkJvm() {
    }

    /**
     * The command that runs one benchmark in a JVM of its own: this JVM's {@code java}, the JVM arguments, every
     * {@code bench.*} setting given to this one (but which benchmarks to run, and the JVM arguments), the main class and
     * its arguments. The class path goes in the environment ({@link #classPath()}).
     */
    static List<String> command(Path java, String benchmark, Properties settings, List<String> mainArguments) {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(jvmArguments(settings.getProperty(JVM_ARGS, DEFAULT_JVM_ARGS)));
        Map<String, String> forwarded = new TreeMap<>();
        settings.stringPropertyNames().stream()
                .filter(name -> name.startsWith("bench."))
                .filter(name -> !name.equals("bench.only") && !name.equals(JVM_ARGS) && !name.equals(IN_THIS_JVM))
                .forEach(name -> forwarded.put(name, settings.getProperty(name)));
        forwarded.forEach((name, value) -> command.add("-D" + name + "=" + value));
        command.add("-Dbench.only=" + benchmark);
        command.add("-D" + IN_THIS_JVM + "=true");
        command.add(Benchmarks.class.getName());
        command.addAll(mainArguments);
        return command;
    }

    static List<String> jvmArguments(String arguments) {
        return Arrays.stream(arguments.trim().split("\\s+")).filter(argument -> !argument.isEmpty()).toList();
    }

    /**
     * This JVM's class path: the class loader's when run by Maven's {@code exec:java} (which loads the test class
     * path in a class loader of its own), {@code java.class.path} when run with {@code java -cp}.
     */
    static String classPath() {
        if (Benchmarks.class.getClassLoader() instanceof URLClassLoader loader && loader.getURLs().length > 0) {
            List<String> entries = new ArrayList<>();
            for (URL url : loader.getURLs()) {
                entries.add(pathOf(url));
            }
            return String.join(File.pathSeparator, entries);
        }
        return System.getProperty("java.class.path");
    }

    static Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    private static String pathOf(URL url) {
        try {
            return Path.of(url.toURI()).toString();
        } catch (URISyntaxException notAFile) {
            throw new IllegalStateException("not a file on the class path: " + url, notAFile);
        }
    }
}
