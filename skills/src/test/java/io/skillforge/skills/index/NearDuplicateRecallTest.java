package io.skillforge.skills.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Near-duplicate recall through the committed index, where candidates come from MinHash bands:
 * random 40-word questions, each probed with an edited copy of known similarity.
 */
class NearDuplicateRecallTest {
  private static final long SEED = 20240611L;
  private static final int QUESTIONS = 300;

  @TempDir Path dir;

  private static List<String> questions(Random random) {
    List<String> out = new ArrayList<>();
    for (int q = 0; q < QUESTIONS; q++) {
      StringBuilder text = new StringBuilder();
      for (int w = 0; w < 40; w++) {
        text.append("w").append(random.nextInt(5_000)).append(' ');
      }
      out.add(text.toString().trim());
    }
    return out;
  }

  /** Replaces the given word positions with words no question uses. */
  private static String edit(String question, int... positions) {
    String[] words = question.split(" ");
    for (int p : positions) {
      words[p] = "edited" + p;
    }
    return String.join(" ", words);
  }

  private int found(SkillIndex index, List<String> questions, int... positions) throws IOException {
    int found = 0;
    for (int q = 0; q < questions.size(); q++) {
      String probe = edit(questions.get(q), positions);
      Optional<DuplicateMatch> match = index.findNearDuplicate(probe, null);
      if (match.isPresent()) {
        assertEquals("q" + q, match.get().id(), "seed " + SEED);
        assertEquals(TextSimilarity.similarity(questions.get(q), probe), match.get().similarity(), 1e-12);
        found++;
      }
    }
    return found;
  }

  private List<String> indexed(SkillIndex index) throws IOException {
    List<String> questions = questions(new Random(SEED));
    for (int q = 0; q < questions.size(); q++) {
      index.add(TestExamples.example("q" + q, questions.get(q)), DuplicatePolicy.ALLOW);
    }
    index.commit();
    return questions;
  }

  @Test
  void findNearDuplicate_oneWordEditedOfForty_foundAtDefaultThreshold() throws IOException {
    try (SkillIndex index = SkillIndex.open(dir, IndexOptions.defaults().withRefreshInterval(Duration.ZERO))) {
      List<String> questions = indexed(index);
      // 35 of 41 shingles shared: similarity 0.854, found with probability 1 - 5e-6 each.
      assertEquals(QUESTIONS, found(index, questions, 20), "seed " + SEED);
      // Three edits spread out: 29 of 47 = 0.617, below the threshold: never reported.
      assertEquals(0, found(index, questions, 5, 20, 35), "seed " + SEED);
    }
  }

  @Test
  void findNearDuplicate_twoWordsEditedAtThresholdPointSixFive_mostlyFound() throws IOException {
    IndexOptions options =
        IndexOptions.defaults().withRefreshInterval(Duration.ZERO).withNearDuplicateThreshold(0.65);
    try (SkillIndex index = SkillIndex.open(dir, options)) {
      List<String> questions = indexed(index);
      // 32 of 44 shingles shared: 0.727, found with probability 0.995 each.
      int found = found(index, questions, 10, 30);
      assertTrue(found >= QUESTIONS * 0.95, found + " of " + QUESTIONS + " found, seed " + SEED);
    }
  }
}
