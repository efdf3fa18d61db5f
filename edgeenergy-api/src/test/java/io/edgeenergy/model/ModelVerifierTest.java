package io.edgeenergy.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The isolated first load, with a backend that really kills or hangs its process on some files
 * ({@link HaltingBackend}): if the verifier let such a file reach this JVM, the test run would die.
 */
class ModelVerifierTest {
  @TempDir
  Path dir;

  @Test
  void aFileThatKillsTheChildIsRefusedAndTheVerdictIsCached() throws Exception {
    Path file = Files.writeString(dir.resolve("update.halt"), "abort");
    ModelVerifier v = ModelVerifier.inDirectory(dir.resolve("verdicts"));
    ModelVerifier.Verdict first = v.verify(file, "halting");
    assertThat(first.safe()).isFalse();
    assertThat(first.cached()).isFalse();
    assertThat(first.detail()).contains("killed it (exit 134, signal 6)");
    ModelVerifier.Verdict again = v.verify(file, "halting");
    assertThat(again.cached()).isTrue();
    assertThat(again.safe()).isFalse();
    assertThat(again.sha256()).isEqualTo(first.sha256()).hasSize(64);
    assertThatThrownBy(() -> v.check(file, "halting"))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("model file '" + file + "'")
        .hasMessageContaining("sha256 " + first.sha256())
        .hasMessageContaining("killed it");
  }

  @Test
  void untrustedOptionsNeverLetACrashingFileIntoThisProcess() throws Exception {
    Path file = Files.writeString(dir.resolve("ota.halt"), "abort");
    ModelOptions untrusted = ModelOptions.builder().untrusted(ModelVerifier.inDirectory(dir.resolve("v"))).build();
    assertThat(untrusted.untrusted()).isTrue();
    assertThatThrownBy(() -> InferenceBackends.load(file, untrusted))
        .isInstanceOf(ModelLoadException.class).hasMessageContaining("is refused");
    assertThatThrownBy(() -> InferenceBackends.named("halting").load(Files.readAllBytes(file), "bytes", untrusted))
        .isInstanceOf(ModelLoadException.class).hasMessageContaining("is refused");
  }

  @Test
  void aGoodFileLoadsAfterOneChildAndThenFromTheCache() throws Exception {
    Path file = Files.writeString(dir.resolve("good.halt"), "fine");
    ModelVerifier v = ModelVerifier.inDirectory(dir.resolve("verdicts"));
    ModelOptions untrusted = ModelOptions.builder().untrusted(v).build();
    try (Model m = InferenceBackends.load(file, untrusted); Tensors io = Tensors.of(m)) {
      m.run(io.inputs(), io.outputs());
      assertThat(io.outputs()[0].floats().get(0)).isEqualTo(1f);
    }
    ModelVerifier.Verdict cached = v.verify(file, "halting");
    assertThat(cached.safe()).isTrue();
    assertThat(cached.cached()).isTrue();
    assertThat(cached.detail()).contains("loaded it and ran it once");
  }

  @Test
  void untrustedBytesWithACachedVerdictAreNeverWrittenToATemporaryFile() throws Exception {
    byte[] model = "fine".getBytes(StandardCharsets.UTF_8);
    ModelVerifier v = ModelVerifier.inDirectory(dir.resolve("verdicts"));
    ModelOptions untrusted = ModelOptions.builder().untrusted(v).build();
    InferenceBackend halting = InferenceBackends.named("halting");
    halting.load(model, "first", untrusted).close();   // one child JVM judges these bytes
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    List<String> created = new ArrayList<>();
    try (WatchService watch = tmp.getFileSystem().newWatchService()) {
      tmp.register(watch, StandardWatchEventKinds.ENTRY_CREATE);
      try (Model m = halting.load(model, "again", untrusted)) {
        assertThat(m.name()).isEqualTo("again");
      }
      assertThat(v.check(model, "again", "halting", "halt").cached()).isTrue();
      // inotify reports asynchronously: wait for a marker created after the loads
      Path marker = Files.createTempFile(tmp, "verifier-test-end", ".marker");
      try {
        while (!created.contains(marker.getFileName().toString())) {
          WatchKey key = watch.poll(10, TimeUnit.SECONDS);
          assertThat(key).as("the marker's creation is reported").isNotNull();
          for (WatchEvent<?> e : key.pollEvents()) {
            created.add(String.valueOf(e.context()));
          }
          key.reset();
        }
      } finally {
        Files.delete(marker);
      }
    }
    assertThat(created).noneMatch(name -> name.startsWith("edgeenergy-untrusted"));
  }

  @Test
  void aHungChildIsRefusedAfterTheTimeout() throws Exception {
    Path file = Files.writeString(dir.resolve("slow.halt"), "hang");
    ModelVerifier.Verdict v = ModelVerifier.inDirectory(dir).withTimeout(Duration.ofSeconds(3)).verify(file, "halting");
    assertThat(v.safe()).isFalse();
    assertThat(v.detail()).contains("did not finish within 3 s");
  }
}
