package io.edgeenergy.pipeline;

import io.edgeenergy.model.DType;
import io.edgeenergy.model.Model;
import io.edgeenergy.model.Tensor;
import io.edgeenergy.model.TensorMismatchException;
import io.edgeenergy.model.TensorSpec;
import java.nio.FloatBuffer;

/**
 * Post-processing: turns a stage's output tensors into class probabilities for the policies.
 * {@link #bind} runs once when the pipeline is built (resolve names, check shapes); the bound
 * reader runs on the hot path and must not allocate.
 */
@FunctionalInterface
public interface ScoreReader {
  /** Resolves this reader against a model's outputs. */
  Bound bind(Model model);

  /** A reader resolved against one model. */
  interface Bound {
    /** Number of classes it reads. */
    int classCount();

    /** Writes {@link #classCount()} probabilities into {@code probabilities}. */
    void read(Tensor[] outputs, float[] probabilities);
  }

  /** The output already holds probabilities, shape {@code [1, classes]} or {@code [classes]}. */
  static ScoreReader probabilities(String output) {
    return model -> floatOutput(model, output, false, false);
  }

  /** The output holds logits; the reader applies a softmax. */
  static ScoreReader softmax(String output) {
    return model -> floatOutput(model, output, true, false);
  }

  /** The output is one probability {@code p} of an event: classes are [no event, event] = [1-p, p]. */
  static ScoreReader binary(String output) {
    return model -> floatOutput(model, output, false, true);
  }

  private static Bound floatOutput(Model model, String output, boolean softmax, boolean binary) {
    int index = model.signature().outputIndex(output);
    TensorSpec spec = model.signature().outputs().get(index).concrete();
    if (spec.dtype() != DType.FLOAT32) {
      throw new TensorMismatchException("model '" + model.name() + "': scores output " + spec + " must be FLOAT32");
    }
    int elements = (int) spec.elementCount();
    if (binary && elements != 1) {
      throw new TensorMismatchException("model '" + model.name() + "': binary scores output " + spec
          + " must hold exactly one probability");
    }
    int classes = binary ? 2 : elements;
    return new Bound() {
      @Override
      public int classCount() {
        return classes;
      }

      @Override
      public void read(Tensor[] outputs, float[] dst) {
        FloatBuffer src = outputs[index].floats();
        if (binary) {
          float p = src.get(0);
          dst[0] = 1f - p;
          dst[1] = p;
          return;
        }
        for (int i = 0; i < classes; i++) {   // absolute bulk get(int, float[], ...) is Java 13 / Android API 34
          dst[i] = src.get(i);
        }
        if (softmax) {
          softmaxInPlace(dst, classes);
        }
      }
    };
  }

  private static void softmaxInPlace(float[] v, int n) {
    float max = Float.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      max = Math.max(max, v[i]);
    }
    double sum = 0;
    for (int i = 0; i < n; i++) {
      v[i] = (float) Math.exp(v[i] - max);
      sum += v[i];
    }
    for (int i = 0; i < n; i++) {
      v[i] = (float) (v[i] / sum);
    }
  }
}
