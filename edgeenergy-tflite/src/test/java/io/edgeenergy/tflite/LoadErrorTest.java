package io.edgeenergy.tflite;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeenergy.model.InferenceBackend;
import io.edgeenergy.model.InferenceBackends;
import io.edgeenergy.model.ModelLoadException;
import io.edgeenergy.model.ModelOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way a .tflite file can be wrong ends in a {@link ModelLoadException} naming it, never in a
 * native crash: the flatbuffer verifier sees every file that carries the TFLite identifier.
 */
class LoadErrorTest {
  private static final InferenceBackend TFLITE = InferenceBackends.named("tflite");
  private static final ModelOptions DEFAULTS = ModelOptions.defaults();

  @TempDir
  Path dir;

  @Test
  void missingFile() {
    Path file = dir.resolve("nope.tflite");
    assertThatThrownBy(() -> TFLITE.load(file, DEFAULTS))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("'" + file + "' does not exist")
        .hasMessageContaining("expected a TensorFlow Lite model");
  }

  @Test
  void directoryAndEmptyFile() throws IOException {
    Path sub = Files.createDirectory(dir.resolve("m.tflite"));
    assertThatThrownBy(() -> TFLITE.load(sub, DEFAULTS)).isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("is a directory");
    Path empty = Files.createFile(dir.resolve("empty.tflite"));
    assertThatThrownBy(() -> TFLITE.load(empty, DEFAULTS)).isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("'" + empty + "' is empty (0 bytes)");
    assertThatThrownBy(() -> TFLITE.load(new byte[0], "nothing", DEFAULTS)).isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("model 'nothing' is empty (0 bytes)");
  }

  @Test
  void garbageFile() throws IOException {
    byte[] garbage = new byte[4096];
    new Random(1).nextBytes(garbage);
    garbage[0] = 0x11; // not the protobuf tag an ONNX file starts with
    Path file = Files.write(dir.resolve("garbage.tflite"), garbage);
    assertThatThrownBy(() -> TFLITE.load(file, DEFAULTS))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("'" + file + "' has no TFLite file identifier");
  }

  @Test
  void garbageWithTheIdentifierIsCaughtByTheVerifier() throws IOException {
    byte[] garbage = new byte[4096];
    new Random(2).nextBytes(garbage);
    System.arraycopy("TFL3".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, garbage, 4, 4);
    Path file = Files.write(dir.resolve("garbage.tflite"), garbage);
    assertThatThrownBy(() -> TFLITE.load(file, DEFAULTS))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("cannot load model file '" + file + "'")
        .hasMessageContaining("flatbuffer verifier rejected it");
    assertThatThrownBy(() -> TFLITE.load(garbage, "bytes", DEFAULTS))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("cannot load model 'bytes'")
        .hasMessageContaining("flatbuffer verifier rejected it");
  }

  @Test
  void truncatedModelsAtManyLengths() throws IOException {
    byte[] full = Files.readAllBytes(TestModels.digits("digits_exit_seg1.tflite"));
    for (int length : new int[] {8, 64, 1000, full.length / 2, full.length - 100, full.length - 1}) {
      Path file = Files.write(dir.resolve("cut" + length + ".tflite"), Arrays.copyOf(full, length));
      assertThatThrownBy(() -> TFLITE.load(file, DEFAULTS))
          .as("truncated to %d of %d bytes", length, full.length)
          .isInstanceOf(ModelLoadException.class)
          .hasMessageContaining("flatbuffer verifier rejected it");
    }
  }

  @Test
  void anOnnxModelIsNamedAsSuch() throws IOException {
    Path onnx = TestModels.digits("digits_tiny_logreg.onnx");
    assertThatThrownBy(() -> TFLITE.load(onnx, DEFAULTS))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("'" + onnx + "' looks like an ONNX model")
        .hasMessageContaining("load it with the onnx backend");
    // Renamed, the content still gives it away.
    Path renamed = Files.copy(onnx, dir.resolve("model.tflite"));
    assertThatThrownBy(() -> TFLITE.load(renamed, DEFAULTS))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("looks like an ONNX model");
  }

  @Test
  void otherFormatsAreNamed() throws IOException {
    Path zip = Files.write(dir.resolve("m.tflite"), new byte[] {'P', 'K', 3, 4, 0, 0, 0, 0, 0});
    assertThatThrownBy(() -> TFLITE.load(zip, DEFAULTS)).isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("looks like a ZIP archive");
    Path lfs = Files.writeString(dir.resolve("lfs.tflite"), "version https://git-lfs.github.com/spec/v1\n");
    assertThatThrownBy(() -> TFLITE.load(lfs, DEFAULTS)).isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("Git LFS pointer");
  }
}
