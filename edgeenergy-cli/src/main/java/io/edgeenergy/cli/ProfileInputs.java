package io.edgeenergy.cli;

import io.edgeenergy.model.DType;
import io.edgeenergy.model.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * The values {@code profile} feeds named inputs instead of its {@code --inputs} fill, because some
 * models only run their real path on real values (Silero VAD's sample rate {@code sr} must be 16000 or
 * 8000): {@code --fill TENSOR=VALUE} sets every element to VALUE, {@code --input TENSOR=FILE} copies a
 * NumPy {@code .npy} array of the tensor's dtype and shape, or any other file as the tensor's raw
 * little-endian bytes. Every mistake is a usage error naming the option, the tensor and what fits.
 */
final class ProfileInputs {
  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");
  private static final Map<String, DType> NPY_TYPES = Map.of("<f4", DType.FLOAT32, "<i4", DType.INT32,
      "<i8", DType.INT64, "|i1", DType.INT8, "|u1", DType.UINT8, "|b1", DType.BOOL);

  private final CommandLine cli;
  private final Map<String, String> fills;
  private final Map<String, Path> files;

  ProfileInputs(CommandLine cli, Map<String, String> fills, Map<String, Path> files) {
    this.cli = cli;
    this.fills = fills;
    this.files = files;
  }

  /**
   * Writes the declared values into their input tensors and returns how the report names them, e.g.
   * {@code "; sr = 16000; input from chunk.npy"} ({@code ""} when nothing was declared).
   */
  String apply(Tensor[] inputs) {
    List<String> names = Arrays.stream(inputs).map(t -> t.spec().name()).collect(Collectors.toList());
    StringBuilder described = new StringBuilder();
    for (Map.Entry<String, String> e : fills.entrySet()) {
      Tensor t = input(inputs, names, "--fill", e.getKey(), e.getValue());
      if (files.containsKey(e.getKey())) {
        throw new ParameterException(cli, "input '" + e.getKey() + "' has both --fill and --input: give one");
      }
      fill(t, "--fill " + e.getKey() + "=" + e.getValue(), e.getValue().strip());
      described.append("; ").append(e.getKey()).append(" = ").append(e.getValue().strip());
    }
    for (Map.Entry<String, Path> e : files.entrySet()) {
      Tensor t = input(inputs, names, "--input", e.getKey(), e.getValue().toString());
      read(t, "--input " + e.getKey() + "=" + e.getValue(), e.getValue());
      described.append("; ").append(e.getKey()).append(" from ").append(e.getValue().getFileName());
    }
    return described.toString();
  }

  private Tensor input(Tensor[] inputs, List<String> names, String option, String name, String value) {
    int i = names.indexOf(name);
    if (i < 0) {
      throw new ParameterException(cli, option + " " + name + "=" + value + ": the model has no input named '"
          + name + "'; its inputs are " + names);
    }
    return inputs[i];
  }

  /** Every element of {@code t} = {@code text}, parsed as its dtype. */
  private void fill(Tensor t, String option, String text) {
    ByteBuffer one = ByteBuffer.allocate(t.dtype().byteSize()).order(ByteOrder.LITTLE_ENDIAN);
    try {
      switch (t.dtype()) {
        case FLOAT32 -> one.putFloat(Float.parseFloat(text));
        case INT32 -> one.putInt(Integer.parseInt(text));
        case INT64 -> one.putLong(Long.parseLong(text));
        case INT8 -> one.put(Byte.parseByte(text));
        case UINT8 -> one.put((byte) inRange(Integer.parseInt(text), 0, 255));
        case BOOL -> one.put((byte) (text.equals("true") || text.equals("1") ? 1
            : text.equals("false") || text.equals("0") ? 0 : notABool(text)));
      }
    } catch (NumberFormatException e) {
      throw new ParameterException(cli, option + ": input '" + t.spec().name() + "' is " + t.dtype()
          + "; give " + (t.dtype() == DType.FLOAT32 ? "a number" : t.dtype() == DType.BOOL ? "true, false, 1 or 0"
          : "a whole number in its range") + ", e.g. " + t.spec().name() + "=" + (t.dtype() == DType.FLOAT32 ? "0.5" : "1"));
    }
    copy(one.flip(), t);   // one element, repeated over the tensor
  }

  private static int notABool(String text) {
    throw new NumberFormatException(text);
  }

  private static int inRange(int v, int min, int max) {
    if (v < min || v > max) {
      throw new NumberFormatException(v + " outside [" + min + ", " + max + "]");
    }
    return v;
  }

