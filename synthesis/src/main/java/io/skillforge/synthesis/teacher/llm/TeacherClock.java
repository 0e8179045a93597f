package io.skillforge.synthesis.teacher.llm;

import java.time.Instant;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The time of the teacher pipeline: the monotonic clock of its rate limiter and circuit breaker,
 * the wall clock of cache entries and rate-limit headers, and the timer of its backoffs and
 * rate-limit waits. {@link #system()} is the real one; tests pass one they move by hand, so no test
 * waits for real time to pass.
 */
interface TeacherClock {
  /** Monotonic nanoseconds, as {@link System#nanoTime()}. */
  long nanoTime();

  /** The wall-clock instant now. */
  Instant instant();

  /**
   * Runs {@code task} once, about {@code delayNanos} from now, on the clock's own thread; the task
   * must be quick (hand work to an executor).
   *
   * @throws RejectedExecutionException after {@link #shutdown}
   */
  Timer schedule(long delayNanos, Runnable task);

  /** Drops the tasks not yet run and refuses new ones. Idempotent. */
  void shutdown();

  /** A scheduled task. */
  interface Timer {
    /** Stops the task if it has not started; true when it will not run because of this call. */
    boolean cancel();
  }

  /** The system clocks, with one daemon timer thread. */
  static TeacherClock system() {
    return new SystemClock();
  }

  /** {@link #system()}. */
  final class SystemClock implements TeacherClock {
    private final ScheduledThreadPoolExecutor timer;

    private SystemClock() {
      AtomicInteger n = new AtomicInteger();
      timer = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "teacher-timer-" + n.incrementAndGet());
        t.setDaemon(true);
        return t;
      });
      timer.setRemoveOnCancelPolicy(true);
    }

    @Override
    public long nanoTime() {
      return System.nanoTime();
    }

    @Override
    public Instant instant() {
      return Instant.now();
    }

    @Override
    public Timer schedule(long delayNanos, Runnable task) {
      ScheduledFuture<?> f = timer.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
      return () -> f.cancel(false);
    }

    @Override
    public void shutdown() {
      timer.shutdownNow();
    }
  }
}
