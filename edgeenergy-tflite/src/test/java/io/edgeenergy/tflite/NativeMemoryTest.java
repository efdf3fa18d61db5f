package io.edgeenergy.tflite;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeenergy.model.InferenceBackend;
import io.edgeenergy.model.InferenceBackends;
import io.edgeenergy.model.Model;
import io.edgeenergy.model.ModelOptions;
import io.edgeenergy.model.Tensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code close()} frees the interpreter, resolver, flatbuffer model and the native copy of a model
 * loaded from bytes: loading and closing the 1.2 MB big model hundreds of times leaves the
 * process's resident set where it was (read from {@code /proc/self/statm}). Without the frees, 300
 * loads from bytes would hold ≥ 360 MB of model copies alone, plus interpreters.
 */
class NativeMemoryTest {
  private static final InferenceBackend TFLITE = InferenceBackends.named("tflite");
  private static final int LOOPS = 300;

  @Test
  void loadCloseLoopKeepsRssFlat() throws IOException {
    Path statm = Path.of("/proc/self/statm");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(statm), "needs Linux /proc");
    Path file = TestModels.digits("digits_big_mlp.tflite");
    byte[] bytes = Files.readAllBytes(file);
    cycle(file, bytes, 50); // warm up: JIT, allocator arenas, XNNPACK caches
    long before = rssBytes(statm);
    cycle(file, bytes, LOOPS);
    long after = rssBytes(statm);
    long growth = after - before;
    assertThat(growth).as("RSS grew %d KiB over %d load/run/close cycles (before %d KiB)", growth / 1024, LOOPS,
        before / 1024).isLessThan(24L << 20);
  }

  private static void cycle(Path file, byte[] bytes, int n) {
    for (int i = 0; i < n; i++) {
      try (Model m = i % 2 == 0 ? TFLITE.load(file, ModelOptions.defaults())
          : TFLITE.load(bytes, "big", ModelOptions.defaults());
           Tensors io = Tensors.of(m)) {
        m.run(io.inputs(), io.outputs());
      }
    }
  }

  private static long rssBytes(Path statm) throws IOException {
    System.gc(); // direct buffers of the tensors are freed with their Java objects
    String[] fields = Files.readString(statm).trim().split("\\s+");
    return Long.parseLong(fields[1]) * 4096;
  }
}
