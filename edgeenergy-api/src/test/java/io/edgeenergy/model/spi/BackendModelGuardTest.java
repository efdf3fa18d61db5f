package io.edgeenergy.model.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeenergy.model.ConcurrentModelUseException;
import io.edgeenergy.model.DType;
import io.edgeenergy.model.ModelClosedException;
import io.edgeenergy.model.Signature;
import io.edgeenergy.model.Tensor;
import io.edgeenergy.model.TensorSpec;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The lifecycle guard with a backend whose run blocks until told to finish, so the interleavings
 * the native probes can only hope to hit are forced here: a close during a run must wait for it,
 * a second thread's run must be refused, and release must happen once, after the run.
 */
class BackendModelGuardTest {
  /** A model whose invoke waits on a latch and records whether release ran under it. */
  static final class Blocking extends BackendModel {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch finish = new CountDownLatch(1);
    final AtomicBoolean inInvoke = new AtomicBoolean();
    final AtomicBoolean releasedDuringInvoke = new AtomicBoolean();
    final AtomicInteger releases = new AtomicInteger();

    Blocking() {
      super("fake", "blocking", new Signature(List.of(TensorSpec.of("x", DType.FLOAT32, 1)),
          List.of(TensorSpec.of("y", DType.FLOAT32, 1))), "CPU");
    }

    @Override
    protected Tensor newTensor(TensorSpec spec) {
      return Tensor.allocate(spec);
    }

    @Override
    protected void invoke(Tensor[] inputs, Tensor[] outputs) {
      inInvoke.set(true);
      entered.countDown();
      try {
        finish.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      outputs[0].floats().put(0, inputs[0].floats().get(0) * 2);
      inInvoke.set(false);
    }

    @Override
    protected void release() {
      releasedDuringInvoke.compareAndSet(false, inInvoke.get());
      releases.incrementAndGet();
    }
  }

  private static Thread start(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.start();
    return t;
  }

  @Test
  void closeDuringARunWaitsForItAndTheRunCompletes() throws Exception {
    Blocking m = new Blocking();
    Tensor[] in = m.newInputs();
    Tensor[] out = m.newOutputs();
    in[0].floats().put(0, 21f);
    AtomicReference<Throwable> runError = new AtomicReference<>();
    Thread runner = start(() -> {
      try {
        m.run(in, out);
      } catch (Throwable t) {
        runError.set(t);
      }
    }, "runner");
    assertThat(m.entered.await(5, TimeUnit.SECONDS)).isTrue();
    Thread closer = start(m::close, "closer");
    closer.join(200);
    assertThat(closer.isAlive()).as("close() must wait for the running call").isTrue();
    assertThat(m.releases.get()).isZero();
    assertThatThrownBy(() -> m.run(in, out)).isInstanceOf(ModelClosedException.class)
        .hasMessageContaining("'blocking' is closed");
    m.finish.countDown();
    runner.join(5_000);
    closer.join(5_000);
    assertThat(closer.isAlive()).isFalse();
    assertThat(runError.get()).isNull();
    assertThat(out[0].floats().get(0)).isEqualTo(42f);
    assertThat(m.releases.get()).isEqualTo(1);
    assertThat(m.releasedDuringInvoke.get()).isFalse();
    assertThatThrownBy(() -> m.run(in, out)).isInstanceOf(ModelClosedException.class);
  }

  @Test
  void aSecondThreadsRunIsRefusedNamingBothThreads() throws Exception {
    Blocking m = new Blocking();
    Tensor[] in = m.newInputs();
    Tensor[] out = m.newOutputs();
    Thread runner = start(() -> m.run(in, out), "worker-1");
    assertThat(m.entered.await(5, TimeUnit.SECONDS)).isTrue();
    assertThatThrownBy(() -> m.run(m.newInputs(), m.newOutputs()))
        .isInstanceOf(ConcurrentModelUseException.class)
        .hasMessageContaining("'blocking' is already running on thread 'worker-1'")
        .hasMessageContaining("load one model per thread");
    m.finish.countDown();
    runner.join(5_000);
    m.run(in, out); // free again once the other run returned
    m.close();
    m.close();
    assertThat(m.releases.get()).isEqualTo(1);
  }

  @Test
  void twoClosersDuringARunReleaseOnce() throws Exception {
    Blocking m = new Blocking();
    Thread runner = start(() -> m.run(m.newInputs(), m.newOutputs()), "runner");
    assertThat(m.entered.await(5, TimeUnit.SECONDS)).isTrue();
    Thread c1 = start(m::close, "c1");
    Thread c2 = start(m::close, "c2");
    Thread.sleep(50);
    m.finish.countDown();
    for (Thread t : new Thread[] {runner, c1, c2}) {
      t.join(5_000);
      assertThat(t.isAlive()).isFalse();
    }
    assertThat(m.releases.get()).isEqualTo(1);
    assertThat(m.releasedDuringInvoke.get()).isFalse();
  }

  @Test
  void anExceptionInTheRunFreesTheModelForTheNextCall() {
    BackendModel m = new BackendModel("fake", "throws", new Signature(List.of(), List.of()), "CPU") {
      int calls;

      @Override
      protected Tensor newTensor(TensorSpec spec) {
        throw new AssertionError();
      }

      @Override
      protected void invoke(Tensor[] inputs, Tensor[] outputs) {
        if (calls++ == 0) {
          throw new IllegalStateException("first call fails");
        }
      }

      @Override
      protected void release() {}
    };
    assertThatThrownBy(() -> m.run(new Tensor[0], new Tensor[0])).hasMessage("first call fails");
    m.run(new Tensor[0], new Tensor[0]);
    m.close();
    assertThatThrownBy(() -> m.run(new Tensor[0], new Tensor[0])).isInstanceOf(ModelClosedException.class);
  }
}
