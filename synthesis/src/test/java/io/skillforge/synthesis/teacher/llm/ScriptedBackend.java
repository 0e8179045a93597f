package io.skillforge.synthesis.teacher.llm;

import io.skillforge.skills.resilience.FailureKind;
import io.skillforge.skills.resilience.RateLimitHeaders;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process provider whose answers a test scripts, for pipeline tests that must control every
 * status and timing. Records each request and the peak number of requests in flight.
 */
final class ScriptedBackend implements ChatBackend {
  /** Answers request number {@code n} (0-based) or throws. */
  @FunctionalInterface
  interface Script {
    ChatReply answer(ChatRequestSpec request, int n) throws ProviderFailure;
  }

  final List<ChatRequestSpec> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger peak = new AtomicInteger();
  private final Script script;
  /** Runs whenever the number of requests in flight changes, for tests that wait on it. */
  volatile Runnable onInFlightChange = () -> {};

  ScriptedBackend(Script script) {
    this.script = script;
  }

  static ChatReply ok(String text) {
    return new ChatReply(text, true, "stop", 100, 10, Map.of());
  }

  static ProviderFailure status(int status, Duration retryAfter) {
    RateLimitHeaders headers = retryAfter == null
        ? RateLimitHeaders.NONE
        : new RateLimitHeaders(null, null, null, null, null, null, retryAfter);
    return new ProviderFailure(FailureKind.ofStatus(status), status, headers, "HTTP " + status);
  }

  int calls() {
    return requests.size();
  }

  int peak() {
    return peak.get();
  }

  int inFlight() {
    return inFlight.get();
  }

  @Override
  public String kind() {
    return "scripted";
  }

  @Override
  public String model() {
    return "script-1";
  }

  @Override
  public ChatReply send(ChatRequestSpec request) throws ProviderFailure {
    int n;
    synchronized (requests) {
      n = requests.size();
      requests.add(request);
    }
    peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
    onInFlightChange.run();
    try {
      return script.answer(request, n);
    } finally {
      inFlight.decrementAndGet();
      onInFlightChange.run();
    }
  }

  @Override
  public String redact(String text) {
    return text;
  }
}
