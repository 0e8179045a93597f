package io.skillforge.server.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A job as the store keeps it.
 *
 * @param id the job's id, as in its URL
 * @param kind the job kind, such as {@code label}
 * @param params the request's parameters as JSON text, as accepted; a resumed job is run again from
 *     them
 * @param state where it is
 * @param attempts how many times it started running (a resumed job counts again)
 * @param createdAt when it was accepted
 * @param startedAt when it last started running; null before
 * @param finishedAt when it ended; null while unfinished
 * @param result the result as JSON text; null unless it succeeded
 * @param error the failure as problem-detail JSON text; null unless it failed or was cancelled
 * @param node the node that runs it or ran it last, in a cluster; null on a single server
 */
public record JobRecord(
    String id, String kind, String params, JobState state, int attempts, Instant createdAt,
    Instant startedAt, Instant finishedAt, String result, String error, String node) {
  public JobRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(params, "params");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /** A job just accepted. */
  public static JobRecord queued(String id, String kind, String params, Instant at) {
    return new JobRecord(id, kind, params, JobState.QUEUED, 0, at, null, null, null, null, null);
  }
}
