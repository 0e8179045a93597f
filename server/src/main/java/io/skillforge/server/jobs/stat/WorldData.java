package io.skillforge.server.jobs.stat;

import io.skillforge.skills.Example;
import io.skillforge.skills.index.NearDuplicateSet;
import io.skillforge.skills.world.Problem;
import io.skillforge.skills.world.SkillMix;
import io.skillforge.skills.world.SkillWorld;
import io.skillforge.skills.world.WorldGenerator;
import io.skillforge.skills.world.WorldSkill;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Skill-world data kept apart: every set drawn here skips questions that are equal or near to the
 * questions it must stay away from (the evaluation sets, and earlier sets).
 */
public final class WorldData {
  private final NearDuplicateSet avoid;
  private final Set<String> seen = new HashSet<>();

  /**
   * @param avoid questions no drawn item may be near; items drawn are added to it when {@link
   *     #draw} is asked to keep them apart from later sets
   */
  public WorldData(NearDuplicateSet avoid) {
    this.avoid = avoid;
  }

  /**
   * {@code count} items of {@code mix}, none near an avoided question or a question drawn before.
   *
   * @param reserve whether later draws must also stay away from these items
   */
  public List<Example> draw(int count, long seed, SkillMix mix, double multiStepShare, String idPrefix,
      String split, boolean reserve) {
    WorldGenerator generator = new WorldGenerator(seed, mix, multiStepShare);
    return collect(count, generator::next, idPrefix, split, reserve);
  }

  /** {@code count} items whose focus cycles through {@code skills}. */
  public List<Example> drawFocused(int count, long seed, List<WorldSkill> skills, double multiStepShare,
      String idPrefix, String split) {
    WorldGenerator generator = new WorldGenerator(seed, SkillMix.uniform(), multiStepShare);
    java.util.SplittableRandom coin = new java.util.SplittableRandom(seed ^ 0x2545F4914F6CDD1DL);
    int[] next = {0};
    return collect(count, () -> generator.next(skills.get(next[0]++ % skills.size()),
        coin.nextDouble() < multiStepShare), idPrefix, split, false);
  }

  private List<Example> collect(int count, java.util.function.Supplier<Problem> source, String idPrefix,
      String split, boolean reserve) {
    List<Example> out = new ArrayList<>(count);
    for (int tries = 0; out.size() < count; tries++) {
      if (tries > 50L * count + 1000) {
        throw new IllegalStateException("the skill world ran out of new questions after " + out.size());
      }
      Problem p = source.get();
      if (seen.contains(p.question()) || avoid.nearest(p.question()).isPresent()) {
        continue;
      }
      Example e = SkillWorld.toExample(p, idPrefix + "-" + (out.size() + 1), split);
      if (reserve) {
        seen.add(p.question());
        avoid.add(e.id(), e.question());
      }
      out.add(e);
    }
    return out;
  }
}
