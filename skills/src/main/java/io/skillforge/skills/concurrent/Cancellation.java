package io.skillforge.skills.concurrent;

import io.skillforge.skills.errors.CancelledException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A cancellation signal handed to long work: the prober, the training loop, labelling, every job.
 * Work polls {@link #check} between items (or steps) and stops with a {@link CancelledException};
 * blocking waits register a callback with {@link #onCancel}. Cancelling twice keeps the first
 * reason. Thread-safe.
 */
public final class Cancellation {
  private static final Cancellation NEVER = new Cancellation();

  private final List<Runnable> callbacks = new ArrayList<>();
  private volatile String reason;

  /** A signal that nothing cancels: {@link #cancel} on it is refused. */
  public static Cancellation never() {
    return NEVER;
  }

  /**
   * Cancels the work; callbacks run on this thread, once.
   *
   * @param why shown to the user, such as {@code "cancelled by the user"}
   * @throws UnsupportedOperationException on {@link #never()}
   */
  public void cancel(String why) {
    if (this == NEVER) {
      throw new UnsupportedOperationException("this work cannot be cancelled");
    }
    List<Runnable> toRun;
    synchronized (callbacks) {
      if (reason != null) {
        return;
      }
      reason = Objects.requireNonNull(why, "why");
      toRun = List.copyOf(callbacks);
      callbacks.clear();
    }
    RuntimeException first = null;
    for (Runnable r : toRun) {
      try {
        r.run();
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  public boolean isCancelled() {
    return reason != null;
  }

  /** Why it was cancelled; null while it is not. */
  public String reason() {
    return reason;
  }

  /**
   * @throws CancelledException when cancelled
   */
  public void check() {
    String why = reason;
    if (why != null) {
      throw new CancelledException(why);
    }
  }

  /**
   * Runs {@code callback} when cancelled (at once, on this thread, when already cancelled).
   *
   * @return a handle whose {@code close} unregisters the callback
   */
  public Registration onCancel(Runnable callback) {
    Objects.requireNonNull(callback, "callback");
    synchronized (callbacks) {
      if (reason == null) {
        callbacks.add(callback);
        return () -> {
          synchronized (callbacks) {
            callbacks.remove(callback);
          }
        };
      }
    }
    callback.run();
    return () -> {};
  }

  /** A registered callback; closing it unregisters the callback. */
  @FunctionalInterface
  public interface Registration extends AutoCloseable {
    @Override
    void close();
  }
}
