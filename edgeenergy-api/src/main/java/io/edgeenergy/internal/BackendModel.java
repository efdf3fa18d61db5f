package io.edgeenergy.internal;

import io.edgeenergy.model.Model;
import io.edgeenergy.model.ModelClosedException;
import io.edgeenergy.model.Signature;
import io.edgeenergy.model.Tensor;
import io.edgeenergy.model.TensorSpec;
import java.util.List;
import java.util.Objects;

/**
 * What every native backend's {@link Model} shares: name, signature and execution provider, the
 * closed state with its exception, and allocating a full set of tensors (closing the ones made so
 * far if one fails). A backend adds loading, {@link #run}, {@link #newTensor} and {@link #release}.
 * Not part of the public API.
 */
public abstract class BackendModel implements Model {
  protected final String name;
  protected final Signature signature;
  private final String backend;
  private final String executionProvider;
  private boolean closed;

  protected BackendModel(String backend, String name, Signature signature, String executionProvider) {
    this.backend = Objects.requireNonNull(backend, "backend");
    this.name = Objects.requireNonNull(name, "name");
    this.signature = Objects.requireNonNull(signature, "signature");
    this.executionProvider = Objects.requireNonNull(executionProvider, "executionProvider");
  }

  /** A new tensor for {@code spec} of the kind this backend binds without copying. */
  protected abstract Tensor newTensor(TensorSpec spec);

  /** Frees the backend's native resources; called once, by the first {@link #close()}. */
  protected abstract void release();

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final Signature signature() {
    checkOpen();
    return signature;
  }

  @Override
  public final String backend() {
    return backend;
  }

  @Override
  public final String executionProvider() {
    checkOpen();
    return executionProvider;
  }

  @Override
  public final Tensor[] newInputs() {
    checkOpen();
    return allocate(signature.inputs());
  }

  @Override
  public final Tensor[] newOutputs() {
    checkOpen();
    return allocate(signature.outputs());
  }

  private Tensor[] allocate(List<TensorSpec> specs) {
    Tensor[] tensors = new Tensor[specs.size()];
    try {
      for (int i = 0; i < tensors.length; i++) {
        tensors[i] = newTensor(specs.get(i));
      }
    } catch (RuntimeException e) {
      for (Tensor t : tensors) {
        if (t != null) {
          t.close();
        }
      }
      throw e;
    }
    return tensors;
  }

  @Override
  public final void close() {
    if (!closed) {
      closed = true;
      release();
    }
  }

  protected final boolean isClosed() {
    return closed;
  }

  protected final void checkOpen() {
    if (closed) {
      throw new ModelClosedException("model '" + name + "' is closed");
    }
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + name + ", " + executionProvider + ", " + signature
        + (closed ? ", closed" : "") + "]";
  }
}
