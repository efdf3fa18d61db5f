package io.edgeenergy.model.spi;

import io.edgeenergy.model.ModelClosedException;
import io.edgeenergy.model.Tensor;
import io.edgeenergy.model.TensorMismatchException;
import io.edgeenergy.model.TensorSpec;
import java.util.Arrays;

/**
 * The argument checks every backend's {@code Model.run} makes, with one wording for all backends:
 * count, null, closed, dtype and fixed dimensions. Allocation-free when the tensors are valid.
 * A backend calls it first thing in {@link BackendModel#invoke}.
 */
public final class TensorChecks {
  private TensorChecks() {}

  /**
   * Fails unless {@code tensors} fit {@code specs} one by one.
   *
   * @param model the model's name, for the message
   * @param kind {@code "input"} or {@code "output"}
   */
  public static void check(String model, String kind, TensorSpec[] specs, Tensor[] tensors) {
    if (tensors == null) {
      throw new TensorMismatchException("model '" + model + "': the " + kind + " array is null; expected "
          + specs.length + " tensor(s) " + Arrays.toString(specs));
    }
    if (tensors.length != specs.length) {
      throw new TensorMismatchException("model '" + model + "' takes " + specs.length + " " + kind + "(s) "
          + Arrays.toString(specs) + ", got " + tensors.length + " tensor(s) " + Arrays.toString(tensors));
    }
    for (int i = 0; i < specs.length; i++) {
      Tensor t = tensors[i];
      if (t == null) {
        throw new TensorMismatchException("model '" + model + "': " + kind + " " + i + " '" + specs[i].name()
            + "' is null; expected a tensor " + specs[i]);
      }
      if (t.isClosed()) {
        throw new ModelClosedException("model '" + model + "': " + kind + " " + i + " '" + specs[i].name()
            + "' was given a closed tensor " + t.spec());
      }
      if (!specs[i].accepts(t.spec())) {
        throw new TensorMismatchException("model '" + model + "': " + kind + " " + i + " '" + specs[i].name()
            + "' expects " + specs[i].dtype() + Arrays.toString(specs[i].shape()) + " (-1 = any size), got tensor "
            + t.spec());
      }
    }
  }
}
