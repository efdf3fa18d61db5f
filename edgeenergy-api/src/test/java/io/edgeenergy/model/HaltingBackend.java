package io.edgeenergy.model;

import io.edgeenergy.Availability;
import io.edgeenergy.model.spi.BackendModel;
import io.edgeenergy.model.spi.NativeBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A backend for the verifier's tests that behaves as a native runtime does on a hostile file: a
 * file saying {@code abort} ends the process as SIGABRT would (exit 134), {@code hang} never
 * returns, anything else loads as a one-output model. Found by ServiceLoader in the api's tests only.
 */
public final class HaltingBackend extends NativeBackend {
  /** For ServiceLoader. */
  public HaltingBackend() {
    super("halting", "halt");
  }

  @Override
  protected Availability loadNatives() {
    return Availability.AVAILABLE;
  }

  @Override
  protected Availability unavailable(Throwable t) {
    return Availability.unavailable(t.toString());
  }

  @Override
  protected Model open(Path file, ModelOptions options) {
    try {
      return open(Files.readAllBytes(file), file.getFileName().toString(), options);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  protected Model open(byte[] model, String name, ModelOptions options) {
    String content = new String(model, StandardCharsets.US_ASCII).strip();
    if (content.equals("abort")) {
      Runtime.getRuntime().halt(134); // what a native abort() leaves behind: no Java cleanup at all
    }
    if (content.equals("hang")) {
      while (true) {
        try {
          Thread.sleep(60_000);
        } catch (InterruptedException e) {
          // a hung native call ignores interrupts too
        }
      }
    }
    Signature sig = new Signature(List.of(TensorSpec.of("x", DType.FLOAT32, 1)), List.of(TensorSpec.of("y",
        DType.FLOAT32, 1)));
    return new BackendModel("halting", name, sig, "CPU") {
      @Override
      protected Tensor newTensor(TensorSpec spec) {
        return Tensor.allocate(spec);
      }

      @Override
      protected void invoke(Tensor[] inputs, Tensor[] outputs) {
        outputs[0].floats().put(0, inputs[0].floats().get(0) + 1);
      }

      @Override
      protected void release() {}
    };
  }
}
