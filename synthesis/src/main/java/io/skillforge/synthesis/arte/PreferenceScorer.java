package io.skillforge.synthesis.arte;

import io.skillforge.skills.Example;
import java.io.IOException;
import java.util.List;

/**
 * Scores a cell of drafts by how much it helps one student on the cell's skill. Two methods: the
 * paper's in-context proxy (each draft a one-shot demonstration, the score the student's accuracy on
 * a preference set) for students that learn in context, and a lookahead proxy (a short fine-tune of
 * a copy of the student on the cell) for those that do not, such as the built-in student.
 */
public interface PreferenceScorer {
  /**
   * Scores {@code examples}, the cell's drafts with the cell's rationales. The same cell, examples
   * and seed give the same score.
   */
  CellScore score(Cell cell, List<Example> examples) throws IOException;

  /**
   * What the score depends on besides the cell's examples (the student's weights, the preference
   * set, the settings, the seed), as a string; a cache keyed by it never serves a stale score.
   */
  String fingerprint();
}
