package io.skillforge.skills.dataset;

import java.util.Locale;

/** Layouts the dataset reader understands. */
public enum DatasetFormat {
  /**
   * One JSON object a line with the fields named by a {@link FieldMapping}: question and answer
   * required; rationale, skills, id, split and weight optional.
   */
  JSONL,
  /**
   * GSM8K: {@code question}, and {@code answer} holding the worked solution followed by a final
   * line {@code #### N}. The solution becomes the rationale and N the answer; an optional
   * {@code weight} is read as for JSONL.
   */
  GSM8K;

  public static DatasetFormat fromName(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown dataset format '" + name + "'; expected jsonl or gsm8k");
    }
  }
}
