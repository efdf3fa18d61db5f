package io.edgeenergy.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeenergy.Energy;
import io.edgeenergy.model.DType;
import io.edgeenergy.model.ModelClosedException;
import io.edgeenergy.model.Tensor;
import io.edgeenergy.model.TensorMismatchException;
import io.edgeenergy.model.TensorSpec;
import io.edgeenergy.testkit.ScriptedModel.Cost;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The scripted model behaves like a real backend's model, with known answers and costs. */
class ScriptedModelTest {
  private final FakeTicker ticker = FakeTicker.create();
  private final SimulatedMeter meter = SimulatedMeter.workOnly(ticker);

  private static float[] probs(Tensor[] outputs, int index) {
    return outputs[index].get(new float[outputs[index].elementCount()]);
  }

  @Test
  void hasADefaultSignatureAndNamesItsBackend() {
    ScriptedModel m = ScriptedModel.builder("m").script(new float[10]).build();
    assertThat(m.signature().inputs()).containsExactly(TensorSpec.of("x", DType.FLOAT32, 1, 64));
    assertThat(m.signature().outputs()).containsExactly(TensorSpec.of("probs", DType.FLOAT32, 1, 10));
    assertThat(m.backend()).isEqualTo("scripted");
    assertThat(ScriptedModel.builder("n").inputSize(3).classes(2).script(new float[2]).build().signature())
        .hasToString("inputs [x:FLOAT32[1, 3]] -> outputs [probs:FLOAT32[1, 2]]");
  }

  @Test
  void aScriptCyclesAndRewinds() {
    ScriptedModel m = ScriptedModel.builder("m").classes(2).script(new float[] {1, 0}, new float[] {0, 1}).build();
    Tensor[] in = m.newInputs();
    Tensor[] out = m.newOutputs();
    StringBuilder top = new StringBuilder();
    for (int i = 0; i < 3; i++) {
      m.run(in, out);
      top.append(probs(out, 0)[0] == 1 ? '0' : '1');
    }
    m.rewind();
    m.run(in, out);
    top.append(probs(out, 0)[0] == 1 ? '0' : '1');
    assertThat(top).hasToString("0100");
    assertThat(m.runs()).isEqualTo(4);
  }

  @Test
  void aFunctionAnswersFromTheInput() {
    ScriptedModel m = ScriptedModel.builder("m").inputSize(2).classes(2)
        .function(x -> new float[] {x[0], x[1]}).build();
    Tensor[] in = m.newInputs();
    Tensor[] out = m.newOutputs();
    in[0].put(new float[] {0.25f, 0.75f});
    m.run(in, out);
    assertThat(probs(out, 0)).containsExactly(0.25f, 0.75f);
    ScriptedModel bad = ScriptedModel.builder("bad").classes(3).function(x -> new float[2]).build();
    assertThatThrownBy(() -> bad.run(bad.newInputs(), bad.newOutputs())).hasMessageContaining("returned 2 scores");
  }

  @Test
  void everyRunAdvancesTheTickerAndChargesTheMeterExactly() {
    ScriptedModel m = ScriptedModel.builder("m").classes(2).script(new float[2]).simulatedOn(ticker, meter)
        .costs(Cost.of(Duration.ofMillis(1), Energy.ofMicrojoules(5)), Cost.of(Duration.ofMillis(4), Energy.ofNanojoules(7)))
        .build();
    Tensor[] in = m.newInputs();
    Tensor[] out = m.newOutputs();
    long t0 = ticker.read();
    for (int i = 0; i < 3; i++) {
      m.run(in, out);
    }
    assertThat(ticker.read() - t0).isEqualTo(Duration.ofMillis(6).toNanos());
    assertThat(meter.readNanojoules()).isEqualTo(10_007);
    assertThat(meter.work()).isEqualTo(Energy.ofNanojoules(10_007));
  }

  @Test
  void validatesTensorsLikeARealBackend() {
    ScriptedModel m = ScriptedModel.builder("m").classes(2).script(new float[2]).build();
    Tensor[] in = m.newInputs();
    Tensor[] out = m.newOutputs();
    assertThatThrownBy(() -> m.run(new Tensor[0], out)).isInstanceOf(TensorMismatchException.class)
        .hasMessageContaining("takes 1 inputs").hasMessageContaining("got 0");
    assertThatThrownBy(() -> m.run(new Tensor[] {Tensor.allocate(TensorSpec.of("x", DType.INT32, 1, 64))}, out))
        .isInstanceOf(TensorMismatchException.class).hasMessageContaining("expected x:FLOAT32[1, 64], got x:INT32[1, 64]");
    assertThatThrownBy(() -> m.run(new Tensor[] {Tensor.allocate(TensorSpec.of("x", DType.FLOAT32, 1, 63))}, out))
        .isInstanceOf(TensorMismatchException.class).hasMessageContaining("[1, 63]");
    assertThatThrownBy(() -> m.run(in, new Tensor[] {in[0]})).isInstanceOf(TensorMismatchException.class)
        .hasMessageContaining("output 0");
    Tensor closed = Tensor.allocate(TensorSpec.of("x", DType.FLOAT32, 1, 64));
    closed.close();
    assertThatThrownBy(() -> m.run(new Tensor[] {closed}, out)).isInstanceOf(ModelClosedException.class)
        .hasMessageContaining("input 0");
    assertThat(m.runs()).as("rejected calls do not run").isZero();
  }

  @Test
  void aClosedModelRefusesEverythingButClose() {
    ScriptedModel m = ScriptedModel.builder("m").classes(2).script(new float[2]).build();
    Tensor[] in = m.newInputs();
    Tensor[] out = m.newOutputs();
    m.close();
    m.close();
    assertThatThrownBy(() -> m.run(in, out)).isInstanceOf(ModelClosedException.class).hasMessageContaining("'m' was closed");
    assertThatThrownBy(m::signature).isInstanceOf(ModelClosedException.class);
    assertThatThrownBy(m::newInputs).isInstanceOf(ModelClosedException.class);
  }

