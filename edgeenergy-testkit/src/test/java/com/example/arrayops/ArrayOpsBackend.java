package com.example.arrayops;

import io.edgeenergy.Availability;
import io.edgeenergy.model.DType;
import io.edgeenergy.model.Model;
import io.edgeenergy.model.ModelLoadException;
import io.edgeenergy.model.ModelOptions;
import io.edgeenergy.model.Signature;
import io.edgeenergy.model.TensorSpec;
import io.edgeenergy.model.spi.FileHeads;
import io.edgeenergy.model.spi.NativeBackend;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A third party's backend written only against the public SPI ({@code io.edgeenergy.model} and
 * {@code io.edgeenergy.model.spi}): it runs pure-Java "array op" models from a small text format,
 * <pre>
 * edgeenergy-arrayops 1
 * pass FLOAT32 2 3        (or: add 2 3)
 * end
 * </pre>
 * where {@code pass DTYPE dims} copies input {@code x} to output {@code y} and {@code add dims} writes
 * {@code sum = a + b} in float32. It is the example the SPI's package docs point to.
 */
public final class ArrayOpsBackend extends NativeBackend {
  static final String HEADER = "edgeenergy-arrayops 1";

  /** For {@link java.util.ServiceLoader}. */
  public ArrayOpsBackend() {
    super("arrayops", "arrayops");
  }

  /** The model file for {@code op} ({@code "pass"} or {@code "add"}) of {@code dtype} and shape. */
  public static String source(String op, DType dtype, long... shape) {
    StringBuilder line = new StringBuilder(op);
    if (op.equals("pass")) {
      line.append(' ').append(dtype);
    }
    for (long d : shape) {
      line.append(' ').append(d);
    }
    return HEADER + "\n" + line + "\nend\n";
  }

  @Override
  protected Availability loadNatives() {
    return Availability.AVAILABLE; // pure Java: nothing to load
  }

  @Override
  protected Availability unavailable(Throwable t) {
    return Availability.unavailable("the arrayops backend failed to start: " + t);
  }

  @Override
  protected Model open(Path file, ModelOptions options) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new ModelLoadException("model file " + file + " does not exist", e);
    } catch (IOException e) {
      throw new ModelLoadException("cannot read model file " + file + ": " + e, e);
    }
    return parse(bytes, options.name() != null ? options.name() : file.getFileName().toString(), file.toString());
  }

  @Override
  protected Model open(byte[] model, String name, ModelOptions options) {
    return parse(model, options.name() != null ? options.name() : name, "model bytes '" + name + "'");
  }

  private static Model parse(byte[] bytes, String name, String what) {
    if (FileHeads.isGitLfsPointer(bytes)) {
      throw new ModelLoadException(what + " is " + FileHeads.GIT_LFS);
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new ModelLoadException(what + " is not an arrayops model (not UTF-8 text)", e);
    }
    List<String> lines = Arrays.asList(text.split("\n"));
    if (lines.size() != 3 || !lines.get(0).equals(HEADER) || !lines.get(2).equals("end")) {
      throw new ModelLoadException(what + " is not a complete arrayops model: expected the lines '" + HEADER
          + "', an op and 'end' (a truncated or foreign file?)");
    }
    String[] op = lines.get(1).trim().split(" +");
    try {
      boolean add = op[0].equals("add");
      if (!add && !op[0].equals("pass")) {
        throw new IllegalArgumentException("unknown op '" + op[0] + "' (pass or add)");
      }
      DType dtype = add ? DType.FLOAT32 : DType.valueOf(op[1]);
      long[] shape = Arrays.stream(op, add ? 1 : 2, op.length).mapToLong(Long::parseLong).toArray();
      return new ArrayOpsModel(name, add ? signature(dtype, shape, "a", "b", "sum") : signature(dtype, shape, "x", "y"),
          add);
    } catch (RuntimeException e) {
      throw new ModelLoadException(what + ": bad op line '" + lines.get(1) + "': " + e.getMessage(), e);
    }
  }

  private static Signature signature(DType dtype, long[] shape, String... names) {
    List<TensorSpec> specs = new ArrayList<>();
    for (String n : names) {
      specs.add(TensorSpec.of(n, dtype, shape));
    }
    return new Signature(specs.subList(0, specs.size() - 1), specs.subList(specs.size() - 1, specs.size()));
  }
}
