package io.skillforge.server.bench;

import java.util.Arrays;

/** Latencies of one route, recorded from several threads; percentiles by sorting at the end. */
public final class Latencies {
  private long[] nanos = new long[1 << 16];
  private int count;
  private long errors;

  synchronized void record(long latencyNanos) {
    if (count == nanos.length) {
      nanos = Arrays.copyOf(nanos, count * 2);
    }
    nanos[count++] = latencyNanos;
  }

  synchronized void error() {
    errors++;
  }

  /** Adds what this recorded to {@code into}. */
  synchronized void copyInto(Latencies into) {
    for (int i = 0; i < count; i++) {
      into.record(nanos[i]);
    }
    for (long e = 0; e < errors; e++) {
      into.error();
    }
  }

  synchronized Stats stats(String route, double seconds) {
    long[] sorted = Arrays.copyOf(nanos, count);
    Arrays.sort(sorted);
    return new Stats(route, count, errors, count / seconds, percentile(sorted, 0.50), percentile(sorted, 0.99),
        count == 0 ? 0 : sorted[count - 1] / 1e6);
  }

  /** The value at or below which {@code fraction} of the sorted values lie, in milliseconds. */
  static double percentile(long[] sorted, double fraction) {
    if (sorted.length == 0) {
      return 0;
    }
    int index = (int) Math.ceil(fraction * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
  }

  /**
   * @param route the route's name
   * @param requests answered with the expected status
   * @param errors failed or answered with another status
   * @param requestsPerSecond requests / seconds
   * @param p50Ms median latency
   * @param p99Ms 99th percentile latency
   * @param maxMs the slowest
   */
  public record Stats(String route, long requests, long errors, double requestsPerSecond, double p50Ms, double p99Ms,
      double maxMs) {}
}
