package io.edgeenergy.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeenergy.model.ConcurrentModelUseException;
import io.edgeenergy.model.DType;
import io.edgeenergy.model.Model;
import io.edgeenergy.model.ModelClosedException;
import io.edgeenergy.model.Tensor;
import io.edgeenergy.model.Tensors;
import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Probes, with real threads on a real model, the lifecycle every native backend must keep: a model
 * shared by two threads returns each thread its own answer or refuses the call with {@link
 * ConcurrentModelUseException}, never the other thread's answer; a model closed while another
 * thread runs it ends that thread's loop with {@link ModelClosedException}, never a crash. A
 * backend's test subclasses it with one real model whose inputs are all FLOAT32 and fixed-shape
 * (e.g. a digits model). A JVM crash fails the build as a dead test fork.
 */
public abstract class ModelLifecycleSuite {
  /** How long each probe may hammer the model; both usually meet well before. */
  private static final long PROBE_NANOS = TimeUnit.SECONDS.toNanos(4);
  private static final int CLOSE_ROUNDS = 6;

  /** A freshly loaded model; the suite closes it. */
  protected abstract Model load() throws Exception;

  private static void fill(Tensor[] inputs, int key) {
    for (Tensor t : inputs) {
      assertThat(t.spec().dtype()).as("the probes need FLOAT32 inputs").isEqualTo(DType.FLOAT32);
      for (int i = 0, n = t.floats().capacity(); i < n; i++) {
        t.floats().put(i, ((i * 7 + key * 13) % 17) / 16f);
      }
    }
  }

  private static byte[][] snapshot(Tensor[] outputs) {
    byte[][] copy = new byte[outputs.length][];
    for (int k = 0; k < outputs.length; k++) {
      ByteBuffer b = outputs[k].bytes().duplicate();
      b.clear();
      copy[k] = new byte[b.remaining()];
      b.get(copy[k]);
    }
    return copy;
  }

  private static boolean same(Tensor[] outputs, byte[][] expected) {
    for (int k = 0; k < outputs.length; k++) {
      ByteBuffer b = outputs[k].bytes();
      for (int i = 0; i < expected[k].length; i++) {
        if (b.get(i) != expected[k][i]) {
          return false;
        }
      }
    }
    return true;
  }

  @Test
  void twoThreadsOnOneModelGetTheirOwnAnswerOrAClearRefusal() throws Exception {
    try (Model m = load(); Tensors a = Tensors.of(m); Tensors b = Tensors.of(m)) {
      fill(a.inputs(), 1);
      fill(b.inputs(), 2);
      m.run(a.inputs(), a.outputs());
      byte[][] expectA = snapshot(a.outputs());
      m.run(b.inputs(), b.outputs());
      byte[][] expectB = snapshot(b.outputs());
      assertThat(expectA).as("the two inputs must give different answers").isNotEqualTo(expectB);
      AtomicLong ok = new AtomicLong();
      AtomicLong refused = new AtomicLong();
      AtomicLong wrong = new AtomicLong();
      AtomicReference<Throwable> other = new AtomicReference<>();
      CountDownLatch go = new CountDownLatch(1);
      long deadline = System.nanoTime() + PROBE_NANOS;
      Thread[] threads = new Thread[2];
      for (int t = 0; t < 2; t++) {
        Tensors io = t == 0 ? a : b;
        byte[][] expected = t == 0 ? expectA : expectB;
        threads[t] = new Thread(() -> {
          try {
            go.await();
            // Run until both threads have collided a few times (or time is up).
            while (System.nanoTime() < deadline && (refused.get() < 50 || ok.get() < 1_000)) {
              try {
                m.run(io.inputs(), io.outputs());
              } catch (ConcurrentModelUseException e) {
                refused.incrementAndGet();
                continue;
              }
              if (same(io.outputs(), expected)) {
                ok.incrementAndGet();
              } else {
                wrong.incrementAndGet();
              }
            }
          } catch (Throwable e) {
            other.compareAndSet(null, e);
          }
        }, "lifecycle-probe-" + t);
        threads[t].start();
      }
      go.countDown();
      for (Thread t : threads) {
        t.join(TimeUnit.NANOSECONDS.toMillis(PROBE_NANOS) + 10_000);
      }
      assertThat(other.get()).as("unexpected exception").isNull();
      assertThat(wrong.get()).as("runs that returned another thread's answer (ok %d, refused %d)", ok.get(),
          refused.get()).isZero();
      assertThat(ok.get()).isPositive();
      assertThat(refused.get()).as("the threads never collided: the probe proved nothing").isPositive();
    }
  }

  @Test
  void closingWhileAnotherThreadRunsEndsItsLoopWithModelClosed() throws Exception {
    for (int round = 0; round < CLOSE_ROUNDS; round++) {
      Model m = load();
      try (Tensors io = Tensors.of(m)) {
        fill(io.inputs(), 3);
        m.run(io.inputs(), io.outputs());
        byte[][] expected = snapshot(io.outputs());
        AtomicInteger runs = new AtomicInteger();
        AtomicInteger wrong = new AtomicInteger();
        AtomicReference<Throwable> end = new AtomicReference<>();
        Thread runner = new Thread(() -> {
          try {
            while (true) {
              m.run(io.inputs(), io.outputs());
              if (!same(io.outputs(), expected)) {
                wrong.incrementAndGet();
              }
              runs.incrementAndGet();
            }
          } catch (Throwable t) {
            end.set(t);
          }
        }, "lifecycle-runner");
        runner.start();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (runs.get() < 1 + round * 5 && System.nanoTime() < until) {
          Thread.onSpinWait();
        }
        m.close(); // waits for the call in progress, then frees native memory
        runner.join(10_000);
        assertThat(runner.isAlive()).isFalse();
        assertThat(end.get()).as("round %d after %d runs", round, runs.get())
            .isInstanceOf(ModelClosedException.class).hasMessageContaining(m.name());
        assertThat(wrong.get()).isZero();
      }
    }
  }
}
