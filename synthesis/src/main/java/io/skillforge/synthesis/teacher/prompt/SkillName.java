package io.skillforge.synthesis.teacher.prompt;

import java.util.Objects;

/**
 * A fine-grained skill name found while building a catalog, and how many sampled items needed it.
 *
 * @param name the name as the teacher wrote it; not blank
 * @param count items naming it, at least 1
 */
public record SkillName(String name, int count) {
  public SkillName {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("a skill name must not be blank");
    }
    if (count < 1) {
      throw new IllegalArgumentException("count of skill name '" + name + "' must be >= 1 but was " + count);
    }
  }
}
