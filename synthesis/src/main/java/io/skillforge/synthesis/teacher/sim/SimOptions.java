package io.skillforge.synthesis.teacher.sim;

/**
 * Settings of a {@link TeacherSim}.
 *
 * @param host interface to bind, such as {@code 127.0.0.1}
 * @param port TCP port; 0 picks a free one
 * @param latencyMs delay of every chat answer, counted from the request's arrival; at least 0
 * @param failRate share of chat calls answered with an error instead, half HTTP 429 (with {@code
 *     Retry-After}) and half HTTP 500; in [0, 1]
 * @param malformedRate share of the remaining (HTTP 200) answers whose message content is broken
 *     JSON; in [0, 1]
 * @param seed seed of the fault sequence: the same seed gives the same faults in the same order of
 *     arrival
 * @param retryAfterMs the delay a 429 asks for: {@code retry-after-ms} carries it, {@code
 *     Retry-After} carries it rounded up to whole seconds; at least 0
 * @param model the model id served by {@code GET /v1/models} and echoed when a request names none
 */
public record SimOptions(
    String host, int port, long latencyMs, double failRate, double malformedRate, long seed,
    long retryAfterMs, String model) {

  public static final String DEFAULT_MODEL = "skillworld-teacher";

  public SimOptions {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be in [0, 65535] but was " + port);
    }
    if (latencyMs < 0) {
      throw new IllegalArgumentException("latency must be >= 0 ms but was " + latencyMs);
    }
    requireRate(failRate, "fail rate");
    requireRate(malformedRate, "malformed rate");
    if (retryAfterMs < 0) {
      throw new IllegalArgumentException("retry-after must be >= 0 ms but was " + retryAfterMs);
    }
    if (host == null || host.isBlank() || model == null || model.isBlank()) {
      throw new IllegalArgumentException("host and model must not be blank");
    }
  }

  /** No latency, no faults, on a free port of the loopback interface. */
  public static SimOptions defaults() {
    return new SimOptions("127.0.0.1", 0, 0, 0, 0, 1, 200, DEFAULT_MODEL);
  }

  public SimOptions withPort(int newPort) {
    return new SimOptions(host, newPort, latencyMs, failRate, malformedRate, seed, retryAfterMs, model);
  }

  public SimOptions withLatencyMs(long newLatencyMs) {
    return new SimOptions(host, port, newLatencyMs, failRate, malformedRate, seed, retryAfterMs, model);
  }

  public SimOptions withFaults(double newFailRate, double newMalformedRate, long newSeed) {
    return new SimOptions(host, port, latencyMs, newFailRate, newMalformedRate, newSeed, retryAfterMs, model);
  }

  public SimOptions withRetryAfterMs(long newRetryAfterMs) {
    return new SimOptions(host, port, latencyMs, failRate, malformedRate, seed, newRetryAfterMs, model);
  }

  private static void requireRate(double rate, String what) {
    if (!(rate >= 0 && rate <= 1)) {
      throw new IllegalArgumentException(what + " must be in [0, 1] but was " + rate);
    }
  }
}
