package io.edgeenergy.tflite.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Builds {@code models/audio/keyword_mlp.tflite} from {@code keyword_mlp.onnx} with the same MLP
 * converter as the digits models (float32, same weights). The DS-CNN keyword model is not converted:
 * this converter handles MatMul+Add[+Relu] and Softmax only, not Conv. Run by
 * {@code models/audio/build_tflite.sh}; deterministic.
 */
public final class KeywordTflite {
  private KeywordTflite() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "models/audio");
    byte[] bytes = MlpToTflite.float32(OnnxMlp.read(dir.resolve("keyword_mlp.onnx")));
    Files.write(dir.resolve("keyword_mlp.tflite"), bytes);
    System.out.println("wrote " + dir.resolve("keyword_mlp.tflite") + " (" + bytes.length + " bytes)");
  }
}
