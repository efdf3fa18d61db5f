package io.edgeenergy.pipeline;

import io.edgeenergy.model.DType;
import io.edgeenergy.model.Model;
import io.edgeenergy.model.Signature;
import io.edgeenergy.model.Tensor;
import io.edgeenergy.model.TensorMismatchException;
import io.edgeenergy.model.TensorSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

/**
 * Turns a {@link Stage} into a {@link StageRun} when the pipeline is built: resolves every dynamic
 * dimension (declared shape, state pair, or a batch of 1), checks shapes, state pairs and constants,
 * allocates the tensors and writes the constants, so a wrong shape fails here, naming the model, the
 * tensor and the dimension, never at the first run.
 */
final class StageBinding {
  private StageBinding() {}

  /**
   * @param chainedInput for a later segment of a tier, the previous segment's hidden output it takes
   * @param own receives every tensor allocated here (the pipeline closes them)
   */
  static StageRun bind(Tier<?> tier, Stage stage, boolean first, Tensor chainedInput, Consumer<Tensor> own) {
    Model model = stage.model();
    Signature sig = model.signature();
    checkDeclaredNames(stage, sig);
    if (!first && stage.onSkip().kind() == SkipPolicy.Kind.REPRIME) {
      throw new IllegalStateException("tier '" + tier.name() + "': stage '" + model.name() + "' can only reprime as"
          + " the first stage of its tier (later segments take the previous segment's output, not the input)");
    }
    List<TensorSpec> inSpecs = new ArrayList<>();
    for (TensorSpec spec : sig.inputs()) {
      inSpecs.add(resolve(stage, spec, "input", null));
    }
    Tensor[] inputs = new Tensor[inSpecs.size()];
    if (first) {
      for (int i = 0; i < inputs.length; i++) {
        inputs[i] = allocate(model, inSpecs.get(i), own);
      }
    } else {
      if (inSpecs.size() != 1 || !sig.inputs().get(0).accepts(chainedInput.spec())) {
        throw new TensorMismatchException("tier '" + tier.name() + "': segment '" + model.name()
            + "' must take exactly one input accepting " + chainedInput.spec() + " from the previous segment, but takes "
            + sig.inputs());
      }
      inputs[0] = chainedInput;
    }
    Tensor[] outputs = new Tensor[sig.outputs().size()];
    for (int o = 0; o < outputs.length; o++) {
      TensorSpec spec = sig.outputs().get(o);
      String fedInput = stage.statePairs().get(spec.name());
      TensorSpec fed = fedInput == null ? null
          : inSpecs.get(index(stage, "state pair '" + spec.name() + "' -> '" + fedInput + "'", sig::inputIndex, fedInput));
      outputs[o] = allocate(model, resolve(stage, spec, "output", fed), own);
    }
    int[][] pairs = statePairs(stage, sig, inputs, outputs);
    writeConstants(stage, sig, inputs);
    List<Integer> framed = new ArrayList<>();
    for (int i = 0; i < inputs.length; i++) {
      String name = sig.inputs().get(i).name();
      if (!stage.statePairs().containsValue(name) && !stage.constants().containsKey(name)) {
        framed.add(i);
      }
    }
    ScoreReader.Bound reader = tier.scores().bind(model);
    return new StageRun(model, inputs, outputs, reader, pairs[0], pairs[1], stage.onSkip(),
        framed.stream().mapToInt(Integer::intValue).toArray());
  }

  private static Tensor allocate(Model model, TensorSpec spec, Consumer<Tensor> own) {
    Tensor t = model.allocate(spec);
    own.accept(t);
    return t;
  }

