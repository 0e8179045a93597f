package io.skillforge.student;

import io.skillforge.skills.errors.SkillforgeException;

/**
 * A student behind an endpoint could not be reached (nothing listens at its URL, the host is
 * unknown) or kept failing past its retries (429, 5xx, time-outs, broken answers). Trying again
 * later may succeed; the message names the endpoint's URL and the last failure.
 */
public class StudentUnavailableException extends SkillforgeException {
  public StudentUnavailableException(String message) {
    super(message);
  }

  public StudentUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
