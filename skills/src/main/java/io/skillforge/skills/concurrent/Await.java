package io.skillforge.skills.concurrent;

import io.skillforge.skills.errors.CancelledException;
import io.vertx.core.Future;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Waits for a {@link Future} (the one async type of teachers and students) on a thread that may
 * block: a command's thread, a job's worker, a test. Never call it on a Vert.x event loop.
 */
public final class Await {
  private Await() {}

  /**
   * The future's value.
   *
   * @throws RuntimeException the future's own failure, unwrapped (an {@link Error} likewise); a
   *     checked failure comes wrapped in a {@link CompletionException}
   * @throws CancelledException when this thread is interrupted while waiting (the interrupt flag
   *     is kept)
   */
  public static <T> T result(Future<T> future) {
    return result(future, Cancellation.never());
  }

  /**
   * The future's value, or a {@link CancelledException} as soon as {@code cancellation} fires (the
   * future itself is left to finish or fail on its own).
   */
  public static <T> T result(Future<T> future, Cancellation cancellation) {
    CompletableFuture<T> waiting = future.toCompletionStage().toCompletableFuture();
    try (Cancellation.Registration unused = cancellation.onCancel(
        () -> waiting.completeExceptionally(new CancelledException(cancellation.reason())))) {
      return waiting.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancelledException("interrupted while waiting", e);
    } catch (ExecutionException e) {
      throw unwrap(e.getCause());
    }
  }

  private static RuntimeException unwrap(Throwable cause) {
    if (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof RuntimeException runtime) {
      return runtime;
    }
    if (cause instanceof Error error) {
      throw error;
    }
    return new CompletionException(cause);
  }
}
