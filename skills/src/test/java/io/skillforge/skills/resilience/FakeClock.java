package io.skillforge.skills.resilience;

import java.time.Duration;
import java.util.function.LongSupplier;

/** A monotonic nanosecond clock that moves only when told. */
final class FakeClock implements LongSupplier {
  private long nanos = 1_000_000_000L;

  @Override
  public synchronized long getAsLong() {
    return nanos;
  }

  synchronized void advance(Duration d) {
    nanos += d.toNanos();
  }
}
