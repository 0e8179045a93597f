package io.skillforge.synthesis.arte;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ItemResponseFitTest {
  @Test
  void fit_findsTheDiscriminatingItems_andOrdersDifficultyAndAbility() {
    SplittableRandom rng = new SplittableRandom(3);
    int items = 120;
    int people = 40;
    double[] a = new double[items];
    double[] b = new double[items];
    double[] theta = new double[people];
    for (int i = 0; i < items; i++) {
      a[i] = i % 3 == 0 ? 3.0 : 0.25;
      b[i] = rng.nextDouble(-1.5, 1.5);
    }
    for (int j = 0; j < people; j++) {
      theta[j] = -2 + 4.0 * j / (people - 1);
    }
    boolean[][] right = new boolean[items][people];
    for (int i = 0; i < items; i++) {
      for (int j = 0; j < people; j++) {
        right[i][j] = rng.nextDouble() < 1 / (1 + Math.exp(-a[i] * (theta[j] - b[i])));
      }
    }
    ItemResponseFit fit = ItemResponseFit.fit(right);
    List<Integer> top = fit.mostDiscriminative(right, 40);
    long sharp = top.stream().filter(i -> i % 3 == 0).count();
    assertTrue(sharp >= 32, "of the 40 most discriminative, " + sharp + " are the sharp items");
    // A flat item's difficulty is barely identified; a sharp item's is.
    double[] sharpB = java.util.stream.IntStream.range(0, items).filter(i -> i % 3 == 0).mapToDouble(i -> b[i]).toArray();
    double[] fittedB = java.util.stream.IntStream.range(0, items).filter(i -> i % 3 == 0)
        .mapToDouble(i -> fit.difficulty()[i]).toArray();
    assertTrue(correlation(sharpB, fittedB) > 0.9, "difficulty recovered: " + correlation(sharpB, fittedB));
    assertTrue(correlation(theta, fit.ability()) > 0.9, "ability recovered");
    assertEquals(40, top.stream().distinct().count());
  }

  @Test
  void itemsAnsweredAlikeByEveryone_comeLast() {
    boolean[][] right = {
      {true, true, true},
      {true, false, false},
      {false, false, false},
      {true, true, false}
    };
    ItemResponseFit fit = ItemResponseFit.fit(right);
    List<Integer> order = fit.mostDiscriminative(right, 4);
    assertEquals(java.util.Set.of(0, 2), java.util.Set.copyOf(order.subList(2, 4)));
    assertTrue(Double.isFinite(fit.discrimination()[0]) && Double.isFinite(fit.difficulty()[2]));
  }

  private static double correlation(double[] x, double[] y) {
    double mx = java.util.Arrays.stream(x).average().orElseThrow();
    double my = java.util.Arrays.stream(y).average().orElseThrow();
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (int i = 0; i < x.length; i++) {
      sxy += (x[i] - mx) * (y[i] - my);
      sxx += (x[i] - mx) * (x[i] - mx);
      syy += (y[i] - my) * (y[i] - my);
    }
    return sxy / Math.sqrt(sxx * syy);
  }
}
