package io.skillforge.student.probe;

import java.util.List;

/**
 * How the student did on one item.
 *
 * @param id the item's id
 * @param question the question asked
 * @param expected the expected final answer
 * @param skills the item's skills
 * @param responses the student's responses, one per sample
 * @param answers the final answer read from each response by the shared grader ("" when none)
 * @param correct whether each response states the expected answer
 * @param accuracy the share of correct responses
 * @param majorityAnswer the most common answer (canonical form; ties to the first seen)
 * @param majorityCount how many responses gave it
 * @param missingSkills per response, the skill of its first wrong step ("" when every step and the
 *     answer are right, or when the item is not a skill-world problem whose steps can be checked)
 * @param steps per skill, the steps the responses reached and got right (empty when the steps
 *     cannot be checked)
 */
public record ItemResult(
    String id, String question, String expected, List<String> skills, List<String> responses,
    List<String> answers, List<Boolean> correct, double accuracy, String majorityAnswer,
    int majorityCount, List<String> missingSkills, List<StepCount> steps) {

  /**
   * Steps of one skill over an item's responses.
   *
   * @param skill the skill id
   * @param reached steps of the skill that responses reached (every earlier step right)
   * @param right of those, the steps done right
   */
  public record StepCount(String skill, int reached, int right) {}

  public ItemResult {
    skills = List.copyOf(skills);
    responses = List.copyOf(responses);
    answers = List.copyOf(answers);
    correct = List.copyOf(correct);
    missingSkills = List.copyOf(missingSkills);
    steps = List.copyOf(steps);
  }
}
