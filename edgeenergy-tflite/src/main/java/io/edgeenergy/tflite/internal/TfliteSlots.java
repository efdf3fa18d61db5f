package io.edgeenergy.tflite.internal;

import static org.bytedeco.tensorflowlite.global.tensorflowlite.kTfLiteOk;

import io.edgeenergy.model.InferenceException;
import io.edgeenergy.model.Tensor;
import io.edgeenergy.model.TensorMismatchException;
import io.edgeenergy.model.TensorSpec;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.tensorflowlite.Interpreter;
import org.bytedeco.tensorflowlite.TfLiteCustomAllocation;
import org.bytedeco.tensorflowlite.TfLiteIntArray;

/**
 * A {@link TfliteModel}'s inputs or outputs: specs, interpreter tensor indices, what is bound where (see
 * the model's class comment for the custom allocations).
 */
final class TfliteSlots {
  private final String name;
  private final Interpreter interpreter;
  final String kind;
  final TensorSpec[] specs;
  final int[] tensorIndex;
  /** The caller's tensor bound last time, by identity. */
  final Tensor[] bound;
  /** Model-owned aligned memory for a caller tensor that is not a {@link TfliteTensor}; else null. */
  final ByteBuffer[] staging;
  final TfLiteCustomAllocation[] allocation;
  /** The interpreter's current dims of each input (resized to the caller's shapes). */
  final long[][] dims;

  TfliteSlots(String name, Interpreter interpreter, String kind, List<TensorSpec> specList, int[] tensorIndex) {
    this.name = name;
    this.interpreter = interpreter;
    this.kind = kind;
    this.specs = specList.toArray(new TensorSpec[0]);
    this.tensorIndex = tensorIndex;
    this.bound = new Tensor[specs.length];
    this.staging = new ByteBuffer[specs.length];
    this.allocation = new TfLiteCustomAllocation[specs.length];
    this.dims = new long[specs.length][];
    for (int i = 0; i < specs.length; i++) {
      dims[i] = dims(interpreter.tensor(tensorIndex[i]).dims());
    }
  }

  /** Resizes inputs whose shape differs from the interpreter's; true if any did. */
  boolean resize(Tensor[] tensors) {
    boolean changed = false;
    for (int i = 0; i < tensors.length; i++) {
      TensorSpec s = tensors[i].spec();
      if (!sameDims(dims[i], s)) {
        int[] newDims = new int[s.rank()];
        for (int k = 0; k < newDims.length; k++) {
          newDims[k] = Math.toIntExact(s.dim(k));
        }
        int status = interpreter.ResizeInputTensor(tensorIndex[i], newDims);
        if (status != kTfLiteOk) {
          throw new TensorMismatchException("model '" + name + "': TensorFlow Lite cannot resize " + kind + " '"
              + specs[i].name() + "' to " + s + " (status " + status + ")");
        }
        dims[i] = s.shape();
        changed = true;
      }
    }
    return changed;
  }

  private static boolean sameDims(long[] current, TensorSpec s) {
    if (current.length != s.rank()) {
      return false;
    }
    for (int k = 0; k < current.length; k++) {
      if (current[k] != s.dim(k)) {
        return false;
      }
    }
    return true;
  }

  /** Registers each new tensor's memory (or a staging buffer) as its slot's custom allocation. */
  boolean bind(Tensor[] tensors) {
    boolean changed = false;
    for (int i = 0; i < tensors.length; i++) {
      Tensor t = tensors[i];
      if (bound[i] == t && (staging[i] == null || staging[i].capacity() == t.bytes().capacity())) {
        continue;
      }
      ByteBuffer memory;
      if (t instanceof TfliteTensor) {
        memory = t.bytes();
        staging[i] = null;
      } else {
        int bytes = t.bytes().capacity();
        if (staging[i] == null || staging[i].capacity() != bytes) {
          staging[i] = TfliteTensor.alignedBuffer(bytes);
        }
        memory = staging[i];
      }
      if (allocation[i] == null) {
        allocation[i] = new TfLiteCustomAllocation();
      }
      allocation[i].data(new Pointer(memory)).bytes(memory.capacity());
      int status = interpreter.SetCustomAllocationForTensor(tensorIndex[i], allocation[i]);
      if (status != kTfLiteOk) {
        throw new InferenceException("model '" + name + "': TensorFlow Lite refused the memory of " + kind + " '"
            + specs[i].name() + "' " + t.spec() + " (status " + status + ")");
      }
      bound[i] = t;
      changed = true;
    }
    return changed;
  }

  void copyIn(Tensor[] tensors) {
    for (int i = 0; i < tensors.length; i++) {
      if (staging[i] != null) {
        TfliteTensor.copy(tensors[i].bytes(), staging[i], staging[i].capacity());
      }
    }
  }

  void copyOut(Tensor[] tensors) {
    for (int i = 0; i < tensors.length; i++) {
      if (staging[i] != null) {
        TfliteTensor.copy(staging[i], tensors[i].bytes(), staging[i].capacity());
      }
    }
  }

  /**
   * Checks the interpreter's shape of each output against the caller's tensor, after {@code AllocateTensors}
   * (shapes are known after Prepare even when the allocation failed), and blames the right party: a
   * computed shape that breaks a dimension the model declares fixed is the model file's fault
   * ({@link InferenceException}), a dynamic dimension that differs from the caller's tensor is the
   * caller's ({@link TensorMismatchException}).
   *
   * @param boundInputs the inputs the shapes were computed for, named in the message
   */
  void requireShapes(Tensor[] tensors, Tensor[] boundInputs) {
    for (int i = 0; i < tensors.length; i++) {
      long[] actual = dims(interpreter.tensor(tensorIndex[i]).dims());
      if (sameDims(actual, tensors[i].spec())) {
        continue;
      }
      if (fixedDimDiffers(specs[i], actual)) {
        throw new InferenceException("model '" + name + "' is inconsistent: " + kind + " '" + specs[i].name()
            + "' is declared " + specs[i] + " but the graph computes shape " + Arrays.toString(actual) + " for inputs "
            + Arrays.toString(boundInputs) + " (the model file is damaged or was converted wrongly; re-export it)");
      }
      throw new TensorMismatchException("model '" + name + "': " + kind + " '" + specs[i].name() + "' has shape "
          + Arrays.toString(actual) + " for these inputs, but the tensor given for it is " + tensors[i].spec()
          + " (dynamic dimensions of outputs must agree with the inputs')");
    }
  }

  /** A TFLite dims array as a shape. */
  static long[] dims(TfLiteIntArray d) {
    long[] dims = new long[d.size()];
    for (int k = 0; k < dims.length; k++) {
      dims[k] = d.data(k);
    }
    return dims;
  }

  /** True when the computed shape breaks a dimension the model itself declares fixed. */
  private static boolean fixedDimDiffers(TensorSpec declared, long[] actual) {
    if (declared.rank() != actual.length) {
      return true;
    }
    for (int k = 0; k < actual.length; k++) {
      if (declared.dim(k) >= 0 && declared.dim(k) != actual[k]) {
        return true;
      }
    }
    return false;
  }

  void release() {
    for (int i = 0; i < bound.length; i++) {
      bound[i] = null;
      staging[i] = null;
      if (allocation[i] != null) {
        allocation[i].close();
        allocation[i] = null;
      }
    }
  }
}
