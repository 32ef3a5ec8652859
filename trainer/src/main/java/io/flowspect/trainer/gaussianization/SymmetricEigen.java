package io.flowspect.trainer.gaussianization;

/**
 * Eigenvectors of a small symmetric matrix by cyclic Jacobi rotations: the principal axes each
 * Gaussianization layer rotates its blocks onto. Blocks hold at most a few hundred values, where
 * Jacobi's O(n^3) per sweep and its accuracy (orthogonal to rounding) are what matters.
 */
final class SymmetricEigen {

  private static final int MAX_SWEEPS = 60;

  private SymmetricEigen() {}

  /**
   * Returns the eigenvectors of {@code a}, as columns, sorted by decreasing eigenvalue.
   *
   * @param a a symmetric n x n matrix, not modified
   * @return V, n x n orthogonal, with a V = V diag(lambda)
   */
  static double[][] vectors(double[][] a) {
    int n = a.length;
    double[][] m = new double[n][];
    for (int i = 0; i < n; i++) {
      m[i] = a[i].clone();
    }
    double[][] v = new double[n][n];
    for (int i = 0; i < n; i++) {
      v[i][i] = 1;
    }
    for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
      double off = 0;
      double diag = 0;
      for (int i = 0; i < n; i++) {
        diag += m[i][i] * m[i][i];
        for (int j = i + 1; j < n; j++) {
          off += m[i][j] * m[i][j];
        }
      }
      if (off <= 1e-24 * Math.max(diag, 1e-300)) {
        break;
      }
      for (int p = 0; p < n - 1; p++) {
        for (int q = p + 1; q < n; q++) {
          if (Math.abs(m[p][q]) < 1e-300) {
            continue;
          }
          double theta = (m[q][q] - m[p][p]) / (2 * m[p][q]);
          double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
          if (theta == 0) {
            t = 1;
          }
          double c = 1 / Math.sqrt(t * t + 1);
          double s = t * c;
          for (int k = 0; k < n; k++) {
            double mkp = m[k][p];
            double mkq = m[k][q];
            m[k][p] = c * mkp - s * mkq;
            m[k][q] = s * mkp + c * mkq;
          }
          for (int k = 0; k < n; k++) {
            double mpk = m[p][k];
            double mqk = m[q][k];
            m[p][k] = c * mpk - s * mqk;
            m[q][k] = s * mpk + c * mqk;
          }
          for (int k = 0; k < n; k++) {
            double vkp = v[k][p];
            double vkq = v[k][q];
            v[k][p] = c * vkp - s * vkq;
            v[k][q] = s * vkp + c * vkq;
          }
        }
      }
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    double[] lambda = new double[n];
    for (int i = 0; i < n; i++) {
      lambda[i] = m[i][i];
    }
    java.util.Arrays.sort(order, (x, y) -> Double.compare(lambda[y], lambda[x]));
    double[][] sorted = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        sorted[i][j] = v[i][order[j]];
      }
    }
    return sorted;
  }
}
