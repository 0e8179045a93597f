package io.skillforge.skills;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * One task example: a question, its worked solution and final answer, and the skills it needs.
 * Immutable; validated at construction.
 *
 * @param id unique within an index; re-storing an id replaces the example
 * @param question the task text, never blank
 * @param rationale the worked solution, one step per line; may be empty, never null
 * @param answer the final answer, never blank
 * @param skills skill ids this example needs, without duplicates, in label order; may be empty
 * @param source how the example entered the system
 * @param split the dataset split, such as {@code train} or {@code test}
 * @param provenance who produced it, and when
 * @param weight sampling weight for fine-tuning, finite and positive; 1 when not re-weighted
 */
public record Example(
    String id,
    String question,
    String rationale,
    String answer,
    List<String> skills,
    Source source,
    String split,
    Provenance provenance,
    double weight) {

  /** How an example entered the system. */
  public enum Source {
    SEED,
    SYNTHESIZED,
    IMPORTED;

    /** The lower-case name used in files and queries. */
    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Source fromWire(String value) {
      for (Source s : values()) {
        if (s.wireName().equalsIgnoreCase(value)) {
          return s;
        }
      }
      throw new IllegalArgumentException(
          "unknown source '" + value + "'; expected seed, synthesized or imported");
    }
  }

  public Example {
    requireText(id, "id");
    requireText(question, "question");
    Objects.requireNonNull(rationale, "rationale");
    requireText(answer, "answer");
    Objects.requireNonNull(skills, "skills");
    LinkedHashSet<String> unique = new LinkedHashSet<>();
    for (String skill : skills) {
      Skill.requireValidId(skill);
      if (!unique.add(skill)) {
        throw new IllegalArgumentException("example " + id + " lists skill '" + skill + "' twice");
      }
    }
    skills = List.copyOf(unique);
    Objects.requireNonNull(source, "source");
    requireText(split, "split");
    Objects.requireNonNull(provenance, "provenance");
    if (!(weight > 0) || Double.isInfinite(weight)) {
      throw new IllegalArgumentException("example " + id + " has weight " + weight + "; must be > 0");
    }
  }

  /** An example with weight 1 and provenance stamped now. */
  public static Example of(
      String id, String question, String rationale, String answer, List<String> skills,
      Source source, String split) {
    return new Example(id, question, rationale, answer, skills, source, split, Provenance.now(), 1.0);
  }

  public Example withSkills(List<String> newSkills) {
    return new Example(id, question, rationale, answer, newSkills, source, split, provenance, weight);
  }

  public Example withWeight(double newWeight) {
    return new Example(id, question, rationale, answer, skills, source, split, provenance, newWeight);
  }

  public Example withProvenance(Provenance newProvenance) {
    return new Example(id, question, rationale, answer, skills, source, split, newProvenance, weight);
  }

  private static void requireText(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("example field '" + field + "' must not be blank");
    }
  }
}
