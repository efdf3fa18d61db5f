package com.example.arrayops;

import io.edgeenergy.model.InferenceBackend;
import io.edgeenergy.model.InferenceBackends;
import io.edgeenergy.testkit.conformance.BackendConformanceSuite;
import io.edgeenergy.testkit.conformance.ConformanceModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The acceptance point of the public backend SPI: a backend written only against
 * {@code io.edgeenergy.model.spi} passes the same conformance suite as ONNX Runtime and TFLite.
 */
class ArrayOpsConformanceTest extends BackendConformanceSuite {
  @Override
  protected InferenceBackend backend() {
    return InferenceBackends.named("arrayops");
  }

  @Override
  protected Path writeModel(ConformanceModel model, Path dir) throws Exception {
    String source = ArrayOpsBackend.source(model.isPassThrough() ? "pass" : "add", model.dtype(), model.shape());
    return Files.writeString(dir.resolve(model.name().toLowerCase(Locale.ROOT) + ".arrayops"), source);
  }
}
