package io.skillforge.server.jobs;

import io.skillforge.skills.concurrent.Cancellation;
import java.util.Objects;

/**
 * What a running job gets besides its request: where to report progress, and the signal that
 * cancels it.
 */
public record JobContext(ProgressListener listener, Cancellation cancellation) {
  public JobContext {
    Objects.requireNonNull(listener, "listener");
    Objects.requireNonNull(cancellation, "cancellation");
  }

  /** A context that reports nowhere and is never cancelled (tests, nested quick work). */
  public static JobContext silent() {
    return new JobContext(ProgressListener.NONE, Cancellation.never());
  }

  public void progress(Progress progress) {
    listener.progress(progress);
  }

  public void note(String message) {
    listener.note(message);
  }

  /** Throws {@code CancelledException} when the job was cancelled. */
  public void checkCancelled() {
    cancellation.check();
  }
}
