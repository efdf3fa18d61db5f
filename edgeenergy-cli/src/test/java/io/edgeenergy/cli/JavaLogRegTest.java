package io.edgeenergy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeenergy.model.InferenceBackends;
import io.edgeenergy.model.Model;
import io.edgeenergy.model.Tensors;
import io.edgeenergy.pipeline.Stage;
import java.nio.file.Path;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** The exported weights reproduce the ONNX logistic regression on the real digits. */
class JavaLogRegTest {
  private static final Path MODELS = Path.of("../models/digits");

  @Test
  void theJavaStageAgreesWithTheOnnxModelOnEveryTestImage() throws Exception {
    DigitsData data = DigitsData.load(MODELS);
    Stage stage = JavaLogReg.stage("java", MODELS.resolve(JavaLogReg.WEIGHTS_FILE));
    try (Model onnx = InferenceBackends.load(MODELS.resolve("digits_tiny_logreg.onnx"));
         Tensors io = Tensors.of(onnx); Tensors javaIo = Tensors.of(stage.model())) {
      int agree = 0;
      for (int i : data.test()) {
        io.inputs()[0].put(data.pixels()[i]);
        onnx.run(io.inputs(), io.outputs());
        javaIo.inputs()[0].put(data.pixels()[i]);
        stage.model().run(javaIo.inputs(), javaIo.outputs());
        float[] a = io.outputs()[0].get(new float[10]);
        float[] b = javaIo.outputs()[0].get(new float[10]);
        for (int c = 0; c < 10; c++) {
          assertThat(b[c]).isCloseTo(a[c], Offset.offset(1e-5f));
        }
        agree += argmax(a) == argmax(b) ? 1 : 0;
      }
      assertThat(agree).isEqualTo(data.test().length);
    }
  }

  private static int argmax(float[] v) {
    int best = 0;
    for (int i = 1; i < v.length; i++) {
      if (v[i] > v[best]) {
        best = i;
      }
    }
    return best;
  }
}
