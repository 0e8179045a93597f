package io.skillforge.skills.resilience;

import java.util.function.LongSupplier;

/**
 * Requests-per-minute and tokens-per-minute limits, as reservations: {@link #reserve} books the
 * next free slot and says how long to wait for it, so callers schedule rather than sleep.
 * Thread-safe.
 *
 * <p>Design notes: each limit is a generic cell rate algorithm (a token bucket kept as one
 * "theoretical arrival time"): a request of {@code n} units advances the time by {@code n} emission
 * intervals, and may start up to one second's worth of units ahead of it (the burst). The provider
 * may tighten the limits it announces in its response headers: a smaller announced per-minute
 * limit lowers ours, and an exhausted window holds every request until the announced reset. Where
 * several processes use one provider account (the nodes of a cluster), each may take a {@link
 * #share} of the limits.
 */
public final class RateLimiter {
  private static final double NANOS_PER_MINUTE = 60e9;
  private static final long BURST_NANOS = 1_000_000_000L;

  private final LongSupplier nanoClock;
  private final long configuredRequestsPerMinute;
  private final long configuredTokensPerMinute;
  private long requestsPerMinute;
  private long tokensPerMinute;
  private long announcedRequestsPerMinute;
  private long announcedTokensPerMinute;
  private double share = 1;
  private double requestTat;
  private double tokenTat;
  private long holdUntil;
  private boolean started;

  /**
   * @param requestsPerMinute at most this many requests a minute; 0 or less for no limit
   * @param tokensPerMinute at most this many (prompt + completion) tokens a minute; 0 or less for
   *     no limit
   * @param nanoClock monotonic time in nanoseconds, such as {@code System::nanoTime}
   */
  public RateLimiter(long requestsPerMinute, long tokensPerMinute, LongSupplier nanoClock) {
    this.configuredRequestsPerMinute = Math.max(0, requestsPerMinute);
    this.configuredTokensPerMinute = Math.max(0, tokensPerMinute);
    this.requestsPerMinute = configuredRequestsPerMinute;
    this.tokensPerMinute = configuredTokensPerMinute;
    this.nanoClock = nanoClock;
  }

  /**
   * Books one request of about {@code tokens} tokens.
   *
   * @return nanoseconds to wait before sending it; 0 to send now
   */
  public synchronized long reserve(long tokens) {
    long now = nanoClock.getAsLong();
    if (!started) {
      requestTat = now;
      tokenTat = now;
      started = true;
    }
    long sendAt = Math.max(now, holdUntil);
    if (requestsPerMinute > 0) {
      double interval = NANOS_PER_MINUTE / requestsPerMinute;
      double tolerance = Math.max(0, BURST_NANOS - interval);
      sendAt = Math.max(sendAt, (long) Math.ceil(requestTat - tolerance));
      requestTat = Math.max(requestTat, now) + interval;
    }
    if (tokensPerMinute > 0 && tokens > 0) {
      double perToken = NANOS_PER_MINUTE / tokensPerMinute;
      sendAt = Math.max(sendAt, (long) Math.ceil(tokenTat - BURST_NANOS));
      tokenTat = Math.max(tokenTat, now) + tokens * perToken;
    }
    return Math.max(0, sendAt - now);
  }

  /**
   * Corrects a reservation once the real token count is known ({@code delta} = actual - booked);
   * negative values give tokens back.
   */
  public synchronized void adjustTokens(long delta) {
    if (tokensPerMinute > 0 && started) {
      long now = nanoClock.getAsLong();
      tokenTat = Math.max(now - BURST_NANOS, tokenTat + delta * (NANOS_PER_MINUTE / tokensPerMinute));
    }
  }

  /** Takes in what the provider announced in a response's headers. */
  public synchronized void observe(RateLimitHeaders headers) {
    long now = nanoClock.getAsLong();
    if (headers.limitRequests() != null && headers.limitRequests() > 0) {
      announcedRequestsPerMinute = headers.limitRequests();
    }
    if (headers.limitTokens() != null && headers.limitTokens() > 0) {
      announcedTokensPerMinute = headers.limitTokens();
    }
    settleLimits();
    if (headers.remainingRequests() != null
        && headers.remainingRequests() <= 0
        && headers.resetRequests() != null) {
      holdUntil = Math.max(holdUntil, now + headers.resetRequests().toNanos());
    }
    if (headers.remainingTokens() != null
        && headers.remainingTokens() <= 0
        && headers.resetTokens() != null) {
      holdUntil = Math.max(holdUntil, now + headers.resetTokens().toNanos());
    }
  }

  /**
   * Keeps {@code share} of the limits (configured and announced) for this limiter, the rest being
   * for the other users of the account, such as the other nodes of a cluster; at least one request
   * and one token a minute remain.
   *
   * @param share in (0, 1]; 1 for the whole limits
   */
  public synchronized void share(double share) {
    if (!(share > 0 && share <= 1)) {
      throw new IllegalArgumentException("share must be in (0, 1] but was " + share);
    }
    this.share = share;
    settleLimits();
  }

  private void settleLimits() {
    requestsPerMinute = scaled(announcedRequestsPerMinute > 0
        ? tighter(configuredRequestsPerMinute, announcedRequestsPerMinute) : configuredRequestsPerMinute);
    tokensPerMinute = scaled(announcedTokensPerMinute > 0
        ? tighter(configuredTokensPerMinute, announcedTokensPerMinute) : configuredTokensPerMinute);
  }

  private long scaled(long limit) {
    return limit <= 0 ? 0 : Math.max(1, (long) Math.floor(limit * share));
  }

  /** The requests-per-minute limit in force (0: none). */
  public synchronized long requestsPerMinute() {
    return requestsPerMinute;
  }

  /** The tokens-per-minute limit in force (0: none). */
  public synchronized long tokensPerMinute() {
    return tokensPerMinute;
  }

  private static long tighter(long configured, long announced) {
    return configured <= 0 ? announced : Math.min(configured, announced);
  }
}
