package io.skillforge.synthesis.teacher;

import java.util.Objects;

/**
 * A teacher call that could not be made as a whole. Its message names the cause and never holds a
 * secret.
 */
public class TeacherException extends RuntimeException {
  /** What stopped the call, by what the caller can do about it. */
  public enum Reason {
    /** The job's dollar budget would be exceeded; finished work stays stored. */
    BUDGET_EXHAUSTED,
    /** The teacher is down (circuit open); try again later. */
    UNAVAILABLE,
    /** This call kept failing (429, 5xx, time-outs) through every allowed retry. */
    RETRIES_EXHAUSTED,
    /** The teacher answered, but never with a valid answer within the allowed re-asks. */
    INVALID_ANSWER,
    /** The provider refused the request or the key; fix the configuration. */
    REJECTED,
    /** The teacher was closed. */
    CLOSED
  }

  private final Reason reason;

  public TeacherException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public Reason reason() {
    return reason;
  }

  /** Whether this failure concerns only the items of the call, not the teacher as a whole. */
  public boolean itemLevel() {
    return reason == Reason.INVALID_ANSWER || reason == Reason.RETRIES_EXHAUSTED;
  }
}
