package io.flowspect.core.baseline;

/**
 * The Cholesky factor L (A = L L^T) of a small symmetric positive-definite matrix, for the q x q
 * inverses and determinants of {@link ProbabilisticPca}.
 */
final class Cholesky {

  private final double[][] l;

  private Cholesky(double[][] l) {
    this.l = l;
  }

  /**
   * Factors a symmetric positive-definite matrix.
   *
   * @throws IllegalArgumentException when it is not positive definite
   */
  static Cholesky of(double[][] a) {
    int n = a.length;
    double[][] l = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        double sum = a[i][j];
        for (int k = 0; k < j; k++) {
          sum -= l[i][k] * l[j][k];
        }
        if (i == j) {
          if (!(sum > 0)) {
            throw new IllegalArgumentException(
                "matrix is not positive definite (pivot " + i + " = " + sum + ")");
          }
          l[i][i] = Math.sqrt(sum);
        } else {
          l[i][j] = sum / l[j][j];
        }
      }
    }
    return new Cholesky(l);
  }

  /** log |A| = 2 sum log L_ii. */
  double logDet() {
    double s = 0;
    for (int i = 0; i < l.length; i++) {
      s += Math.log(l[i][i]);
    }
    return 2 * s;
  }

  /** A^-1, column by column through two triangular solves. */
  double[][] inverse() {
    int n = l.length;
    double[][] inv = new double[n][n];
    for (int c = 0; c < n; c++) {
      double[] z = new double[n];
      for (int i = 0; i < n; i++) {
        double sum = i == c ? 1 : 0;
        for (int k = 0; k < i; k++) {
          sum -= l[i][k] * z[k];
        }
        z[i] = sum / l[i][i];
      }
      for (int i = n - 1; i >= 0; i--) {
        double sum = z[i];
        for (int k = i + 1; k < n; k++) {
          sum -= l[k][i] * inv[k][c];
        }
        inv[i][c] = sum / l[i][i];
      }
    }
    return inv;
  }

  /**
   * The inverse of a small square matrix that need not be symmetric, by Gauss-Jordan elimination
   * with partial pivoting.
   *
   * @throws IllegalArgumentException when it is singular
   */
  static double[][] inverseOfGeneral(double[][] a) {
    int n = a.length;
    double[][] m = new double[n][2 * n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(a[i], 0, m[i], 0, n);
      m[i][n + i] = 1;
    }
    for (int c = 0; c < n; c++) {
      int pivot = c;
      for (int r = c + 1; r < n; r++) {
        if (Math.abs(m[r][c]) > Math.abs(m[pivot][c])) {
          pivot = r;
        }
      }
      if (m[pivot][c] == 0) {
        throw new IllegalArgumentException("matrix is singular at column " + c);
      }
      double[] t = m[c];
      m[c] = m[pivot];
      m[pivot] = t;
      double p = m[c][c];
      for (int j = 0; j < 2 * n; j++) {
        m[c][j] /= p;
      }
      for (int r = 0; r < n; r++) {
        if (r != c && m[r][c] != 0) {
          double f = m[r][c];
          for (int j = 0; j < 2 * n; j++) {
            m[r][j] -= f * m[c][j];
          }
        }
      }
    }
    double[][] inv = new double[n][n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(m[i], n, inv[i], 0, n);
    }
    return inv;
  }
}
