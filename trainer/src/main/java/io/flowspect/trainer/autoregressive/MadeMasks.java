package io.flowspect.trainer.autoregressive;

/**
 * MADE's connectivity masks (Germain et al. 2015): unit degrees such that output d depends only on
 * inputs that come before d in the ordering.
 */
final class MadeMasks {

  private MadeMasks() {}

  /** Input degrees 1..D in natural order, or reversed (MAF alternates orders between layers). */
  static int[] inputDegrees(int dims, boolean reversed) {
    int[] m = new int[dims];
    for (int d = 0; d < dims; d++) {
      m[d] = reversed ? dims - d : d + 1;
    }
    return m;
  }

  /** Hidden degrees cycling through 1..D-1, so every degree is represented evenly. */
  static int[] hiddenDegrees(int units, int dims) {
    int[] m = new int[units];
    for (int j = 0; j < units; j++) {
      m[j] = dims == 1 ? 1 : (j % (dims - 1)) + 1;
    }
    return m;
  }

  /** Mask [in, out] for a hidden layer: unit j sees unit i when m_out(j) >= m_in(i). */
  static float[] hidden(int[] in, int[] out) {
    float[] mask = new float[in.length * out.length];
    for (int i = 0; i < in.length; i++) {
      for (int j = 0; j < out.length; j++) {
        mask[i * out.length + j] = out[j] >= in[i] ? 1f : 0f;
      }
    }
    return mask;
  }

  /**
   * Mask [hidden, copies * D] for the output layer: output d sees hidden unit j when m(d) > m(j);
   * repeated {@code copies} times (a mean and a log-scale per dimension).
   */
  static float[] output(int[] hidden, int[] inputDegrees, int copies) {
    int dims = inputDegrees.length;
    float[] mask = new float[hidden.length * copies * dims];
    for (int j = 0; j < hidden.length; j++) {
      for (int c = 0; c < copies; c++) {
        for (int d = 0; d < dims; d++) {
          mask[j * copies * dims + c * dims + d] = inputDegrees[d] > hidden[j] ? 1f : 0f;
        }
      }
    }
    return mask;
  }
}
