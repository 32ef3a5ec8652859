package io.flowspect.trainer.flow;

import io.flowspect.trainer.graph.ParamSpec;
import java.util.SplittableRandom;

/**
 * The small dense-matrix routines the LU-parametrised 1x1 convolution (and the Gaussianization
 * flow's sampler) need, in doubles.
 */
public final class LinearAlgebra {

  private LinearAlgebra() {}

  /** A random orthogonal n x n matrix: Gram-Schmidt on a Gaussian matrix. Row-major. */
  static double[][] randomOrthogonal(int n, SplittableRandom random) {
    double[][] q = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        q[i][j] = ParamSpec.gaussian(random);
      }
      for (int k = 0; k < i; k++) {
        double dot = 0;
        for (int j = 0; j < n; j++) {
          dot += q[i][j] * q[k][j];
        }
        for (int j = 0; j < n; j++) {
          q[i][j] -= dot * q[k][j];
        }
      }
      double norm = 0;
      for (int j = 0; j < n; j++) {
        norm += q[i][j] * q[i][j];
      }
      norm = Math.sqrt(norm);
      for (int j = 0; j < n; j++) {
        q[i][j] /= norm;
      }
    }
    return q;
  }

  /** PA = LU with partial pivoting, returned as W = P L U with P = the transposed pivot. */
  record Lu(double[][] p, double[][] lower, double[][] upper) {}

  static Lu decompose(double[][] w) {
    int n = w.length;
    double[][] a = new double[n][];
    int[] perm = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = w[i].clone();
      perm[i] = i;
    }
    for (int k = 0; k < n; k++) {
      int pivot = k;
      for (int i = k + 1; i < n; i++) {
        if (Math.abs(a[i][k]) > Math.abs(a[pivot][k])) {
          pivot = i;
        }
      }
      double[] rowSwap = a[k];
      a[k] = a[pivot];
      a[pivot] = rowSwap;
      int permSwap = perm[k];
      perm[k] = perm[pivot];
      perm[pivot] = permSwap;
      for (int i = k + 1; i < n; i++) {
        a[i][k] /= a[k][k];
        for (int j = k + 1; j < n; j++) {
          a[i][j] -= a[i][k] * a[k][j];
        }
      }
    }
    double[][] lower = new double[n][n];
    double[][] upper = new double[n][n];
    double[][] p = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (j < i) {
          lower[i][j] = a[i][j];
        } else {
          upper[i][j] = a[i][j];
        }
      }
      lower[i][i] = 1;
      // Row i of PA is row perm[i] of A, so A = P^T L U: P^T has a 1 at (perm[i], i).
      p[perm[i]][i] = 1;
    }
    return new Lu(p, lower, upper);
  }

  static double[][] multiply(double[][] a, double[][] b) {
    int n = a.length;
    int m = b[0].length;
    double[][] c = new double[n][m];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < b.length; k++) {
        double aik = a[i][k];
        for (int j = 0; j < m; j++) {
          c[i][j] += aik * b[k][j];
        }
      }
    }
    return c;
  }

  /** Inverse by Gauss-Jordan elimination with partial pivoting. */
  public static double[][] invert(double[][] w) {
    int n = w.length;
    double[][] a = new double[n][2 * n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(w[i], 0, a[i], 0, n);
      a[i][n + i] = 1;
    }
    for (int k = 0; k < n; k++) {
      int pivot = k;
      for (int i = k + 1; i < n; i++) {
        if (Math.abs(a[i][k]) > Math.abs(a[pivot][k])) {
          pivot = i;
        }
      }
      double[] swap = a[k];
      a[k] = a[pivot];
      a[pivot] = swap;
      double d = a[k][k];
      if (d == 0) {
        throw new IllegalStateException("singular 1x1 convolution weight");
      }
      for (int j = 0; j < 2 * n; j++) {
        a[k][j] /= d;
      }
      for (int i = 0; i < n; i++) {
        if (i != k && a[i][k] != 0) {
          double f = a[i][k];
          for (int j = 0; j < 2 * n; j++) {
            a[i][j] -= f * a[k][j];
          }
        }
      }
    }
    double[][] inv = new double[n][n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(a[i], n, inv[i], 0, n);
    }
    return inv;
  }

  static float[] flatten(double[][] m) {
    int n = m.length;
    int k = m[0].length;
    float[] out = new float[n * k];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < k; j++) {
        out[i * k + j] = (float) m[i][j];
      }
    }
    return out;
  }
}
