package io.skillforge.skills.errors;

/**
 * A failure a user can act on, typed by what went wrong rather than where. The message is one
 * sentence for the user: it names what they typed (a flag, a file, a URL, a setting) and never a
 * Java class, enum or field. The command line maps each type to an exit code, the HTTP server to a
 * status.
 */
public abstract class SkillforgeException extends RuntimeException {
  protected SkillforgeException(String message) {
    super(message);
  }

  protected SkillforgeException(String message, Throwable cause) {
    super(message, cause);
  }
}
