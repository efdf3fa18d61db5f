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
        .hasMessageContaining("'" + file + "'")
        .hasMessageContaining("has no TFLite file identifier");
  }

  @Test
  void garbageWithTheIdentifierIsCaughtByTheVerifier() throws IOException {
    byte[] garbage = new byte[4096];
    new Random(2).nextBytes(garbage);
    System.arraycopy("TFL3".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, garbage, 4, 4);
    Path file = Files.write(dir.resolve("garbage.tflite"), garbage);
    assertThatThrownBy(() -> TFLITE.load(file, DEFAULTS))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("model file '" + file + "' is not a valid TensorFlow Lite model")
        .hasMessageContaining("re-download it");
    assertThatThrownBy(() -> TFLITE.load(garbage, "bytes", DEFAULTS))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("model 'bytes' is not a valid TensorFlow Lite model");
  }

  @Test
  void truncatedModelsAtManyLengths() throws IOException {
    byte[] full = Files.readAllBytes(TestModels.digits("digits_exit_seg1.tflite"));
    for (int length : new int[] {8, 64, 1000, full.length / 2, full.length - 100, full.length - 1}) {
      Path file = Files.write(dir.resolve("cut" + length + ".tflite"), Arrays.copyOf(full, length));
      assertThatThrownBy(() -> TFLITE.load(file, DEFAULTS))
          .as("truncated to %d of %d bytes", length, full.length)
          .isInstanceOf(ModelLoadException.class)
          .hasMessageContaining("'" + file + "'")
          // The Java structural check sees most cuts; the flatbuffer verifier, kept behind it, the rest.
          .hasMessageMatching("(?s).*(is not a valid TensorFlow Lite model|flatbuffer verifier rejected it).*");
    }
  }

  @Test
  void aDamagedTfliteIsNotSaidToBeOnnx() throws IOException {
    // Most .tflite files start with the byte 0x08 (root offset 8), like an ONNX protobuf: with the
    // identifier damaged, that byte alone once made the message send users to the ONNX backend.
    byte[] model = Files.readAllBytes(TestModels.digits("digits_tiny_logreg.tflite"));
    model[5] ^= 0x20; // "TFL3" -> "TfL3"
    Path file = Files.write(dir.resolve("damaged.tflite"), model);
    assertThatThrownBy(() -> TFLITE.load(file, DEFAULTS))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("'" + file + "' is named like a TensorFlow Lite model but has no TFLite file identifier")
        .hasMessageContaining("damaged or truncated")
        .hasMessageNotContaining("ONNX");
    assertThatThrownBy(() -> TFLITE.load(model, "update", DEFAULTS))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageNotContaining("ONNX");
  }

  @Test
  void aDirectoryOrADeviceIsNotAnUnknownExtension() throws IOException {
    for (Path p : new Path[] {dir, Path.of("."), Path.of("/")}) {
      assertThatThrownBy(() -> InferenceBackends.load(p))
          .isInstanceOf(ModelLoadException.class)
          .hasMessageContaining("'" + p + "' is a directory, not a model file")
          .hasMessageContaining("*.tflite with tflite")
          .hasMessageNotContaining("'.' files");
    }
    Path zero = Path.of("/dev/zero");
    assertThatThrownBy(() -> InferenceBackends.load(zero))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("'/dev/zero' is not a regular file (a device, pipe or socket?)")
        .hasMessageNotContaining("'.' files");
    Path noExtension = Files.write(dir.resolve("model"), new byte[] {1, 2, 3});
    assertThatThrownBy(() -> InferenceBackends.load(noExtension))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("'" + noExtension + "' has no file extension")
        .hasMessageContaining("InferenceBackends.named");
  }

  @Test
  void aModelWhoseGraphContradictsItsDeclaredOutputIsBlamedNotTheCaller() {
    // RESHAPE to [3, 2] while the output tensor is declared [2, 3]: the file is inconsistent.
    var g = new io.edgeenergy.tflite.tools.TfliteModelWriter();
    int x = g.tensor("x", org.tensorflow.lite.schema.TensorType.FLOAT32, new int[] {2, 3}, false, null);
    int shape = g.constantInts("shape", new int[] {2}, new int[] {3, 2}, null);
    int y = g.tensor("y", org.tensorflow.lite.schema.TensorType.FLOAT32, new int[] {2, 3}, false, null);
    var o = new org.tensorflow.lite.schema.ReshapeOptionsT();
    o.setNewShape(new int[] {3, 2});
    g.op(org.tensorflow.lite.schema.BuiltinOperator.RESHAPE, 1, io.edgeenergy.tflite.tools.TfliteModelWriter.options(
        org.tensorflow.lite.schema.BuiltinOptions.ReshapeOptions, o), new int[] {x, shape}, new int[] {y});
    g.inputs(x);
    g.outputs(y);
    assertThatThrownBy(() -> TFLITE.load(g.build("liar"), "liar", DEFAULTS))
        .isInstanceOf(ModelLoadException.class)
        .isNotInstanceOf(io.edgeenergy.model.TensorMismatchException.class)
        .hasMessageContaining("model 'liar' is inconsistent: output 'y' is declared [2, 3] but its graph computes [3, 2]")
        .hasMessageContaining("re-export it");
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
