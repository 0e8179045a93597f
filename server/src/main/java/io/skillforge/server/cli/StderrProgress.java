package io.skillforge.server.cli;

import io.skillforge.server.jobs.Progress;
import io.skillforge.server.jobs.ProgressListener;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Prints a job's notes and progress on stderr: every note, and a progress line when a stage starts
 * or ends and at most once per interval in between, so that a fast job does not flood the
 * terminal and a slow one still shows it is alive. Thread-safe.
 */
public final class StderrProgress implements ProgressListener {
  private final PrintWriter err;
  private final long intervalNanos;
  private final LongSupplier clock;
  private String stage;
  private long lastPrinted;

  /** Prints to {@code err} at most once every {@code intervalMillis} within a stage. */
  public StderrProgress(PrintWriter err, long intervalMillis) {
    this(err, intervalMillis, System::nanoTime);
  }

  StderrProgress(PrintWriter err, long intervalMillis, LongSupplier clock) {
    this.err = err;
    this.intervalNanos = intervalMillis * 1_000_000L;
    this.clock = clock;
  }

  @Override
  public synchronized void progress(Progress p) {
    long now = clock.getAsLong();
    boolean boundary = !p.stage().equals(stage) || p.done() == 0 || (p.total() >= 0 && p.done() >= p.total());
    if (!boundary && now - lastPrinted < intervalNanos) {
      return;
    }
    stage = p.stage();
    lastPrinted = now;
    err.println(line(p));
    err.flush();
  }

  @Override
  public synchronized void note(String message) {
    err.println(message);
    err.flush();
  }

  /** {@code label: 1,200/5,000 items (24.0%)  detail}. */
  static String line(Progress p) {
    StringBuilder line = new StringBuilder(p.stage()).append(": ");
    if (p.total() >= 0) {
      line.append(String.format(Locale.ROOT, "%,d/%,d %s (%.1f%%)", p.done(), p.total(), p.unit(),
          100 * p.fraction()));
    } else {
      line.append(String.format(Locale.ROOT, "%,d %s", p.done(), p.unit()));
    }
    if (!p.detail().isEmpty()) {
      line.append("  ").append(p.detail());
    }
    return line.toString();
  }
}
