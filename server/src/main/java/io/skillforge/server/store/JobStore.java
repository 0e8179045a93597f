package io.skillforge.server.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where job state lives: every job with its request, its state, the latest progress of each of its
 * stages, its notes and its artifacts. Durable: what a method wrote survives the process being
 * killed once the method returns. One implementation keeps it in an embedded database in the data
 * directory ({@link SqliteJobStore}); a shared database can take its place when several servers run.
 *
 * <p>Every method may block on the disk: call it from a worker thread, never from an event loop.
 * Implementations are thread-safe. Unknown ids are not errors: queries return empty, updates do
 * nothing and say so.
 */
public interface JobStore extends AutoCloseable {
  /** Stores a new job. */
  void create(JobRecord job);

  Optional<JobRecord> get(String id);

  /**
   * Jobs, newest first.
   *
   * @param state only jobs in this state; null for all
   * @param limit at most this many
   */
  List<JobRecord> list(JobState state, int limit);

  /** Queued and running jobs, oldest first: the jobs a restarted server resumes. */
  List<JobRecord> unfinished();

  /**
   * Marks a job running and counts the attempt.
   *
   * @return the job as updated; empty when it is unknown or already finished (it must not run)
   */
  Optional<JobRecord> start(String id);

  /**
   * Ends a job that is not finished yet.
   *
   * @param state succeeded, failed or cancelled
   * @param result the result JSON for a success, else null
   * @param error the problem JSON for a failure or a cancel, else null
   * @return whether the job was unfinished and is now ended
   */
  boolean finish(String id, JobState state, String result, String error);

  /**
   * Cancels a job that has not started running.
   *
   * @return whether the job was queued and is now cancelled
   */
  boolean cancelQueued(String id, String error);

  /** Replaces the stored progress of the stages in {@code stages}; other stages stay. */
  void saveProgress(String id, List<StageProgress> stages);

  /** The latest progress of each stage, in the order the stages first reported. */
  List<StageProgress> progress(String id);

  /** Appends a note (a warning or milestone) to the job. */
  void addNote(String id, String note);

  /** The job's notes, oldest first. */
  List<String> notes(String id);

  /** Records the job's artifacts, replacing any of the same names. */
  void saveArtifacts(String id, List<Artifact> artifacts);

  List<Artifact> artifacts(String id);

  /**
   * Records what the job's teachers have spent, over all its attempts so far; a smaller amount
   * than the one recorded changes nothing.
   */
  void saveSpend(String id, double dollars);

  /** What the job's teachers spent over its attempts so far, as recorded; 0 when nothing was. */
  double spent(String id);

  /** How many jobs are in each state (states with none are left out). */
  Map<JobState, Long> countByState();

  @Override
  void close();
}
