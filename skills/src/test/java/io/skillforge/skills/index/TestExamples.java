package io.skillforge.skills.index;

import io.skillforge.skills.Example;
import io.skillforge.skills.Provenance;
import java.time.Instant;
import java.util.List;

/** Small builders for test examples. */
final class TestExamples {
  private TestExamples() {}

  static Example example(String id, String question, String... skills) {
    return new Example(
        id, question, "Step 1 for " + id + ".\nStep 2.", "42", List.of(skills),
        Example.Source.SEED, "train", new Provenance(null, null, Instant.parse("2025-01-02T03:04:05Z")), 1.0);
  }

  static Example example(String id, String question, Example.Source source, String split, String... skills) {
    return new Example(
        id, question, "Worked solution of " + id, "7", List.of(skills), source, split,
        new Provenance("teacher-x", "job-1", Instant.parse("2025-01-02T03:04:05.123456789Z")), 1.0);
  }
}
