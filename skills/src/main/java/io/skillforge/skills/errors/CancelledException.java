package io.skillforge.skills.errors;

/** The job was cancelled (by the user, or the process is stopping); finished work is kept. */
public class CancelledException extends SkillforgeException {
  public CancelledException(String message) {
    super(message);
  }

  public CancelledException(String message, Throwable cause) {
    super(message, cause);
  }
}