  @Test
  void aFailingRunStillCostsItsTimeAndEnergy() {
    ScriptedModel m = ScriptedModel.builder("m").classes(2).script(new float[2])
        .cost(Duration.ofMillis(2), Energy.ofMicrojoules(3), ticker, meter).build();
    m.failWith(new IllegalStateException("runtime fell over"));
    assertThatThrownBy(() -> m.run(m.newInputs(), m.newOutputs())).hasMessage("runtime fell over");
    assertThat(meter.readNanojoules()).isEqualTo(3_000);
    assertThat(m.runs()).isEqualTo(1);
  }

  @Test
  void buildErrorsAreClear() {
    assertThatThrownBy(() -> ScriptedModel.builder("empty").build()).hasMessageContaining("needs script(...)");
    assertThatThrownBy(() -> ScriptedModel.builder("m").classes(3).script(new float[2]).build())
        .hasMessageContaining("2 scores").hasMessageContaining("holds 3");
    assertThatThrownBy(() -> ScriptedModel.builder("m").script(new float[10]).cost(Duration.ZERO, Energy.ZERO).build())
        .hasMessageContaining("simulatedOn");
    assertThatThrownBy(() -> ScriptedModel.builder("m").outputs(TensorSpec.of("probs", DType.INT8, 1, 2))
        .script(new float[2]).build()).hasMessageContaining("must be FLOAT32");
    assertThatThrownBy(() -> Cost.of(Duration.ofMillis(-1), Energy.ZERO)).hasMessageContaining("latency");
    assertThatThrownBy(() -> ScriptedModel.builder(" ")).hasMessageContaining("name");
  }

  @Test
  void segmentsChainThroughAHiddenStateThatCarriesTheInput() {
    List<ScriptedModel> segs = ScriptedModel.segments("net").inputSize(3).classes(2).simulatedOn(ticker, meter)
        .segment(Cost.of(Duration.ofMillis(1), Energy.ofMicrojoules(1)), new float[] {1, 0})
        .segment(Cost.of(Duration.ofMillis(1), Energy.ofMicrojoules(2)), x -> new float[] {x[0], x[2]})
        .segment(Cost.of(Duration.ofMillis(1), Energy.ofMicrojoules(3)), new float[] {0, 1})
        .build();
    assertThat(segs).extracting(ScriptedModel::name).containsExactly("net/0", "net/1", "net/2");
    assertThat(segs.get(0).signature()).hasToString(
        "inputs [x:FLOAT32[1, 3]] -> outputs [hidden:FLOAT32[1, 3], probs:FLOAT32[1, 2]]");
    assertThat(segs.get(1).signature()).hasToString(
        "inputs [hidden:FLOAT32[1, 3]] -> outputs [hidden:FLOAT32[1, 3], probs:FLOAT32[1, 2]]");
    assertThat(segs.get(2).signature()).hasToString("inputs [hidden:FLOAT32[1, 3]] -> outputs [probs:FLOAT32[1, 2]]");

    Tensor[] in0 = segs.get(0).newInputs();
    Tensor[] out0 = segs.get(0).newOutputs();
    Tensor[] out1 = segs.get(1).newOutputs();
    in0[0].put(new float[] {0.125f, 0.5f, 0.875f});
    segs.get(0).run(in0, out0);
    segs.get(1).run(new Tensor[] {out0[0]}, out1);
    assertThat(probs(out0, 0)).as("hidden = input").containsExactly(0.125f, 0.5f, 0.875f);
    assertThat(probs(out1, 1)).as("segment 1 sees the input").containsExactly(0.125f, 0.875f);
    assertThat(meter.readNanojoules()).isEqualTo(3_000);
  }

  @Test
  void aNarrowerHiddenStateTruncatesAndAWiderOnePads() {
    List<ScriptedModel> narrow = ScriptedModel.segments("n").inputSize(3).hiddenSize(2).classes(2)
        .segment(Cost.FREE, new float[2]).segment(Cost.FREE, new float[2]).build();
    Tensor[] in = narrow.get(0).newInputs();
    Tensor[] out = narrow.get(0).newOutputs();
    in[0].put(new float[] {1, 2, 3});
    narrow.get(0).run(in, out);
    assertThat(probs(out, 0)).containsExactly(1, 2);
    List<ScriptedModel> wide = ScriptedModel.segments("w").inputSize(2).hiddenSize(3).classes(2)
        .segment(Cost.FREE, new float[2]).segment(Cost.FREE, new float[2]).build();
    Tensor[] win = wide.get(0).newInputs();
    Tensor[] wout = wide.get(0).newOutputs();
    wout[0].put(new float[] {9, 9, 9});
    win[0].put(new float[] {1, 2});
    wide.get(0).run(win, wout);
    assertThat(probs(wout, 0)).containsExactly(1, 2, 0);
  }

  @Test
  void segmentBuildErrors() {
    assertThatThrownBy(() -> ScriptedModel.segments("one").segment(Cost.FREE, new float[10]).build())
        .hasMessageContaining("at least two segments, has 1");
    assertThatThrownBy(() -> ScriptedModel.segments("x").segment(Cost.of(Duration.ofMillis(1), Energy.ZERO), new float[10])
        .segment(Cost.FREE, new float[10]).build()).hasMessageContaining("simulatedOn");
    assertThatThrownBy(() -> ScriptedModel.segments("x").classes(0)).hasMessageContaining("classes must be >= 1");
  }
}
