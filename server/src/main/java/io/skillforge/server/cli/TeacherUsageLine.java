package io.skillforge.server.cli;

import io.skillforge.synthesis.teacher.TeacherUsage;
import java.util.Locale;

/** One line on what a teacher was asked and what it cost, for summaries. */
final class TeacherUsageLine {
  private TeacherUsageLine() {}

  static String of(TeacherUsage u) {
    return String.format(Locale.ROOT,
        "%d calls, %d cache hits, %d HTTP calls, %d retries, %d re-asks, %d+%d tokens, $%.4f, %d failed items",
        u.calls(), u.cacheHits(), u.httpCalls(), u.retries(), u.repairs(), u.promptTokens(),
        u.completionTokens(), u.costDollars(), u.failures());
  }
}
