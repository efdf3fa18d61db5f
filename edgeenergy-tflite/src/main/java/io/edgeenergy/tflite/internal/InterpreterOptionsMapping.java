package io.edgeenergy.tflite.internal;

import io.edgeenergy.model.ModelLoadException;
import io.edgeenergy.model.ModelOptions;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps {@link ModelOptions} onto a TensorFlow Lite interpreter.
 *
 * <ul>
 *   <li>{@code intraOpThreads} → {@code InterpreterBuilder::SetNumThreads} (0 = TensorFlow Lite's
 *       default, -1). The XNNPACK delegate uses the same count.
 *   <li>XNNPACK: on by default (TensorFlow Lite's default delegate for float models; a quantized
 *       graph also gets one with the int8 kernels on, see {@link QuantizedXnnpack}). {@code
 *       executionProviders}, best first: the first of {@code XNNPACK} (on) or {@code CPU} (off, plain
 *       builtin kernels) decides; a delegate this build lacks ({@code GPU}, {@code NNAPI}, {@code
 *       HEXAGON}, {@code COREML}...) is skipped with one warning per name and process. {@code
 *       backendOptions} key {@value #XNNPACK} = {@code true|false} overrides both.
 *   <li>{@code allowSpinning} and {@code optimization} have no TensorFlow Lite counterpart and are
 *       ignored; every other {@code backendOptions} key is refused, naming the known ones.
 * </ul>
 */
record InterpreterOptionsMapping(int threads, boolean xnnpack) {
  static final String XNNPACK = "xnnpack";
  private static final Set<String> KNOWN_DELEGATES_ELSEWHERE =
      Set.of("GPU", "NNAPI", "HEXAGON", "COREML", "QNN", "EDGETPU", "ETHOSU");
  private static final Logger LOG = LoggerFactory.getLogger(InterpreterOptionsMapping.class);
  private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

  static InterpreterOptionsMapping of(ModelOptions mo, String model) {
    int threads = mo.intraOpThreads() == 0 ? -1 : mo.intraOpThreads();
    Boolean xnnpack = null;
    for (String requested : mo.executionProviders()) {
      String key = requested.toUpperCase(Locale.ROOT).replace("_", "").replace("-", "");
      if (key.equals("XNNPACK") || key.equals("CPU")) {
        xnnpack = key.equals("XNNPACK");
        break;
      }
      String why = KNOWN_DELEGATES_ELSEWHERE.contains(key) ? "is not in this TensorFlow Lite build (JavaCPP's preset"
          + " ships the builtin CPU kernels and XNNPACK)" : "is unknown (known: XNNPACK, CPU)";
      if (WARNED.add(key)) {
        LOG.warn("model '{}': delegate {} {}; falling back", model, requested, why);
      }
    }
    for (Map.Entry<String, String> e : mo.backendOptions().entrySet()) {
      if (!e.getKey().equals(XNNPACK)) {
        throw new ModelLoadException("model '" + model + "': unknown TensorFlow Lite backend option '" + e.getKey()
            + "' (known: " + XNNPACK + "=true|false)");
      }
      String v = e.getValue().trim().toLowerCase(Locale.ROOT);
      if (!v.equals("true") && !v.equals("false")) {
        throw new ModelLoadException("model '" + model + "': backend option " + XNNPACK + " must be true or false, was '"
            + e.getValue() + "'");
      }
      xnnpack = v.equals("true");
    }
    return new InterpreterOptionsMapping(threads, xnnpack == null || xnnpack);
  }
}
