package io.edgeenergy.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import io.edgeenergy.model.InferenceBackend;
import io.edgeenergy.model.InferenceBackends;
import io.edgeenergy.model.Model;
import io.edgeenergy.model.ModelOptions;
import io.edgeenergy.model.Tensor;
import io.edgeenergy.model.TensorMismatchException;
import io.edgeenergy.pipeline.InputBinder;
import io.edgeenergy.pipeline.ScoreReader;
import io.edgeenergy.pipeline.Stage;
import io.edgeenergy.pipeline.Tier;
import io.edgeenergy.pipeline.TieredInferencePipeline;
import io.edgeenergy.testkit.FakeTicker;
import io.edgeenergy.testkit.SimulatedMeter;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A stateful model with dynamic dimensions shaped like Silero VAD v5 (input[N, T], state[2, N, 4],
 * sr scalar -> output[N, 1], stateN[2, N, 4]), built here by code, run as a pipeline stage on ONNX
 * Runtime with no wrapper class: its answers equal a hand-written Model.run loop bit for bit.
 */
class StatefulStageTest {
  private static final InferenceBackend ONNX = InferenceBackends.named("onnx");
  private static final int CHUNK = 576;   // 64 samples of context + 512, as Silero v5 takes at 16 kHz

  /** stateN = state * (sr / 16000) + mean(input); output = sigmoid(mean over stateN's axes 0 and 2). */
  static byte[] statefulModel() {
    return new TestModels.Graph("stateful")
        .input("input", DataType.FLOAT, "N", "T").input("state", DataType.FLOAT, 2, "N", 4)
        .input("sr", DataType.INT64)
        .output("output", DataType.FLOAT, "N", 1).output("stateN", DataType.FLOAT, 2, "N", 4)
        .node("Constant", List.of(), List.of("axes1"), longs(1))
        .node("Constant", List.of(), List.of("axes02"), longs(0, 2))
        .node("Constant", List.of(), List.of("axes0"), longs(0))
        .floatInitializer("perHz", new float[] {1f / 16_000})
        .node("ReduceMean", List.of("input", "axes1"), List.of("m"))
        .node("Cast", List.of("sr"), List.of("srf"), intAttr("to", DataType.FLOAT.getNumber()))
        .node("Mul", List.of("srf", "perHz"), List.of("scale"))
        .node("Mul", List.of("state", "scale"), List.of("kept"))
        .node("Add", List.of("kept", "m"), List.of("stateN"))
        .node("ReduceMean", List.of("stateN", "axes02"), List.of("r"))
        .node("Squeeze", List.of("r", "axes0"), List.of("logit"))
        .node("Sigmoid", List.of("logit"), List.of("output"))
        .bytes();
  }

  private static AttributeProto longs(long... values) {
    TensorProto.Builder t = TensorProto.newBuilder().setDataType(DataType.INT64.getNumber()).addDims(values.length);
    for (long v : values) {
      t.addInt64Data(v);
    }
    return AttributeProto.newBuilder().setName("value").setType(AttributeProto.AttributeType.TENSOR).setT(t).build();
  }

  private static AttributeProto intAttr(String name, long value) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
  }

  private static float[][] audio(int chunks) {
    Random r = new Random(42);
    float[][] a = new float[chunks][CHUNK];
    for (float[] chunk : a) {
      for (int i = 0; i < CHUNK; i++) {
        chunk[i] = (float) (r.nextGaussian() * 0.3 + 0.02);
      }
    }
    return a;
  }

  private final FakeTicker ticker = FakeTicker.create();

  private TieredInferencePipeline<float[]> pipeline(Model m, long sr) {
    Stage vad = Stage.model(m).shape("input", 1, CHUNK).shape("state", 2, 1, 4)
        .constant("sr", sr).state("stateN", "state").build();
    return TieredInferencePipeline.<float[]>builder()
        .tier(Tier.<float[]>builder("vad").stage(vad).input(InputBinder.floats()).scores(ScoreReader.binary("output")).build())
        .meter(SimulatedMeter.workOnly(ticker)).build();
  }

  /** The same stream through Model.run by hand: allocate, feed sr, copy stateN back into state. */
  private static float[] directLoop(Model m, float[][] audio) {
    float[] probs = new float[audio.length];
    try (Tensor input = m.allocate(m.signature().input("input").withShape(1, CHUNK));
         Tensor state = m.allocate(m.signature().input("state").withShape(2, 1, 4));
         Tensor sr = m.allocate(m.signature().input("sr"));
         Tensor output = m.allocate(m.signature().output("output").withShape(1, 1));
         Tensor stateN = m.allocate(m.signature().output("stateN").withShape(2, 1, 4))) {
      sr.longs().put(0, 16_000);
      for (int c = 0; c < audio.length; c++) {
        input.put(audio[c]);
        m.run(new Tensor[] {input, state, sr}, new Tensor[] {output, stateN});
        probs[c] = output.floats().get(0);
        state.put(stateN.get(new float[8]));
      }
    }
    return probs;
  }

  @Test
  void perChunkProbabilitiesEqualADirectModelRunLoop() {
    float[][] audio = audio(40);
    try (Model m = ONNX.load(statefulModel(), "stateful", ModelOptions.defaults());
         var p = pipeline(m, 16_000)) {
      float[] expected = directLoop(m, audio);
      float[] actual = new float[audio.length];
      for (int c = 0; c < audio.length; c++) {
        actual[c] = p.run(audio[c]).outputs().floats("output").get(0);
      }
      assertThat(actual).containsExactly(expected);
      assertThat(expected[39]).as("the state really accumulates").isNotEqualTo(expected[0]);

      p.reset();   // a new stream: the state is zeroed
      assertThat(p.run(audio[0]).outputs().floats("output").get(0)).isEqualTo(expected[0]);
      assertThat(p.run(audio[1]).prediction().probability(1)).isEqualTo(expected[1]);
    }
  }

  @Test
  void theConstantIsWrittenOnceAtBuild() {
    float[][] audio = audio(3);
    try (Model m = ONNX.load(statefulModel(), "stateful", ModelOptions.defaults());
         var withSr = pipeline(m, 16_000); var zeroSr = pipeline(m, 0)) {
      withSr.run(audio[0]);
      zeroSr.run(audio[0]);
      // sr = 0 drops the carried state, so the second chunk differs
      assertThat(zeroSr.run(audio[1]).confidence()).isNotEqualTo(withSr.run(audio[1]).confidence());
    }
  }

  @Test
  void anUndeclaredDynamicDimensionFailsAtBuildNamingModelInputAndDimension() {
    try (Model m = ONNX.load(statefulModel(), "stateful", ModelOptions.defaults())) {
      Stage noShapes = Stage.model(m).constant("sr", 16_000).state("stateN", "state").build();
      assertThatThrownBy(() -> TieredInferencePipeline.<float[]>builder()
          .tier(Tier.<float[]>builder("vad").stage(noShapes).input(InputBinder.floats())
              .scores(ScoreReader.binary("output")).build())
          .meter(SimulatedMeter.workOnly(ticker)).build())
          .isInstanceOf(TensorMismatchException.class)
          .hasMessageContaining("model 'stateful': input 'input' dimension 1 is dynamic");
    }
  }
}
