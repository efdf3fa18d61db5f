package io.edgeenergy.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class TensorTest {
  private static final TensorSpec X = TensorSpec.of("x", DType.FLOAT32, -1, 64);

  @Test
  void elementCountIsKnownOnlyForConcreteShapesAndAnOverflowingOneIsRefused() {
    assertThat(TensorSpec.of("a", DType.FLOAT32, 2, 3, 4).elementCount()).isEqualTo(24);
    assertThat(TensorSpec.of("s", DType.FLOAT32).elementCount()).isEqualTo(1);   // a scalar
    assertThat(X.isConcrete()).isFalse();
    assertThatThrownBy(X::elementCount).isInstanceOf(IllegalStateException.class).hasMessageContaining("dynamic");
    assertThat(X.concrete().elementCount()).isEqualTo(64);
    TensorSpec huge = TensorSpec.of("h", DType.FLOAT32, 1L << 40, 1L << 40);
    assertThat(huge.isConcrete()).isTrue();
    assertThatThrownBy(huge::elementCount).isInstanceOf(ArithmeticException.class).hasMessageContaining("overflows");
    // a dynamic dimension after an overflowing product is still dynamic
    assertThat(TensorSpec.of("d", DType.FLOAT32, 1L << 40, 1L << 40, -1).isConcrete()).isFalse();
  }

  @Test
  void quantizationIsOptionalKeptAcrossShapesAndPartOfEquality() {
    TensorSpec plain = TensorSpec.of("q", DType.INT8, -1, 4);
    Quantization q = new Quantization(0.25f, -3);
    TensorSpec quantized = plain.withQuantization(q);
    assertThat(plain.quantization()).isEmpty();
    assertThat(quantized.quantization()).contains(q);
    assertThat(quantized.concrete().quantization()).contains(q);
    assertThat(quantized.withShape(2, 4).quantization()).contains(q);
    assertThat(quantized).isNotEqualTo(plain).hasToString("q:INT8[-1, 4] q(scale=0.25, zp=-3)");
    assertThat(quantized.withQuantization(null)).isEqualTo(plain).hasSameHashCodeAs(plain);
    assertThat(quantized.accepts(TensorSpec.of("q", DType.INT8, 3, 4))).isTrue();
    assertThat(q.toReal(5)).isEqualTo(2f);
    assertThat(q.quantize(2f, -128, 127)).isEqualTo(5);
    assertThat(q.quantize(1e6f, -128, 127)).isEqualTo(127);
    assertThatThrownBy(() -> new Quantization(0f, 0)).hasMessageContaining("scale must be finite and > 0");
    assertThatThrownBy(() -> new Quantization(Float.NaN, 0)).hasMessageContaining("scale");
    assertThatThrownBy(() -> X.withQuantization(q)).hasMessageContaining("FLOAT32 tensor is not quantized");
  }

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
  void specsAreValuesWithDefensiveShapes() {
    TensorSpec a = TensorSpec.of("a", DType.INT8, 2, 3);
    long[] shape = a.shape();
    shape[0] = 99;
    assertThat(a.shape()).containsExactly(2, 3);
    assertThat(a.rank()).isEqualTo(2);
    assertThat(a.dim(1)).isEqualTo(3);
    assertThat(a.elementCount()).isEqualTo(6);
    assertThat(a).isEqualTo(TensorSpec.of("a", DType.INT8, 2, 3)).hasSameHashCodeAs(TensorSpec.of("a", DType.INT8, 2, 3));
    assertThat(a).isNotEqualTo(TensorSpec.of("b", DType.INT8, 2, 3)).isNotEqualTo(TensorSpec.of("a", DType.UINT8, 2, 3));
    assertThat(a.withShape(4, 3)).hasToString("a:INT8[4, 3]");
    assertThat(a.concrete()).isSameAs(a);
    assertThat(X.accepts(TensorSpec.of("x", DType.FLOAT32, 64))).as("rank differs").isFalse();
    assertThatThrownBy(() -> TensorSpec.of("z", DType.FLOAT32, -2)).hasMessageContaining("'z'");
  }

  @Test
  void signatureLooksUpByNameAndListsTheNamesOnAMiss() {
    TensorSpec probs = TensorSpec.of("probs", DType.FLOAT32, -1, 10);
    TensorSpec hidden = TensorSpec.of("hidden", DType.FLOAT32, -1, 32);
    Signature sig = new Signature(List.of(X), List.of(hidden, probs));
    assertThat(sig.outputIndex("probs")).isEqualTo(1);
    assertThat(sig.output("hidden")).isEqualTo(hidden);
    assertThat(sig.input("x")).isEqualTo(X);
    assertThatThrownBy(() -> sig.outputIndex("logits")).isInstanceOf(TensorMismatchException.class)
        .hasMessage("no output named 'logits'; the model's outputs are [hidden:FLOAT32[-1, 32], probs:FLOAT32[-1, 10]]");
    assertThat(sig).hasToString("inputs [x:FLOAT32[-1, 64]] -> outputs [hidden:FLOAT32[-1, 32], probs:FLOAT32[-1, 10]]");
  }

  @Test
  void everyDtypeHasItsViewAndOnlyThatOne() {
    Tensor ints = Tensor.allocate(TensorSpec.of("i", DType.INT32, 3));
    ints.ints().put(2, 7);
    assertThat(ints.bytes().getInt(8)).isEqualTo(7);
    assertThat(ints.bytes().capacity()).isEqualTo(12);
    assertThatThrownBy(ints::longs).hasMessageContaining("holds INT32, not INT64");
    assertThatThrownBy(() -> ints.put(new float[3])).hasMessageContaining("not FLOAT32");

    Tensor longs = Tensor.allocate(TensorSpec.of("l", DType.INT64, 2));
    longs.longs().put(1, Long.MAX_VALUE);
    assertThat(longs.bytes().getLong(8)).isEqualTo(Long.MAX_VALUE);
    assertThatThrownBy(longs::floats).hasMessageContaining("not FLOAT32");

    Tensor bytes = Tensor.allocate(TensorSpec.of("b", DType.BOOL, 5));
    assertThat(bytes.bytes().capacity()).isEqualTo(5);
    assertThat(bytes.bytes()).isSameAs(bytes.bytes());
    assertThatThrownBy(bytes::ints).hasMessageContaining("not INT32");
    assertThat(bytes.bytes().order()).isEqualTo(java.nio.ByteOrder.nativeOrder());
  }

  @Test
  void allocatingResolvesDynamicDimensionsAndRefusesHugeTensors() {
    Tensor t = Tensor.allocate(X);
    assertThat(t.spec().shape()).containsExactly(1, 64);
    assertThat(t.elementCount()).isEqualTo(64);
    assertThat(t.dtype()).isEqualTo(DType.FLOAT32);
    assertThat(t.get(new float[64])).containsOnly(0f);
    assertThatThrownBy(() -> Tensor.allocate(TensorSpec.of("huge", DType.FLOAT32, 1 << 20, 1 << 10)))
        .isInstanceOf(TensorMismatchException.class).hasMessageContaining("more than one buffer holds");
    assertThatThrownBy(() -> new Tensor(X, ByteBuffer.allocateDirect(256)) {}).hasMessageContaining("concrete shape");
    assertThatThrownBy(() -> t.get(new float[2])).hasMessageContaining("the array 2");
  }

  @Test
  void aClosedTensorRefusesEveryViewAndReleasesOnce() {
    int[] released = new int[1];
    Tensor t = new Tensor(TensorSpec.of("n", DType.INT32, 2), ByteBuffer.allocateDirect(8)) {
      @Override
      protected void release() {
        released[0]++;
      }
    };
    t.close();
    t.close();
    assertThat(released[0]).isEqualTo(1);
    assertThat(t.isClosed()).isTrue();
    assertThat(t).hasToString("Tensor[n:INT32[2], closed]");
    assertThatThrownBy(t::bytes).isInstanceOf(ModelClosedException.class).hasMessageContaining("n:INT32[2] was closed");
    assertThatThrownBy(t::ints).isInstanceOf(ModelClosedException.class);
  }

  @Test
  void tensorsOfAModelCloseTogether() {
    Model m = new Model() {
      @Override public String name() { return "m"; }
      @Override public Signature signature() { return new Signature(List.of(X), List.of(X)); }
      @Override public String backend() { return "test"; }
      @Override public String executionProvider() { return "none"; }
      @Override public Tensor[] newInputs() { return new Tensor[] {Tensor.allocate(X)}; }
      @Override public Tensor[] newOutputs() { return new Tensor[] {Tensor.allocate(X), Tensor.allocate(X)}; }
      @Override public void run(Tensor[] inputs, Tensor[] outputs) {}
      @Override public void close() {}
    };
    Tensors io = Tensors.of(m);
    assertThat(io.inputs()).hasSize(1);
    assertThat(io.outputs()).hasSize(2);
    io.close();
    assertThat(io.inputs()[0].isClosed()).isTrue();
    assertThat(io.outputs()).allMatch(Tensor::isClosed);
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
