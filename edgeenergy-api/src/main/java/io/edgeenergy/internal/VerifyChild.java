package io.edgeenergy.internal;

import io.edgeenergy.model.InferenceBackends;
import io.edgeenergy.model.Model;
import io.edgeenergy.model.ModelOptions;
import io.edgeenergy.model.Tensors;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The child JVM of {@link io.edgeenergy.model.ModelVerifier}: loads one model file with one backend,
 * runs it once on zeroed inputs and prints one line starting with {@link #DONE}. Standard output is
 * the channel to the parent, not a log. If the process dies instead, the parent refuses the file.
 * Not part of the public API.
 */
public final class VerifyChild {
  /** The first word of the child's answer when it survived. */
  public static final String DONE = "EDGEENERGY-VERIFY-DONE";

  private VerifyChild() {}

  /** Arguments: backend name, model file. */
  public static void main(String[] args) {
    PrintStream out;
    try {
      out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8.name());
    } catch (java.io.UnsupportedEncodingException e) {
      throw new IllegalStateException("every JVM has UTF-8", e);
    }
    String answer;
    try (Model m = InferenceBackends.named(args[0]).load(Paths.get(args[1]), ModelOptions.defaults());
         Tensors io = Tensors.of(m)) {
      m.run(io.inputs(), io.outputs());
      answer = "loaded it and ran it once on zero inputs";
    } catch (Throwable t) { // anything but a crash is a survivable outcome the parent will see again
      answer = "survived; the load failed cleanly with " + t.getClass().getSimpleName() + ": "
          + String.valueOf(t.getMessage()).replaceAll("\\s+", " ");
    }
    out.println(DONE + " " + answer);
    out.flush();
  }
}
