package io.edgeenergy.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class TensorTest {
  private static final TensorSpec X = TensorSpec.of("x", DType.FLOAT32, -1, 64);

  @Test
  void dynamicDimensionsResolveToOne() {
    assertThat(X.isConcrete()).isFalse();
    assertThat(X.concrete().shape()).containsExactly(1, 64);
    assertThat(X.accepts(TensorSpec.of("y", DType.FLOAT32, 8, 64))).isTrue();
    assertThat(X.accepts(TensorSpec.of("y", DType.FLOAT32, 1, 63))).isFalse();
    assertThat(X.accepts(TensorSpec.of("y", DType.INT8, 1, 64))).isFalse();
    assertThat(X).hasToString("x:FLOAT32[-1, 64]");
    assertThatThrownBy(X::elementCount).hasMessageContaining("dynamic");
    assertThatThrownBy(() -> TensorSpec.of("z", DType.FLOAT32, 0, 2)).hasMessageContaining("dimensions");
  }

  @Test
  void signatureErrorsListTheNamesThatExist() {
    Signature sig = new Signature(List.of(X), List.of(TensorSpec.of("probs", DType.FLOAT32, -1, 10)));
    assertThat(sig.outputIndex("probs")).isZero();
    assertThatThrownBy(() -> sig.inputIndex("image")).isInstanceOf(TensorMismatchException.class)
        .hasMessageContaining("'image'").hasMessageContaining("x:FLOAT32[-1, 64]");
  }

  @Test
  void tensorsAreDirectTypedAndCheckedOnUse() {
    Tensor t = Tensor.allocate(X);
    t.put(new float[64]);
    t.floats().put(3, 2.5f);
    assertThat(t.get(new float[64])[3]).isEqualTo(2.5f);
    assertThat(t.floats()).isSameAs(t.floats());
    assertThatThrownBy(t::ints).isInstanceOf(TensorMismatchException.class).hasMessageContaining("FLOAT32");
    assertThatThrownBy(() -> t.put(new float[3])).hasMessageContaining("64 elements");
    t.close();
    t.close();
    assertThatThrownBy(t::floats).isInstanceOf(ModelClosedException.class).hasMessageContaining("closed");
  }

  @Test
  void backendTensorsNeedAMatchingDirectBuffer() {
    TensorSpec spec = TensorSpec.of("b", DType.INT64, 2, 2);
    assertThatThrownBy(() -> new Tensor(spec, ByteBuffer.allocate(32)) {}).hasMessageContaining("heap buffer");
    assertThatThrownBy(() -> new Tensor(spec, ByteBuffer.allocateDirect(31)) {}).hasMessageContaining("32 bytes");
    assertThat(new Tensor(spec, ByteBuffer.allocateDirect(32)) {}.longs().capacity()).isEqualTo(4);
  }

  @Test
  void optionsValidateAndPrint() {
    assertThatThrownBy(() -> ModelOptions.builder().intraOpThreads(-1)).hasMessageContaining("intraOpThreads");
    ModelOptions o = ModelOptions.builder().intraOpThreads(2).allowSpinning(true).name("m").build();
    assertThat(o.toString()).contains("intraOpThreads=2", "allowSpinning=true", "name=m");
    assertThat(ModelOptions.defaults().intraOpThreads()).isEqualTo(1);
    assertThat(ModelOptions.defaults().allowSpinning()).isFalse();
  }

  @Test
  void unknownBackendsAndExtensionsAreClearErrors() {
    assertThatThrownBy(() -> InferenceBackends.named("tflite")).isInstanceOf(BackendUnavailableException.class)
        .hasMessageContaining("edgeenergy-tflite");
    assertThatThrownBy(() -> InferenceBackends.forFile(java.nio.file.Path.of("model.pt")))
        .hasMessageContaining("'.pt'");
  }
}
