package io.skillforge.skills.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.skillforge.skills.Gsm8kFiles;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs the grader over every GSM8K train item (../shared/data/gsm8k/train.jsonl, found by walking
 * up from the working directory, or under -Dskillforge.gsm8k.dir). The numbers after {@code ####}
 * are plain decimals, so {@link BigDecimal} gives an independent oracle for the grader's verdicts.
 */
class Gsm8kGradingTest {
  private record Item(String solution, String number) {}

  private static List<Item> items;

  @BeforeAll
  static void readTrainSet() throws IOException {
    Optional<Path> train = Gsm8kFiles.find("train.jsonl");
    assumeTrue(train.isPresent(), "GSM8K train.jsonl not found; set -Dskillforge.gsm8k.dir");
    ObjectMapper json = new ObjectMapper();
    items = new ArrayList<>();
    for (String line : Files.readAllLines(train.get(), StandardCharsets.UTF_8)) {
      String solution = json.readTree(line).get("answer").asText();
      String number = solution.substring(solution.lastIndexOf("####") + 4).strip();
      items.add(new Item(solution, number));
    }
  }

  @Test
  void extractFinalAnswer_everyTrainSolutionGradesAsItsOwnNumber() {
    assertEquals(7473, items.size());
    for (Item item : items) {
      String extracted = AnswerGrader.extractFinalAnswer(item.solution()).orElseThrow();
      assertTrue(AnswerGrader.equivalent(item.number(), extracted), item.number() + " vs " + extracted);
      assertTrue(AnswerGrader.equivalent(item.number(), item.solution()), item.solution());
    }
  }

  @Test
  void equivalent_shiftedPairsAgreeWithExactComparison() {
    int different = 0;
    for (int i = 0; i + 1 < items.size(); i++) {
      String expected = items.get(i).number();
      String response = items.get(i + 1).solution();
      boolean sameValue = value(expected).compareTo(value(items.get(i + 1).number())) == 0;
      boolean graded = AnswerGrader.equivalent(expected, response);
      assertEquals(sameValue, graded, "item " + i + ": " + expected + " vs " + response);
      if (!graded) {
        different++;
      }
    }
    // Neighbouring answers coincide only by chance (small numbers repeat), so almost all differ.
    assertTrue(different >= 0.95 * (items.size() - 1), different + " different pairs");
  }

  private static BigDecimal value(String number) {
    return new BigDecimal(number.replace(",", ""));
  }
}
