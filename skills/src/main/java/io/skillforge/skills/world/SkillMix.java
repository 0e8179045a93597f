package io.skillforge.skills.world;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * How often each skill is drawn as an item's focus. {@code uniform} gives every skill the same
 * share; {@code zipf:S} gives the skill of catalog rank r (1-based, {@link WorldSkill} order) a
 * share proportional to {@code 1 / r^S}, so a seed set is as unbalanced as real data is; {@code
 * zipf:S@P} ranks the skills in the order a seeded shuffle with seed P gives instead, so that
 * other skills are the rare ones. Immutable.
 *
 * @param spec the text form, {@code uniform} or {@code zipf:S}
 * @param shares the probability of each skill, in {@link WorldSkill} order; sums to 1
 */
public record SkillMix(String spec, List<Double> shares) {

  public SkillMix {
    shares = List.copyOf(shares);
    if (shares.size() != WorldSkill.values().length) {
      throw new IllegalArgumentException("a mix needs one share per world skill");
    }
  }

  public static SkillMix uniform() {
    return parse("uniform");
  }

  public static SkillMix zipf(double exponent) {
    return parse("zipf:" + exponent);
  }

  /**
   * Reads {@code uniform} or {@code zipf:EXPONENT} (exponent finite and {@code >= 0}).
   *
   * @throws IllegalArgumentException naming the bad value
   */
  public static SkillMix parse(String spec) {
    String s = spec == null ? "" : spec.strip().toLowerCase(Locale.ROOT);
    double exponent;
    Long order = null;
    if (s.equals("uniform")) {
      exponent = 0;
    } else if (s.startsWith("zipf:")) {
      int at = s.indexOf('@');
      try {
        exponent = Double.parseDouble(s.substring(5, at < 0 ? s.length() : at));
        order = at < 0 ? null : Long.parseLong(s.substring(at + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("bad zipf exponent in mix '" + spec + "'");
      }
      if (!(exponent >= 0) || Double.isInfinite(exponent)) {
        throw new IllegalArgumentException("zipf exponent must be finite and >= 0 in mix '" + spec + "'");
      }
    } else {
      throw new IllegalArgumentException("unknown mix '" + spec + "'; expected uniform, zipf:EXPONENT or"
          + " zipf:EXPONENT@ORDER");
    }
    int n = WorldSkill.values().length;
    double[] w = new double[n];
    double total = 0;
    for (int r = 0; r < n; r++) {
      w[r] = 1.0 / Math.pow(r + 1, exponent);
      total += w[r];
    }
    int[] rankOf = new int[n];
    for (int i = 0; i < n; i++) {
      rankOf[i] = i;
    }
    if (order != null) {
      java.util.Random shuffle = new java.util.Random(order);
      for (int i = n - 1; i > 0; i--) {
        int j = shuffle.nextInt(i + 1);
        int swap = rankOf[i];
        rankOf[i] = rankOf[j];
        rankOf[j] = swap;
      }
    }
    Double[] shares = new Double[n];
    for (int skill = 0; skill < n; skill++) {
      shares[skill] = w[rankOf[skill]] / total;
    }
    return new SkillMix(s, List.of(shares));
  }

  public double share(WorldSkill skill) {
    return shares.get(skill.ordinal());
  }

  /** Draws one skill. */
  public WorldSkill sample(SplittableRandom rng) {
    double u = rng.nextDouble();
    WorldSkill[] skills = WorldSkill.values();
    for (int i = 0; i < skills.length; i++) {
      u -= shares.get(i);
      if (u < 0) {
        return skills[i];
      }
    }
    return skills[skills.length - 1]; // rounding left a sliver past the last share
  }

  @Override
  public String toString() {
    return spec;
  }
}
