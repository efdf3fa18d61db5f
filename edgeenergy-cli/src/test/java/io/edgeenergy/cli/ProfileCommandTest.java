package io.edgeenergy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.Gson;
import io.edgeenergy.model.DType;
import io.edgeenergy.model.Tensor;
import io.edgeenergy.model.TensorSpec;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Profiles the real digits models and bad files, and checks what a user reads. */
class ProfileCommandTest {
  private static final Path TINY = Path.of("../models/digits/digits_tiny_logreg.onnx");
  private static final Path BIG = Path.of("../models/digits/digits_big_mlp.onnx");

  private final CliRun cli = new CliRun();
  private final StringWriter out = cli.out;
  private final StringWriter err = cli.err;

  @TempDir
  Path tmp;

  private int run(String... args) {
    return cli.run(args);
  }

  @Test
  void profilesTheDigitsModel() throws Exception {
    Path json = tmp.resolve("profile.json");
    int code = run("profile", BIG.toString(), "--runs", "200", "--warmup", "20", "--no-progress",
        "--battery-wh", "5", "--json", json.toString());

    assertThat(code).as(err.toString()).isZero();
    String text = out.toString();
    assertThat(text).contains("Model: digits_big_mlp.onnx", "backend onnxruntime", "Inputs:", "Outputs:",
        "FLOAT32", "[-1, 64] (ran as [1, 64]", "probs", "p50", "p90", "p99", "µJ", "Battery projection: a 5.0 Wh",
        "hours at 1 inference/s", "Wrote " + json);
    // no energy meter on the build machine: the figures must say they are estimates
    String figures = text.substring(text.indexOf("Energy per inference"));
    assertThat(figures).contains("ESTIMATED").doesNotContain("MEASURED");

    ProfileReport r = new Gson().fromJson(Files.readString(json), ProfileReport.class);
    assertThat(r.model()).isEqualTo("digits_big_mlp.onnx");
    assertThat(r.inputs()).hasSize(1);
    assertThat(r.inputs().get(0).shape()).containsExactly(-1, 64);
    assertThat(r.inputs().get(0).ranShape()).containsExactly(1, 64);
    assertThat(r.outputs()).extracting(ProfileReport.TensorInfo::name).contains("probs");
    assertThat(r.timedRuns()).isEqualTo(200);
    ProfileReport.Latency l = r.latencyMicros();
    assertThat(l.min()).isPositive();
    assertThat(l.min()).isLessThanOrEqualTo(l.p50());
    assertThat(l.p50()).isLessThanOrEqualTo(l.p90());
    assertThat(l.p90()).isLessThanOrEqualTo(l.p99());
    assertThat(l.p99()).isLessThanOrEqualTo(l.max());
    assertThat(r.quality()).isEqualTo("ESTIMATED");
    assertThat(r.microjoulesPerInference()).isPositive();
    assertThat(r.batteryWattHours()).isEqualTo(5.0);
    // the projection is the battery divided by the mean energy
    assertThat((double) r.inferencesPerBattery())
        .isCloseTo(5 * 3600 / (r.microjoulesPerInference() * 1e-6), org.assertj.core.data.Percentage.withPercentage(0.1));
  }

  @Test
  void sileroVadProfilesOnceItsDynamicShapesAreDeclared() {
    Path vad = Path.of("../models/audio/silero_vad_16k_op15.onnx");
    int code = run("profile", vad.toString(), "--runs", "20", "--warmup", "2", "--inputs", "zeros", "--json", "-",
        "--shape", "input=1,512", "--shape", "state=2,1,128", "--shape", "stateN=2,1,128");

    assertThat(code).as(err.toString()).isZero();
    ProfileReport r = new Gson().fromJson(out.toString(), ProfileReport.class);
    assertThat(r.inputs()).extracting(ProfileReport.TensorInfo::name).containsExactly("input", "state", "sr");
    assertThat(r.inputs().get(0).shape()).containsExactly(-1, -1);
    assertThat(r.inputs().get(0).ranShape()).containsExactly(1, 512);
    assertThat(r.outputs().get(1).ranShape()).containsExactly(2, 1, 128);
    assertThat(r.timedRuns()).isEqualTo(20);
    assertThat(r.microjoulesPerInference()).isPositive();
  }

