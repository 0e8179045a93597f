package io.skillforge.skills.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillforge.skills.resilience.CircuitBreaker.State;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {
  private final FakeClock clock = new FakeClock();
  private final CircuitBreaker breaker =
      new CircuitBreaker(3, Duration.ofSeconds(10), Duration.ofSeconds(40), clock);

  @Test
  void onFailure_belowThreshold_staysClosed() {
    breaker.onFailure();
    breaker.onFailure();
    assertEquals(State.CLOSED, breaker.state());
    assertTrue(breaker.tryAcquire());
  }

  @Test
  void onFailure_threshold_opensAndRejects() {
    fail(3);
    assertEquals(State.OPEN, breaker.state());
    assertTrue(breaker.isRejecting());
    assertFalse(breaker.tryAcquire());
    assertEquals(Duration.ofSeconds(10), breaker.retryIn());
  }

  @Test
  void onSuccess_betweenFailures_resetsTheCount() {
    breaker.onFailure();
    breaker.onFailure();
    breaker.onSuccess();
    breaker.onFailure();
    breaker.onFailure();
    assertEquals(State.CLOSED, breaker.state());
  }

  @Test
  void tryAcquire_afterOpenPeriod_letsExactlyOneProbeThrough() {
    fail(3);
    clock.advance(Duration.ofSeconds(10));
    assertTrue(breaker.tryAcquire(), "the probe");
    assertFalse(breaker.tryAcquire(), "others wait for the probe");
    breaker.onSuccess();
    assertEquals(State.CLOSED, breaker.state());
    assertTrue(breaker.tryAcquire());
  }

  @Test
  void onFailure_ofTheProbe_reopensForTwiceAsLong() {
    fail(3);
    clock.advance(Duration.ofSeconds(10));
    assertTrue(breaker.tryAcquire());
    breaker.onFailure();
    assertEquals(State.OPEN, breaker.state());
    assertEquals(Duration.ofSeconds(20), breaker.retryIn());
    clock.advance(Duration.ofSeconds(20));
    assertTrue(breaker.tryAcquire());
    breaker.onFailure();
    clock.advance(Duration.ofSeconds(40));
    assertTrue(breaker.tryAcquire());
    breaker.onFailure();
    assertEquals(Duration.ofSeconds(40), breaker.retryIn(), "capped at maxOpen");
    assertEquals(4, breaker.timesOpened());
  }

  @Test
  void onNeutral_ofTheProbe_letsTheNextCallProbe() {
    fail(3);
    clock.advance(Duration.ofSeconds(10));
    assertTrue(breaker.tryAcquire());
    breaker.onNeutral();
    assertTrue(breaker.tryAcquire());
  }

  private void fail(int times) {
    for (int i = 0; i < times; i++) {
      breaker.onFailure();
    }
  }
}
