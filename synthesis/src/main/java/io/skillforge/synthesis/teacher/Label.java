package io.skillforge.synthesis.teacher;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * The skills one item needs, as a teacher labelled them.
 *
 * @param itemId the labelled item's id
 * @param skills catalog skill ids, most important first, without duplicates; empty when none
 *     applies or when {@code error} is set
 * @param error why the teacher could not label this item; null when it did
 */
public record Label(String itemId, List<String> skills, String error) {
  public Label {
    Objects.requireNonNull(itemId, "itemId");
    skills = List.copyOf(new LinkedHashSet<>(Objects.requireNonNull(skills, "skills")));
    if (error != null && !skills.isEmpty()) {
      throw new IllegalArgumentException("label of " + itemId + " has both skills and an error");
    }
  }

  public static Label of(String itemId, List<String> skills) {
    return new Label(itemId, skills, null);
  }

  public static Label failed(String itemId, String error) {
    return new Label(itemId, List.of(), Objects.requireNonNull(error, "error"));
  }

  /** Whether the teacher labelled the item (possibly with no skill). */
  public boolean ok() {
    return error == null;
  }
}
