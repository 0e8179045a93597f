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
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BackgroundRefresh.class);

  private final ScheduledExecutorService timer;
  private volatile String lastFailure;

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
    timer.scheduleWithFixedDelay(() -> refresh(searchers, name), ms, ms, TimeUnit.MILLISECONDS);
  }

  private void refresh(ReferenceManager<?> searchers, String name) {
    try {
      searchers.maybeRefresh();
      lastFailure = null;
    } catch (IOException | RuntimeException e) {
      // No caller to hand it to: said once per kind of failure; commit() and refresh() throw it.
      String kind = e.getClass().getName() + ": " + e.getMessage();
      if (!kind.equals(lastFailure)) {
        lastFailure = kind;
        LOG.warn("{}: background refresh failed; searches see the index as it was: {}", name, e.toString());
      }
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