  @Test
  void withoutShapesSileroVadSaysWhichOptionDeclaresThem() {
    Path vad = Path.of("../models/audio/silero_vad_16k_op15.onnx");
    assertThat(run("profile", vad.toString(), "--no-progress", "--runs", "2", "--warmup", "1")).isEqualTo(2);
    assertThat(err.toString()).contains("failed in ONNX Runtime", "input [-1, -1] ran as [1, 1]",
        "stateN [-1, -1, -1] ran as [1, 1, 1]", "--shape TENSOR=D,D,...");
  }

  @Test
  void aBadShapeDeclarationNamesTheTensorAndAnExample() {
    Path vad = Path.of("../models/audio/silero_vad_16k_op15.onnx");
    assertThat(run("profile", vad.toString(), "--no-progress", "--shape", "input=1,x")).isEqualTo(2);
    assertThat(err.toString()).contains("--shape input=1,x", "whole number", "e.g. input=1,1");
    err.getBuffer().setLength(0);
    assertThat(run("profile", vad.toString(), "--no-progress", "--shape", "state=3,1,128")).isEqualTo(2);
    assertThat(err.toString()).contains("--shape state=3,1,128: does not fit state", "e.g. state=2,1,128");
    err.getBuffer().setLength(0);
    assertThat(run("profile", vad.toString(), "--no-progress", "--shape", "audio=1,512")).isEqualTo(2);
    assertThat(err.toString()).contains("no input or output named 'audio'", "input", "stateN");
  }

  @Test
  void sileroVadRunsOnTheValuesGivenByFillAndInput() throws Exception {
    Path vad = Path.of("../models/audio/silero_vad_16k_op15.onnx");
    float[] chunk = new float[512];
    for (int i = 0; i < chunk.length; i++) {
      chunk[i] = (float) (0.3 * Math.sin(i * 0.07));
    }
    Path npy = npy(tmp.resolve("chunk.npy"), "<f4", "(1, 512)", floatBytes(chunk));
    int code = run("profile", vad.toString(), "--runs", "5", "--warmup", "1", "--json", "-", "--shape", "input=1,512",
        "--shape", "state=2,1,128", "--shape", "stateN=2,1,128", "--fill", "sr=16000", "--input", "input=" + npy);

    assertThat(code).as(err.toString()).isZero();
    ProfileReport r = new Gson().fromJson(out.toString(), ProfileReport.class);
    assertThat(r.inputValues()).isEqualTo("random (seed 1); sr = 16000; input from chunk.npy");
  }

  @Test
  void fillAndInputWriteTheirValuesIntoTheNamedTensorsOnly() throws Exception {
    Tensor sr = Tensor.allocate(TensorSpec.of("sr", DType.INT64, 1));
    Tensor x = Tensor.allocate(TensorSpec.of("x", DType.FLOAT32, 2, 3));
    Tensor raw = Tensor.allocate(TensorSpec.of("raw", DType.INT32, 2));
    Tensor other = Tensor.allocate(TensorSpec.of("other", DType.FLOAT32, 4));
    float[] values = {1.5f, -2f, 3.25f, 0f, 1e-3f, 7f};
    Path npy = npy(tmp.resolve("x.npy"), "<f4", "(2, 3)", floatBytes(values));
    Path bin = Files.write(tmp.resolve("raw.bin"), ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
        .putInt(-7).putInt(123_456).array());

    String said = new ProfileInputs(EdgeEnergyCli.commandLine(), Map.of("sr", "16000"), new LinkedHashMap<>(
        Map.of("x", npy))).apply(new Tensor[] {sr, x, other});
    new ProfileInputs(EdgeEnergyCli.commandLine(), Map.of(), Map.of("raw", bin)).apply(new Tensor[] {raw});

    assertThat(said).isEqualTo("; sr = 16000; x from x.npy");
    assertThat(sr.longs().get(0)).isEqualTo(16_000L);
    assertThat(x.get(new float[6])).containsExactly(values);
    assertThat(raw.ints().get(0)).isEqualTo(-7);
    assertThat(raw.ints().get(1)).isEqualTo(123_456);
    assertThat(other.floats().get(3)).isZero();
  }

