package io.skillforge.synthesis.stat;

import io.skillforge.skills.Example;
import java.util.Objects;

/**
 * One (difficult item, missing skill) pair of a diagnosis: the unit STAT-Sel draws pool items for
 * and STAT-Syn writes new items for.
 *
 * @param item the difficult item
 * @param skill a skill its diagnosis names as missing
 */
public record MissingPair(Example item, String skill) {
  public MissingPair {
    Objects.requireNonNull(item, "item");
    Objects.requireNonNull(skill, "skill");
  }
}
