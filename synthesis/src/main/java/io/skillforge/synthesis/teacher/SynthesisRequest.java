package io.skillforge.synthesis.teacher;

import io.skillforge.skills.Example;
import java.util.List;
import java.util.Objects;

/**
 * What {@link Teacher#synthesize} writes: new items exercising the target skills, in the style and
 * difficulty of the exemplars, not near-copies of them (STAT-Syn).
 *
 * @param targetSkills catalog skill ids every new item should emphasize; at least one
 * @param count how many new items to write, at least 1
 * @param exemplars example items of the target skills with their solutions; may be empty
 * @param seed varies the drafts: the same request with the same seed asks for the same items (and
 *     the built-in teacher writes exactly the same ones)
 * @param guidance how this student learns best, in words (ARTE's preferred traits): LLM teachers
 *     are asked to write that way; empty for none. The built-in teacher takes its style from
 *     settings instead and ignores it
 */
public record SynthesisRequest(
    List<String> targetSkills, int count, List<Example> exemplars, long seed, String guidance) {
  public SynthesisRequest {
    targetSkills = List.copyOf(Objects.requireNonNull(targetSkills, "targetSkills"));
    if (targetSkills.isEmpty()) {
      throw new IllegalArgumentException("a synthesis request needs at least one target skill");
    }
    if (count < 1) {
      throw new IllegalArgumentException("count must be >= 1 but was " + count);
    }
    exemplars = List.copyOf(Objects.requireNonNull(exemplars, "exemplars"));
    Objects.requireNonNull(guidance, "guidance");
  }

  /** A request without guidance. */
  public SynthesisRequest(List<String> targetSkills, int count, List<Example> exemplars, long seed) {
    this(targetSkills, count, exemplars, seed, "");
  }
}
