package io.skillforge.student.openai;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * A request to a student endpoint failed in a way worth retrying (429, 5xx, a time-out, a broken
 * answer) and will be sent again after {@code delay}.
 *
 * @param url the request's URL
 * @param reason what went wrong, in words for a user
 * @param attempt the number of the attempt about to be made (2 for the first retry)
 * @param attempts the most attempts the retry policy allows
 * @param delay the wait before that attempt
 */
public record RetryNotice(URI url, String reason, int attempt, int attempts, Duration delay) {
  public RetryNotice {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(delay, "delay");
  }

  /**
   * One line for a user, such as {@code retrying http://127.0.0.1:8000/v1/chat/completions in 2 s
   * (attempt 3 of 6): the student answered HTTP 503}.
   */
  public String describe() {
    return "retrying " + url + " in " + seconds(delay) + " (attempt " + attempt + " of " + attempts
        + "): " + reason;
  }

  private static String seconds(Duration d) {
    long millis = d.toMillis();
    return millis >= 10_000 ? Math.round(millis / 1000.0) + " s"
        : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
  }
}
