package io.skillforge.synthesis.teacher;

import java.util.Locale;

/** The part a teacher plays in one call; used in failure records, accounting and cache keys. */
public enum TeacherRole {
  CATALOG,
  LABEL,
  DIAGNOSE,
  SYNTHESIZE,
  VERIFY;

  /** The lower-case name used in files and reports. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
