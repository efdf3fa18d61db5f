package io.edgeenergy.tflite.internal;

import static org.bytedeco.tensorflowlite.global.tensorflowlite.kTfLiteInt8;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.kTfLiteOk;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.kTfLiteUInt8;

import io.edgeenergy.model.ModelLoadException;
import java.util.Arrays;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.tensorflowlite.Interpreter;
import org.bytedeco.tensorflowlite.TfLiteRegistration;
import org.bytedeco.tensorflowlite.TfLiteTensor;

/**
 * What {@link TfliteModel} asks a freshly built interpreter while loading: tensor index lists, the
 * output shapes it declares against those it computes, whether the graph is quantized, which
 * delegate took it over; and the one load-time status check. Kept apart so the model class is its
 * lifecycle and hot path only.
 */
final class TfliteGraph {
  private TfliteGraph() {}

  /** The current shape of each tensor in {@code tensors}. */
  static long[][] dims(Interpreter interpreter, int[] tensors) {
    long[][] dims = new long[tensors.length][];
    for (int i = 0; i < tensors.length; i++) {
      dims[i] = TfliteSlots.dims(interpreter.tensor(tensors[i]).dims());
    }
    return dims;
  }

  /**
   * A file whose graph computes other output shapes than the file declares is damaged or was
   * converted wrongly; say so at load, not later as a mismatch blamed on the caller's tensors.
   */
  static void checkOutputsAsDeclared(Interpreter interpreter, long[][] declared, String name) {
    int[] out = indices(interpreter.outputs());
    for (int i = 0; i < out.length; i++) {
      long[] computed = TfliteSlots.dims(interpreter.tensor(out[i]).dims());
      if (!Arrays.equals(computed, declared[i])) {
        TfLiteTensor t = interpreter.tensor(out[i]);
        String tensor = tensorName(t, "output" + out[i]);
        throw new ModelLoadException("model '" + name + "' is inconsistent: output '" + tensor + "' is declared "
            + Arrays.toString(declared[i]) + " but its graph computes " + Arrays.toString(computed) + " (the file is"
            + " damaged or was converted wrongly; re-export it)");
      }
    }
  }

  /** True when any tensor is int8 or uint8 with quantization parameters (weights or activations). */
  static boolean isQuantized(Interpreter interpreter) {
    for (long i = 0, n = interpreter.tensors_size(); i < n; i++) {
      TfLiteTensor t = interpreter.tensor((int) i);
      if ((t.type() == kTfLiteInt8 || t.type() == kTfLiteUInt8) && t.params().scale() > 0) {
        return true;
      }
    }
    return false;
  }

  /** Throws a {@link ModelLoadException} naming the model and what failed unless {@code status} is OK. */
  static void status(int status, String name, String what) {
    if (status != kTfLiteOk) {
      throw new ModelLoadException("model '" + name + "': TensorFlow Lite " + what + " (status " + status + ")");
    }
  }

  /** The tensor indices in an interpreter's index vector; none for a null vector. */
  static int[] indices(IntPointer vector) {
    if (vector == null || vector.isNull()) { // what a damaged graph can leave behind
      return new int[0];
    }
    int[] idx = new int[(int) vector.limit()];
    vector.get(idx);
    return idx;
  }

  /** {@code XNNPACK} when the XNNPACK delegate took over at least one node, else {@code CPU}. */
  static String executionProviderOf(Interpreter interpreter) {
    int[] plan = indices(interpreter.execution_plan());
    for (int node : plan) {
      // A node without a registration (a damaged graph TFLite accepted) is no delegate: skip it.
      var pair = interpreter.node_and_registration(node);
      TfLiteRegistration reg = pair == null || pair.isNull() ? null : pair.second();
      if (reg == null || reg.isNull()) {
        continue;
      }
      BytePointer custom = reg.custom_name();
      if (custom != null && !custom.isNull() && custom.getString().toUpperCase(java.util.Locale.ROOT).contains("XNNPACK")) {
        return "XNNPACK";
      }
    }
    return "CPU";
  }

  /** The tensor's name in the file, or {@code fallback} for an unnamed one. */
  static String tensorName(TfLiteTensor t, String fallback) {
    return t.name() == null || t.name().isNull() ? fallback : t.name().getString();
  }
}
