package io.skillforge.skills.resilience;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A concurrency limit that adapts to the provider: additive increase while calls succeed,
 * multiplicative decrease when the provider answers 429, never above a configured ceiling nor below
 * one. Waiters are served first come, first served. Thread-safe; never blocks a caller.
 *
 * <p>Design notes: the limit grows by {@code 1/limit} per success, so by about one per round of
 * {@code limit} calls (the TCP congestion-avoidance rule), and halves on a rate-limit answer. A
 * burst of 429s from calls that were all in flight under the old limit is one signal, not many:
 * each permit remembers the decrease epoch it was granted in, and only a 429 from the current epoch
 * decreases the limit again.
 */
public final class AdaptiveLimiter {
  /** How a call that held a permit ended, as far as the limit is concerned. */
  public enum Outcome {
    /** The provider answered; the limit may grow. */
    SUCCESS,
    /** The provider said "too many requests"; the limit shrinks. */
    RATE_LIMITED,
    /** Anything else (an error, a time-out, a call never sent); the limit stays. */
    NEUTRAL
  }

  /** The right to run one call; release it exactly once. */
  public interface Permit {
    void release(Outcome outcome);
  }

  static final double DECREASE_FACTOR = 0.5;

  private final int ceiling;
  private final ArrayDeque<Consumer<Permit>> waiting = new ArrayDeque<>();
  private double limit;
  private int inFlight;
  private long epoch;
  private long decreases;

  /**
   * @param ceiling the most calls ever in flight, at least 1
   * @param initial the starting limit, clamped to {@code [1, ceiling]}
   */
  public AdaptiveLimiter(int ceiling, int initial) {
    if (ceiling < 1) {
      throw new IllegalArgumentException("concurrency ceiling must be >= 1 but was " + ceiling);
    }
    this.ceiling = ceiling;
    this.limit = Math.max(1, Math.min(ceiling, initial));
  }

  /**
   * Hands a permit to {@code onPermit}: at once on the calling thread when the limit allows,
   * otherwise later on the thread that releases a permit. {@code onPermit} must be quick (hand the
   * work to an executor) and must eventually release the permit.
   */
  public void acquire(Consumer<Permit> onPermit) {
    Objects.requireNonNull(onPermit, "onPermit");
    TrackedPermit granted;
    synchronized (this) {
      if (inFlight >= currentLimit() || !waiting.isEmpty()) {
        waiting.addLast(onPermit);
        return;
      }
      inFlight++;
      granted = new TrackedPermit(epoch);
    }
    onPermit.accept(granted);
  }

  /** The current limit, rounded down; between 1 and the ceiling. */
  public synchronized int limit() {
    return currentLimit();
  }

  public synchronized int inFlight() {
    return inFlight;
  }

  public synchronized int waiting() {
    return waiting.size();
  }

  /** How many times a 429 shrank the limit. */
  public synchronized long decreases() {
    return decreases;
  }

  public int ceiling() {
    return ceiling;
  }

  private int currentLimit() {
    return (int) Math.floor(limit);
  }

  private void release(TrackedPermit permit, Outcome outcome) {
    List<Consumer<Permit>> ready = new ArrayList<>();
    List<TrackedPermit> permits = new ArrayList<>();
    synchronized (this) {
      inFlight--;
      switch (outcome) {
        case SUCCESS -> limit = Math.min(ceiling, limit + 1.0 / limit);
        case RATE_LIMITED -> {
          if (permit.epoch == epoch) {
            limit = Math.max(1.0, limit * DECREASE_FACTOR);
            epoch++;
            decreases++;
          }
        }
        case NEUTRAL -> {}
      }
      while (!waiting.isEmpty() && inFlight < currentLimit()) {
        inFlight++;
        ready.add(waiting.pollFirst());
        permits.add(new TrackedPermit(epoch));
      }
    }
    for (int i = 0; i < ready.size(); i++) {
      ready.get(i).accept(permits.get(i));
    }
  }

  private final class TrackedPermit implements Permit {
    private final long epoch;
    private boolean released;

    TrackedPermit(long epoch) {
      this.epoch = epoch;
    }

    @Override
    public void release(Outcome outcome) {
      synchronized (this) {
        if (released) {
          throw new IllegalStateException("permit released twice");
        }
        released = true;
      }
      AdaptiveLimiter.this.release(this, Objects.requireNonNull(outcome, "outcome"));
    }
  }
}
