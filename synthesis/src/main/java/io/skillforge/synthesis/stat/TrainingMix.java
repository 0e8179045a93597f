package io.skillforge.synthesis.stat;

import io.skillforge.skills.Example;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Turns targeted draws into a training set of a fixed size, the same for every way of choosing
 * data so that comparisons measure the choice and not the amount.
 *
 * <p>Of a budget of B examples, {@code round((1 - mixBack) * B)} are targeted: drawn without
 * replacement from the targeted multiset when it is larger (STAT's "subsample to the budget"), or
 * the whole multiset repeated (in shuffled passes) when it is smaller, which keeps each item's
 * proportion. The rest are drawn uniformly from the original pool, the data the student was
 * trained on: the share of the original distribution mixed back in, against forgetting.
 *
 * <p>Repeats are the up-weighting. They are kept either as {@code weight} fields (one line per
 * distinct item, its weight the number of times it was drawn; the built-in trainer samples by
 * weight, so this is the same as repeats) or as repeated lines, for trainers that ignore weights.
 */
public final class TrainingMix {
  /** How repeated draws of an item are written. */
  public enum Repeats {
    /** One example per distinct item, weighted by its draws. */
    WEIGHTS,
    /** One example per draw. */
    COPIES;

    /**
     * @throws IllegalArgumentException for anything but weights or copies
     */
    public static Repeats named(String name) {
      return switch (name.strip().toLowerCase(Locale.ROOT)) {
        case "weights" -> WEIGHTS;
        case "copies" -> COPIES;
        default -> throw new IllegalArgumentException("unknown repeats '" + name + "'; expected weights or copies");
      };
    }
  }

  /**
   * @param budget examples in the training set (draws, counting repeats), at least 1
   * @param mixBack share of the budget drawn from the original pool, in [0, 1]
   * @param repeats how repeats are written
   * @param seed seeds every draw
   */
  public record Settings(int budget, double mixBack, Repeats repeats, long seed) {
    public Settings {
      if (budget < 1) {
        throw new IllegalArgumentException("the budget must be >= 1 example but was " + budget);
      }
      if (!(mixBack >= 0 && mixBack <= 1)) {
        throw new IllegalArgumentException("the mixed-back share must be in [0, 1] but was " + mixBack);
      }
    }

    /** Examples of the budget that are targeted. */
    public int targeted() {
      return (int) Math.round((1 - mixBack) * budget);
    }
  }

  private TrainingMix() {}

  /**
   * @param targeted the targeted draws, repeats included; may be empty only when mixBack is 1
   * @param original the pool the student was trained on
   * @return the training set: {@code budget} draws, in a seeded random order
   */
  public static List<Example> compose(List<Example> targeted, List<Example> original, Settings settings) {
    Random random = new Random(settings.seed());
    int wanted = settings.targeted();
    if (wanted > 0 && targeted.isEmpty()) {
      throw new IllegalArgumentException("nothing to target: no targeted examples for a mixed-back share of "
          + settings.mixBack());
    }
    List<Example> draws = new ArrayList<>(settings.budget());
    draws.addAll(fill(targeted, wanted, random));
    int rest = settings.budget() - wanted;
    if (rest > 0 && original.isEmpty()) {
      throw new IllegalArgumentException("nothing to mix back: the original pool is empty");
    }
    draws.addAll(fill(original, rest, random));
    return settings.repeats() == Repeats.COPIES ? shuffled(draws, random) : weighted(draws, random);
  }

  /** {@code n} draws from {@code from}: a sample without replacement, or whole shuffled passes and a sample. */
  static List<Example> fill(List<Example> from, int n, Random random) {
    List<Example> out = new ArrayList<>(n);
    while (out.size() < n) {
      List<Example> pass = new ArrayList<>(from);
      Collections.shuffle(pass, random);
      out.addAll(pass.subList(0, Math.min(pass.size(), n - out.size())));
    }
    return out;
  }

  private static List<Example> weighted(List<Example> draws, Random random) {
    Map<String, Example> byId = new LinkedHashMap<>();
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (Example e : draws) {
      byId.putIfAbsent(e.id(), e);
      counts.merge(e.id(), 1, Integer::sum);
    }
    List<Example> out = new ArrayList<>(byId.size());
    byId.forEach((id, e) -> out.add(e.withWeight(counts.get(id))));
    Collections.shuffle(out, random);
    return out;
  }

  private static List<Example> shuffled(List<Example> draws, Random random) {
    List<Example> out = new ArrayList<>(draws.size());
    for (Example e : draws) {
      out.add(e.weight() == 1.0 ? e : e.withWeight(1.0));
    }
    Collections.shuffle(out, random);
    return out;
  }

  /** The number of draws a training set stands for: the sum of its weights. */
  public static double draws(List<Example> set) {
    return set.stream().mapToDouble(Example::weight).sum();
  }
}
