package io.edgeenergy.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import io.edgeenergy.model.DType;
import io.edgeenergy.model.Tensor;
import io.edgeenergy.model.TensorSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One ONNX backend node test as ONNX ships it: {@code model.onnx} and {@code test_data_set_N/}
 * with {@code input_K.pb}/{@code output_K.pb} (serialized {@code onnx.TensorProto}s, fed and
 * compared in graph order), read with the ONNX protobuf classes of tribuo-util-onnx.
 *
 * <p>Tolerances are those of ONNX's own backend test runner ({@code onnx.backend.test.runner}:
 * {@code numpy.testing.assert_allclose(out, ref, rtol=1e-3, atol=1e-7)}, NaN equal to NaN); integer
 * and boolean outputs must match exactly.
 */
record NodeTestCase(String name, Path dir) {
  static final double RTOL = 1e-3;
  static final double ATOL = 1e-7;

  /** Every node test below {@code root}, by name. */
  static List<NodeTestCase> list(Path root) throws IOException {
    try (Stream<Path> dirs = Files.list(root)) {
      return dirs.filter(d -> Files.isRegularFile(d.resolve("model.onnx")))
          .map(d -> new NodeTestCase(d.getFileName().toString(), d))
          .sorted((a, b) -> a.name.compareTo(b.name))
          .toList();
    }
  }

  Path model() {
    return dir.resolve("model.onnx");
  }

  ModelProto modelProto() {
    try {
      return ModelProto.parseFrom(Files.readAllBytes(model()));
    } catch (IOException e) {
      throw new UncheckedIOException("node test " + name + ": cannot read " + model(), e);
    }
  }

  /** The {@code test_data_set_N} folders, in order. */
  List<Path> dataSets() throws IOException {
    try (Stream<Path> sets = Files.list(dir)) {
      return sets.filter(d -> d.getFileName().toString().startsWith("test_data_set_")).sorted().toList();
    }
  }

  /** {@code input_K.pb} (or {@code output_K.pb}) of a data set, K = 0, 1, ... until one is missing. */
  static List<TensorProto> tensors(Path dataSet, String prefix) throws IOException {
    List<TensorProto> tensors = new ArrayList<>();
    for (int k = 0; ; k++) {
      Path pb = dataSet.resolve(prefix + "_" + k + ".pb");
      if (!Files.exists(pb)) {
        return tensors;
      }
      tensors.add(TensorProto.parseFrom(Files.readAllBytes(pb)));
    }
  }

  /**
   * Why this SDK cannot feed the model at all, judged from the model file alone: a graph input or
   * output that is not a tensor, or a tensor of an element type {@link DType} lacks.
   */
  Optional<Skip> unsupportedByTheSpi() {
    ModelProto model = modelProto();
    Set<String> initializers = new HashSet<>();
    model.getGraph().getInitializerList().forEach(t -> initializers.add(t.getName()));
    for (String kind : List.of("input", "output")) {
      List<ValueInfoProto> values = kind.equals("input") ? model.getGraph().getInputList() : model.getGraph().getOutputList();
      for (ValueInfoProto v : values) {
        if (initializers.contains(v.getName())) {
          continue;
        }
        TypeProto type = v.getType();
        if (type.getValueCase() != TypeProto.ValueCase.TENSOR_TYPE) {
          String what = type.getValueCase().name().toLowerCase(java.util.Locale.ROOT).replace("_type", "");
          return Optional.of(new Skip(Skip.NON_TENSOR, kind + " '" + v.getName() + "' is "
              + (what.startsWith("o") ? "an " : "a ") + what));
        }
        DataType elem = DataType.forNumber(type.getTensorType().getElemType());
        if (dtype(elem) == null) {
          return Optional.of(new Skip(Skip.DTYPE, kind + " '" + v.getName() + "' is " + elem));
        }
      }
    }
    return Optional.empty();
  }

  /** The SDK's dtype for an ONNX element type, {@code null} where {@link DType} has none. */
  static DType dtype(DataType type) {
    if (type == null) {
      return null;
    }
    return switch (type) {
      case FLOAT -> DType.FLOAT32;
      case INT8 -> DType.INT8;
      case UINT8 -> DType.UINT8;
      case INT32 -> DType.INT32;
      case INT64 -> DType.INT64;
      case BOOL -> DType.BOOL;
      default -> null;
    };
  }

  static long[] dims(TensorProto t) {
    return t.getDimsList().stream().mapToLong(Long::longValue).toArray();
  }

