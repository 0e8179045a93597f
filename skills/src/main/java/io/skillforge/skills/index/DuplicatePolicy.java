package io.skillforge.skills.index;

/** What {@link SkillIndex#add} does with an example that nearly equals one already indexed. */
public enum DuplicatePolicy {
  /** Do not store it; the result names the example it duplicates. */
  REJECT,
  /** Store it anyway; the result names the example it duplicates. */
  FLAG,
  /** Store it without looking for near-duplicates (the fastest path). */
  ALLOW;

  public static DuplicatePolicy fromName(String name) {
    for (DuplicatePolicy p : values()) {
      if (p.name().equalsIgnoreCase(name.trim())) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "unknown duplicate policy '" + name + "'; expected reject, flag or allow");
  }
}
