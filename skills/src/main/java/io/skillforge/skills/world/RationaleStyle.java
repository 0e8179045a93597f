package io.skillforge.skills.world;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Ways of writing a world problem's rationale, from the coarsest to the finest: the reasoning
 * strategies the built-in teacher writes drafts in. Every style keeps each step's line exactly
 * as the plain rationale has it; what a style adds are note lines, which start with {@value
 * #NOTE_PREFIX} and which the checker does not count as steps. A direct rationale has no lines
 * at all, so a checker pins its first step as missing (its final answer is still graded).
 */
public enum RationaleStyle {
  /** No working: the final answer alone. */
  DIRECT("direct"),
  /** One line per step, as every world item's rationale is written. */
  STEPWISE("stepwise"),
  /** Each step preceded by its working: column sums, partial products, running counts. */
  SCRATCH("scratch"),
  /** Each step followed by a check: the inverse operation, or a restatement for lists and words. */
  CHECKED("checked");

  /** What a note line starts with. */
  public static final String NOTE_PREFIX = "* ";

  private final String key;

  RationaleStyle(String key) {
    this.key = key;
  }

  /** The style's name in settings, files and reports. */
  public String key() {
    return key;
  }

  /** The style named {@code key}, ignoring case. */
  public static Optional<RationaleStyle> byKey(String key) {
    for (RationaleStyle s : values()) {
      if (s.key.equals(key.strip().toLowerCase(Locale.ROOT))) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /** The rationale of {@code problem} in this style (empty for {@link #DIRECT}). */
  public String write(Problem problem) {
    List<String> lines = new ArrayList<>();
    for (Step step : problem.steps()) {
      if (this == SCRATCH) {
        StepNotes.working(step).ifPresent(n -> lines.add(NOTE_PREFIX + n));
      }
      if (this != DIRECT) {
        lines.add(step.line());
      }
      if (this == CHECKED) {
        StepNotes.check(step).ifPresent(n -> lines.add(NOTE_PREFIX + n));
      }
    }
    return String.join("\n", lines);
  }
}
