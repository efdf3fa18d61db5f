package io.edgeenergy.tflite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeenergy.model.InferenceBackends;
import io.edgeenergy.model.Model;
import io.edgeenergy.model.ModelLoadException;
import io.edgeenergy.model.ModelOptions;
import io.edgeenergy.model.ModelVerifier;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ModelOptions.untrusted} with the real TFLite backend: a real model loads after one child
 * JVM, then from the verdict cache; a damaged one is refused cleanly. Logs what each costs (the
 * figures in docs/BENCHMARKS.md).
 */
class UntrustedLoadTest {
  private static final Logger LOG = LoggerFactory.getLogger(UntrustedLoadTest.class);

  @TempDir
  Path dir;

  @Test
  void firstLoadInAChildThenCachedAndWhatItCosts() throws Exception {
    Path model = Files.copy(TestModels.digits("digits_tiny_logreg.tflite"), dir.resolve("ota.tflite"));
    ModelOptions untrusted = ModelOptions.builder().untrusted(ModelVerifier.inDirectory(dir.resolve("v"))).build();
    long t0 = System.nanoTime();
    InferenceBackends.load(model).close();
    long t1 = System.nanoTime();
    InferenceBackends.load(model, untrusted).close();
    long t2 = System.nanoTime();
    InferenceBackends.load(model, untrusted).close();
    long t3 = System.nanoTime();
    LOG.info("untrusted load of digits_tiny_logreg.tflite: plain {} ms, first (child JVM) {} ms, cached {} ms",
        (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6);
    assertThat(t3 - t2).as("a cached verdict costs a hash, not a JVM").isLessThan((t2 - t1) / 5);
    byte[] damaged = Files.readAllBytes(Path.of("src/test/resources/mutants")
        .resolve("digits_tiny_logreg-crash-s1-17017.tflite"));
    try (Model ignored = InferenceBackends.named("tflite").load(damaged, "damaged", untrusted)) {
      throw new AssertionError("a damaged model loaded");
    } catch (ModelLoadException e) {
      assertThat(e).hasMessageContaining("'damaged'").hasMessageContaining("not a valid TensorFlow Lite model");
    }
    assertThatThrownBy(() -> InferenceBackends.load(dir.resolve("missing.tflite"), untrusted))
        .isInstanceOf(ModelLoadException.class).hasMessageContaining("missing.tflite");
  }
}
