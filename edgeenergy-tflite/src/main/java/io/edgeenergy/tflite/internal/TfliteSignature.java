package io.edgeenergy.tflite.internal;

import static org.bytedeco.tensorflowlite.global.tensorflowlite.kTfLiteBool;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.kTfLiteFloat32;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.kTfLiteInt32;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.kTfLiteInt64;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.kTfLiteInt8;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.kTfLiteUInt8;

import io.edgeenergy.model.DType;
import io.edgeenergy.model.ModelLoadException;
import io.edgeenergy.model.Quantization;
import io.edgeenergy.model.Signature;
import io.edgeenergy.model.TensorSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.tensorflowlite.Interpreter;
import org.bytedeco.tensorflowlite.TfLiteIntArray;
import org.bytedeco.tensorflowlite.TfLiteQuantizationParams;
import org.bytedeco.tensorflowlite.TfLiteTensor;

/**
 * A loaded interpreter's {@link Signature}: each input and output tensor's name, {@link DType},
 * declared shape (the signature's -1 for a dynamic dimension) and quantization. Tensors this SDK
 * cannot feed (other types, zero-sized dimensions) are refused together, by name, at load.
 */
final class TfliteSignature {
  private TfliteSignature() {}

  /** The signature of tensors {@code in} and {@code out}; refuses unsupported ones, naming each. */
  static Signature of(Interpreter interpreter, int[] in, int[] out, String name) {
    List<String> unsupported = new ArrayList<>();
    List<TensorSpec> inSpecs = specs(interpreter, in, "input", unsupported);
    List<TensorSpec> outSpecs = specs(interpreter, out, "output", unsupported);
    if (!unsupported.isEmpty()) {
      throw new ModelLoadException("model '" + name + "' has inputs/outputs this SDK cannot feed: " + unsupported
          + "; supported are tensors of " + Arrays.toString(DType.values()));
    }
    return new Signature(inSpecs, outSpecs);
  }

  private static List<TensorSpec> specs(Interpreter interpreter, int[] indices, String kind, List<String> unsupported) {
    List<TensorSpec> specs = new ArrayList<>(indices.length);
    for (int index : indices) {
      TfLiteTensor t = interpreter.tensor(index);
      String tensorName = TfliteGraph.tensorName(t, kind + index);
      DType dtype = dtypeOf(t.type());
      if (dtype == null) {
        unsupported.add(kind + " '" + tensorName + "' has TfLiteType " + t.type());
        continue;
      }
      TfLiteIntArray sig = t.dims_signature();
      TfLiteIntArray dims = sig != null && !sig.isNull() && sig.size() > 0 ? sig : t.dims();
      long[] shape = new long[dims.size()];
      boolean ok = true;
      for (int i = 0; i < shape.length; i++) {
        int d = dims.data(i);
        shape[i] = d < 0 ? -1 : d;
        ok &= d != 0;
      }
      if (!ok) {
        unsupported.add(kind + " '" + tensorName + "' has a zero-sized dimension " + Arrays.toString(shape));
        continue;
      }
      TensorSpec spec = TensorSpec.of(tensorName, dtype, shape);
      TfLiteQuantizationParams q = t.params();
      if (dtype != DType.FLOAT32 && dtype != DType.BOOL && q.scale() > 0) {
        spec = spec.withQuantization(new Quantization(q.scale(), q.zero_point()));
      }
      specs.add(spec);
    }
    return specs;
  }

  /** The SDK type of a {@code TfLiteType}, or null when this SDK cannot feed it. */
  private static DType dtypeOf(int type) {
    if (type == kTfLiteFloat32) {
      return DType.FLOAT32;
    } else if (type == kTfLiteInt8) {
      return DType.INT8;
    } else if (type == kTfLiteUInt8) {
      return DType.UINT8;
    } else if (type == kTfLiteInt32) {
      return DType.INT32;
    } else if (type == kTfLiteInt64) {
      return DType.INT64;
    } else if (type == kTfLiteBool) {
      return DType.BOOL;
    }
    return null;
  }
}
