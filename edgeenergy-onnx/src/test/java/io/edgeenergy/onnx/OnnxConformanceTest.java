package io.edgeenergy.onnx;

import io.edgeenergy.model.InferenceBackend;
import io.edgeenergy.model.InferenceBackends;
import io.edgeenergy.testkit.conformance.BackendConformanceSuite;
import io.edgeenergy.testkit.conformance.ConformanceModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The ONNX Runtime backend against the shared backend conformance suite, with models built by code. */
class OnnxConformanceTest extends BackendConformanceSuite {
  @Override
  protected InferenceBackend backend() {
    return InferenceBackends.named("onnx");
  }

  @Override
  protected Path writeModel(ConformanceModel model, Path dir) throws IOException {
    String name = model.name().toLowerCase(Locale.ROOT);
    long[] shape = model.shape();
    byte[] bytes = model.isPassThrough()
        ? TestModels.identity(model.dtype())
        : TestModels.add(name, shape[0], shape[1]);
    return Files.write(dir.resolve(name + ".onnx"), bytes);
  }
}
