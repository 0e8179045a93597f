package io.skillforge.server.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.skillforge.skills.concurrent.Await;
import io.vertx.core.Vertx;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The watch the server tests rely on does see a blocked event loop. */
class BlockedThreadWatchTest {
  @Test
  void blockedEventLoop_isSeen() throws Exception {
    try (BlockedThreadWatch watch = new BlockedThreadWatch()) {
      Vertx vertx = Vertx.vertx(BlockedThreadWatch.options());
      try {
        CountDownLatch released = new CountDownLatch(1);
        vertx.runOnContext(v -> {
          try {
            // Blocks the loop on purpose until the checker has warned (or 10 s have passed).
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (watch.seen().isEmpty() && System.nanoTime() < deadline) {
              released.await(20, TimeUnit.MILLISECONDS);
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
        Await.result(vertx.executeBlocking(() -> {
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
          while (watch.seen().isEmpty() && System.nanoTime() < deadline) {
            released.await(20, TimeUnit.MILLISECONDS);
          }
          return null;
        }));
        assertFalse(watch.seen().isEmpty(), "no warning for an event loop blocked for seconds");
        assertThrows(AssertionError.class, watch::assertNone);
      } finally {
        Await.result(vertx.close());
      }
    }
  }
}
