package io.edgeenergy.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OrtEnvironment;
import io.edgeenergy.Availability;
import io.edgeenergy.model.BackendUnavailableException;
import io.edgeenergy.model.InferenceBackend;
import io.edgeenergy.model.InferenceBackend.Characteristic;
import io.edgeenergy.model.ModelOptions;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class OnnxBackendTest {
  @Test
  void describesItself() {
    InferenceBackend b = new OnnxBackend();
    assertThat(b.name()).isEqualTo("onnx");
    assertThat(b.fileExtensions()).containsExactly("onnx");
    assertThat(b.characteristics())
        .containsExactlyInAnyOrder(Characteristic.ZERO_COPY_INPUTS, Characteristic.ZERO_COPY_OUTPUTS)
        .doesNotContain(Characteristic.THREAD_SAFE_RUN);
    assertThat(b.toString()).contains("not probed yet");
  }

  @Test
  void isAvailableOnThisMachine() {
    InferenceBackend b = new OnnxBackend();
    assertThat(b.availability()).isEqualTo(Availability.AVAILABLE);
    assertThat(b.toString()).contains("available");
  }

  @Test
  void aMissingNativeLibraryIsReportedNotThrown() {
    AtomicInteger probes = new AtomicInteger();
    Supplier<OrtEnvironment> broken = () -> {
      probes.incrementAndGet();
      throw new UnsatisfiedLinkError("no onnxruntime4j_jni in java.library.path");
    };
    OnnxBackend b = new OnnxBackend(broken);

    Availability a = b.availability();
    assertThat(a.available()).isFalse();
    assertThat(a.reason())
        .contains(System.getProperty("os.name"))
        .contains(System.getProperty("os.arch"))
        .contains("UnsatisfiedLinkError: no onnxruntime4j_jni");
    assertThat(b.availability()).isSameAs(a);
    assertThat(probes).hasValue(1);
    assertThatThrownBy(() -> b.load(TestModels.logReg(1), "m", ModelOptions.defaults()))
        .isInstanceOf(BackendUnavailableException.class)
        .hasMessageContaining("backend 'onnx' cannot run here")
        .hasMessageContaining("UnsatisfiedLinkError");
    assertThatThrownBy(() -> b.load(Path.of("m.onnx"), ModelOptions.defaults()))
        .isInstanceOf(BackendUnavailableException.class);
  }

  @Test
  void aFailingStaticInitialiserIsReportedWithItsCause() {
    OnnxBackend b = new OnnxBackend(() -> {
      throw new ExceptionInInitializerError(new RuntimeException("Failed to load onnx-runtime library"));
    });
    assertThat(b.availability().reason())
        .contains("ExceptionInInitializerError")
        .contains("caused by RuntimeException: Failed to load onnx-runtime library");
  }
}
