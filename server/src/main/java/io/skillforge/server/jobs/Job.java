package io.skillforge.server.jobs;

import java.io.IOException;

/**
 * One operation of Skillforge, written once and run by every entry point: the command line calls
 * it on its own thread, the HTTP server on a worker. A job takes a typed request record and
 * returns a result record; it reports progress and notes through {@link JobContext#listener()},
 * checks {@link JobContext#cancellation()} between items, and fails with the typed exceptions of
 * {@code io.skillforge.skills.errors}. It never prints and never calls {@code System.exit}.
 *
 * @param <Q> the request
 * @param <R> the result
 */
@FunctionalInterface
public interface Job<Q, R> {
  /**
   * Runs the job to its end on the calling thread (which may block; never an event loop).
   *
   * @throws IOException when reading or writing a file fails
   */
  R run(Q request, JobContext context) throws IOException;
}
