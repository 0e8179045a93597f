package io.skillforge.synthesis.arte;

import java.util.List;
import java.util.Objects;

/**
 * A reasoning strategy the teacher writes rationales in: for an LLM teacher its instruction is the
 * system prompt; the built-in teacher knows the four defaults by name.
 *
 * @param name short name, used in cells, files and reports
 * @param instruction how to write the rationale
 */
public record Strategy(String name, String instruction) {
  /** The four strategies, from the coarsest to the finest granularity. */
  public static final List<Strategy> DEFAULTS = List.of(
      new Strategy("direct", "Give the final answer alone, with no working."),
      new Strategy("stepwise", "Write one line per step, each a small calculation with its result."),
      new Strategy("scratch", "Before each step, write its working on a line starting with '* ':"
          + " column sums with carries, partial products, running counts."),
      new Strategy("checked", "After each step, check its result on a line starting with '* ',"
          + " with the inverse operation where there is one."));

  public Strategy {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(instruction, "instruction");
    if (!name.matches("[a-z][a-z0-9_-]*")) {
      throw new IllegalArgumentException("a strategy name is lower-case letters, digits, - and _: " + name);
    }
  }

  /** The names of {@code strategies}, in order. */
  public static List<String> names(List<Strategy> strategies) {
    return strategies.stream().map(Strategy::name).toList();
  }
}
