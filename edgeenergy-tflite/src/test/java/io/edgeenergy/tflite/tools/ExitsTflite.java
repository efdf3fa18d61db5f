package io.edgeenergy.tflite.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Builds the TensorFlow Lite files of the multi-exit keyword model ({@code models/exits}) from its
 * ONNX files with the same dense-layer converter as the digits models (float32, same weights):
 * the four segments and the monolithic model. Deterministic. Run by {@code models/exits/build_tflite.sh}.
 */
public final class ExitsTflite {
  /** ONNX file stems converted, each to the same stem with {@code .tflite}. */
  public static final List<String> MODELS = List.of("keyword_exit_seg1", "keyword_exit_seg2", "keyword_exit_seg3",
      "keyword_exit_seg4", "keyword_exits_full");

  private ExitsTflite() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "models/exits");
    for (String stem : MODELS) {
      byte[] bytes = MlpToTflite.float32(OnnxMlp.read(dir.resolve(stem + ".onnx")));
      Path out = dir.resolve(stem + ".tflite");
      Files.write(out, bytes);
      System.out.println("wrote " + out + " (" + bytes.length + " bytes)");
    }
  }
}
