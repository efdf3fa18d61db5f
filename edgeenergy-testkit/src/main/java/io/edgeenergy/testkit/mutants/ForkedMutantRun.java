package io.edgeenergy.testkit.mutants;

import io.edgeenergy.EdgeEnergyException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Loads damaged models in a child JVM (the same {@code java}, the caller's class path) so that a
 * native crash is observed as a dead child instead of killing the test: the input that was being
 * loaded is recorded as a crash (and saved), a new child continues after it. Every other outcome
 * is counted by exception type; an exception that is not an {@link EdgeEnergyException} is an
 * unclean failure (e.g. a raw {@code NullPointerException}).
 *
 * <pre>{@code
 * ForkedMutantRun.Report r = ForkedMutantRun.mutants("tflite", model, 42L, 500, crashDir);
 * assertThat(r.crashes()).isEmpty();
 * }</pre>
 */
public final class ForkedMutantRun {
  /** A child that prints nothing for this long is hung (an infinite loop in native code). */
  private static final Duration SILENCE = Duration.ofSeconds(60);

  private ForkedMutantRun() {}

  /** An input whose load or run killed (or hung) the child JVM. */
  public record Crash(int index, String what, String exit, String stderrTail) {}

  /** What happened to every input. */
  public record Report(int inputs, int ok, Map<String, Integer> exceptions, List<Crash> crashes,
      List<String> unclean, int childJvms, Duration elapsed) {
    /** Inputs that ended in an exception of the SDK's own hierarchy. */
    public int cleanExceptions() {
      return inputs - ok - crashes.size() - unclean.size();
    }

    @Override
    public String toString() {
      return inputs + " inputs in " + elapsed.toMillis() + " ms over " + childJvms + " child JVMs: " + ok + " loaded"
          + " and ran, " + cleanExceptions() + " clean exceptions " + exceptions + ", " + unclean.size()
          + " unclean " + unclean.stream().limit(5).toList() + ", " + crashes.size() + " crashes "
          + crashes.stream().map(c -> c.index() + " (" + c.what() + ": " + c.exit() + ")").limit(30).toList();
    }
  }

  /**
   * Mutants {@code 0..count-1} of {@code original} for {@code seed} (see {@link ModelMutator}),
   * each loaded by {@code backend}; a crashing mutant is written to {@code crashDir} (if not null)
   * as {@code crash-s<seed>-<index>.<extension of original>}.
   */
  public static Report mutants(String backend, Path original, long seed, int count, Path crashDir)
      throws IOException, InterruptedException {
    ModelMutator mutator = new ModelMutator(Files.readAllBytes(original), seed);
    String name = original.getFileName().toString();
    String ext = name.substring(name.lastIndexOf('.') + 1);
    return run(count, from -> List.of(backend, original.toAbsolutePath().toString(), Long.toString(seed),
        Integer.toString(from), Integer.toString(count)), index -> {
          ModelMutator.Mutant m = mutator.mutant(index);
          if (crashDir != null) {
            Files.createDirectories(crashDir);
            Files.write(crashDir.resolve("crash-s" + seed + "-" + index + "." + ext), m.bytes());
          }
          return m.description();
        });
  }

  /** Each file loaded by {@code backend}, in a child JVM. */
  public static Report files(String backend, List<Path> files) throws IOException, InterruptedException {
    return run(files.size(), from -> {
      List<String> args = new ArrayList<>(List.of(backend, "--files", Integer.toString(from)));
      files.forEach(f -> args.add(f.toAbsolutePath().toString()));
      return args;
    }, index -> files.get(index).getFileName().toString());
  }

  /**
   * Asserts that no input crashed or hung the child and every failure was an SDK exception.
   *
   * @return {@code report}, for more assertions
   */
  public static Report assertClean(Report report) {
    org.assertj.core.api.Assertions.assertThat(report.crashes()).as("inputs that killed the JVM: %s", report).isEmpty();
    org.assertj.core.api.Assertions.assertThat(report.unclean()).as("exceptions outside the SDK's hierarchy: %s", report)
        .isEmpty();
    return report;
  }

  /** The files ending in {@code .ext} in {@code dir}, sorted: committed inputs that once crashed. */
  public static List<Path> regressionFiles(Path dir, String ext) throws IOException {
    try (java.util.stream.Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith("." + ext)).sorted().toList();
    }
  }

  private interface Args {
    List<String> from(int first);
  }

  private interface Describe {
    String crashed(int index) throws IOException;
  }

  private static Report run(int count, Args args, Describe describe) throws IOException, InterruptedException {
    long start = System.nanoTime();
    Map<String, Integer> exceptions = new TreeMap<>();
    List<Crash> crashes = new ArrayList<>();
    List<String> unclean = new ArrayList<>();
    int ok = 0;
    int children = 0;
    int next = 0;
    Path stderr = Files.createTempFile("edgeenergy-mutants", ".stderr");
    Path errorFile = stderr.resolveSibling("edgeenergy-mutants-hs_err_pid%p.log");
    try {
      while (next < count) {
        children++;
        List<String> cmd = new ArrayList<>(List.of(javaBinary(), "-Xmx512m", "-XX:-CreateCoredumpOnCrash",
            "-XX:ErrorFile=" + errorFile, "-cp", System.getProperty("java.class.path"),
            MutantLoadChild.class.getName()));
        cmd.addAll(args.from(next));
        Process p = new ProcessBuilder(cmd).redirectError(stderr.toFile()).start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
          try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
              lines.add(line);
            }
          } catch (IOException e) {
            // the child died; the exit code tells the rest
          }
          lines.add("EOF");
        }, "mutant-child-reader");
        reader.setDaemon(true);
        reader.start();
        int current = -1;
        boolean started = false;
        boolean done = false;
        boolean hung = false;
        while (true) {
          String line = lines.poll(SILENCE.toMillis(), TimeUnit.MILLISECONDS);
          if (line == null) {
            hung = true;
            p.destroyForcibly();
            break;
          }
          if (line.equals("EOF")) {
            break;
          }
          if (line.equals("DONE")) {
            done = true;
            break;
          }
          String[] f = line.split(" ", 4);
          if (f[0].equals("B")) {
            current = Integer.parseInt(f[1]);
            started = true;
          } else if (f[0].equals("E")) {
            int index = Integer.parseInt(f[1]);
            next = index + 1;
            current = -1;
            if (f[2].equals("OK")) {
              ok++;
            } else {
              exceptions.merge(f[3].split(" ", 2)[0], 1, Integer::sum);
              if (!isClean(f[3].split(" ", 2)[0])) {
                unclean.add(index + ": " + f[3]);
              }
            }
          }
        }
        p.waitFor(30, TimeUnit.SECONDS);
        if (done) {
          break;
        }
        if (!started) {
          throw new IllegalStateException("the child JVM died before loading anything (" + exitOf(p) + "): "
              + tail(stderr));
        }
        int crashed = current >= 0 ? current : next;
        String exit = hung ? "hung (no output for " + SILENCE.toSeconds() + " s)" : "exit " + exitOf(p);
        crashes.add(new Crash(crashed, describe.crashed(crashed), exit, tail(stderr)));
        next = crashed + 1;
      }
    } finally {
      Files.deleteIfExists(stderr);
    }
    return new Report(count, ok, exceptions, crashes, unclean, children, Duration.ofNanos(System.nanoTime() - start));
  }

  private static String exitOf(Process p) {
    if (p.isAlive()) {
      p.destroyForcibly();
      return "still running";
    }
    int code = p.exitValue();
    return code > 128 ? code + " (signal " + (code - 128) + ")" : Integer.toString(code);
  }

  private static boolean isClean(String className) {
    try {
      return EdgeEnergyException.class.isAssignableFrom(Class.forName(className, false,
          ForkedMutantRun.class.getClassLoader()));
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  private static String tail(Path file) throws IOException {
    String s = Files.readString(file, StandardCharsets.ISO_8859_1);
    return s.length() > 800 ? s.substring(s.length() - 800) : s;
  }

  private static String javaBinary() {
    return ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString());
  }
}
