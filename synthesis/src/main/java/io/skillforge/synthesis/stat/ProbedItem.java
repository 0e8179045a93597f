package io.skillforge.synthesis.stat;

import io.skillforge.skills.Example;
import java.util.List;
import java.util.Objects;

/**
 * How a student answered one item when probed with k samples.
 *
 * @param item the item, with its reference answer and skills
 * @param responses the student's k responses
 * @param answers the final answer read from each response ("" when none)
 * @param correct whether each response states the reference answer
 * @param majorityCount how many responses gave the most common answer
 */
public record ProbedItem(
    Example item, List<String> responses, List<String> answers, List<Boolean> correct, int majorityCount) {
  public ProbedItem {
    Objects.requireNonNull(item, "item");
    responses = List.copyOf(responses);
    answers = List.copyOf(answers);
    correct = List.copyOf(correct);
    if (responses.isEmpty() || answers.size() != responses.size() || correct.size() != responses.size()) {
      throw new IllegalArgumentException("item " + item.id() + " needs one answer and one grade per response");
    }
    if (majorityCount < 0 || majorityCount > responses.size()) {
      throw new IllegalArgumentException("majorityCount must be in [0, " + responses.size() + "]");
    }
  }

  /** Share of the responses that are correct. */
  public double accuracy() {
    return correct.stream().filter(c -> c).count() / (double) correct.size();
  }

  /** Whether most responses are correct: how the item counts in per-skill accuracy. */
  public boolean solved() {
    return accuracy() > 0.5;
  }

  /** The response the teacher is shown: the first wrong one, else the first. */
  public String representativeResponse() {
    for (int i = 0; i < responses.size(); i++) {
      if (!correct.get(i)) {
        return responses.get(i);
      }
    }
    return responses.get(0);
  }
}
