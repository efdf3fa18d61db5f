package io.edgeenergy.onnx;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.edgeenergy.model.InferenceBackend;
import io.edgeenergy.model.InferenceBackends;
import io.edgeenergy.model.ModelLoadException;
import io.edgeenergy.model.ModelOptions;
import io.edgeenergy.onnx.internal.ModelFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way a model file can be wrong ends in a {@link ModelLoadException} that names it. */
class LoadErrorTest {
  private static final InferenceBackend ONNX = InferenceBackends.named("onnx");
  private static final ModelOptions DEFAULTS = ModelOptions.defaults();

  @TempDir
  Path dir;

  @Test
  void missingFolderIsMentioned() {
    Path file = dir.resolve("no-such-dir").resolve("m.onnx");
    assertThatThrownBy(() -> ONNX.load(file, DEFAULTS))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("does not exist")
        .hasMessageContaining("no-such-dir does not exist either");
  }

  @Test
  void directory() throws IOException {
    Path sub = Files.createDirectory(dir.resolve("model.onnx"));
    assertThatThrownBy(() -> ONNX.load(sub, DEFAULTS))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("'" + sub + "'")
        .hasMessageContaining("is a directory");
  }

  @Test
  void garbageFile() throws IOException {
    byte[] garbage = new byte[4096];
    new Random(1).nextBytes(garbage);
    Path file = Files.write(dir.resolve("garbage.onnx"), garbage);
    assertThatThrownBy(() -> ONNX.load(file, DEFAULTS))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("'" + file + "'")
        .hasMessageContaining("4096 bytes")
        .hasMessageContaining("not a valid ONNX model")
        .hasMessageContaining("ONNX Runtime says");
  }

  @Test
  void garbageBytes() {
    byte[] text = "this is not a model at all, just some text".getBytes(StandardCharsets.US_ASCII);
    assertThatThrownBy(() -> ONNX.load(text, "text.onnx", DEFAULTS))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("model 'text.onnx'")
        .hasMessageContaining("ONNX Runtime says");
  }

  @Test
  void truncatedRealModel() throws IOException {
    Path real = DigitsData.model("digits_big_mlp.onnx");
    assumeThat(real).as("digits models not generated yet").isNotNull();
    byte[] whole = Files.readAllBytes(real);
    for (int cut : new int[] {whole.length - 1, whole.length / 2, 100, 1}) {
      Path file = Files.write(dir.resolve("big_cut_" + cut + ".onnx"), Arrays.copyOf(whole, cut));
      assertThatThrownBy(() -> ONNX.load(file, DEFAULTS))
          .as("cut at %d bytes", cut)
          .isInstanceOf(ModelLoadException.class)
          .hasMessageContaining("'" + file + "'")
          .hasMessageContaining(cut + " bytes");
    }
  }

  @Test
  void otherFormatsAreRecognised() throws IOException {
    byte[] tflite = new byte[64];
    System.arraycopy("TFL3".getBytes(StandardCharsets.US_ASCII), 0, tflite, 4, 4);
    Path file = Files.write(dir.resolve("model.onnx"), tflite);
    assertThatThrownBy(() -> ONNX.load(file, DEFAULTS))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("'" + file + "'")
        .hasMessageContaining("TensorFlow Lite");
    byte[] zip = {'P', 'K', 3, 4, 0, 0, 0, 0};
    assertThatThrownBy(() -> ONNX.load(zip, "weights.pt", DEFAULTS))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("model 'weights.pt'")
        .hasMessageContaining("ZIP");
    byte[] lfs = "version https://git-lfs.github.com/spec/v1\noid sha256:ab\n".getBytes(StandardCharsets.US_ASCII);
    assertThatThrownBy(() -> ONNX.load(lfs, "lfs.onnx", DEFAULTS))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("git lfs pull");
  }

  @Test
  void unreadableFile() throws IOException {
    // We build as root, who reads anything: inject the failure a denied open() gives other users.
    Path file = Files.write(dir.resolve("secret.onnx"), TestModels.logReg(1));
    assertThatThrownBy(() -> ModelFiles.check(file, p -> {
      throw new AccessDeniedException(p.toString());
    }))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("'" + file + "'")
        .hasMessageContaining("not readable (permission denied)")
        .hasMessageContaining("expected an ONNX model");
  }
}
