package io.edgeenergy.onnx.internal;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.edgeenergy.model.spi.BackendModel;
import io.edgeenergy.model.spi.TensorChecks;
import io.edgeenergy.model.DType;
import io.edgeenergy.model.InferenceException;
import io.edgeenergy.model.ModelLoadException;
import io.edgeenergy.model.ModelOptions;
import io.edgeenergy.model.Signature;
import io.edgeenergy.model.Tensor;
import io.edgeenergy.model.TensorMismatchException;
import io.edgeenergy.model.TensorSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An ONNX Runtime session behind the {@link io.edgeenergy.model.Model} interface.
 *
 * <h2>Hot path</h2>
 *
 * {@link #run} validates the tensors (a loop over counts, dtypes and fixed dimensions), then calls
 * {@code OrtSession.run(inputs, pinnedOutputs)} with two maps this model keeps and updates in place:
 * ONNX Runtime reads the inputs from, and writes every output into, the callers' buffers. Binding is
 * per slot and cached by identity: a slot whose tensor is the same object as last time costs one
 * reference compare; a slot that receives another {@link OrtTensor} (any model's, e.g. the previous
 * segment's {@code hidden} output) only swaps a map value. A plain {@link Tensor} (from {@link
 * Tensor#allocate}) is wrapped in an ONNX Runtime view of its memory — still no data copy — when it
 * first enters a slot; that costs one native tensor creation (a few µs and some garbage) and the
 * view is reused while the same tensor stays in the slot, and closed when it leaves or the model
 * closes. This class allocates nothing per run once the slots are bound; ONNX Runtime's Java layer
 * still allocates a few small arrays and a {@code Result} per call (see the module docs).
 *
 * <h2>Thread model</h2>
 *
 * One thread at a time may call {@link #run}, {@link #newInputs}, {@link #newOutputs} and {@link
 * #close}; callers that hand a model between threads must publish it safely. The underlying {@code
 * OrtSession} would accept concurrent runs, but the bound-slot cache and the tensors themselves are
 * single-threaded state, so this backend does not declare {@code THREAD_SAFE_RUN}: load one model per
 * thread (sessions share nothing but the process-wide environment). A second thread's run is
 * refused with {@code ConcurrentModelUseException}, and {@code close()} waits for a running call
 * (see {@link BackendModel}). Tensors from {@link #newInputs}/{@link #newOutputs} belong to the
 * caller and outlive the model.
 */
public final class OnnxModel extends BackendModel {
  private static final Logger LOG = LoggerFactory.getLogger(OnnxModel.class);

  private final OrtEnvironment env;
  private final OrtSession session;
  private final OrtSession.SessionOptions sessionOptions;
  private final Slots inputs;
  private final Slots outputs;

  private OnnxModel(String name, OrtEnvironment env, OrtSession session, SessionSettings settings,
      Signature signature) {
    super("onnxruntime", name, signature, settings.executionProvider());
    this.env = env;
    this.session = session;
    this.sessionOptions = settings.options();
    this.inputs = new Slots("input", signature.inputs());
    this.outputs = new Slots("output", signature.outputs());
  }

  /** Loads {@code file}; see {@link SessionSettings} for how the options map. */
  public static OnnxModel load(OrtEnvironment env, Path file, ModelOptions options) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(options, "options");
    long size = ModelFiles.check(file);
    Path fileName = file.getFileName();
    String name = options.name() != null ? options.name() : fileName != null ? fileName.toString() : file.toString();
    SessionSettings settings = SessionSettings.of(options, name);
    OrtSession session;
    try {
      session = env.createSession(file.toString(), settings.options());
    } catch (OrtException | RuntimeException e) {
      settings.options().close();
      throw new ModelLoadException("ONNX Runtime " + env.getVersion() + " cannot load model file '" + file + "': "
          + ModelFiles.describeFailure(size, e.getMessage()), e);
    }
    return create(name, env, session, settings);
  }

  /** Loads a model from its bytes; {@code options.name()}, if set, overrides {@code label}. */
  public static OnnxModel load(OrtEnvironment env, byte[] model, String label, ModelOptions options) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(options, "options");
    String name = options.name() != null ? options.name() : label != null && !label.trim().isEmpty() ? label : "onnx-model";
    ModelFiles.check(model, name);
    SessionSettings settings = SessionSettings.of(options, name);
    OrtSession session;
    try {
      session = env.createSession(model, settings.options());
    } catch (OrtException | RuntimeException e) {
      settings.options().close();
      throw new ModelLoadException("ONNX Runtime " + env.getVersion() + " cannot load model '" + name + "': "
          + ModelFiles.describeFailure(model.length, e.getMessage()), e);
    }
    return create(name, env, session, settings);
  }

  private static OnnxModel create(String name, OrtEnvironment env, OrtSession session, SessionSettings settings) {
    try {
      Signature signature = signatureOf(session, name);
      OnnxModel model = new OnnxModel(name, env, session, settings, signature);
      LOG.debug("loaded model '{}' on {}: {}", name, settings.executionProvider(), signature);
      return model;
    } catch (RuntimeException e) {
      closeQuietly(session, name);
      settings.options().close();
      throw e;
    }
  }

  /** Reads the session's inputs and outputs; fails listing every one this SDK cannot feed. */
  static Signature signatureOf(OrtSession session, String name) {
    Map<String, NodeInfo> in;
    Map<String, NodeInfo> out;
    try {
      in = session.getInputInfo();
      out = session.getOutputInfo();
    } catch (OrtException e) {
      throw new ModelLoadException("model '" + name + "': ONNX Runtime cannot describe its inputs and outputs: "
          + e.getMessage(), e);
    }
    List<String> unsupported = new ArrayList<>();
    List<TensorSpec> inSpecs = specs(in, "input", unsupported);
    List<TensorSpec> outSpecs = specs(out, "output", unsupported);
    if (!unsupported.isEmpty()) {
      throw new ModelLoadException("model '" + name + "' has inputs/outputs this SDK cannot feed: " + unsupported
          + "; supported are tensors of " + Arrays.toString(DType.values()));
    }
    return new Signature(inSpecs, outSpecs);
  }

  private static List<TensorSpec> specs(Map<String, NodeInfo> nodes, String kind, List<String> unsupported) {
    List<TensorSpec> specs = new ArrayList<>(nodes.size());
    for (NodeInfo node : nodes.values()) {
      if (!(node.getInfo() instanceof TensorInfo info)) {
        unsupported.add(kind + " '" + node.getName() + "' is not a tensor but " + node.getInfo());
        continue;
      }
      DType dtype = dtypeOf(info.onnxType);
      if (dtype == null) {
        unsupported.add(kind + " '" + node.getName() + "' has element type " + info.onnxType);
        continue;
      }
      long[] shape = info.getShape();
      for (int i = 0; i < shape.length; i++) {
        if (shape[i] < 0) {
          shape[i] = -1; // symbolic ("N") or unknown
        } else if (shape[i] == 0) {
          unsupported.add(kind + " '" + node.getName() + "' has a zero-sized dimension " + Arrays.toString(shape));
          shape = null;
          break;
        }
      }
      if (shape != null) {
        specs.add(TensorSpec.of(node.getName(), dtype, shape));
      }
    }
    return specs;
  }

  private static DType dtypeOf(TensorInfo.OnnxTensorType type) {
    return switch (type) {
      case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT -> DType.FLOAT32;
      case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT8 -> DType.INT8;
      case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT8 -> DType.UINT8;
      case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT32 -> DType.INT32;
      case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64 -> DType.INT64;
      case ONNX_TENSOR_ELEMENT_DATA_TYPE_BOOL -> DType.BOOL;
      default -> null;
    };
  }

  @Override
  protected Tensor newTensor(TensorSpec spec) {
    return OrtTensor.allocate(env, spec);
  }

  @Override
  protected void invoke(Tensor[] in, Tensor[] out) {
    inputs.check(in);
    outputs.check(out);
    inputs.bind(in);
    outputs.bind(out);
    OrtSession.Result result;
    try {
      result = session.run(inputs.map, outputs.map);
    } catch (OrtException | RuntimeException e) {
      throw failure(e);
    }
    // Every output is pinned, so the Result owns none of them: close() releases nothing of ours.
    result.close();
  }

  private RuntimeException failure(Exception e) {
    String msg = String.valueOf(e.getMessage());
    if (msg.contains("shape verification failed") || msg.contains("Shape mismatch")) {
      TensorMismatchException t = new TensorMismatchException("model '" + name + "': an output tensor's shape does"
          + " not match what the model computes for these inputs (dynamic dimensions of outputs must agree with"
          + " the inputs'); inputs " + inputs.describeBound() + ", outputs " + outputs.describeBound()
          + ". ONNX Runtime: " + msg);
      t.initCause(e);
      return t;
    }
    return new InferenceException("model '" + name + "' failed in ONNX Runtime: " + msg, e);
  }

  @Override
  protected void release() {
    inputs.release();
    outputs.release();
    closeQuietly(session, name);
    sessionOptions.close();
    LOG.debug("closed model '{}'", name);
  }

  private static void closeQuietly(OrtSession session, String name) {
    try {
      session.close();
    } catch (OrtException | RuntimeException e) {
      LOG.warn("model '{}': ONNX Runtime failed to close its session: {}", name, e.toString());
    }
  }

  /**
   * The inputs or the outputs: their specs, the tensors bound last time (by identity) and the map
   * handed to ONNX Runtime, updated in place.
   */
  private final class Slots {
    final String kind;
    final TensorSpec[] specs;
    final String[] names;
    final Tensor[] bound;
    /** Views this model created over plain tensors' memory, closed when unbound; null for in-place. */
    final OnnxTensor[] owned;
    final Map<String, OnnxTensor> map;

    Slots(String kind, List<TensorSpec> specList) {
      this.kind = kind;
      this.specs = specList.toArray(new TensorSpec[0]);
      this.names = new String[specs.length];
      for (int i = 0; i < specs.length; i++) {
        names[i] = specs[i].name();
      }
      this.bound = new Tensor[specs.length];
      this.owned = new OnnxTensor[specs.length];
      this.map = new LinkedHashMap<>(Math.max(4, specs.length * 2));
    }

    void check(Tensor[] tensors) {
      TensorChecks.check(name, kind, specs, tensors);
    }

    void bind(Tensor[] tensors) {
      for (int i = 0; i < tensors.length; i++) {
        Tensor t = tensors[i];
        if (bound[i] == t) {
          continue;
        }
        OnnxTensor view;
        OnnxTensor newOwned = null;
        if (t instanceof OrtTensor ort) {
          view = ort.onnxTensorUnchecked();
        } else {
          view = OrtTensor.wrap(env, t.spec(), t.bytes());
          newOwned = view;
        }
        unbind(i);
        map.put(names[i], view);
        bound[i] = t;
        owned[i] = newOwned;
      }
    }

    private void unbind(int i) {
      bound[i] = null;
      if (owned[i] != null) {
        owned[i].close();
        owned[i] = null;
      }
    }

    void release() {
      for (int i = 0; i < bound.length; i++) {
        unbind(i);
      }
      map.clear();
    }

    String describeBound() {
      StringBuilder sb = new StringBuilder("[");
      for (int i = 0; i < bound.length; i++) {
        sb.append(i == 0 ? "" : ", ").append(bound[i] == null ? names[i] + ":?" : bound[i].spec().toString());
      }
      return sb.append(']').toString();
    }
  }
}