  static boolean isEmpty(TensorProto t) {
    return Arrays.stream(dims(t)).anyMatch(d -> d == 0);
  }

  /** A new tensor of {@code spec}'s name and dtype with the shape and values of {@code proto}. */
  static Tensor toTensor(TensorProto proto, TensorSpec spec) {
    Tensor t = Tensor.allocate(spec.withShape(dims(proto)));
    DType dtype = spec.dtype();
    int n = t.elementCount();
    ByteString raw = proto.getRawData();
    if (!raw.isEmpty()) {
      // raw_data is little-endian whatever the platform.
      ByteBuffer le = raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < n; i++) {
        switch (dtype) {
          case FLOAT32 -> t.floats().put(i, le.getFloat(i * 4));
          case INT32 -> t.ints().put(i, le.getInt(i * 4));
          case INT64 -> t.longs().put(i, le.getLong(i * 8));
          case INT8, UINT8, BOOL -> t.bytes().put(i, le.get(i));
        }
      }
      return t;
    }
    // Typed fields: float_data, int64_data, and int32_data for every integer type of 32 bits or less.
    for (int i = 0; i < n; i++) {
      switch (dtype) {
        case FLOAT32 -> t.floats().put(i, proto.getFloatData(i));
        case INT64 -> t.longs().put(i, proto.getInt64Data(i));
        case INT32 -> t.ints().put(i, proto.getInt32Data(i));
        case INT8, UINT8, BOOL -> t.bytes().put(i, (byte) proto.getInt32Data(i));
      }
    }
    return t;
  }

  /**
   * Compares {@code actual} with the expected tensor like ONNX's runner does; returns a
   * description of the first element that differs, or empty.
   */
  static Optional<String> compare(Tensor actual, Tensor expected, double atol) {
    if (!Arrays.equals(actual.spec().shape(), expected.spec().shape()) || actual.dtype() != expected.dtype()) {
      return Optional.of("expected " + expected.spec() + ", got " + actual.spec());
    }
    int mismatches = 0;
    String first = null;
    double largest = 0;
    for (int i = 0; i < actual.elementCount(); i++) {
      boolean ok;
      String a;
      String e;
      if (actual.dtype() == DType.FLOAT32) {
        float x = actual.floats().get(i);
        float y = expected.floats().get(i);
        ok = Float.isNaN(y) ? Float.isNaN(x)
            : Float.isInfinite(y) ? x == y
            : Math.abs((double) x - y) <= atol + RTOL * Math.abs((double) y);
        a = Float.toString(x);
        e = Float.toString(y);
        largest = Float.isFinite(y) ? Math.max(largest, Math.abs(y)) : largest;
      } else {
        long x = io.edgeenergy.testkit.conformance.TensorValues.getLong(actual, i);
        long y = io.edgeenergy.testkit.conformance.TensorValues.getLong(expected, i);
        ok = x == y;
        a = Long.toString(x);
        e = Long.toString(y);
      }
      if (!ok) {
        mismatches++;
        if (first == null) {
          first = "element " + i + ": expected " + e + ", got " + a;
        }
      }
    }
    return first == null ? Optional.empty()
        : Optional.of(actual.spec().name() + ": " + mismatches + " of " + actual.elementCount()
            + " elements differ beyond rtol " + RTOL + ", atol " + atol + "; first at " + first
            + (actual.dtype() == DType.FLOAT32 ? " (largest |expected| " + largest + ")" : ""));
  }

  /** Why a node test does not run: a category (one of the constants) and a detail. */
  record Skip(String category, String detail) {
    /** A graph input or output is a sequence, map, optional or sparse tensor. */
    static final String NON_TENSOR = "non-tensor";
    /** An element type the SDK's {@link DType} lacks (double, float16, string, int16, ...). */
    static final String DTYPE = "dtype";
    /** A tensor with a zero-sized dimension, which {@link TensorSpec} refuses. */
    static final String EMPTY = "empty-tensor";
    /** ONNX Runtime has no kernel for an operator (or version, or attribute value) of the model. */
    static final String ORT_NOT_IMPLEMENTED = "ort-not-implemented";
    /**
     * Runs, but its outputs differ from ONNX's for a reason written in the skip list (random
     * generators, a known ONNX Runtime deviation); only ever taken from the list, and checked to
     * still differ.
     */
    static final String MISMATCH = "mismatch";
    static final List<String> ALL = List.of(NON_TENSOR, DTYPE, EMPTY, ORT_NOT_IMPLEMENTED, MISMATCH);

    @Override
    public String toString() {
      return category + ": " + detail;
    }
  }
}
