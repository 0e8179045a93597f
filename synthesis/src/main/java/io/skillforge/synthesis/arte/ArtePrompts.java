package io.skillforge.synthesis.arte;

import io.skillforge.skills.Skill;
import java.util.List;

/**
 * The prompts of the preference pairs: what a teacher aligned on the pairs will be asked. Both are
 * plain: the rationale prompt names no strategy, so the pairs teach which strategy to choose.
 */
public final class ArtePrompts {
  private ArtePrompts() {}

  /** Asks for one new question of {@code skill} from seed questions. */
  public static String question(Skill skill, List<String> seeds) {
    StringBuilder b = new StringBuilder("Write one new question that needs the skill \"")
        .append(skill.name()).append("\": ").append(skill.description()).append("\nQuestions of this kind:\n");
    for (int i = 0; i < seeds.size(); i++) {
      b.append(i + 1).append(". ").append(seeds.get(i)).append('\n');
    }
    return b.append("Write a new question, not a copy of these. Reply with the question only.").toString();
  }

  /** Asks for the solution of {@code question}, with no strategy named. */
  public static String rationale(String question) {
    return "Solve the question. End with \"The answer is X.\"\n\nQuestion: " + question;
  }

  /**
   * The in-context proxy's prompt: one solved example (the draft), then the preference question,
   * to be solved the same way.
   */
  public static String oneShot(String demoQuestion, String demoSolution, String question) {
    return "Here is a solved example.\n\nQuestion: " + demoQuestion + "\nSolution:\n" + demoSolution
        + "\n\nSolve the next question the same way. End with \"The answer is X.\"\n\nQuestion: " + question;
  }
}
