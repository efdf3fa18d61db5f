package io.edgeenergy.tflite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeenergy.Availability;
import io.edgeenergy.model.BackendUnavailableException;
import io.edgeenergy.model.InferenceBackends;
import io.edgeenergy.model.ModelOptions;
import io.edgeenergy.tflite.internal.NativeTflite;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A platform without TensorFlow Lite's native jar: the backend reports itself unavailable, naming
 * the exact classifier (and artifact) to add, and {@code load} fails with that reason.
 */
class MissingNativesTest {
  @Test
  void aFailingLoaderMakesTheBackendUnavailableWithTheFix() {
    TfliteBackend backend = new TfliteBackend(() -> {
      throw new UnsatisfiedLinkError("no jnitensorflowlite in java.library.path");
    });
    Availability a = backend.availability();
    String platform = NativeTflite.platform();
    assertThat(a.available()).isFalse();
    assertThat(a.reason())
        .contains("natives for platform '" + platform + "' are not on the class path")
        .contains("org.bytedeco:tensorflow-lite:2.19.0-1.5.12:jar:" + platform)
        .contains("org.bytedeco:javacpp:1.5.12:jar:" + platform)
        .contains("-Dedgeenergy.tflite.classifier=" + platform)
        .contains("no jnitensorflowlite");
    assertThatThrownBy(() -> backend.load(Path.of("any.tflite"), ModelOptions.defaults()))
        .isInstanceOf(BackendUnavailableException.class)
        .hasMessageContaining("backend 'tflite' cannot run here")
        .hasMessageContaining("jar:" + platform);
  }

  /** The real thing: a JVM whose class path lacks the platform jars, as a user's would. */
  @Test
  void aJvmWithoutTheNativeJarsGetsTheRealMessage() throws Exception {
    String platform = NativeTflite.platform();
    List<String> entries = Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator));
    String withoutNatives = entries.stream().filter(e -> !e.endsWith("-" + platform + ".jar"))
        .collect(Collectors.joining(File.pathSeparator));
    assertThat(withoutNatives.length()).isLessThan(String.join(File.pathSeparator, entries).length());
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Dorg.bytedeco.javacpp.cachedir=" + Path.of("target", "javacpp-empty-cache").toAbsolutePath(),
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=off",
        "-cp", withoutNatives, Probe.class.getName())
        .redirectErrorStream(true).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(out).contains("available=false")
        .contains("natives for platform '" + platform + "' are not on the class path")
        .contains("org.bytedeco:tensorflow-lite:2.19.0-1.5.12:jar:" + platform)
        .contains("load: BackendUnavailableException");
  }

  /**
   * JavaCPP's cache cannot be created (every place it tries lies under a regular file, which even
   * root cannot turn into a directory): the natives are there, so the message must not say they
   * are missing, but name the cache and the property that moves it.
   */
  @Test
  void anUnwritableJavacppCacheIsNotReportedAsMissingNatives() throws Exception {
    Path blocker = Files.write(Path.of("target", "javacpp-cache-blocker").toAbsolutePath(), new byte[] {1});
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Dorg.bytedeco.javacpp.cachedir=" + blocker.resolve("cache"), "-Duser.home=" + blocker.resolve("home"),
        "-Djava.io.tmpdir=" + blocker.resolve("tmp"), "-Dorg.slf4j.simpleLogger.defaultLogLevel=off",
        "-cp", System.getProperty("java.class.path"), Probe.class.getName())
        .redirectErrorStream(true).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(out).contains("available=false")
        .contains("natives are on the class path, but JavaCPP cannot extract them")
        .contains("'" + blocker.resolve("cache") + "'")
        .contains("-Dorg.bytedeco.javacpp.cachedir")
        .doesNotContain("are not on the class path");
  }

  /** Runs in the forked JVM. */
  public static final class Probe {
    public static void main(String[] args) {
      var backend = InferenceBackends.named("tflite");
      System.out.println("available=" + backend.availability().available() + " reason=" + backend.availability().reason());
      try {
        backend.load(Path.of("m.tflite"), ModelOptions.defaults());
      } catch (RuntimeException e) {
        System.out.println("load: " + e.getClass().getSimpleName() + ": " + e.getMessage());
      }
    }
  }
}
