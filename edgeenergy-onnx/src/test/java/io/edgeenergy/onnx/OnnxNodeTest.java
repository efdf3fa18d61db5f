package io.edgeenergy.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import ai.onnx.proto.OnnxMl.TensorProto;
import io.edgeenergy.model.InferenceBackends;
import io.edgeenergy.model.InferenceException;
import io.edgeenergy.model.Model;
import io.edgeenergy.model.ModelLoadException;
import io.edgeenergy.model.Signature;
import io.edgeenergy.model.Tensor;
import io.edgeenergy.onnx.NodeTestCase.Skip;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * ONNX's own operator tests (the backend "node" tests, vendored from Debian's libonnx-testdata, see
 * {@code src/test/resources/onnx-node-tests/README.md}) run through this SDK's ONNX backend: each
 * model is loaded with {@link InferenceBackends#load}, fed its {@code input_K.pb} tensors and its
 * outputs compared with {@code output_K.pb} at ONNX's tolerances.
 *
 * <p>No silent skips: a test may only be skipped for a reason written next to its name in {@code
 * skips.txt} (an SPI dtype or non-tensor value the SDK cannot feed, a zero-sized tensor, an operator
 * ONNX Runtime does not implement, an output that differs for a stated reason such as a random
 * generator), and a listed test that runs fails until its line is removed.
 * The counts and every skip's reason are printed at the end and written to {@code
 * target/onnx-node-tests.txt}.
 *
 * <p>{@code -Dedgeenergy.onnxNodeTests=/usr/share/libonnx-testdata/data/node} runs the whole
 * Debian package instead of the vendored subset.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OnnxNodeTest {
  static final String DIR_PROPERTY = "edgeenergy.onnxNodeTests";
  private static final String RESOURCE = "/onnx-node-tests";
  private static final Pattern[] NOT_IMPLEMENTED = {
      Pattern.compile("Could not find an implementation for (\\S+?\\(\\d+\\))"),
      Pattern.compile("(\\S+\\(-?\\d+\\)) is not a registered function/op"),
      Pattern.compile("(Batchwise recurrent operations \\(layout == 1\\)) are not supported"),
  };

  private static final Map<String, Outcome> OUTCOMES = new TreeMap<>();

  /** What happened to one node test. */
  record Outcome(Kind kind, Skip skip, String message) {
    enum Kind { PASSED, SKIPPED, MISMATCH, ERROR }

    static final Outcome PASSED = new Outcome(Kind.PASSED, null, null);

    static Outcome skipped(Skip skip) {
      return new Outcome(Kind.SKIPPED, skip, skip.toString());
    }
  }

  static Path root() {
    String override = System.getProperty(DIR_PROPERTY);
    if (override != null && !override.isBlank()) {
      return Path.of(override);
    }
    URL url = OnnxNodeTest.class.getResource(RESOURCE + "/README.md");
    if (url == null) {
      throw new IllegalStateException("vendored node tests missing: no " + RESOURCE + " on the test class path");
    }
    try {
      return Path.of(url.toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** skips.txt: {@code test_name | category | detail}, {@code #} comments. */
  static Map<String, Skip> listedSkips() {
    return readList("skips.txt");
  }

  /**
   * tolerances.txt: {@code test_name | atol | why}, for tests whose float32 results near zero
   * need a larger absolute tolerance than ONNX's 1e-7; they count as passed.
   */
  static Map<String, Double> tolerances() {
    Map<String, Double> atol = new TreeMap<>();
    readList("tolerances.txt").forEach((name, entry) -> atol.put(name, Double.parseDouble(entry.category())));
    return atol;
  }

  private static Map<String, Skip> readList(String file) {
    Map<String, Skip> skips = new LinkedHashMap<>();
    try (InputStream in = OnnxNodeTest.class.getResourceAsStream(RESOURCE + "/" + file)) {
      if (in == null) {
        throw new IllegalStateException("no " + RESOURCE + "/" + file + " on the test class path");
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      int no = 0;
      while ((line = r.readLine()) != null) {
        no++;
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] parts = line.split("\\|", 3);
        if (parts.length != 3) {
          throw new IllegalStateException(file + " line " + no + ": expected three fields split by '|': " + line);
        }
        Skip previous = skips.put(parts[0].trim(), new Skip(parts[1].trim(), parts[2].trim()));
        if (previous != null) {
          throw new IllegalStateException(file + " line " + no + ": " + parts[0].trim() + " is listed twice");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return skips;
  }

  @TestFactory
  @Order(1)
  Stream<DynamicTest> nodeTests() throws IOException {
    Map<String, Skip> listed = listedSkips();
    Map<String, Double> atol = tolerances();
    return NodeTestCase.list(root()).stream()
        .map(c -> dynamicTest(c.name(), c.dir().toUri(), () -> check(c, listed.get(c.name()), atol)));
  }

  private static void check(NodeTestCase c, Skip listed, Map<String, Double> atol) throws IOException {
    Outcome o = resolve(c, listed, atol);
    synchronized (OnnxNodeTest.class) {
      OUTCOMES.put(c.name(), o);
    }
    switch (o.kind()) {
      case PASSED -> assertThat(listed).as("%s passes, so remove its line '%s' from skips.txt", c.name(), listed).isNull();
      case SKIPPED -> {
        assertThat(listed).as("%s is skipped (%s) but skips.txt does not list it", c.name(), o.skip()).isNotNull();
        assertThat(o.skip()).as("%s: skip reason", c.name()).isEqualTo(listed);
        Assumptions.abort(o.message());
      }
      case MISMATCH, ERROR -> throw new AssertionError(c.name() + ": " + o.message());
    }
  }

  /** The test's outcome, a mismatch that skips.txt lists (and explains) counting as that skip. */
  static Outcome resolve(NodeTestCase c, Skip listed, Map<String, Double> atol) throws IOException {
    Outcome o;
    try {
      o = run(c, atol.getOrDefault(c.name(), NodeTestCase.ATOL));
    } catch (RuntimeException | AssertionError e) {
      return new Outcome(Outcome.Kind.ERROR, null, e.toString());
    }
    if (o.kind() == Outcome.Kind.MISMATCH && listed != null && listed.category().equals(Skip.MISMATCH)) {
      return new Outcome(Outcome.Kind.SKIPPED, listed, listed + " (still differs: " + o.message() + ")");
    }
    return o;
  }

  /** Runs every data set of the test. */
  static Outcome run(NodeTestCase c, double atol) throws IOException {
    Optional<Skip> spi = c.unsupportedByTheSpi();
    if (spi.isPresent()) {
      return Outcome.skipped(spi.get());
    }
    List<Path> sets = c.dataSets();
    for (Path set : sets) {
      for (String kind : List.of("input", "output")) {
        List<TensorProto> tensors = NodeTestCase.tensors(set, kind);
        for (int k = 0; k < tensors.size(); k++) {
          if (NodeTestCase.isEmpty(tensors.get(k))) {
            return Outcome.skipped(new Skip(Skip.EMPTY, kind + " " + k + " has shape "
                + java.util.Arrays.toString(NodeTestCase.dims(tensors.get(k)))));
          }
        }
      }
    }
    Model model;
    try {
      model = InferenceBackends.load(c.model());
    } catch (ModelLoadException e) {
      return notImplemented(e).map(Outcome::skipped).orElseThrow(() -> e);
    }
    try (model) {
      for (Path set : sets) {
        List<String> differences;
        try {
          differences = runDataSet(model, set, atol);
        } catch (InferenceException e) {
          Optional<Skip> s = notImplemented(e);
          if (s.isPresent()) {
            return Outcome.skipped(s.get());
          }
          throw e;
        }
        if (!differences.isEmpty()) {
          return new Outcome(Outcome.Kind.MISMATCH, null, set.getFileName() + ": " + String.join("; ", differences));
        }
      }
    }
    return Outcome.PASSED;
  }

  private static Optional<Skip> notImplemented(RuntimeException e) {
    String msg = String.valueOf(e.getMessage());
    for (Pattern p : NOT_IMPLEMENTED) {
      Matcher m = p.matcher(msg);
      if (m.find()) {
        return Optional.of(new Skip(Skip.ORT_NOT_IMPLEMENTED, m.group(1)));
      }
    }
    return Optional.empty();
  }

  /** Feeds one data set; returns a description of every output that differs from ONNX's. */
  private static List<String> runDataSet(Model model, Path set, double atol) throws IOException {
    Signature sig = model.signature();
    List<TensorProto> inProtos = NodeTestCase.tensors(set, "input");
    List<TensorProto> outProtos = NodeTestCase.tensors(set, "output");
    assertThat(inProtos).as("%s inputs", set).hasSize(sig.inputs().size());
    assertThat(outProtos).as("%s outputs", set).hasSize(sig.outputs().size());
    List<Tensor> owned = new ArrayList<>();
    try {
      Tensor[] in = new Tensor[inProtos.size()];
      for (int k = 0; k < in.length; k++) {
        in[k] = NodeTestCase.toTensor(inProtos.get(k), sig.inputs().get(k));
        owned.add(in[k]);
      }
      Tensor[] out = new Tensor[outProtos.size()];
      Tensor[] expected = new Tensor[outProtos.size()];
      for (int k = 0; k < out.length; k++) {
        expected[k] = NodeTestCase.toTensor(outProtos.get(k), sig.outputs().get(k));
        owned.add(expected[k]);
        out[k] = Tensor.allocate(expected[k].spec());
        owned.add(out[k]);
      }
      model.run(in, out);
      List<String> differences = new ArrayList<>();
      for (int k = 0; k < out.length; k++) {
        NodeTestCase.compare(out[k], expected[k], atol).ifPresent(differences::add);
      }
      return differences;
    } finally {
      owned.forEach(Tensor::close);
    }
  }

  /** The skip list is explicit: every skip of this run is listed with its reason, nothing else is. */
  @Test
  @Order(2)
  void everySkipIsListedWithItsReasonAndNothingElse() throws IOException {
    List<NodeTestCase> cases = NodeTestCase.list(root());
    assertThat(cases).as("node tests in %s", root()).hasSizeGreaterThan(100);
    Map<String, Skip> listed = listedSkips();
    assertThat(listed.values()).extracting(Skip::category).allMatch(Skip.ALL::contains);
    assertThat(listed.values()).filteredOn(s -> s.category().equals(Skip.MISMATCH))
        .allSatisfy(s -> assertThat(s.detail()).as("a mismatch needs its reason").hasSizeGreaterThan(20));
    Map<String, Double> atol = tolerances();
    Map<String, Skip> skipped = new TreeMap<>();
    Map<String, Skip> listedHere = new TreeMap<>();
    for (NodeTestCase c : cases) {
      Outcome o;
      synchronized (OnnxNodeTest.class) {
        o = OUTCOMES.get(c.name());
      }
      if (o == null) {
        o = resolve(c, listed.get(c.name()), atol); // the factory did not run (e.g. a filtered run)
      }
      if (o.kind() == Outcome.Kind.SKIPPED) {
        skipped.put(c.name(), o.skip());
      }
      if (listed.containsKey(c.name())) {
        listedHere.put(c.name(), listed.get(c.name()));
      }
    }
    assertThat(skipped).isEqualTo(listedHere);
  }

  @AfterAll
  static void report() throws IOException {
    Map<String, Outcome> outcomes;
    synchronized (OnnxNodeTest.class) {
      outcomes = new TreeMap<>(OUTCOMES);
    }
    if (outcomes.isEmpty()) {
      return;
    }
    long passed = outcomes.values().stream().filter(o -> o.kind() == Outcome.Kind.PASSED).count();
    long failed = outcomes.values().stream()
        .filter(o -> o.kind() == Outcome.Kind.MISMATCH || o.kind() == Outcome.Kind.ERROR).count();
    Map<String, Long> byCategory = outcomes.values().stream().filter(o -> o.kind() == Outcome.Kind.SKIPPED)
        .collect(Collectors.groupingBy(o -> o.skip().category(), TreeMap::new, Collectors.counting()));
    long skipped = byCategory.values().stream().mapToLong(Long::longValue).sum();
    StringBuilder sb = new StringBuilder();
    sb.append("ONNX node tests (").append(root()).append("): ").append(outcomes.size()).append(" run, ")
        .append(passed).append(" passed, ").append(failed).append(" failed, ").append(skipped).append(" skipped ")
        .append(byCategory).append('\n');
    Map<String, Double> atol = tolerances();
    outcomes.forEach((name, o) -> {
      switch (o.kind()) {
        case SKIPPED -> sb.append("SKIP ").append(name).append(" | ").append(o.skip().category()).append(" | ")
            .append(o.skip().detail()).append('\n');
        case PASSED -> sb.append("PASS ").append(name)
            .append(atol.containsKey(name) ? " (atol " + atol.get(name) + ")" : "").append('\n');
        default -> sb.append("FAIL ").append(name).append(" | ").append(o.message().replace('\n', ' ')).append('\n');
      }
    });
    Path target = Path.of("target");
    if (Files.isDirectory(target)) {
      Files.writeString(target.resolve("onnx-node-tests.txt"), sb);
    }
    System.out.println(sb.toString().lines().filter(l -> !l.startsWith("PASS "))
        .collect(Collectors.joining("\n")));
  }
}