  /** {@code file} into {@code t}: a {@code .npy} array of its dtype and shape, or exactly its raw bytes. */
  private void read(Tensor t, String option, Path file) {
    long want = (long) t.elementCount() * t.dtype().byteSize();
    byte[] bytes;
    try {
      if (Files.size(file) > want + 65_536) {   // no npy header is that long: do not read a huge wrong file
        throw new ParameterException(cli, option + ": " + file + " holds " + Files.size(file) + " bytes, input '"
            + t.spec().name() + "' " + Arrays.toString(t.spec().shape()) + " " + t.dtype() + " needs " + want);
      }
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new ParameterException(cli, option + ": cannot read " + file + " (" + e + ")");
    }
    ByteBuffer data = ByteBuffer.wrap(bytes);
    String what = "raw little-endian " + t.dtype();
    if (file.toString().endsWith(".npy")) {
      data = npyData(bytes, t, option);
      what = ".npy data";
    }
    if (data.remaining() != want) {
      throw new ParameterException(cli, option + ": " + file + " holds " + data.remaining() + " bytes of " + what
          + ", input '" + t.spec().name() + "' " + Arrays.toString(t.spec().shape()) + " " + t.dtype() + " needs "
          + want + " (its shape: see --shape)");
    }
    copy(data, t);
  }

  /** The data of a version 1-3 {@code .npy} file, after checking its dtype, order and shape against {@code t}. */
  private ByteBuffer npyData(byte[] b, Tensor t, String option) {
    ByteBuffer in = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    boolean magic = b.length >= 10 && (b[0] & 0xff) == 0x93
        && new String(b, 1, 5, StandardCharsets.US_ASCII).equals("NUMPY") && b[6] >= 1 && b[6] <= 3;
    int start = magic && b[6] == 1 ? 10 : 12;
    long headerLength = !magic ? -1 : start == 10 ? in.getShort(8) & 0xffff : b.length >= 12 ? in.getInt(8) & 0xffffffffL : -1;
    if (headerLength < 0 || start + headerLength > b.length) {
      throw new ParameterException(cli, option + ": not a NumPy .npy file (no NUMPY header of version 1-3)");
    }
    String header = new String(b, start, (int) headerLength, StandardCharsets.ISO_8859_1);
    Matcher descr = DESCR.matcher(header);
    Matcher fortran = FORTRAN.matcher(header);
    Matcher shape = SHAPE.matcher(header);
    if (!descr.find() || !fortran.find() || !shape.find()) {
      throw new ParameterException(cli, option + ": its .npy header lacks descr, fortran_order or shape: " + header.strip());
    }
    DType dtype = NPY_TYPES.get(descr.group(1));
    if (dtype != t.dtype()) {
      throw new ParameterException(cli, option + ": the array is '" + descr.group(1) + "', input '" + t.spec().name()
          + "' is " + t.dtype() + " (save it with numpy dtype " + t.dtype().name().toLowerCase(Locale.ROOT) + ")");
    }
    if (fortran.group(1).equals("True")) {
      throw new ParameterException(cli, option + ": the array is in Fortran order; save it C-ordered (np.ascontiguousarray)");
    }
    long[] dims = Arrays.stream(shape.group(1).split(",")).map(String::strip).filter(s -> !s.isEmpty())
        .mapToLong(Long::parseLong).toArray();
    if (!Arrays.equals(dims, t.spec().shape())) {
      throw new ParameterException(cli, option + ": the array's shape is " + Arrays.toString(dims) + ", input '"
          + t.spec().name() + "' runs at " + Arrays.toString(t.spec().shape()) + " (declare it with --shape "
          + t.spec().name() + "=" + Arrays.stream(dims).mapToObj(Long::toString).collect(Collectors.joining(",")) + ")");
    }
    return ByteBuffer.wrap(b, start + (int) headerLength, b.length - start - (int) headerLength);
  }

  /**
   * Little-endian element bytes into the tensor, whatever the machine's byte order; a source shorter
   * than the tensor (one element, for a fill) repeats.
   */
  private static void copy(ByteBuffer littleEndian, Tensor t) {
    ByteBuffer src = littleEndian.slice().order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer dst = t.bytes();
    int size = t.dtype().byteSize();
    for (int i = 0, n = t.elementCount(); i < n; i++) {
      int from = (i * size) % src.limit();
      switch (size) {
        case 4 -> dst.putInt(i * 4, src.getInt(from));
        case 8 -> dst.putLong(i * 8, src.getLong(from));
        default -> dst.put(i, src.get(from));
      }
    }
  }
}
