package io.edgeenergy.tflite.internal;

import io.edgeenergy.model.ModelLoadException;
import io.edgeenergy.tflite.internal.FlatReader.Invalid;
import io.edgeenergy.tflite.internal.FlatReader.Table;
import io.edgeenergy.tflite.internal.FlatReader.Vector;
import java.nio.ByteBuffer;

/**
 * Checks, in Java, the structure of a TensorFlow Lite model before the native loader sees it:
 * TensorFlow Lite trusts what its flatbuffer verifier cannot check, and a file whose tensor index
 * is out of range makes XNNPACK abort the whole process. Checked here, following TFLite's {@code
 * schema.fbs} (version 3): every flatbuffer offset in range; at least one subgraph; subgraph inputs
 * and outputs, operator inputs, outputs and intermediates are tensor indices in range ({@code -1},
 * "optional", allowed for operators); operator code indices in range and builtin codes known;
 * tensor shapes with positive sizes (-1 only in {@code shape_signature}), a sane rank and size; tensor
 * buffer indices in range and constant data exactly as long as shape and type say; quantization
 * parameters consistent with the shape; signature and metadata indices in range. A defect is a
 * {@link ModelLoadException} naming the field (e.g. {@code subgraphs[0].operators[1].inputs[0] =
 * 7, but the subgraph has 5 tensors}).
 */
public final class TfliteStructure {
  /** More dimensions than any TFLite kernel handles; XNNPACK stops at 6. */
  static final int MAX_RANK = 16;
  /** A larger tensor cannot be a Java buffer, nor sensible on a device. */
  static final long MAX_TENSOR_BYTES = Integer.MAX_VALUE;
  /** BuiltinOperator values are below this (about 210 in TFLite 2.19). */
  static final int MAX_BUILTIN_CODE = 1024;
  private static final int STRING = 5;
  private static final int RESOURCE = 13;
  private static final int VARIANT = 14;
  private static final int INT4 = 17;
  /** Bytes per element of each TensorType (-1: variable size, checked no further). */
  private static final int[] ELEMENT_BYTES = {4, 2, 4, 1, 8, -1, 1, 2, 8, 1, 8, 16, 8, -1, -1, 4, 2, -1, 2};

  private TfliteStructure() {}

  /**
   * Fails with a {@link ModelLoadException} starting with {@code what} (e.g. "model file 'x.tflite'")
   * if {@code model} (the whole file, position 0 to limit) is structurally broken.
   */
  public static void check(ByteBuffer model, String what) {
    try {
      checkModel(new FlatReader(model));
    } catch (Invalid e) {
      throw new ModelLoadException(what + " is not a valid TensorFlow Lite model: " + e.getMessage()
          + " (a damaged, truncated or hand-edited file; re-export or re-download it)");
    }
  }

  private static void checkModel(FlatReader r) {
    if (r.size() < 8) {
      throw new Invalid("the file has " + r.size() + " bytes, too few for a flatbuffer");
    }
    Table model = r.tableAt(0, "model");
    int opcodes = checkOperatorCodes(model.vector(1, "operator_codes", 4));
    Vector buffers = model.vector(4, "buffers", 4);
    int nBuffers = buffers == null ? 0 : buffers.length;
    long[] bufferBytes = new long[nBuffers];
    for (int i = 0; i < nBuffers; i++) {
      bufferBytes[i] = bufferBytes(r, buffers.table(i));
    }
    Vector subgraphs = model.vector(2, "subgraphs", 4);
    if (subgraphs == null || subgraphs.length == 0) {
      throw new Invalid("model.subgraphs is empty: the model has no graph");
    }
    Vector mainOutputs = subgraphs.table(0).vector(2, "outputs", 4);
    if (mainOutputs == null || mainOutputs.length == 0) {
      // XNNPACK aborts the process on a graph without outputs; nothing could be read from it anyway.
      throw new Invalid("model.subgraphs[0] has no outputs");
    }
    int[] tensorsPerSubgraph = new int[subgraphs.length];
    for (int s = 0; s < subgraphs.length; s++) {
      tensorsPerSubgraph[s] = checkSubgraph(subgraphs.table(s), opcodes, bufferBytes);
    }
    Vector metadataBuffer = model.vector(5, "metadata_buffer", 4);
    for (int i = 0; metadataBuffer != null && i < metadataBuffer.length; i++) {
      index(metadataBuffer.i32(i), nBuffers, "model.metadata_buffer[" + i + "]", "buffers", false);
    }
    Vector metadata = model.vector(6, "metadata", 4);
    for (int i = 0; metadata != null && i < metadata.length; i++) {
      Table m = metadata.table(i);
      m.string(0, "name");
      index(m.u32(1, "buffer", 0), nBuffers, m.what + ".buffer", "buffers", false);
    }
    Vector signatures = model.vector(7, "signature_defs", 4);
    for (int i = 0; signatures != null && i < signatures.length; i++) {
      checkSignature(signatures.table(i), tensorsPerSubgraph);
    }
  }

