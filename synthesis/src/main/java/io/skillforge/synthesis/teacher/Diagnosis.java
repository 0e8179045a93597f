package io.skillforge.synthesis.teacher;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * A teacher's judgement of one student response.
 *
 * @param itemId the item's id
 * @param correct whether the response's final answer is correct
 * @param missingSkills catalog skill ids the student failed to apply, most important first; empty
 *     when the response is correct or when {@code error} is set
 * @param explanation why, in one or two sentences (for the built-in teacher: the first wrong step);
 *     empty, never null, when there is nothing to say
 * @param error why the teacher could not judge this response; null when it did
 */
public record Diagnosis(
    String itemId, boolean correct, List<String> missingSkills, String explanation, String error) {
  public Diagnosis {
    Objects.requireNonNull(itemId, "itemId");
    missingSkills =
        List.copyOf(new LinkedHashSet<>(Objects.requireNonNull(missingSkills, "missingSkills")));
    Objects.requireNonNull(explanation, "explanation");
    if (error != null && !missingSkills.isEmpty()) {
      throw new IllegalArgumentException(
          "diagnosis of " + itemId + " has both missing skills and an error");
    }
  }

  public static Diagnosis of(
      String itemId, boolean correct, List<String> missingSkills, String explanation) {
    return new Diagnosis(itemId, correct, missingSkills, explanation, null);
  }

  public static Diagnosis failed(String itemId, String error) {
    return new Diagnosis(itemId, false, List.of(), "", Objects.requireNonNull(error, "error"));
  }

  /** Whether the teacher judged the response. */
  public boolean ok() {
    return error == null;
  }
}
