package io.skillforge.student.openai;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Runs asynchronous tasks at most {@code permits} at a time, the rest in submission order as
 * permits free up. A waiting task starts on {@code executor}, so a run of tasks that finish at
 * once never nests calls. Thread-safe.
 */
final class AsyncLimiter {
  private final int permits;
  private final Executor executor;
  private final Queue<Runnable> waiting = new ArrayDeque<>();
  private int running;

  AsyncLimiter(int permits, Executor executor) {
    this.permits = permits;
    this.executor = executor;
  }

  <T> CompletableFuture<T> submit(Supplier<CompletableFuture<T>> task) {
    CompletableFuture<T> result = new CompletableFuture<>();
    Runnable start = () -> {
      CompletableFuture<T> running;
      try {
        running = task.get();
      } catch (RuntimeException e) {
        running = CompletableFuture.failedFuture(e);
      }
      running.whenComplete((value, failure) -> {
        release();
        if (failure != null) {
          result.completeExceptionally(failure);
        } else {
          result.complete(value);
        }
      });
    };
    boolean now;
    synchronized (this) {
      now = running < permits;
      if (now) {
        running++;
      } else {
        waiting.add(start);
      }
    }
    if (now) {
      start.run();
    }
    return result;
  }

  private void release() {
    Runnable next;
    synchronized (this) {
      next = waiting.poll();
      if (next == null) {
        running--;
      }
    }
    if (next != null) {
      try {
        executor.execute(next);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        // Shutting down: the task fails fast on its own, so running it here nests only briefly.
        next.run();
      }
    }
  }

  synchronized int running() {
    return running;
  }
}
