package io.edgeenergy.bench;

import io.edgeenergy.energy.EnergyMeter;
import io.edgeenergy.model.Model;
import io.edgeenergy.model.Tensors;
import io.edgeenergy.testkit.FakeTicker;
import io.edgeenergy.testkit.SimulatedMeter;
import java.nio.file.Files;
import java.nio.file.Path;

/** Shared set-up for the benchmarks: where the models are, and a meter that costs nothing. */
final class BenchModels {
  private BenchModels() {}

  /** The repository's models/ directory, from -Dedgeenergy.models or the working directory. */
  static Path dir() {
    Path p = Path.of(System.getProperty("edgeenergy.models", "models/digits"));
    if (!Files.isDirectory(p) && Files.isDirectory(Path.of("../models/digits"))) {
      p = Path.of("../models/digits");
    }
    if (!Files.isRegularFile(p.resolve("digits_big_mlp.onnx"))) {
      throw new IllegalStateException("models not found in " + p.toAbsolutePath()
          + "; run from the repository root or pass -Dedgeenergy.models=DIR");
    }
    return p;
  }

  static Path file(String which) {
    return dir().resolve(switch (which) {
      case "tiny" -> "digits_tiny_logreg.onnx";
      case "big" -> "digits_big_mlp.onnx";
      default -> throw new IllegalArgumentException("model " + which);
    });
  }

  /** The same model as a TensorFlow Lite file ({@code models/build_tflite.sh}). */
  static Path tfliteFile(String which) {
    return dir().resolve(file(which).getFileName().toString().replace(".onnx", ".tflite"));
  }

  /** One call of our {@link Model#run} with reused tensors: copy the input in, read one output value. */
  static float run(Model model, Tensors tensors, float[] x) {
    tensors.inputs()[0].put(x);
    model.run(tensors.inputs(), tensors.outputs());
    return tensors.outputs()[0].floats().get(0);
  }

  /** Sample input: a mid-grey 8×8 image. */
  static float[] input() {
    float[] x = new float[64];
    for (int i = 0; i < x.length; i++) {
      x[i] = (i % 17) / 16f;
    }
    return x;
  }

  /**
   * A meter whose counter never moves (no base power, no work, a ticker that stands still), to
   * measure the pipeline's own overhead apart from any meter's read cost. Its figures are meaningless
   * and labelled ESTIMATED.
   */
  static EnergyMeter freeMeter() {
    return SimulatedMeter.workOnly(FakeTicker.create());
  }
}
