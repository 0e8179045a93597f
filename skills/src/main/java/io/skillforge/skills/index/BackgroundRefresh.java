package io.skillforge.skills.index;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.lucene.search.ReferenceManager;

/**
 * Refreshes a searcher manager from one daemon thread at a fixed delay, until closed. A zero
 * interval starts no thread.
 */
final class BackgroundRefresh implements AutoCloseable {
  private final ScheduledExecutorService timer;

  BackgroundRefresh(ReferenceManager<?> searchers, Duration interval, String name) {
    if (interval.isZero()) {
      timer = null;
      return;
    }
    timer = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread t = new Thread(task, name);
      t.setDaemon(true);
      return t;
    });
    long ms = Math.max(1, interval.toMillis());
    timer.scheduleWithFixedDelay(() -> refresh(searchers), ms, ms, TimeUnit.MILLISECONDS);
  }

  private static void refresh(ReferenceManager<?> searchers) {
    try {
      searchers.maybeRefresh();
    } catch (IOException | RuntimeException e) {
      // Nothing to hand it to here; the next commit() or refresh() meets the same failure.
    }
  }

  /** Stops the thread and waits up to ten seconds for a refresh in progress. */
  @Override
  public void close() {
    if (timer == null) {
      return;
    }
    timer.shutdownNow();
    try {
      timer.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
