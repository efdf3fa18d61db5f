package io.edgeenergy.policy;

/** Ways to read confidence off a prediction, each in [0, 1] with higher meaning surer. */
public enum Confidence {
  /** The top-1 probability (Big/Little, BranchyNet-style softmax confidence). */
  MAX_PROBABILITY {
    @Override
    public double of(Prediction p) {
      return p.top1Probability();
    }
  },
  /** Top-1 minus top-2 probability (Park et al. 2015 score margin). */
  MARGIN {
    @Override
    public double of(Prediction p) {
      return p.margin();
    }
  },
  /** One minus the normalized entropy (BranchyNet's entropy exits). */
  INVERSE_ENTROPY {
    @Override
    public double of(Prediction p) {
      return 1.0 - p.normalizedEntropy();
    }
  };

  /** This measure of {@code p}, in [0, 1], higher meaning surer. */
  public abstract double of(Prediction p);

  static double checkThreshold(String what, double threshold) {
    if (!(threshold >= 0 && threshold <= 1)) {
      throw new IllegalArgumentException(what + " must be in [0, 1], was " + threshold);
    }
    return threshold;
  }
}
