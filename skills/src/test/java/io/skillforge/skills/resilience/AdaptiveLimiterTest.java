package io.skillforge.skills.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillforge.skills.resilience.AdaptiveLimiter.Outcome;
import io.skillforge.skills.resilience.AdaptiveLimiter.Permit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdaptiveLimiterTest {

  @Test
  void acquire_underLimit_grantsAtOnce() {
    AdaptiveLimiter limiter = new AdaptiveLimiter(3, 3);
    List<Permit> permits = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      limiter.acquire(permits::add);
    }
    assertEquals(3, permits.size());
    assertEquals(3, limiter.inFlight());
  }

  @Test
  void acquire_atLimit_waitsForARelease() {
    AdaptiveLimiter limiter = new AdaptiveLimiter(2, 2);
    List<Permit> permits = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      limiter.acquire(permits::add);
    }
    assertEquals(2, permits.size());
    assertEquals(1, limiter.waiting());
    permits.get(0).release(Outcome.NEUTRAL);
    assertEquals(3, permits.size(), "the waiter gets the released permit");
    assertEquals(2, limiter.inFlight());
  }

  @Test
  void release_rateLimited_halvesTheLimit() {
    AdaptiveLimiter limiter = new AdaptiveLimiter(16, 16);
    List<Permit> permits = new ArrayList<>();
    limiter.acquire(permits::add);
    permits.get(0).release(Outcome.RATE_LIMITED);
    assertEquals(8, limiter.limit());
    assertEquals(1, limiter.decreases());
  }

  @Test
  void release_burstOf429sFromOneEpoch_decreasesOnce() {
    AdaptiveLimiter limiter = new AdaptiveLimiter(16, 16);
    List<Permit> permits = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      limiter.acquire(permits::add);
    }
    permits.forEach(p -> p.release(Outcome.RATE_LIMITED));
    assertEquals(8, limiter.limit(), "ten 429s of calls sent together are one signal");
    List<Permit> later = new ArrayList<>();
    limiter.acquire(later::add);
    later.get(0).release(Outcome.RATE_LIMITED);
    assertEquals(4, limiter.limit(), "a 429 of a call sent after the decrease counts again");
  }

  @Test
  void release_sustained429s_neverBelowOne() {
    AdaptiveLimiter limiter = new AdaptiveLimiter(8, 8);
    for (int i = 0; i < 20; i++) {
      List<Permit> permits = new ArrayList<>();
      limiter.acquire(permits::add);
      permits.get(0).release(Outcome.RATE_LIMITED);
    }
    assertEquals(1, limiter.limit());
  }

  @Test
  void release_successes_growBackToTheCeilingAndNoFurther() {
    AdaptiveLimiter limiter = new AdaptiveLimiter(8, 1);
    for (int i = 0; i < 200; i++) {
      List<Permit> permits = new ArrayList<>();
      limiter.acquire(permits::add);
      permits.get(0).release(Outcome.SUCCESS);
    }
    assertEquals(8, limiter.limit());
  }

  @Test
  void release_twice_throws() {
    AdaptiveLimiter limiter = new AdaptiveLimiter(1, 1);
    List<Permit> permits = new ArrayList<>();
    limiter.acquire(permits::add);
    permits.get(0).release(Outcome.SUCCESS);
    assertThrows(IllegalStateException.class, () -> permits.get(0).release(Outcome.SUCCESS));
  }

  @Test
  void constructor_initialAboveCeiling_isClamped() {
    AdaptiveLimiter limiter = new AdaptiveLimiter(4, 100);
    assertEquals(4, limiter.limit());
    assertThrows(IllegalArgumentException.class, () -> new AdaptiveLimiter(0, 1));
  }

  @Test
  void acquire_concurrentThreads_neverExceedTheLimit() throws Exception {
    AdaptiveLimiter limiter = new AdaptiveLimiter(4, 4);
    java.util.concurrent.atomic.AtomicInteger running = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger peak = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
    java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(200);
    for (int i = 0; i < 200; i++) {
      limiter.acquire(permit -> pool.execute(() -> {
        int now = running.incrementAndGet();
        peak.accumulateAndGet(now, Math::max);
        Thread.onSpinWait();
        running.decrementAndGet();
        permit.release(Outcome.SUCCESS);
        done.countDown();
      }));
    }
    assertTrue(done.await(10, java.util.concurrent.TimeUnit.SECONDS));
    pool.shutdown();
    assertTrue(peak.get() <= 4, "peak concurrency " + peak.get());
  }
}
