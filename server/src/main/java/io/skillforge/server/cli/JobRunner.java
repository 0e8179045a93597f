package io.skillforge.server.cli;

import io.skillforge.server.jobs.Job;
import io.skillforge.server.jobs.JobContext;
import io.skillforge.server.jobs.ProgressListener;
import io.skillforge.skills.concurrent.Cancellation;
import java.io.IOException;
import picocli.CommandLine.Model.CommandSpec;

/** Runs a command's job on the command's thread, with progress on stderr. */
public final class JobRunner {
  /** Progress lines within a stage at most this often. */
  public static final long PROGRESS_INTERVAL_MILLIS = 2_000;

  private JobRunner() {}

  /** Runs {@code job} with progress printed on the command's stderr. */
  public static <Q, R> R run(CommandSpec spec, Job<Q, R> job, Q request) throws IOException {
    return run(job, request, new StderrProgress(spec.commandLine().getErr(), PROGRESS_INTERVAL_MILLIS));
  }

  /** Runs {@code job} reporting to {@code listener}. */
  public static <Q, R> R run(Job<Q, R> job, Q request, ProgressListener listener) throws IOException {
    return job.run(request, new JobContext(listener, new Cancellation()));
  }
}
