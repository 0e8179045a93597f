package io.skillforge.skills.errors;

/** The request or its input is invalid: a bad flag value, a malformed file, an unknown skill. */
public class BadInputException extends SkillforgeException {
  public BadInputException(String message) {
    super(message);
  }

  public BadInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
