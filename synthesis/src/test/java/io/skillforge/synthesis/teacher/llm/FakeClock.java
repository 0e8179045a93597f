package io.skillforge.synthesis.teacher.llm;

import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * A {@link TeacherClock} that moves only when a test says so: {@link #advance} runs the timers that
 * fall due, in order, on the calling thread. {@link #await} waits for a future the way a test means
 * it ("as much pipeline time as it takes"), jumping to each next timer instead of sleeping.
 * Thread-safe.
 */
final class FakeClock implements TeacherClock {
  private static final Instant EPOCH = Instant.parse("2025-01-01T00:00:00Z");
  private static final long REAL_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(20);

  private final PriorityQueue<Task> tasks = new PriorityQueue<>();
  private final List<Duration> delays = new ArrayList<>();
  private long now;
  private long sequence;
  /** Bumped on every change a waiting test may be waiting for. */
  private long version;
  private boolean shut;

  private final class Task implements Comparable<Task>, TeacherClock.Timer {
    final long due;
    final long order;
    final Runnable action;

    Task(long due, long order, Runnable action) {
      this.due = due;
      this.order = order;
      this.action = action;
    }

    @Override
    public int compareTo(Task other) {
      return due != other.due ? Long.compare(due, other.due) : Long.compare(order, other.order);
    }

    @Override
    public boolean cancel() {
      synchronized (FakeClock.this) {
        return tasks.remove(this);
      }
    }
  }

  @Override
  public synchronized long nanoTime() {
    return now;
  }

  @Override
  public synchronized Instant instant() {
    return EPOCH.plusNanos(now);
  }

  @Override
  public synchronized TeacherClock.Timer schedule(long delayNanos, Runnable action) {
    if (shut) {
      throw new RejectedExecutionException("the clock is shut down");
    }
    Task task = new Task(now + Math.max(0, delayNanos), sequence++, action);
    tasks.add(task);
    delays.add(Duration.ofNanos(delayNanos));
    changed();
    return task;
  }

  @Override
  public synchronized void shutdown() {
    shut = true;
    tasks.clear();
    changed();
  }

  /** Time since the clock was made. */
  synchronized Duration elapsed() {
    return Duration.ofNanos(now);
  }

  /** Timers set and not yet run or cancelled. */
  synchronized int pending() {
    return tasks.size();
  }

  /** The delay of every timer ever set, in order. */
  synchronized List<Duration> delays() {
    return List.copyOf(delays);
  }

  /** Moves time forward by {@code step}, running each timer that falls due on the way. */
  void advance(Duration step) {
    long target;
    synchronized (this) {
      target = now + step.toNanos();
    }
    while (true) {
      Task next;
      synchronized (this) {
        next = tasks.peek();
        if (next == null || next.due > target) {
          now = target;
          changed();
          return;
        }
        tasks.poll();
        now = Math.max(now, next.due);
      }
      next.action.run();
    }
  }

  /** Runs the earliest timer, moving time to it; false when none is set. */
  private boolean runNext() {
    Task next;
    synchronized (this) {
      next = tasks.poll();
      if (next == null) {
        return false;
      }
      now = Math.max(now, next.due);
    }
    next.action.run();
    return true;
  }

  /**
   * The future's value, letting pipeline time pass: whenever the future is not complete and a timer
   * is set, time jumps to that timer.
   *
   * @throws ExecutionException with the future's failure as its cause
   * @throws TimeoutException when nothing completes it within 20 real seconds
   */
  <T> T await(Future<T> future) throws Exception {
    future.onComplete(ignored -> poke());
    long deadline = System.nanoTime() + REAL_TIMEOUT_NANOS;
    while (true) {
      long seen = version();
      if (future.isComplete()) {
        return future.toCompletionStage().toCompletableFuture().get();
      }
      if (!runNext()) {
        waitForChange(seen, deadline);
      }
    }
  }

  /** Waits, without moving time, until {@code condition} over this clock's state holds. */
  void awaitState(BooleanSupplier condition) throws Exception {
    long deadline = System.nanoTime() + REAL_TIMEOUT_NANOS;
    while (true) {
      long seen = version();
      if (condition.getAsBoolean()) {
        return;
      }
      waitForChange(seen, deadline);
    }
  }

  /** Wakes the waiters (something they may wait for happened outside the clock). */
  synchronized void poke() {
    changed();
  }

  private synchronized long version() {
    return version;
  }

  private void changed() {
    version++;
    notifyAll();
  }

  private synchronized void waitForChange(long seen, long deadline) throws Exception {
    while (version == seen) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new TimeoutException("nothing happened for 20 s");
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
  }
}
