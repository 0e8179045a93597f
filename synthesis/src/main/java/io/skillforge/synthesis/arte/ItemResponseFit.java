package io.skillforge.synthesis.arte;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A two-parameter logistic item-response model fitted to right/wrong answers of several respondents
 * (ARTE picks its preference set as the validation questions that discriminate most between
 * models): respondent {@code j} answers item {@code i} right with probability {@code σ(a_i (θ_j −
 * b_i))}, {@code a_i} the item's discrimination, {@code b_i} its difficulty, {@code θ_j} the
 * respondent's ability.
 *
 * <p>Fitted by joint maximum a posteriori gradient ascent, with priors that keep the fit finite
 * when few respondents answer (the usual case: a handful of models or checkpoints): {@code θ ~
 * N(0, 1)}, {@code log a ~ N(0, 1)}, {@code b ~ N(0, 2²)}. Deterministic.
 *
 * @param discrimination {@code a_i} per item
 * @param difficulty {@code b_i} per item
 * @param ability {@code θ_j} per respondent
 */
public record ItemResponseFit(double[] discrimination, double[] difficulty, double[] ability) {
  private static final int ITERATIONS = 2_000;
  private static final double STEP = 0.05;

  /**
   * Fits the model.
   *
   * @param right {@code right[i][j]}: whether respondent {@code j} answered item {@code i} right;
   *     every row the same length, at least one item and one respondent
   */
  public static ItemResponseFit fit(boolean[][] right) {
    int items = right.length;
    if (items == 0 || right[0].length == 0) {
      throw new IllegalArgumentException("an item-response fit needs at least one item and one respondent");
    }
    int people = right[0].length;
    double[] logA = new double[items];
    double[] b = new double[items];
    double[] theta = new double[people];
    for (int j = 0; j < people; j++) {
      int correct = 0;
      for (boolean[] row : right) {
        correct += row[j] ? 1 : 0;
      }
      theta[j] = logit((correct + 0.5) / (items + 1.0));
    }
    for (int i = 0; i < items; i++) {
      int correct = 0;
      for (boolean r : right[i]) {
        correct += r ? 1 : 0;
      }
      b[i] = -logit((correct + 0.5) / (people + 1.0));
    }
    double[] gLogA = new double[items];
    double[] gB = new double[items];
    double[] gTheta = new double[people];
    for (int it = 0; it < ITERATIONS; it++) {
      for (int i = 0; i < items; i++) {
        gLogA[i] = -logA[i];
        gB[i] = -b[i] / 4;
      }
      for (int j = 0; j < people; j++) {
        gTheta[j] = -theta[j];
      }
      for (int i = 0; i < items; i++) {
        double a = Math.exp(logA[i]);
        for (int j = 0; j < people; j++) {
          double z = a * (theta[j] - b[i]);
          double residual = (right[i][j] ? 1 : 0) - sigmoid(z);
          gTheta[j] += residual * a;
          gB[i] -= residual * a;
          gLogA[i] += residual * z;
        }
      }
      for (int i = 0; i < items; i++) {
        logA[i] = clamp(logA[i] + STEP * gLogA[i] / people, -4, 3);
        b[i] = clamp(b[i] + STEP * gB[i] / people, -8, 8);
      }
      for (int j = 0; j < people; j++) {
        theta[j] = clamp(theta[j] + STEP * gTheta[j] / items, -8, 8);
      }
    }
    double[] a = new double[items];
    for (int i = 0; i < items; i++) {
      a[i] = Math.exp(logA[i]);
    }
    return new ItemResponseFit(a, b, theta);
  }

  /**
   * The {@code k} items that discriminate most (highest {@code a}), best first; items every
   * respondent answered alike carry no information and come last.
   */
  public List<Integer> mostDiscriminative(boolean[][] right, int k) {
    List<Integer> order = new ArrayList<>(IntStream.range(0, discrimination.length).boxed().toList());
    order.sort(Comparator.comparing((Integer i) -> uniform(right[i]) ? 1 : 0)
        .thenComparing(i -> -discrimination[i]).thenComparing(i -> i));
    return List.copyOf(order.subList(0, Math.min(k, order.size())));
  }

  private static boolean uniform(boolean[] row) {
    for (boolean r : row) {
      if (r != row[0]) {
        return false;
      }
    }
    return true;
  }

  private static double sigmoid(double z) {
    return 1 / (1 + Math.exp(-z));
  }

  private static double logit(double p) {
    return Math.log(p / (1 - p));
  }

  private static double clamp(double x, double lo, double hi) {
    return Math.max(lo, Math.min(hi, x));
  }
}
