package io.edgeenergy.testkit;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * A recorded or generated sequence of labelled inputs, replayed in order by {@link TraceReplay}.
 * Order matters: stateful gates (hysteresis, hang-over) see the inputs as a stream. Immutable.
 */
public final class Trace<I> implements Iterable<Labelled<I>> {
  private final List<Labelled<I>> items;

  private Trace(List<Labelled<I>> items) {
    this.items = List.copyOf(items);
  }

  public static <I> Trace<I> of(List<Labelled<I>> items) {
    return new Trace<>(items);
  }

  /** Inputs and their labels, pairwise. */
  public static <I> Trace<I> of(List<I> inputs, int[] labels) {
    if (inputs.size() != labels.length) {
      throw new IllegalArgumentException(inputs.size() + " inputs but " + labels.length + " labels");
    }
    List<Labelled<I>> items = new ArrayList<>();
    for (int i = 0; i < labels.length; i++) {
      items.add(new Labelled<>(inputs.get(i), labels[i]));
    }
    return new Trace<>(items);
  }

  public static <I> Builder<I> builder() {
    return new Builder<>();
  }

  public List<Labelled<I>> items() {
    return items;
  }

  public int size() {
    return items.size();
  }

  public Labelled<I> get(int index) {
    return items.get(index);
  }

  @Override
  public Iterator<Labelled<I>> iterator() {
    return items.iterator();
  }

  @Override
  public String toString() {
    return "Trace[" + items.size() + " inputs]";
  }

  /** Builder for {@link Trace}. */
  public static final class Builder<I> {
    private final List<Labelled<I>> items = new ArrayList<>();

    private Builder() {}

    public Builder<I> add(I input, int label) {
      items.add(new Labelled<>(input, label));
      return this;
    }

    /** Adds {@code times} copies of one input (a steady stretch of a stream). */
    public Builder<I> repeat(I input, int label, int times) {
      Objects.requireNonNull(input, "input");
      for (int i = 0; i < times; i++) {
        add(input, label);
      }
      return this;
    }

    public Trace<I> build() {
      return new Trace<>(items);
    }
  }
}
