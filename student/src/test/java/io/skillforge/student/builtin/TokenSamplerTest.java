package io.skillforge.student.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillforge.student.Sampling;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TokenSamplerTest {
  @Test
  void pick_greedy_takesLowestIdAmongMaxima() {
    float[] logits = {0, 1, 3, 3, 2};
    assertEquals(2, TokenSampler.pick(logits, 0, 5, Sampling.greedy(), new Random(1)));
  }

  @Test
  void pick_offset_readsOwnRow() {
    float[] logits = {9, 0, 0, 0, 0, 7};
    assertEquals(2, TokenSampler.pick(logits, 3, 3, Sampling.greedy(), new Random(1)));
  }

  @Test
  void pick_temperature_followsSoftmax() {
    float[] logits = {0, (float) Math.log(3)};
    Sampling sampling = Sampling.sampled(1.0, 1.0, 8, 0);
    Random random = new Random(42);
    int ones = 0;
    int draws = 20_000;
    for (int i = 0; i < draws; i++) {
      ones += TokenSampler.pick(logits, 0, 2, sampling, random);
    }
    assertEquals(0.75, (double) ones / draws, 0.015);
  }

  @Test
  void pick_smallTopP_keepsOnlyTheMostLikely() {
    float[] logits = {1, 2, 5, 0};
    Sampling sampling = Sampling.sampled(5.0, 0.01, 8, 0);
    Random random = new Random(1);
    for (int i = 0; i < 200; i++) {
      assertEquals(2, TokenSampler.pick(logits, 0, 4, sampling, random));
    }
  }

  @Test
  void pick_topP_neverDrawsOutsideNucleus() {
    // Probabilities about 0.64, 0.24, 0.09, 0.03: a nucleus of 0.8 holds the first two.
    float[] logits = {3, 2, 1, 0};
    Sampling sampling = Sampling.sampled(1.0, 0.8, 8, 0);
    Random random = new Random(3);
    boolean sawSecond = false;
    for (int i = 0; i < 2000; i++) {
      int id = TokenSampler.pick(logits, 0, 4, sampling, random);
      assertTrue(id <= 1, "drew " + id);
      sawSecond |= id == 1;
    }
    assertTrue(sawSecond);
  }
}
