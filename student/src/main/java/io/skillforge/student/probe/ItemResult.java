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
 */
public record ItemResult(
    String id, String question, String expected, List<String> skills, List<String> responses,
    List<String> answers, List<Boolean> correct, double accuracy, String majorityAnswer,
    int majorityCount) {

  public ItemResult {
    skills = List.copyOf(skills);
    responses = List.copyOf(responses);
    answers = List.copyOf(answers);
    correct = List.copyOf(correct);
  }
}