  private static int checkOperatorCodes(Vector codes) {
    if (codes == null) {
      return 0;
    }
    for (int i = 0; i < codes.length; i++) {
      Table c = codes.table(i);
      int deprecated = (byte) c.u8(0, "deprecated_builtin_code", 0);
      int builtin = c.i32(3, "builtin_code", 0);
      int code = Math.max(deprecated, builtin); // as TFLite's GetBuiltinCode reads it
      if (code < 0 || code >= MAX_BUILTIN_CODE) {
        throw new Invalid(c.what + " has builtin code " + code + ", which is no TensorFlow Lite operator");
      }
      c.string(1, "custom_code");
    }
    return codes.length;
  }

  /** The constant data's length of a buffer (its data vector, or the offset/size of a large model). */
  private static long bufferBytes(FlatReader r, Table b) {
    Vector data = b.vector(0, "data", 1);
    long offset = b.u64(1, "offset", 0);
    long size = b.u64(2, "size", 0);
    if (offset > 1) { // > 1: TFLite's "stored after the flatbuffer" marker; 1 means none
      if (size < 0 || offset < 0 || offset + size > r.size() || offset + size < 0) {
        throw new Invalid(b.what + " holds " + size + " bytes at offset " + offset + ", outside the file of "
            + r.size() + " bytes");
      }
      return size;
    }
    return data == null ? 0 : data.length;
  }

  private static int checkSubgraph(Table g, int opcodes, long[] bufferBytes) {
    Vector tensors = g.vector(0, "tensors", 4);
    int n = tensors == null ? 0 : tensors.length;
    boolean[] constant = new boolean[n];
    for (int t = 0; t < n; t++) {
      constant[t] = checkTensor(tensors.table(t), bufferBytes);
    }
    Vector inputs = g.vector(1, "inputs", 4);
    Vector outputs = g.vector(2, "outputs", 4);
    checkIndices(inputs, n, false);
    checkIndices(outputs, n, false);
    // The backend binds its own memory to every graph input and output, and kernels write outputs:
    // a constant (read-only, in the file) or a tensor that is both input and output cannot take that.
    notConstant(inputs, constant);
    notConstant(outputs, constant);
    for (int i = 0; inputs != null && i < inputs.length; i++) {
      for (int o = 0; outputs != null && o < outputs.length; o++) {
        if (inputs.i32(i) == outputs.i32(o)) {
          throw new Invalid(outputs.what + "[" + o + "] = " + outputs.i32(o) + " is also " + inputs.what + "[" + i
              + "]: a graph output must be computed, not passed through");
        }
      }
    }
    Vector ops = g.vector(3, "operators", 4);
    for (int o = 0; ops != null && o < ops.length; o++) {
      Table op = ops.table(o);
      index(op.u32(0, "opcode_index", 0), opcodes, op.what + ".opcode_index", "operator codes", false);
      checkIndices(op.vector(1, "inputs", 4), n, true);
      checkIndices(op.vector(2, "outputs", 4), n, true);
      notConstant(op.vector(2, "outputs", 4), constant);
      checkIndices(op.vector(8, "intermediates", 4), n, true);
      if (op.u8(3, "builtin_options_type", 0) != 0) {
        op.table(4, "builtin_options");
      }
      op.vector(5, "custom_options", 1);
      Vector mutating = op.vector(7, "mutating_variable_inputs", 1);
      Vector opInputs = op.vector(1, "inputs", 4);
      int nIn = opInputs == null ? 0 : opInputs.length;
      if (mutating != null && mutating.length > nIn) {
        throw new Invalid(mutating.what + " has " + mutating.length + " entries for " + nIn + " inputs");
      }
    }
    g.string(4, "name");
    return n;
  }

  private static void notConstant(Vector v, boolean[] constant) {
    for (int i = 0; v != null && i < v.length; i++) {
      int t = v.i32(i);
      if (t >= 0 && constant[t]) {
        throw new Invalid(v.what + "[" + i + "] = " + t + " is a constant tensor (its data is in the file), which"
            + " cannot be " + (v.what.endsWith("inputs") ? "an input" : "written as an output"));
      }
    }
  }

