package io.skillforge.skills.errors;

/** Something the request names does not exist: a file, a directory, an index, a job. */
public class NotFoundException extends SkillforgeException {
  public NotFoundException(String message) {
    super(message);
  }

  public NotFoundException(String message, Throwable cause) {
    super(message, cause);
  }
}
