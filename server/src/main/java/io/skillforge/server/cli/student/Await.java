package io.skillforge.server.cli.student;

import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/** Waits for a stage on the command's thread and rethrows its own failure, not a wrapper. */
final class Await {
  private Await() {}

  static <T> T join(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw e;
    }
  }
}