  /** The concrete spec of one input or output; see the class comment for the rules. */
  private static TensorSpec resolve(Stage stage, TensorSpec spec, String kind, TensorSpec fedInput) {
    String model = stage.model().name();
    long[] declared = stage.shapes().get(spec.name());
    if (declared == null && fedInput != null && !spec.isConcrete()) {
      declared = fedInput.shape();   // a dynamic state output has its input's shape (checked in statePairs)
    }
    if (declared != null) {
      TensorSpec concrete = spec.withShape(declared);
      if (!spec.accepts(concrete)) {
        throw new TensorMismatchException("model '" + model + "': " + kind + " '" + spec.name() + "' has shape "
            + Arrays.toString(spec.shape()) + ", which " + Arrays.toString(declared) + " does not fit"
            + mismatchAt(spec.shape(), declared));
      }
      return concrete;
    }
    long[] shape = spec.shape();
    for (int d = 0; d < shape.length; d++) {
      if (shape[d] < 0 && d > 0) {
        throw new TensorMismatchException("model '" + model + "': " + kind + " '" + spec.name() + "' dimension " + d
            + " is dynamic (shape " + Arrays.toString(shape) + "); declare it when building the stage: Stage.model(m)"
            + ".shape(\"" + spec.name() + "\", ...)");
      }
    }
    return spec.concrete();   // at most a dynamic batch dimension: a batch of one
  }

  private static String mismatchAt(long[] shape, long[] declared) {
    if (shape.length != declared.length) {
      return " (rank " + shape.length + " vs " + declared.length + ")";
    }
    for (int d = 0; d < shape.length; d++) {
      if (shape[d] >= 0 && shape[d] != declared[d]) {
        return " (dimension " + d + " is fixed at " + shape[d] + ")";
      }
    }
    return "";
  }

  private static void checkDeclaredNames(Stage stage, Signature sig) {
    for (String name : stage.shapes().keySet()) {
      if (sig.inputs().stream().noneMatch(s -> s.name().equals(name))
          && sig.outputs().stream().noneMatch(s -> s.name().equals(name))) {
        throw new TensorMismatchException("model '" + stage.model().name() + "': a shape is declared for '" + name
            + "', which is neither an input nor an output: " + sig);
      }
    }
  }

  /** Indices {outputs[], inputs[]} of the state pairs, checked for dtype and shape. */
  private static int[][] statePairs(Stage stage, Signature sig, Tensor[] inputs, Tensor[] outputs) {
    int n = stage.statePairs().size();
    int[] outs = new int[n];
    int[] ins = new int[n];
    int k = 0;
    for (Map.Entry<String, String> pair : stage.statePairs().entrySet()) {
      String declared = "state pair '" + pair.getKey() + "' -> '" + pair.getValue() + "'";
      outs[k] = index(stage, declared, sig::outputIndex, pair.getKey());
      ins[k] = index(stage, declared, sig::inputIndex, pair.getValue());
      TensorSpec out = outputs[outs[k]].spec();
      TensorSpec in = inputs[ins[k]].spec();
      if (out.dtype() != in.dtype() || !Arrays.equals(out.shape(), in.shape())) {
        throw new TensorMismatchException("model '" + stage.model().name() + "': state output " + out
            + " cannot feed input " + in + ": a state pair needs the same dtype and shape");
      }
      k++;
    }
    return new int[][] {outs, ins};
  }

  private static void writeConstants(Stage stage, Signature sig, Tensor[] inputs) {
    for (Map.Entry<String, Long> c : stage.constants().entrySet()) {
      Tensor t = inputs[index(stage, "constant '" + c.getKey() + "'", sig::inputIndex, c.getKey())];
      if (t.elementCount() != 1 || (t.dtype() != DType.INT64 && t.dtype() != DType.INT32)) {
        throw new TensorMismatchException("model '" + stage.model().name() + "': constant input " + t.spec()
            + " must be one INT64 or INT32 value");
      }
      if (t.dtype() == DType.INT64) {
        t.longs().put(0, c.getValue());
      } else {
        t.ints().put(0, Math.toIntExact(c.getValue()));
      }
    }
  }

  /** A {@link Signature} lookup whose message also names the model and the stage declaration that named the tensor. */
  private static int index(Stage stage, String declared, ToIntFunction<String> lookup, String name) {
    try {
      return lookup.applyAsInt(name);
    } catch (TensorMismatchException e) {
      throw new TensorMismatchException("model '" + stage.model().name() + "', " + declared + ": " + e.getMessage());
    }
  }
}
