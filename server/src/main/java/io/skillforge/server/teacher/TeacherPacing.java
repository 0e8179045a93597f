package io.skillforge.server.teacher;

import io.skillforge.skills.resilience.RateLimiter;
import io.skillforge.synthesis.teacher.settings.TeacherSettings;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The teacher rate limits of this process: one limiter per provider account (kind, endpoint, model,
 * key variable and configured limits), which every job's teacher books its calls with, so the
 * limits hold for all of this process's jobs together. In a cluster each node keeps an equal
 * share of the limits, one over the number of members, so that they hold for the cluster as a
 * whole while its membership is what the node sees. Thread-safe.
 */
public final class TeacherPacing {
  private final Map<String, RateLimiter> limiters = new ConcurrentHashMap<>();
  private volatile double share = 1;

  /** The limiter of the account {@code settings} name; created on first use. */
  public synchronized RateLimiter limiterFor(TeacherSettings settings) {
    TeacherSettings.Endpoint e = settings.endpoint();
    TeacherSettings.Limits limits = settings.limits();
    String account = settings.kind() + "|" + e.baseUrl() + "|" + e.model() + "|" + e.apiKeyEnv() + "|"
        + limits.requestsPerMinute() + "|" + limits.tokensPerMinute();
    return limiters.computeIfAbsent(account, k -> {
      RateLimiter limiter = new RateLimiter(limits.requestsPerMinute(), limits.tokensPerMinute(), System::nanoTime);
      limiter.share(share);
      return limiter;
    });
  }

  /** This process's share of every account's limits: 1 alone, 1/n as one of n nodes. */
  public synchronized void share(double newShare) {
    for (RateLimiter limiter : limiters.values()) {
      limiter.share(newShare);
    }
    share = newShare;
  }

  public double share() {
    return share;
  }
}
