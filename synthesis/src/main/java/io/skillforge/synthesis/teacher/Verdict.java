package io.skillforge.synthesis.teacher;

import java.util.Objects;

/**
 * A teacher's check of one item's rationale and answer.
 *
 * @param itemId the item's id
 * @param correct whether the item's final answer is right and its rationale has no wrong step
 * @param answer the answer the teacher finds for the question; empty when it has none
 * @param reason what is wrong (for the built-in teacher: the first wrong step), or empty when the
 *     item is correct; never null
 * @param error why the teacher could not check this item; null when it did
 */
public record Verdict(String itemId, boolean correct, String answer, String reason, String error) {
  public Verdict {
    Objects.requireNonNull(itemId, "itemId");
    Objects.requireNonNull(answer, "answer");
    Objects.requireNonNull(reason, "reason");
    if (error != null && correct) {
      throw new IllegalArgumentException("verdict of " + itemId + " is correct but has an error");
    }
  }

  public static Verdict of(String itemId, boolean correct, String answer, String reason) {
    return new Verdict(itemId, correct, answer, reason, null);
  }

  public static Verdict failed(String itemId, String error) {
    return new Verdict(itemId, false, "", "", Objects.requireNonNull(error, "error"));
  }

  /** Whether the teacher checked the item. */
  public boolean ok() {
    return error == null;
  }
}
