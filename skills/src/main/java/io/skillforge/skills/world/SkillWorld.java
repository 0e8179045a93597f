package io.skillforge.skills.world;

import io.skillforge.skills.Example;
import io.skillforge.skills.SkillCatalog;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The skill world: a task domain whose skills are known exactly. Problems are short arithmetic,
 * list and word tasks built from the named step skills of {@link WorldSkill}, alone or chained;
 * every problem has a rationale of one checkable step per line, a final answer and its
 * ground-truth skills. This class is the entry point: the catalog, reading a question back into its
 * exact solution, checking responses, and turning problems into {@link Example}s. Generation is
 * {@link WorldGenerator}. Stateless and thread-safe.
 */
public final class SkillWorld {
  /** The split seed items get unless told otherwise. */
  public static final String DEFAULT_SPLIT = "train";

  private static final SkillCatalog CATALOG =
      new SkillCatalog(Arrays.stream(WorldSkill.values()).map(WorldSkill::toSkill).toList());

  private SkillWorld() {}

  /** The world's skills, in {@link WorldSkill} order. */
  public static SkillCatalog catalog() {
    return CATALOG;
  }

  /**
   * Reads a question written in one of the world's wordings and solves it exactly, from the text
   * alone. The problem's focus is its first step's skill.
   *
   * @return the problem, or empty when the text is not a skill-world question
   */
  public static Optional<Problem> parse(String question) {
    return Wording.read(question).flatMap(w -> w.solve(question.strip(), null));
  }

  /** Grades {@code response} (rationale lines, then the final answer) against {@code problem}. */
  public static CheckResult check(Problem problem, String response) {
    return WorldChecker.check(problem, response);
  }

  /**
   * Grades a response to an item, solving the item's question afresh (the item's stored rationale,
   * answer and skills are not trusted).
   *
   * @return the grade, or empty when the item's question is not a skill-world question
   */
  public static Optional<CheckResult> check(Example item, String response) {
    return parse(item.question()).map(p -> WorldChecker.check(p, response));
  }

  /**
   * Whether a response's final answer is equivalent to {@code expected}, by the grader the checker
   * uses.
   */
  public static boolean answersAgree(String expected, String response) {
    return Grading.equivalent(expected, response);
  }

  /** The rationale lines of a response: its non-blank lines other than answer lines. */
  public static List<String> rationaleLines(String response) {
    return WorldChecker.rationaleLines(response);
  }

  /** The share of {@code rationales} with more than one step line: how often they chain; 0 for none. */
  public static double multiStepShare(List<String> rationales) {
    return rationales.isEmpty() ? 0
        : rationales.stream().filter(r -> rationaleLines(r).size() > 1).count() / (double) rationales.size();
  }

  /** A seed example of {@code problem}: question, rationale, answer and ground-truth skills. */
  public static Example toExample(Problem problem, String id, String split) {
    return Example.of(id, problem.question(), problem.rationale(), problem.answer(),
        problem.skillIds(), Example.Source.SEED, split);
  }

  /**
   * A response to {@code problem} that is right up to step {@code stepIndex}, which has a wrong
   * result of the right shape; the final answer follows from what was written.
   *
   * @param propagate whether later steps work on the wrong result (as a student would) rather than
   *     repeat the expected lines
   * @throws IllegalArgumentException when the index is not a step of the problem
   */
  public static String faultyResponse(
      Problem problem, int stepIndex, SplittableRandom rng, boolean propagate) {
    return Faults.faultyResponse(problem, stepIndex, rng, propagate);
  }
}
