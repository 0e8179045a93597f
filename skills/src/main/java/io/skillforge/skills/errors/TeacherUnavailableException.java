package io.skillforge.skills.errors;

/** The teacher could not be reached or kept failing; finished work is kept and a rerun resumes. */
public class TeacherUnavailableException extends SkillforgeException {
  public TeacherUnavailableException(String message) {
    super(message);
  }

  public TeacherUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
