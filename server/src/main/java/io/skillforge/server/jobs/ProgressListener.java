package io.skillforge.server.jobs;

/**
 * Receives a job's progress and notes. The command line prints them on stderr, the HTTP server
 * sends them as events. Called on the job's threads (possibly several); implementations must be
 * thread-safe and quick.
 */
public interface ProgressListener {
  ProgressListener NONE = new ProgressListener() {};

  /** Items (or steps) done so far of a stage. */
  default void progress(Progress progress) {}

  /**
   * A line the user should see: a warning (rejected lines, skipped examples) or a milestone
   * (the estimate before a paid run). Written for people, names what they typed.
   */
  default void note(String message) {}
}
