package io.edgeenergy.model;

import io.edgeenergy.internal.Sha256;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * An isolated first load for model files from outside the app (downloaded, updated over the air):
 * the file is loaded and run once in a child JVM (the same {@code java} and class path) before this
 * process touches it, so a file that makes the native runtime abort or segfault kills the child,
 * not the app. The verdict is cached by the file's SHA-256 (and backend) in a directory, so each
 * file costs one child JVM once; later loads of the same bytes cost one hash of the file.
 *
 * <p>Used by {@link ModelOptions.Builder#untrusted(boolean)}, or directly:
 *
 * <pre>{@code
 * ModelVerifier.inDirectory(appCacheDir.resolve("model-verdicts")).check(downloaded, "tflite");
 * Model m = InferenceBackends.load(downloaded);
 * }</pre>
 *
 * <p>Cost on a 2-core x86 VM (see docs/BENCHMARKS.md): about a second or two for the first check of
 * a file (JVM start, backend natives, one load and run), well under a millisecond for a cached small
 * model. The verdict directory must be private to the app: whoever can write into it can mark a
 * file safe. Needs a JVM that can start a child {@code java} process (not Android: there, run the
 * first load in an isolated service process).
 */
public final class ModelVerifier {
  /** A child that has not answered by then is treated as hung: the file is refused. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

  private final Path directory;
  private final Duration timeout;

  private ModelVerifier(Path directory, Duration timeout) {
    this.directory = Objects.requireNonNull(directory, "directory");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  /** A verifier caching its verdicts in {@code directory} (created if missing). */
  public static ModelVerifier inDirectory(Path directory) {
    return new ModelVerifier(directory, DEFAULT_TIMEOUT);
  }

  /** The verifier {@link ModelOptions#untrusted()} uses: {@code <java.io.tmpdir>/edgeenergy-model-verdicts}. */
  public static ModelVerifier standard() {
    return inDirectory(Paths.get(System.getProperty("java.io.tmpdir"), "edgeenergy-model-verdicts"));
  }

  /** This verifier with another limit for the child's load and run. */
  public ModelVerifier withTimeout(Duration limit) {
    if (limit.isNegative() || limit.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, was " + limit);
    }
    return new ModelVerifier(directory, limit);
  }

  /**
   * What the isolated load found.
   *
   * @param safe the child survived the load and one run (it may have refused the file cleanly)
   * @param sha256 the file's hash, hex
   * @param detail what the child reported: {@code OK}, the exception it got, or how it died
   * @param cached the verdict came from the directory, no child was started
   */
  public record Verdict(boolean safe, String sha256, String detail, boolean cached) {}

  /**
   * Loads {@code file} with {@code backend} in a child JVM, or reads the cached verdict.
   *
   * @throws ModelLoadException the file cannot be read, or the verdict cannot be stored
   */
  public Verdict verify(Path file, String backend) {
    String sha = sha256(file);
    Verdict cached = cached(sha, backend, "model file '" + file + "'");
    return cached != null ? cached : decide(file, backend, sha);
  }

  /**
   * Like {@link #verify} but fails unless the file is safe to load in this process.
   *
   * @throws ModelLoadException the file killed or hung the child JVM (the message says how)
   */
  public Verdict check(Path file, String backend) {
    return requireSafe(verify(file, backend), "model file '" + file + "'", backend);
  }

  /**
   * {@link #check(Path, String)} for a model held in memory: the cached verdict for these bytes' SHA-256
   * when there is one; only when a child must load them do the untrusted bytes go to a temporary file
   * (deleted after).
   *
   * @param model the model's bytes
   * @param label names the model in messages
   * @param backend the backend that will load it
   * @param extension the file ending {@code backend} loads (lower case, no dot), for the temporary file
   * @throws ModelLoadException the bytes killed or hung the child JVM, or could not be written for it
   */
  public Verdict check(byte[] model, String label, String backend, String extension) {
    String what = "model '" + label + "'";
    String sha = Sha256.of(model);
    Verdict v = cached(sha, backend, what);
    if (v == null) {
      Path tmp = null;
      try {
        tmp = Files.createTempFile("edgeenergy-untrusted", "." + extension);
        Files.write(tmp, model);
        v = decide(tmp, backend, sha);
      } catch (IOException e) {
        throw new ModelLoadException("cannot write " + what + " to a temporary file to verify it (" + e
            + "); check java.io.tmpdir", e);
      } finally {
        deleteQuietly(tmp);
      }
    }
    return requireSafe(v, what, backend);
  }

  private Path verdictFile(String sha, String backend) {
    return directory.resolve(sha + "-" + backend.replaceAll("[^A-Za-z0-9_.-]", "_") + ".verdict");
  }

  /** The verdict stored for these bytes and backend, or null when no child has judged them yet. */
  private Verdict cached(String sha, String backend, String what) {
    Path verdictFile = verdictFile(sha, backend);
    if (!Files.isRegularFile(verdictFile)) {
      return null;
    }
    try {
      String line = new String(Files.readAllBytes(verdictFile), StandardCharsets.UTF_8).trim();
      return new Verdict(line.startsWith("SAFE "), sha, line.substring(line.indexOf(' ') + 1).trim(), true);
    } catch (IOException e) {
      throw new ModelLoadException("cannot read the verdict for " + what + " in '" + directory + "' (" + e
          + "); make the directory readable or choose another with ModelVerifier.inDirectory", e);
    }
  }

  /** Loads the file in a child JVM and stores the verdict. */
  private Verdict decide(Path file, String backend, String sha) {
    try {
      Verdict v = runChild(file, backend, sha);
      Files.createDirectories(directory);
      Path tmp = Files.createTempFile(directory, sha, ".tmp");
      Files.write(tmp, ((v.safe() ? "SAFE " : "UNSAFE ") + v.detail() + "\n").getBytes(StandardCharsets.UTF_8));
      Files.move(tmp, verdictFile(sha, backend), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return v;
    } catch (IOException e) {
      throw new ModelLoadException("cannot keep the verdict for model file '" + file + "' in '" + directory + "' ("
          + e + "); make the directory writable or choose another with ModelVerifier.inDirectory", e);
    }
  }

  private static Verdict requireSafe(Verdict v, String what, String backend) {
    if (!v.safe()) {
      throw new ModelLoadException(what + " (sha256 " + v.sha256() + ") is refused: loading it with"
          + " the " + backend + " backend in an isolated child JVM " + v.detail() + "; the native runtime would"
          + " crash this process too. Re-export or re-download the model");
    }
    return v;
  }

  private static void deleteQuietly(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // a leftover temporary file is harmless; the verdict is what matters
      }
    }
  }

  private Verdict runChild(Path file, String backend, String sha) throws IOException {
    if (System.getProperty("java.vm.vendor", "").contains("Android")) {
      throw new ModelLoadException("an isolated first load needs a child JVM, which Android cannot start; load"
          + " untrusted model files in an isolated service process instead (model file '" + file + "')");
    }
    // java.home, not ProcessHandle: the API level this module keeps to (Android 26) lacks the latter.
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    Path errorFile = Files.createTempFile("edgeenergy-verify", ".hs_err");
    List<String> cmd = List.of(java, "-Xmx" + Math.max(64, Runtime.getRuntime().maxMemory() >> 20) + "m",
        "-XX:-CreateCoredumpOnCrash", "-XX:ErrorFile=" + errorFile, "-cp", System.getProperty("java.class.path"),
        io.edgeenergy.internal.VerifyChild.class.getName(), backend, file.toAbsolutePath().toString());
    Process p = new ProcessBuilder(cmd).redirectError(errorFile.resolveSibling(errorFile.getFileName() + ".stderr")
        .toFile()).start();
    try {
      String answer;
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          p.destroyForcibly();
          return new Verdict(false, sha, "did not finish within " + timeout.getSeconds() + " s (hung)", false);
        }
        answer = r.readLine();
      }
      int exit = p.exitValue();
      if (exit == 0 && answer != null && answer.startsWith(io.edgeenergy.internal.VerifyChild.DONE)) {
        return new Verdict(true, sha, answer.substring(io.edgeenergy.internal.VerifyChild.DONE.length()).trim(), false);
      }
      return new Verdict(false, sha, "killed it (exit " + exit + (exit > 128 ? ", signal " + (exit - 128) : "")
          + ")", false);
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new ModelLoadException("interrupted while verifying model file '" + file + "' in a child JVM", e);
    } finally {
      Files.deleteIfExists(errorFile);
      Files.deleteIfExists(errorFile.resolveSibling(errorFile.getFileName() + ".stderr"));
    }
  }

  private static String sha256(Path file) {
    try {
      return Sha256.of(file);
    } catch (IOException e) {
      throw new ModelLoadException("cannot read model file '" + file + "' to verify it (" + e + ")", e);
    }
  }
}
