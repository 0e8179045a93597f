package io.skillforge.synthesis.stat;

import io.skillforge.skills.Example;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * STAT-Sel: for each (difficult item, missing skill s) pair, {@code perPair} items drawn at random
 * from the pool items labelled with s (all of them when there are fewer), with their solutions. A
 * skill named by c(s) difficult items is so drawn about {@code perPair * c(s)} times: the repeats
 * are the up-weighting. {@link TrainingMix} then subsamples the draws to the budget and mixes the
 * original distribution back in.
 */
public final class StatSelection {
  /** Pool items drawn per pair in the paper. */
  public static final int DEFAULT_PER_PAIR = 5;

  private StatSelection() {}

  /**
   * The targeted draws, repeats included, in pair order; pairs whose skill labels no pool item add
   * nothing.
   */
  public static List<Example> draws(List<MissingPair> pairs, SkillPool pool, int perPair, long seed) {
    Objects.requireNonNull(pool, "pool");
    if (perPair < 1) {
      throw new IllegalArgumentException("draws per pair must be >= 1 but was " + perPair);
    }
    Random random = new Random(seed);
    List<Example> draws = new ArrayList<>();
    for (MissingPair pair : pairs) {
      List<Example> candidates = new ArrayList<>(pool.withSkill(pair.skill()));
      candidates.removeIf(e -> e.id().equals(pair.item().id()));
      Collections.shuffle(candidates, random);
      draws.addAll(candidates.subList(0, Math.min(perPair, candidates.size())));
    }
    return draws;
  }
}
