package io.skillforge.skills;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One named skill of a {@link SkillCatalog}.
 *
 * @param id stable machine id, lower case letters, digits, {@code _ . -}; what labels refer to
 * @param name short human name
 * @param description one or two sentences a teacher can label against; may be empty, never null
 */
public record Skill(String id, String name, String description) {
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");

  public Skill {
    requireValidId(id);
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    if (name.isBlank()) {
      throw new IllegalArgumentException("skill " + id + " has a blank name");
    }
  }

  /** Whether {@code id} is well formed for a skill id. */
  public static boolean isValidId(String id) {
    return id != null && ID.matcher(id).matches();
  }

  static String requireValidId(String id) {
    if (!isValidId(id)) {
      throw new IllegalArgumentException(
          "skill id must match " + ID.pattern() + " but was '" + id + "'");
    }
    return id;
  }
}
