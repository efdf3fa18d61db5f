package io.edgeenergy.examples.exits;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Every exit's class probabilities for every input of a split, with the true labels: what the real
 * segments answered when run to the end (see {@link ExitProbe}), so that an exit policy can be
 * replayed offline at any threshold without running the models again.
 *
 * @param probabilities {@code [input][exit][class]}, every exit of every input
 * @param labels the true class of each input
 */
public record ExitRecords(float[][][] probabilities, int[] labels) {
  /** Checks shapes: the same exits and classes for every input, labels in range. */
  public ExitRecords {
    Objects.requireNonNull(probabilities, "probabilities");
    Objects.requireNonNull(labels, "labels");
    if (probabilities.length == 0 || probabilities.length != labels.length) {
      throw new IllegalArgumentException("need the same, non-zero number of inputs in probabilities ("
          + probabilities.length + ") and labels (" + labels.length + ")");
    }
    int exits = probabilities[0].length;
    int classes = exits == 0 ? 0 : probabilities[0][0].length;
    if (exits < 1 || classes < 2) {
      throw new IllegalArgumentException("need >= 1 exit and >= 2 classes, got " + exits + " exits, " + classes
          + " classes");
    }
    for (int i = 0; i < probabilities.length; i++) {
      if (probabilities[i].length != exits) {
        throw new IllegalArgumentException("input " + i + " has " + probabilities[i].length + " exits, input 0 has "
            + exits);
      }
      for (float[] p : probabilities[i]) {
        if (p.length != classes) {
          throw new IllegalArgumentException("input " + i + " has an exit with " + p.length + " classes, expected "
              + classes);
        }
      }
      if (labels[i] < 0 || labels[i] >= classes) {
        throw new IllegalArgumentException("label " + labels[i] + " of input " + i + " is not a class 0.." + (classes - 1));
      }
    }
  }

  /** The inputs of {@code parts} one after the other (same exits and classes). */
  public static ExitRecords concat(List<ExitRecords> parts) {
    int n = 0;
    for (ExitRecords r : parts) {
      n += r.size();
    }
    float[][][] p = new float[n][][];
    int[] y = new int[n];
    int at = 0;
    for (ExitRecords r : parts) {
      System.arraycopy(r.probabilities(), 0, p, at, r.size());
      System.arraycopy(r.labels(), 0, y, at, r.size());
      at += r.size();
    }
    return new ExitRecords(p, y);
  }

  /** Number of inputs. */
  public int size() {
    return labels.length;
  }

  /** Number of exits (segments). */
  public int exits() {
    return probabilities[0].length;
  }

  /** Number of classes. */
  public int classes() {
    return probabilities[0][0].length;
  }

  /** The top-1 class of exit {@code exit} for input {@code input} (the lowest index on ties). */
  public int top1(int input, int exit) {
    float[] p = probabilities[input][exit];
    int best = 0;
    for (int c = 1; c < p.length; c++) {
      if (p[c] > p[best]) {
        best = c;
      }
    }
    return best;
  }

  /** Whether exit {@code exit} answers input {@code input} right. */
  public boolean correct(int input, int exit) {
    return top1(input, exit) == labels[input];
  }

  /** Accuracy of each exit on its own, as if every input stopped there. */
  public double[] accuracyPerExit() {
    double[] acc = new double[exits()];
    for (int e = 0; e < acc.length; e++) {
      int right = 0;
      for (int i = 0; i < size(); i++) {
        right += correct(i, e) ? 1 : 0;
      }
      acc[e] = (double) right / size();
    }
    return acc;
  }

  /** The oracle's exit for each input: the first exit that is right, or the last if none is. */
  public int[] oracleExits() {
    int[] stop = new int[size()];
    for (int i = 0; i < stop.length; i++) {
      stop[i] = exits() - 1;
      for (int e = 0; e < exits(); e++) {
        if (correct(i, e)) {
          stop[i] = e;
          break;
        }
      }
    }
    return stop;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ExitRecords r && Arrays.deepEquals(probabilities, r.probabilities)
        && Arrays.equals(labels, r.labels);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.deepHashCode(probabilities) + Arrays.hashCode(labels);
  }

  @Override
  public String toString() {
    return "ExitRecords[" + size() + " inputs, " + exits() + " exits, " + classes() + " classes]";
  }
}
