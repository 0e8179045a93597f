package io.skillforge.synthesis.teacher;

import io.skillforge.skills.errors.BudgetSpentException;
import io.skillforge.skills.errors.SkillforgeException;
import io.skillforge.skills.errors.TeacherUnavailableException;
import java.util.Objects;

/**
 * Why one teacher call ended without an answer, inside the teacher pipeline. Its message names
 * the cause and never holds a secret.
 *
 * <p>A teacher turns it into a per-item failure when it concerns only the call's items ({@link
 * #itemLevel}), and otherwise fails its whole request with {@link #toCallerError}: callers of
 * {@link Teacher} see only the typed errors of {@code io.skillforge.skills.errors}, with this
 * exception (and its {@link #reason}) as their cause.
 */
public class TeacherException extends RuntimeException {
  /** What stopped the call, by what the caller can do about it. */
  public enum Reason {
    /** The job's dollar budget would be exceeded; finished work stays stored. */
    BUDGET_EXHAUSTED("stopped by the budget"),
    /** The teacher is down (circuit open); try again later. */
    UNAVAILABLE("refused while the teacher was down"),
    /** This call kept failing (429, 5xx, time-outs) through every allowed retry. */
    RETRIES_EXHAUSTED("failed through every retry"),
    /** The teacher answered, but never with a valid answer within the allowed re-asks. */
    INVALID_ANSWER("got no valid answer"),
    /** The provider refused the request or the key; fix the configuration. */
    REJECTED("rejected by the provider"),
    /** The teacher was closed. */
    CLOSED("cut off by closing the teacher");

    private final String summary;

    Reason(String summary) {
      this.summary = summary;
    }

    /** What happened to calls failing for this reason, for summaries ("3 got no valid answer"). */
    public String summary() {
      return summary;
    }
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

  /**
   * The typed error a caller sees when this failure ends a whole request: {@link
   * BudgetSpentException} for the budget, {@link TeacherUnavailableException} for everything else
   * (down, closed, rejected, out of retries, no valid answer). Same message; this is its cause.
   */
  public SkillforgeException toCallerError() {
    return reason == Reason.BUDGET_EXHAUSTED
        ? new BudgetSpentException(getMessage(), this)
        : new TeacherUnavailableException(getMessage(), this);
  }

  /** {@code failure} as a caller sees it: a {@link TeacherException} mapped, anything else as it is. */
  public static Throwable forCaller(Throwable failure) {
    return failure instanceof TeacherException te ? te.toCallerError() : failure;
  }
}
