package io.skillforge.server.store;

import java.util.Locale;

/** Where a job is in its life. Queued and running jobs are unfinished: a restarted server resumes them. */
public enum JobState {
  QUEUED,
  RUNNING,
  SUCCEEDED,
  FAILED,
  CANCELLED;

  /** Whether the job has ended and will not run again. */
  public boolean finished() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED;
  }

  /** The name in JSON and in the database: {@code queued}, {@code running}... */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * @throws IllegalArgumentException for a name that is not a state
   */
  public static JobState fromWire(String name) {
    for (JobState state : values()) {
      if (state.wireName().equals(name)) {
        return state;
      }
    }
    throw new IllegalArgumentException("state must be queued, running, succeeded, failed or cancelled, not '"
        + name + "'");
  }
}
