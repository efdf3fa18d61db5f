package io.edgeenergy.onnx.internal;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession.SessionOptions;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import io.edgeenergy.model.ModelLoadException;
import io.edgeenergy.model.ModelOptions;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps {@link ModelOptions} onto ONNX Runtime {@link SessionOptions}.
 *
 * <ul>
 *   <li>{@code intraOpThreads} → {@code setIntraOpNumThreads} (0 = ONNX Runtime's default, one per
 *       core).
 *   <li>{@code allowSpinning} → session config entries {@value #INTRA_SPIN} and {@value
 *       #INTER_SPIN} ({@code "0"} or {@code "1"}). Spinning workers burn energy between calls, so
 *       the SDK's default is {@code "0"}.
 *   <li>{@code optimization} NONE/BASIC/EXTENDED/ALL → {@code NO_OPT/BASIC_OPT/EXTENDED_OPT/ALL_OPT}.
 *   <li>{@code executionProviders}, best first: each one this build of ONNX Runtime has is added in
 *       that order; one it lacks (or that fails to initialise) is skipped with one WARN per provider
 *       and process, then DEBUG. {@code CPU} ends the list. ONNX Runtime always keeps the CPU provider
 *       as the fallback for nodes the chosen provider cannot run.
 *   <li>{@code backendOptions}: a key {@code PROVIDER:option} (e.g. {@code QNN:htp_performance_mode},
 *       {@code XNNPACK:intra_op_num_threads}) goes to that provider's options, for the providers
 *       whose Java adder takes options (XNNPACK, QNN, CoreML, WebGPU; OpenVINO's {@code device_type});
 *       every other key is a session config entry ({@code addConfigEntry}), applied last so it can
 *       override the above.
 * </ul>
 */
public final class SessionSettings {
  static final String INTRA_SPIN = "session.intra_op.allow_spinning";
  static final String INTER_SPIN = "session.inter_op.allow_spinning";

  private static final Logger LOG = LoggerFactory.getLogger(SessionSettings.class);
  private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

  /** Providers the Java API can add, by the canonical short name we report. */
  private enum Provider {
    CPU(OrtProvider.CPU),
    XNNPACK(OrtProvider.XNNPACK),
    QNN(OrtProvider.QNN),
    NNAPI(OrtProvider.NNAPI),
    COREML(OrtProvider.CORE_ML),
    CUDA(OrtProvider.CUDA),
    TENSORRT(OrtProvider.TENSOR_RT),
    ROCM(OrtProvider.ROCM),
    DNNL(OrtProvider.DNNL),
    OPENVINO(OrtProvider.OPEN_VINO),
    ACL(OrtProvider.ACL),
    ARMNN(OrtProvider.ARM_NN),
    DIRECTML(OrtProvider.DIRECT_ML),
    WEBGPU(OrtProvider.WEBGPU);

    final OrtProvider ort;

    Provider(OrtProvider ort) {
      this.ort = ort;
    }

    static Provider find(String requested) {
      String key = requested.toUpperCase(Locale.ROOT).replace("_", "").replace("-", "").replace(" ", "");
      if (key.endsWith("EXECUTIONPROVIDER")) {
        key = key.substring(0, key.length() - "EXECUTIONPROVIDER".length());
      }
      if (key.equals("DML")) {
        key = "DIRECTML";
      }
      for (Provider p : values()) {
        if (p.name().equals(key)) {
          return p;
        }
      }
      return null;
    }
  }

  private final SessionOptions options;
  private final String executionProvider;

  private SessionSettings(SessionOptions options, String executionProvider) {
    this.options = options;
    this.executionProvider = executionProvider;
  }

  /** The configured options; the caller closes them after the session that uses them. */
  public SessionOptions options() {
    return options;
  }

  /** Short name of the first execution provider that was really added, {@code CPU} if none. */
  public String executionProvider() {
    return executionProvider;
  }

  /**
   * Builds session options for {@code model}.
   *
   * @throws ModelLoadException an option value ONNX Runtime rejects
   */
  public static SessionSettings of(ModelOptions mo, String model) {
    SessionOptions so = new SessionOptions();
    try {
      so.setIntraOpNumThreads(mo.intraOpThreads());
      so.addConfigEntry(INTRA_SPIN, mo.allowSpinning() ? "1" : "0");
      so.addConfigEntry(INTER_SPIN, mo.allowSpinning() ? "1" : "0");
      so.setOptimizationLevel(switch (mo.optimization()) {
        case NONE -> OptLevel.NO_OPT;
        case BASIC -> OptLevel.BASIC_OPT;
        case EXTENDED -> OptLevel.EXTENDED_OPT;
        case ALL -> OptLevel.ALL_OPT;
      });
      Map<Provider, Map<String, String>> providerOptions = new LinkedHashMap<>();
      Map<String, String> configEntries = new LinkedHashMap<>();
      splitBackendOptions(mo.backendOptions(), providerOptions, configEntries);
      String ep = addProviders(so, mo, providerOptions, model);
      for (Map.Entry<String, String> e : configEntries.entrySet()) {
        so.addConfigEntry(e.getKey(), e.getValue());
      }
      return new SessionSettings(so, ep);
    } catch (OrtException | RuntimeException e) {
      so.close();
      throw new ModelLoadException("model '" + model + "': ONNX Runtime rejected the options " + mo + ": "
          + e.getMessage(), e);
    }
  }

  private static void splitBackendOptions(Map<String, String> backendOptions,
      Map<Provider, Map<String, String>> providerOptions, Map<String, String> configEntries) {
    for (Map.Entry<String, String> e : backendOptions.entrySet()) {
      String key = e.getKey();
      int colon = key.indexOf(':');
      Provider p = colon > 0 ? Provider.find(key.substring(0, colon)) : null;
      if (p != null) {
        providerOptions.computeIfAbsent(p, k -> new LinkedHashMap<>()).put(key.substring(colon + 1), e.getValue());
      } else {
        configEntries.put(key, e.getValue());
      }
    }
  }

  private static String addProviders(SessionOptions so, ModelOptions mo,
      Map<Provider, Map<String, String>> providerOptions, String model) {
    EnumSet<OrtProvider> available = OrtEnvironment.getAvailableProviders();
    String chosen = null;
    for (String requested : mo.executionProviders()) {
      Provider p = Provider.find(requested);
      if (p == null) {
        warnOnce("unknown:" + requested, "model '{}': unknown execution provider '{}' (known: {}); skipped",
            model, requested, java.util.Arrays.toString(Provider.values()));
        continue;
      }
      if (p == Provider.CPU) {
        break;
      }
      if (!available.contains(p.ort)) {
        warnOnce("missing:" + p, "model '{}': execution provider {} is not in this ONNX Runtime build "
            + "(available: {}); falling back", model, p, available);
        continue;
      }
      Map<String, String> opts = providerOptions.getOrDefault(p, Map.of());
      try {
        add(so, p, opts);
        if (chosen == null) {
          chosen = p.name();
        }
      } catch (OrtException | RuntimeException e) {
        warnOnce("failed:" + p, "model '{}': execution provider {} failed to initialise ({}); falling back",
            model, p, e.getMessage());
      }
    }
    String ep = chosen == null ? Provider.CPU.name() : chosen;
    if (!mo.executionProviders().isEmpty() && !ep.equalsIgnoreCase(mo.executionProviders().get(0))) {
      LOG.debug("model '{}': requested execution providers {}, running on {}", model, mo.executionProviders(), ep);
    }
    return ep;
  }

  private static void add(SessionOptions so, Provider p, Map<String, String> opts) throws OrtException {
    switch (p) {
      case XNNPACK -> so.addXnnpack(opts);
      case QNN -> so.addQnn(opts);
      case COREML -> {
        if (opts.isEmpty()) {
          so.addCoreML();
        } else {
          so.addCoreML(opts);
        }
      }
      case WEBGPU -> so.addWebGPU(opts);
      case NNAPI -> so.addNnapi();
      case CUDA -> so.addCUDA();
      case TENSORRT -> so.addTensorrt(0);
      case ROCM -> so.addROCM();
      case DNNL -> so.addDnnl(true);
      case OPENVINO -> so.addOpenVINO(opts.getOrDefault("device_type", ""));
      case ACL -> so.addACL(false);
      case ARMNN -> so.addArmNN(true);
      case DIRECTML -> so.addDirectML(0);
      case CPU -> { }
    }
  }

  private static void warnOnce(String key, String format, Object... args) {
    if (WARNED.add(key)) {
      LOG.warn(format, args);
    } else {
      LOG.debug(format, args);
    }
  }
}
