package io.edgeenergy.tflite;

import io.edgeenergy.model.InferenceBackend;
import io.edgeenergy.model.InferenceBackends;
import io.edgeenergy.testkit.conformance.BackendConformanceSuite;
import io.edgeenergy.testkit.conformance.ConformanceModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The TensorFlow Lite backend through the suite every backend must pass; the pass-through models
 * are a RESHAPE to the same shape, the add model one ADD (both written by {@link TestModels}).
 */
class TfliteConformanceTest extends BackendConformanceSuite {
  @Override
  protected InferenceBackend backend() {
    return InferenceBackends.named("tflite");
  }

  @Override
  protected Path writeModel(ConformanceModel model, Path dir) throws IOException {
    byte[] bytes = model.isPassThrough() ? TestModels.passThrough(model.dtype(), null) : TestModels.add();
    return Files.write(dir.resolve(model.name().toLowerCase(Locale.ROOT) + ".tflite"), bytes);
  }
}
