package io.skillforge.skills.resilience;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Fails calls fast while the teacher is down, and finds out by itself when it is back.
 * Thread-safe.
 *
 * <p>Closed: calls pass; {@code failureThreshold} transport failures in a row (429, 5xx,
 * time-outs, refused connections) open it. Open: calls are refused until the open period ends.
 * Half-open: one probe call passes; its success closes the breaker, its failure opens it again for
 * twice as long (up to {@code maxOpen}). Any success seen while closed resets the failure count; a
 * success that arrives while open (a call sent before it opened) closes it, since the teacher has
 * evidently answered.
 */
public final class CircuitBreaker {
  /** The breaker's state. */
  public enum State {
    CLOSED,
    OPEN,
    HALF_OPEN
  }

  private final int failureThreshold;
  private final long baseOpenNanos;
  private final long maxOpenNanos;
  private final LongSupplier nanoClock;
  private State state = State.CLOSED;
  private int consecutiveFailures;
  private long openUntil;
  private long openNanos;
  private boolean probeInFlight;
  private long opened;

  /**
   * @param failureThreshold transport failures in a row that open the breaker, at least 1
   * @param openFor how long it stays open the first time
   * @param maxOpen the longest open period after repeated failed probes
   * @param nanoClock monotonic nanoseconds
   */
  public CircuitBreaker(
      int failureThreshold, Duration openFor, Duration maxOpen, LongSupplier nanoClock) {
    if (failureThreshold < 1) {
      throw new IllegalArgumentException("failureThreshold must be >= 1 but was " + failureThreshold);
    }
    if (openFor.isNegative() || openFor.isZero() || maxOpen.compareTo(openFor) < 0) {
      throw new IllegalArgumentException(
          "open period must be positive and at most maxOpen; was " + openFor + " / " + maxOpen);
    }
    this.failureThreshold = failureThreshold;
    this.baseOpenNanos = openFor.toNanos();
    this.maxOpenNanos = maxOpen.toNanos();
    this.openNanos = baseOpenNanos;
    this.nanoClock = nanoClock;
  }

  /** Whether a call would be refused right now, without taking the half-open probe. */
  public synchronized boolean isRejecting() {
    return switch (state) {
      case CLOSED -> false;
      case OPEN -> nanoClock.getAsLong() < openUntil;
      case HALF_OPEN -> probeInFlight;
    };
  }

  /**
   * Asks to send one call. True when it may go; in the half-open state only the first caller gets
   * true (the probe), and it must report its outcome.
   */
  public synchronized boolean tryAcquire() {
    switch (state) {
      case CLOSED:
        return true;
      case OPEN:
        if (nanoClock.getAsLong() < openUntil) {
          return false;
        }
        state = State.HALF_OPEN;
        probeInFlight = true;
        return true;
      default:
        if (probeInFlight) {
          return false;
        }
        probeInFlight = true;
        return true;
    }
  }

  /** The provider answered (whatever the answer's content). */
  public synchronized void onSuccess() {
    consecutiveFailures = 0;
    state = State.CLOSED;
    probeInFlight = false;
    openNanos = baseOpenNanos;
  }

  /**
   * A transport failure: 429, 5xx, time-out, refused connection.
   *
   * @return whether this failure opened the breaker
   */
  public synchronized boolean onFailure() {
    consecutiveFailures++;
    if (state == State.HALF_OPEN) {
      openNanos = Math.min(maxOpenNanos, openNanos * 2);
      open();
      return true;
    } else if (state == State.CLOSED && consecutiveFailures >= failureThreshold) {
      open();
      return true;
    }
    return false;
  }

  /** A call that passed {@link #tryAcquire} ended without telling anything about the teacher. */
  public synchronized void onNeutral() {
    if (state == State.HALF_OPEN) {
      probeInFlight = false;
    }
  }

  public synchronized State state() {
    if (state == State.OPEN && nanoClock.getAsLong() >= openUntil) {
      return State.HALF_OPEN;
    }
    return state;
  }

  /** Time until an open breaker lets a probe through; zero when not open. */
  public synchronized Duration retryIn() {
    if (state != State.OPEN) {
      return Duration.ZERO;
    }
    return Duration.ofNanos(Math.max(0, openUntil - nanoClock.getAsLong()));
  }

  /** How many times the breaker opened. */
  public synchronized long timesOpened() {
    return opened;
  }

  public synchronized int consecutiveFailures() {
    return consecutiveFailures;
  }

  private void open() {
    state = State.OPEN;
    probeInFlight = false;
    openUntil = nanoClock.getAsLong() + openNanos;
    opened++;
  }
}