  @Test
  void aWrongFillOrInputNamesTheTensorAndWhatFits() throws Exception {
    Path vad = Path.of("../models/audio/silero_vad_16k_op15.onnx");
    String[] shapes = {"--shape", "input=1,512", "--shape", "state=2,1,128", "--shape", "stateN=2,1,128"};
    assertThat(run(concat(vad, shapes, "--fill", "rate=16000"))).isEqualTo(2);
    assertThat(err.toString()).contains("--fill rate=16000: the model has no input named 'rate'", "[input, state, sr]");
    assertThat(run(concat(vad, shapes, "--fill", "sr=16k"))).isEqualTo(2);
    assertThat(err.toString()).contains("--fill sr=16k: input 'sr' is INT64", "a whole number", "e.g. sr=1");
    Path ints = npy(tmp.resolve("ints.npy"), "<i8", "(1, 512)", new byte[512 * 8]);
    assertThat(run(concat(vad, shapes, "--input", "input=" + ints))).isEqualTo(2);
    assertThat(err.toString()).contains("the array is '<i8', input 'input' is FLOAT32", "float32");
    Path wide = npy(tmp.resolve("wide.npy"), "<f4", "(1, 256)", new byte[256 * 4]);
    assertThat(run(concat(vad, shapes, "--input", "input=" + wide))).isEqualTo(2);
    assertThat(err.toString()).contains("the array's shape is [1, 256], input 'input' runs at [1, 512]",
        "--shape input=1,256");
    Path shortRaw = Files.write(tmp.resolve("short.bin"), new byte[100]);
    assertThat(run(concat(vad, shapes, "--input", "input=" + shortRaw))).isEqualTo(2);
    assertThat(err.toString()).contains("short.bin holds 100 bytes of raw little-endian FLOAT32", "needs 2048");
  }

  private static String[] concat(Path model, String[] shapes, String... more) {
    List<String> args = new ArrayList<>(List.of("profile", model.toString(), "--no-progress", "--runs", "1",
        "--warmup", "0"));
    args.addAll(Arrays.asList(shapes));
    args.addAll(Arrays.asList(more));
    return args.toArray(new String[0]);
  }

