package io.skillforge.skills.index;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a job split into a fixed number of parts: part 0 on the calling thread, the others on a
 * small pool of daemon threads created on first use. Thread-safe; {@link #close} stops the pool.
 */
final class ParallelParts implements AutoCloseable {
  /** One part of a job; may fail with an IOException. */
  interface Part {
    void run(int part) throws IOException;
  }

  private final int parts;
  private final String name;
  private ExecutorService pool;

  ParallelParts(int parts, String name) {
    if (parts < 1) {
      throw new IllegalArgumentException("parts must be >= 1 but was " + parts);
    }
    this.parts = parts;
    this.name = name;
  }

  int parts() {
    return parts;
  }

  /** Runs every part and waits for all of them; rethrows the first failure. */
  void run(Part body) throws IOException {
    List<Future<?>> futures = new ArrayList<>(parts - 1);
    for (int p = 1; p < parts; p++) {
      int part = p;
      futures.add(pool().submit(() -> {
        body.run(part);
        return null;
      }));
    }
    Throwable failure = null;
    try {
      body.run(0);
    } catch (IOException | RuntimeException | Error e) {
      failure = e;
    }
    for (Future<?> future : futures) {
      try {
        future.get();
      } catch (ExecutionException e) {
        failure = failure == null ? e.getCause() : failure;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failure = failure == null ? new InterruptedIOException("interrupted while waiting for " + name) : failure;
      }
    }
    if (failure instanceof IOException io) {
      throw io;
    } else if (failure instanceof RuntimeException re) {
      throw re;
    } else if (failure instanceof Error error) {
      throw error;
    } else if (failure != null) {
      throw new IOException(failure);
    }
  }

  private synchronized ExecutorService pool() {
    if (pool == null) {
      AtomicInteger count = new AtomicInteger();
      pool = Executors.newFixedThreadPool(Math.max(1, parts - 1), task -> {
        Thread t = new Thread(task, name + "-" + count.incrementAndGet());
        t.setDaemon(true);
        return t;
      });
    }
    return pool;
  }

  @Override
  public synchronized void close() {
    if (pool != null) {
      pool.shutdown();
    }
  }
}
