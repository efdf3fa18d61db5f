package io.edgeenergy.testkit.mutants;

import io.edgeenergy.model.InferenceBackends;
import io.edgeenergy.model.Model;
import io.edgeenergy.model.ModelOptions;
import io.edgeenergy.model.Tensors;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The child process of {@link ForkedMutantRun}: loads each mutant with a backend, runs it once on
 * zeroed inputs and closes it, printing {@code B i} before and {@code E i outcome} after each one,
 * so a parent that sees the process die knows which input killed it. Not for direct use.
 *
 * <p>Arguments: {@code backend original seed from to} (generated mutants) or {@code backend --files
 * first f0 f1 ...} (files numbered from 0, starting at {@code first}).
 */
public final class MutantLoadChild {
  private MutantLoadChild() {}

  /** Entry point of the child JVM; see the class comment for the arguments. */
  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
        StandardCharsets.UTF_8);
    String backend = args[0];
    if (args[1].equals("--files")) {
      for (int i = Integer.parseInt(args[2]); i < args.length - 3; i++) {
        attempt(out, backend, i, Files.readAllBytes(Path.of(args[i + 3])));
      }
    } else {
      ModelMutator mutator = new ModelMutator(Files.readAllBytes(Path.of(args[1])), Long.parseLong(args[2]));
      for (int i = Integer.parseInt(args[3]), to = Integer.parseInt(args[4]); i < to; i++) {
        attempt(out, backend, i, mutator.mutant(i).bytes());
      }
    }
    out.println("DONE");
  }

  private static void attempt(PrintStream out, String backend, int index, byte[] bytes) {
    out.println("B " + index);
    String outcome;
    try (Model m = InferenceBackends.named(backend).load(bytes, "mutant-" + index, ModelOptions.defaults());
         Tensors io = Tensors.of(m)) {
      m.run(io.inputs(), io.outputs());
      outcome = "OK";
    } catch (Throwable t) { // every outcome is data here, even an Error
      String msg = String.valueOf(t.getMessage()).replaceAll("\\s+", " ");
      outcome = "X " + t.getClass().getName() + " " + (msg.length() > 300 ? msg.substring(0, 300) + "..." : msg);
    }
    out.println("E " + index + " " + outcome);
  }
}