  private static byte[] floatBytes(float[] values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      b.putFloat(v);
    }
    return b.array();
  }

  /** A version 1 .npy file as numpy.save writes it: magic, header padded to 64 bytes, then the data. */
  private static Path npy(Path file, String descr, String shape, byte[] data) throws Exception {
    String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
    StringBuilder header = new StringBuilder(dict);
    while ((10 + header.length() + 1) % 64 != 0) {
      header.append(' ');
    }
    header.append('\n');
    ByteBuffer b = ByteBuffer.allocate(10 + header.length() + data.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
    b.putShort((short) header.length()).put(header.toString().getBytes(StandardCharsets.US_ASCII)).put(data);
    return Files.write(file, b.array());
  }

  @Test
  void jsonToStandardOutputPrintsOnlyJson() {
    int code = run("profile", TINY.toString(), "--runs", "20", "--warmup", "0", "--inputs", "zeros", "--json", "-");

    assertThat(code).as(err.toString()).isZero();
    ProfileReport r = new Gson().fromJson(out.toString(), ProfileReport.class);
    assertThat(r.inputValues()).isEqualTo("zero");
    assertThat(r.timedRuns()).isEqualTo(20);
  }

  @Test
  void quantizedTensorsShowTheirScaleAndZeroPoint() {
    var spec = io.edgeenergy.model.TensorSpec.of("x", io.edgeenergy.model.DType.INT8, -1, 64)
        .withQuantization(new io.edgeenergy.model.Quantization(0.0625f, -128));
    ProfileReport.TensorInfo info = ProfileReport.TensorInfo.of(spec);
    assertThat(info.quantization()).isEqualTo(new io.edgeenergy.model.Quantization(0.0625f, -128));
    assertThat(info.ranShape()).containsExactly(1, 64);
    ProfileReport report = new ProfileReport("m", "m.tflite", "tflite", "CPU", java.util.List.of(info),
        java.util.List.of(ProfileReport.TensorInfo.of(io.edgeenergy.model.TensorSpec.of("probs",
            io.edgeenergy.model.DType.FLOAT32, 1, 10))), "zero", 1, 0, 1,
        ProfileReport.Latency.of(new long[] {1000}), 1.0, "ESTIMATED", "sim", "simulated", "every run", 0, 1, 1, 1, 1, 0);
    StringWriter text = new StringWriter();
    report.print(new java.io.PrintWriter(text));
    assertThat(text.toString()).contains("x                    INT8     [-1, 64] (ran as [1, 64], -1 = dynamic), "
        + "quantized: real = 0.0625 x (q - -128)");
    assertThat(text.toString()).contains("probs                FLOAT32  [1, 10]\n").doesNotContain("probs:");
    ProfileReport back = new Gson().fromJson(new Gson().toJson(report), ProfileReport.class);
    assertThat(back.inputs().get(0).quantization()).isEqualTo(info.quantization());
    assertThat(back.outputs().get(0).quantization()).isNull();
  }

  @Test
  void percentilesAreNearestRank() {
    long[] nanos = new long[100];
    for (int i = 0; i < nanos.length; i++) {
      nanos[i] = (100 - i) * 1000L; // 100 µs down to 1 µs, unsorted
    }
    ProfileReport.Latency l = ProfileReport.Latency.of(nanos);
    assertThat(l.p50()).isEqualTo(50.0);
    assertThat(l.p90()).isEqualTo(90.0);
    assertThat(l.p99()).isEqualTo(99.0);
    assertThat(l.min()).isEqualTo(1.0);
    assertThat(l.max()).isEqualTo(100.0);
    assertThat(l.mean()).isEqualTo(50.5);
    assertThat(ProfileReport.Latency.of(new long[] {7000}).p99()).isEqualTo(7.0);
  }

  @Test
  void randomInputsAreSeededAndZerosStayZero() {
    io.edgeenergy.model.Tensor a = io.edgeenergy.model.Tensor.allocate(
        io.edgeenergy.model.TensorSpec.of("x", io.edgeenergy.model.DType.INT64, 4, 4));
    io.edgeenergy.model.Tensor b = io.edgeenergy.model.Tensor.allocate(a.spec());
    ProfileCommand.fill(new io.edgeenergy.model.Tensor[] {a}, ProfileCommand.InputValues.RANDOM, 3);
    ProfileCommand.fill(new io.edgeenergy.model.Tensor[] {b}, ProfileCommand.InputValues.RANDOM, 3);
    long[] va = new long[16];
    long[] vb = new long[16];
    a.longs().get(0, va);
    b.longs().get(0, vb);
    assertThat(va).isEqualTo(vb);
    assertThat(Arrays.stream(va).allMatch(v -> v >= 0 && v < 16)).as("values in [0, 16): %s", Arrays.toString(va)).isTrue();
    assertThat(Arrays.stream(va).distinct().count()).isGreaterThan(1);
    io.edgeenergy.model.Tensor z = io.edgeenergy.model.Tensor.allocate(a.spec());
    ProfileCommand.fill(new io.edgeenergy.model.Tensor[] {z}, ProfileCommand.InputValues.ZEROS, 3);
    assertThat(z.longs().get(5)).isZero();
  }

  @Test
  void aCorruptFileIsAClearErrorWithANonZeroExitCode() throws Exception {
    byte[] garbage = new byte[2048];
    new Random(1).nextBytes(garbage);
    Path bad = Files.write(tmp.resolve("corrupt.onnx"), garbage);

    int code = run("profile", bad.toString(), "--no-progress");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).startsWith("edgeenergy: ").contains("corrupt.onnx").contains("not a valid ONNX model");
    assertThat(out.toString()).as("fails before probing the meter").doesNotContain("Meter:").doesNotContain("Latency");
  }

  @Test
  void aTruncatedModelIsAClearError() throws Exception {
    byte[] whole = Files.readAllBytes(BIG);
    Path cut = Files.write(tmp.resolve("cut.onnx"), Arrays.copyOf(whole, whole.length / 2));

    assertThat(run("profile", cut.toString(), "--no-progress")).isEqualTo(2);
    assertThat(err.toString()).contains("cut.onnx").contains((whole.length / 2) + " bytes");
  }

  @Test
  void aMissingFileIsAClearErrorWithANonZeroExitCode() {
    Path missing = tmp.resolve("nope.onnx");

    int code = run("profile", missing.toString(), "--no-progress");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("nope.onnx").contains("does not exist");
  }

  @Test
  void aFormatNoBackendLoadsIsAClearError() throws Exception {
    Path pt = Files.write(tmp.resolve("model.pt"), new byte[] {1, 2, 3});

    assertThat(run("profile", pt.toString(), "--no-progress")).isEqualTo(2);
    assertThat(err.toString()).contains("no backend loads '.pt' files").contains("onnx");
  }

  @Test
  void badOptionValuesAreRejected() {
    assertThat(run("profile", TINY.toString(), "--runs", "0")).isNotZero();
    assertThat(err.toString()).contains("--runs");
    assertThat(run("profile")).isNotZero();
    assertThat(err.toString()).contains("MODEL");
  }
}
