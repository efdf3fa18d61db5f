package io.edgeenergy.examples.vision;

import io.edgeenergy.model.Model;
import io.edgeenergy.model.TensorMismatchException;
import io.edgeenergy.model.TensorSpec;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Where a BlazeFace model's outputs are, found by shape rather than by name (the exports name them
 * {@code Identity:0}...): scores {@code [1, 512, 1]} and {@code [1, 384, 1]}, boxes {@code [1, 512, 16]}
 * and {@code [1, 384, 16]}; and the input size. Checked once, when a detector or a stage is built.
 *
 * @param size the model's square input side in pixels (128 front, 256 back)
 * @param scores16 output index of the 16×16 grid's scores
 * @param scores8 output index of the 8×8 grid's scores
 * @param boxes16 output index of the 16×16 grid's boxes
 * @param boxes8 output index of the 8×8 grid's boxes
 */
record BlazeFaceOutputs(int size, int scores16, int scores8, int boxes16, int boxes8) {

  /** @throws TensorMismatchException the model does not have BlazeFace's tensors */
  static BlazeFaceOutputs of(Model model) {
    List<TensorSpec> ins = model.signature().inputs();
    if (ins.size() != 1 || ins.get(0).rank() != 4 || ins.get(0).dim(3) != 3 || ins.get(0).dim(1) != ins.get(0).dim(2)) {
      throw new TensorMismatchException(model.name() + " is not a BlazeFace model: expected one input [1, S, S, 3] (NHWC), got "
          + model.signature().inputs());
    }
    List<TensorSpec> outs = model.signature().outputs();
    return new BlazeFaceOutputs((int) ins.get(0).dim(1), find(model, outs, 512, 1), find(model, outs, 384, 1),
        find(model, outs, 512, 16), find(model, outs, 384, 16));
  }

  private static int find(Model model, List<TensorSpec> outs, int anchors, int values) {
    for (int i = 0; i < outs.size(); i++) {
      TensorSpec s = outs.get(i);
      if (s.rank() == 3 && s.dim(1) == anchors && s.dim(2) == values) {
        return i;
      }
    }
    throw new TensorMismatchException(model.name() + " is not a BlazeFace model: no output [1, " + anchors + ", "
        + values + "] among " + outs);
  }

  /** The highest face confidence over all anchors, from the outputs {@code out} gives by index. */
  float maxScore(IntFunction<FloatBuffer> out) {
    return BlazeFaceDecoder.maxScore(out.apply(scores16), out.apply(scores8));
  }

  /** The faces, decoded and suppressed, best first. */
  List<FaceBox> decode(BlazeFaceDecoder decoder, IntFunction<FloatBuffer> out) {
    return decoder.decode(out.apply(scores16), out.apply(scores8), out.apply(boxes16), out.apply(boxes8));
  }
}
