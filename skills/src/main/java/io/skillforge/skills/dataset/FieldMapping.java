package io.skillforge.skills.dataset;

import java.util.Objects;

/**
 * Which JSON field of a dataset line holds which part of an example.
 *
 * @param id optional; when absent from a line, ids are {@code <file stem>-<line number>}
 * @param question required on every line
 * @param rationale optional; empty when absent
 * @param answer required on every line
 * @param skills optional array of skill ids
 * @param split optional; when absent the reader's default split is used
 * @param weight optional finite positive number, the example's sampling weight; 1 when absent
 */
public record FieldMapping(
    String id, String question, String rationale, String answer, String skills, String split,
    String weight) {

  public static final FieldMapping DEFAULT =
      new FieldMapping("id", "question", "rationale", "answer", "skills", "split", "weight");

  public FieldMapping {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(question, "question");
    Objects.requireNonNull(rationale, "rationale");
    Objects.requireNonNull(answer, "answer");
    Objects.requireNonNull(skills, "skills");
    Objects.requireNonNull(split, "split");
    Objects.requireNonNull(weight, "weight");
  }

  public FieldMapping withQuestion(String field) {
    return new FieldMapping(id, field, rationale, answer, skills, split, weight);
  }

  public FieldMapping withAnswer(String field) {
    return new FieldMapping(id, question, rationale, field, skills, split, weight);
  }

  public FieldMapping withRationale(String field) {
    return new FieldMapping(id, question, field, answer, skills, split, weight);
  }

  public FieldMapping withSkills(String field) {
    return new FieldMapping(id, question, rationale, answer, field, split, weight);
  }

  public FieldMapping withId(String field) {
    return new FieldMapping(field, question, rationale, answer, skills, split, weight);
  }

  public FieldMapping withWeight(String field) {
    return new FieldMapping(id, question, rationale, answer, skills, split, field);
  }
}
