package io.skillforge.skills.world;

import java.util.Objects;

/**
 * One checkable line of a world rationale.
 *
 * @param skill the skill this line applies
 * @param line the line as a rationale writes it, such as {@code 47+38=85}
 * @param result what the line computes, such as {@code 85}; for a comparison the relation
 *     ({@code <} or {@code >})
 */
public record Step(WorldSkill skill, String line, String result) {
  public Step {
    Objects.requireNonNull(skill, "skill");
    Objects.requireNonNull(line, "line");
    Objects.requireNonNull(result, "result");
  }
}
