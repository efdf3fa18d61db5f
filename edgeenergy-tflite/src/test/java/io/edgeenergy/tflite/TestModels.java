package io.edgeenergy.tflite;

import io.edgeenergy.model.DType;
import io.edgeenergy.model.Quantization;
import io.edgeenergy.tflite.tools.TfliteModelWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.tensorflow.lite.schema.ActivationFunctionType;
import org.tensorflow.lite.schema.AddOptionsT;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.QuantizationParametersT;
import org.tensorflow.lite.schema.ReshapeOptionsT;
import org.tensorflow.lite.schema.TensorType;

/** Small TFLite models built in code, and the real digits models of {@code models/digits}. */
final class TestModels {
  private TestModels() {}

  /** {@code models/digits}, located from this module's directory. */
  static Path digitsDir() {
    for (Path p : List.of(Path.of("../models/digits"), Path.of("models/digits"))) {
      if (Files.isRegularFile(p.resolve("digits_big_mlp.tflite"))) {
        return p.toAbsolutePath().normalize();
      }
    }
    throw new IllegalStateException("models/digits with the .tflite files not found from " + Path.of("").toAbsolutePath());
  }

  static Path digits(String file) {
    return digitsDir().resolve(file);
  }

  /**
   * {@code y = x}, both {@code [2, 3]} of {@code dtype}, as a RESHAPE to the same shape (TensorFlow
   * Lite has no identity op); {@code q} quantizes both, or null.
   */
  static byte[] passThrough(DType dtype, Quantization q) {
    TfliteModelWriter g = new TfliteModelWriter();
    QuantizationParametersT qp = q == null ? null : TfliteModelWriter.quantization(q.scale(), q.zeroPoint());
    QuantizationParametersT qp2 = q == null ? null : TfliteModelWriter.quantization(q.scale(), q.zeroPoint());
    int x = g.tensor("x", type(dtype), new int[] {2, 3}, false, qp);
    int shape = g.constantInts("y.shape", new int[] {2}, new int[] {2, 3}, null);
    int y = g.tensor("y", type(dtype), new int[] {2, 3}, false, qp2);
    ReshapeOptionsT o = new ReshapeOptionsT();
    o.setNewShape(new int[] {2, 3});
    g.op(BuiltinOperator.RESHAPE, 1, TfliteModelWriter.options(BuiltinOptions.ReshapeOptions, o), new int[] {x, shape},
        new int[] {y});
    g.inputs(x);
    g.outputs(y);
    return g.build("pass-through " + dtype);
  }

  /** {@code sum = a + b}, float32 {@code [2, 3]}. */
  static byte[] add() {
    TfliteModelWriter g = new TfliteModelWriter();
    int a = g.tensor("a", TensorType.FLOAT32, new int[] {2, 3}, false, null);
    int b = g.tensor("b", TensorType.FLOAT32, new int[] {2, 3}, false, null);
    int sum = g.tensor("sum", TensorType.FLOAT32, new int[] {2, 3}, false, null);
    AddOptionsT o = new AddOptionsT();
    o.setFusedActivationFunction(ActivationFunctionType.NONE);
    g.op(BuiltinOperator.ADD, 1, TfliteModelWriter.options(BuiltinOptions.AddOptions, o), new int[] {a, b}, new int[] {sum});
    g.inputs(a, b);
    g.outputs(sum);
    return g.build("add");
  }

  static byte type(DType dtype) {
    return switch (dtype) {
      case FLOAT32 -> TensorType.FLOAT32;
      case INT8 -> TensorType.INT8;
      case UINT8 -> TensorType.UINT8;
      case INT32 -> TensorType.INT32;
      case INT64 -> TensorType.INT64;
      case BOOL -> TensorType.BOOL;
    };
  }
}
