package io.skillforge.skills.resilience;

/** Why one attempt at a teacher call failed, typed by what the caller can do about it. */
public enum FailureKind {
  /** HTTP 429: slow down and try again. */
  RATE_LIMITED(true),
  /** HTTP 5xx: the provider failed; try again. */
  SERVER_ERROR(true),
  /** No answer in time (HTTP 408 included). */
  TIMEOUT(true),
  /** The connection failed or was refused. */
  NETWORK(true),
  /** The answer arrived but is not what the schema asks for; re-ask, not retry. */
  MALFORMED(false),
  /** HTTP 401/403: the key is missing or wrong; retrying cannot help. */
  AUTHENTICATION(false),
  /** HTTP 4xx other than 401, 403, 408 and 429: the request itself is wrong. */
  BAD_REQUEST(false),
  /** Anything else. */
  OTHER(false);

  private final boolean retriable;

  FailureKind(boolean retriable) {
    this.retriable = retriable;
  }

  /** Whether the same request may succeed later; these also count against the circuit breaker. */
  public boolean retriable() {
    return retriable;
  }

  /** The kind an HTTP status means; null for 2xx and 3xx. */
  public static FailureKind ofStatus(int status) {
    if (status == 429) {
      return RATE_LIMITED;
    }
    if (status == 408) {
      return TIMEOUT;
    }
    if (status == 401 || status == 403) {
      return AUTHENTICATION;
    }
    if (status >= 500 && status < 600) {
      return SERVER_ERROR;
    }
    if (status >= 400 && status < 500) {
      return BAD_REQUEST;
    }
    return null;
  }
}
