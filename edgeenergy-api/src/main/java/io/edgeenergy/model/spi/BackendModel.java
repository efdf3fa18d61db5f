package io.edgeenergy.model.spi;

import io.edgeenergy.model.ConcurrentModelUseException;
import io.edgeenergy.model.Model;
import io.edgeenergy.model.ModelClosedException;
import io.edgeenergy.model.Signature;
import io.edgeenergy.model.Tensor;
import io.edgeenergy.model.TensorSpec;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * What every native backend's {@link Model} shares: name, signature and execution provider, the
 * closed state with its exception, allocating a full set of tensors (closing the ones made so far
 * if one fails), and the lifecycle guard around {@link #run}. A backend adds loading, {@link
 * #invoke}, {@link #newTensor} and {@link #release}; its {@code invoke} checks the tensors with
 * {@link TensorChecks} first.
 *
 * <h2>Lifecycle guard</h2>
 *
 * One state word, changed by compare-and-set: a {@code run} moves it IDLE→RUNNING and back (two
 * uncontended CAS per call, a few ns against µs of native work). A second thread's {@code run}
 * finds RUNNING and gets a {@link ConcurrentModelUseException} instead of sharing the native
 * interpreter's buffers (which returned one thread's answer to the other). {@code close()} during a
 * run marks the state CLOSE_PENDING and waits for that run to end before freeing native memory, so
 * memory is never freed under a running call; runs that start after that get {@link
 * ModelClosedException}.
 */
public abstract class BackendModel implements Model {
  /** The model's name, for messages ({@link #name()}). */
  protected final String name;
  /** The model's inputs and outputs, as loaded ({@link #signature()}). */
  protected final Signature signature;
  private final String backend;
  private final String executionProvider;
  private static final int IDLE = 0;
  private static final int RUNNING = 1;
  /** A run is in progress and a close() waits for it; new runs are refused as closed. */
  private static final int CLOSE_PENDING = 2;
  /** The runner finished while a close was pending: the waiting close() may release now. */
  private static final int CLOSE_READY = 3;
  private static final int CLOSING = 4;
  private static final int CLOSED = 5;

  private final AtomicInteger state = new AtomicInteger(IDLE);
  /** The thread of the current run, for messages only (written after the CAS, read racily). */
  private Thread runner;

  /**
   * A model of {@code backend} (its {@link io.edgeenergy.model.InferenceBackend#name()}).
   *
   * @param executionProvider where it runs, e.g. {@code CPU}, for logs and ledgers
   */
  protected BackendModel(String backend, String name, Signature signature, String executionProvider) {
    this.backend = Objects.requireNonNull(backend, "backend");
    this.name = Objects.requireNonNull(name, "name");
    this.signature = Objects.requireNonNull(signature, "signature");
    this.executionProvider = Objects.requireNonNull(executionProvider, "executionProvider");
  }

  /** A new tensor for {@code spec} of the kind this backend binds without copying. */
  protected abstract Tensor newTensor(TensorSpec spec);

  /**
   * Runs the model; called by {@link #run} with the guard held, so never concurrently with itself or
   * with {@link #release}. The model is open.
   */
  protected abstract void invoke(Tensor[] inputs, Tensor[] outputs);

  /**
   * Frees the backend's native resources; called once, by the first {@link #close()}, never while
   * {@link #invoke} runs.
   */
  protected abstract void release();

  /**
   * {@inheritDoc}
   *
   * @throws ConcurrentModelUseException another thread is running this model right now
   */
  @Override
  public final void run(Tensor[] inputs, Tensor[] outputs) {
    if (!state.compareAndSet(IDLE, RUNNING)) {
      refuse();
    }
    runner = Thread.currentThread();
    try {
      invoke(inputs, outputs);
    } finally {
      runner = null;
      if (!state.compareAndSet(RUNNING, IDLE)) {
        state.set(CLOSE_READY); // a close() is waiting for this run (the only other way out of RUNNING)
      }
    }
  }

  private void refuse() {
    int s = state.get();
    if (s == RUNNING) {
      Thread other = runner;
      throw new ConcurrentModelUseException("model '" + name + "' is already running on thread '"
          + (other == null ? "?" : other.getName()) + "'; thread '" + Thread.currentThread().getName()
          + "' may not run it at the same time (a model is single-threaded: load one model per thread, or"
          + " serialize the calls with a lock)");
    }
    if (s == IDLE) { // the other run ended between our CAS and this read: a real race, still refused
      throw new ConcurrentModelUseException("model '" + name + "' was running on another thread when thread '"
          + Thread.currentThread().getName() + "' called run (load one model per thread, or use a lock)");
    }
    throw closed();
  }

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

  /** A tensor of the backend's zero-copy kind for {@code spec} (a concrete shape). */
  @Override
  public final Tensor allocate(TensorSpec spec) {
    checkOpen();
    return newTensor(spec.concrete());
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

  /**
   * Frees the native memory. Idempotent. If another thread is inside {@link #run}, waits for that
   * run to return first (it completes normally); runs started after this call began are refused
   * with {@link ModelClosedException}. Waits, too, while another thread's close is freeing memory.
   */
  @Override
  public final void close() {
    boolean interrupted = false;
    while (true) {
      int s = state.get();
      if (s == IDLE && state.compareAndSet(IDLE, CLOSING)
          || s == CLOSE_READY && state.compareAndSet(CLOSE_READY, CLOSING)) {
        try {
          release();
        } finally {
          state.set(CLOSED);
        }
        break;
      }
      if (s == CLOSED) {
        break;
      }
      if (s == RUNNING) {
        state.compareAndSet(RUNNING, CLOSE_PENDING);
        continue;
      }
      // CLOSE_PENDING (a run is finishing) or CLOSING (another thread frees memory): wait briefly.
      LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(50));
      interrupted |= Thread.interrupted();
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Whether {@link #close()} has begun (runs are refused from then on). */
  protected final boolean isClosed() {
    return state.get() >= CLOSE_PENDING;
  }

  /**
   * Fails unless the model is open.
   *
   * @throws ModelClosedException the model is closed or being closed
   */
  protected final void checkOpen() {
    if (isClosed()) {
      throw closed();
    }
  }

  private ModelClosedException closed() {
    return new ModelClosedException("model '" + name + "' is closed" + (state.get() < CLOSED
        ? " (being closed by another thread)" : ""));
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + name + ", " + executionProvider + ", " + signature
        + (isClosed() ? ", closed" : "") + "]";
  }
}
