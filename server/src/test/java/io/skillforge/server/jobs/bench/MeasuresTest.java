package io.skillforge.server.jobs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MeasuresTest {
  @Test
  void percentile_nearestRank() {
    double[] values = {5, 1, 4, 2, 3};
    assertEquals(3, Measures.percentile(values, 50));
    assertEquals(5, Measures.percentile(values, 99));
    assertEquals(1, Measures.percentile(values, 1));
  }
}
