package io.edgeenergy.cli;

import io.edgeenergy.EdgeEnergyException;
import io.edgeenergy.model.Model;
import io.edgeenergy.model.Signature;
import io.edgeenergy.model.Tensor;
import io.edgeenergy.model.TensorSpec;
import io.edgeenergy.model.Tensors;
import io.edgeenergy.pipeline.Stage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * The shapes {@code profile} runs a model at: {@code --shape TENSOR=D,D,...} for tensors with dynamic
 * dimensions (Silero VAD's {@code input=1,512}), every other dynamic dimension 1.
 */
final class ProfileShapes {
  private final CommandLine cli;
  private final Map<String, String> shapes;

  ProfileShapes(CommandLine cli, Map<String, String> shapes) {
    this.cli = cli;
    this.shapes = shapes;
  }

  /**
   * The model's inputs and outputs at the {@code --shape} declared for them, else with every dynamic
   * dimension 1; a declaration that names no tensor or does not fit the declared shape is a usage error.
   */
  Tensors allocate(Model model) {
    Signature sig = model.signature();
    for (String name : shapes.keySet()) {
      if (sig.inputs().stream().noneMatch(s -> s.name().equals(name))
          && sig.outputs().stream().noneMatch(s -> s.name().equals(name))) {
        throw new ParameterException(cli, "--shape " + name + "=...: model '"
            + model.name() + "' has no input or output named '" + name + "'; it has " + sig);
      }
    }
    Tensor[] in = new Tensor[sig.inputs().size()];
    Tensor[] out = new Tensor[sig.outputs().size()];
    Tensors io = new Tensors(in, out);
    try {
      for (int i = 0; i < in.length; i++) {
        in[i] = model.allocate(concrete(sig.inputs().get(i)));
      }
      for (int o = 0; o < out.length; o++) {
        out[o] = model.allocate(concrete(sig.outputs().get(o)));
      }
      return io;
    } catch (RuntimeException e) {
      closeAllocated(in);
      closeAllocated(out);
      throw e;
    }
  }

  private static void closeAllocated(Tensor[] tensors) {
    for (Tensor t : tensors) {
      if (t != null) {
        t.close();
      }
    }
  }

  /**
   * A run that failed while a dynamic tensor ran at the guessed shape (every dynamic dimension 1, e.g.
   * Silero VAD's 1-sample input) most likely failed for that guess: say which tensors and how to declare them.
   */
  static RuntimeException withShapeHint(EdgeEnergyException e, Model model, Tensors io, Set<String> declaredShapes) {
    List<TensorSpec> declared = new ArrayList<>(model.signature().inputs());
    declared.addAll(model.signature().outputs());
    List<Tensor> ran = new ArrayList<>(Arrays.asList(io.inputs()));
    ran.addAll(Arrays.asList(io.outputs()));
    List<String> guessed = new ArrayList<>();
    for (int i = 0; i < declared.size(); i++) {
      TensorSpec d = declared.get(i);
      if (!d.isConcrete() && !declaredShapes.contains(d.name())) {
        guessed.add(d.name() + " " + Arrays.toString(d.shape()) + " ran as " + Arrays.toString(ran.get(i).spec().shape()));
      }
    }
    if (guessed.isEmpty()) {
      return e;
    }
    return new EdgeEnergyException(e.getMessage() + "\n  Every undeclared dynamic dimension ran as 1 ("
        + String.join(", ", guessed) + "): declare the real shapes with --shape TENSOR=D,D,..., one per tensor", e);
  }

  /** {@code declared} at its {@code --shape}, or with its dynamic dimensions set to 1. */
  private TensorSpec concrete(TensorSpec declared) {
    String text = shapes.get(declared.name());
    if (text == null) {
      return declared.concrete();
    }
    String option = "--shape " + declared.name() + "=" + text;
    long[] dims;
    try {
      dims = Arrays.stream(text.split(",", -1)).map(String::strip).mapToLong(Long::parseLong).toArray();
    } catch (NumberFormatException e) {
      throw new ParameterException(cli, option
          + ": give every dimension as a whole number, comma-separated, e.g. " + example(declared));
    }
    TensorSpec ran = declared.withShape(dims);
    if (Arrays.stream(dims).anyMatch(d -> d < 1) || !declared.accepts(ran)) {
      throw new ParameterException(cli, option + ": does not fit " + declared
          + " (dimensions >= 1; the fixed ones as declared), e.g. " + example(declared));
    }
    return ran;
  }

  private static String example(TensorSpec declared) {
    return declared.name() + "=" + Arrays.stream(declared.concrete().shape()).mapToObj(Long::toString)
        .collect(Collectors.joining(","));
  }

  /** The model as a pipeline stage that runs at the profile's shapes (a dynamic tensor needs its shape declared). */
  static Stage stage(Model model, Tensors io) {
    Stage.Builder stage = Stage.model(model);
    for (Tensor[] tensors : new Tensor[][] {io.inputs(), io.outputs()}) {
      for (Tensor t : tensors) {
        stage.shape(t.spec().name(), t.spec().shape());
      }
    }
    return stage.build();
  }
}
