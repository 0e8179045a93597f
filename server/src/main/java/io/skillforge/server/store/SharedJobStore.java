package io.skillforge.server.store;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A job store that several nodes share. A node runs a job only while it holds the job's lease: it
 * claims a queued job (or one whose lease ran out because its node died), renews the leases of the
 * jobs it runs, and another node takes a job over once its lease expires. Cancelling a job that
 * another node runs is a request that node sees at its next renewal.
 */
public interface SharedJobStore extends JobStore {
  /** The name of this node, as stored with the jobs it runs. */
  String node();

  /**
   * Claims the oldest queued job, or the oldest running job whose lease expired, for this node:
   * marks it running, counts the attempt, and holds it for {@code lease}. Two nodes never claim
   * the same job while its lease lasts.
   *
   * @return the claimed job; empty when there is none to claim
   */
  Optional<JobRecord> claim(Duration lease);

  /**
   * Extends the leases this node holds to {@code lease} from now.
   *
   * @param held the jobs this node runs, each with the attempt it runs: a lease is this node's only
   *     for that attempt
   * @return what the node must act on
   */
  Renewal renew(Map<String, Integer> held, Duration lease);

  /**
   * Gives up this node's leases on {@code ids} without ending the jobs, so that another node takes
   * them over at once (a node that stops).
   */
  void release(Collection<String> ids);

  /**
   * Asks the node running {@code id} to cancel it.
   *
   * @return whether the job was running
   */
  boolean requestCancel(String id, String reason);

  /**
   * Ends a job only while this node holds it for {@code attempt}; see {@link JobStore#finish}.
   *
   * @return whether the job was ended by this call
   */
  boolean finishHeld(String id, int attempt, JobState state, String result, String error);

  /** Whether the database answers now. */
  boolean reachable();

  /** Round trips to the database since the store opened. */
  long roundTrips();

  /**
   * @param lost jobs this node no longer holds (ended, or taken over after its lease ran out): stop
   *     them without storing their end
   * @param cancels cancellation reasons of jobs users cancelled on any node
   */
  record Renewal(Set<String> lost, Map<String, String> cancels) {}
}
