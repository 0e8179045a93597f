package io.skillforge.skills.errors;

/** The request clashes with what exists: an output that is already there, a run started with other settings. */
public class ConflictException extends SkillforgeException {
  public ConflictException(String message) {
    super(message);
  }

  public ConflictException(String message, Throwable cause) {
    super(message, cause);
  }
}