  private static void checkIndices(Vector v, int tensors, boolean optionalAllowed) {
    for (int i = 0; v != null && i < v.length; i++) {
      index(v.i32(i), tensors, v.what + "[" + i + "]", "tensors", optionalAllowed);
    }
  }

  private static void index(long value, int count, String field, String of, boolean optionalAllowed) {
    if (optionalAllowed && value == -1) {
      return;
    }
    if (value < 0 || value >= count) {
      throw new Invalid(field + " = " + value + ", but there " + (count == 1 ? "is 1 of the " : "are " + count + " ")
          + of + (optionalAllowed ? " (-1 marks an optional input)" : ""));
    }
  }

  /** Checks one tensor; returns whether it is a constant (has data in its buffer). */
  private static boolean checkTensor(Table t, long[] bufferBytes) {
    Vector shape = t.vector(0, "shape", 4);
    int rank = shape == null ? 0 : shape.length;
    if (rank > MAX_RANK) {
      throw new Invalid(t.what + " has rank " + rank + " (more than " + MAX_RANK + ")");
    }
    long elements = 1;
    for (int i = 0; i < rank; i++) {
      int d = shape.i32(i);
      if (d < 0) {
        throw new Invalid(t.what + ".shape[" + i + "] = " + d + "; sizes must be >= 0 (-1 belongs in shape_signature)");
      }
      elements = Math.min(elements * d, Long.MAX_VALUE / 1024);
    }
    int type = t.u8(1, "type", 0);
    int size = type < ELEMENT_BYTES.length ? ELEMENT_BYTES[type] : -1;
    long bytes = type == INT4 ? (elements + 1) / 2 : size > 0 ? elements * size : -1;
    if (bytes > MAX_TENSOR_BYTES) {
      throw new Invalid(t.what + " would need " + bytes + " bytes (more than " + MAX_TENSOR_BYTES + ")");
    }
    Vector signature = t.vector(7, "shape_signature", 4);
    if (signature != null && signature.length > 0) {
      if (signature.length != rank) {
        throw new Invalid(t.what + ".shape_signature has rank " + signature.length + " but shape has " + rank);
      }
      for (int i = 0; i < signature.length; i++) {
        int d = signature.i32(i);
        if (d < -1 || d >= 0 && d != shape.i32(i)) {
          throw new Invalid(t.what + ".shape_signature[" + i + "] = " + d + " does not match shape[" + i + "] = "
              + shape.i32(i) + " (only -1, dynamic, may differ)");
        }
      }
    }
    long buffer = t.u32(2, "buffer", 0);
    index(buffer, bufferBytes.length, t.what + ".buffer", "buffers", false);
    long data = bufferBytes[(int) buffer];
    boolean sparse = t.has(6);
    if (data > 0 && bytes >= 0 && !sparse && data != bytes && type != STRING && type != RESOURCE
        && type != VARIANT) {
      throw new Invalid(t.what + " has " + data + " bytes of constant data, but its shape and type need " + bytes);
    }
    Table q = t.table(4, "quantization");
    if (q != null) {
      checkQuantization(q, shape, rank);
    }
    t.string(3, "name");
    return data > 0;
  }

  private static void checkQuantization(Table q, Vector shape, int rank) {
    Vector scale = q.vector(2, "scale", 4);
    Vector zeroPoint = q.vector(3, "zero_point", 8);
    int scales = scale == null ? 0 : scale.length;
    int zeros = zeroPoint == null ? 0 : zeroPoint.length;
    if (scales > 0 && zeros > 0 && scales != zeros) {
      throw new Invalid(q.what + " has " + scales + " scales but " + zeros + " zero points");
    }
    if (scales > 1) {
      int dim = q.i32(6, "quantized_dimension", 0);
      if (dim < 0 || dim >= rank || shape.i32(dim) != scales) {
        throw new Invalid(q.what + " has " + scales + " per-channel scales along dimension " + dim + ", which the"
            + " tensor's shape (rank " + rank + ") does not have with that size");
      }
    }
  }

  private static void checkSignature(Table s, int[] tensorsPerSubgraph) {
    long subgraph = s.u32(4, "subgraph_index", 0);
    index(subgraph, tensorsPerSubgraph.length, s.what + ".subgraph_index", "subgraphs", false);
    for (int field = 0; field < 2; field++) {
      Vector maps = s.vector(field, field == 0 ? "inputs" : "outputs", 4);
      for (int i = 0; maps != null && i < maps.length; i++) {
        Table m = maps.table(i);
        m.string(0, "name");
        index(m.u32(1, "tensor_index", 0), tensorsPerSubgraph[(int) subgraph], m.what + ".tensor_index", "tensors",
            false);
      }
    }
    s.string(2, "signature_key");
  }
}
