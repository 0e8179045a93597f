package io.skillforge.synthesis.arte;

import io.skillforge.skills.Example;
import io.skillforge.skills.Provenance;
import io.skillforge.skills.index.NearDuplicateSet;
import io.skillforge.skills.world.Problem;
import io.skillforge.synthesis.teacher.BuiltinTeacher;
import io.skillforge.synthesis.teacher.Synthesis;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The tailored training set, written by the built-in teacher with its style settings moved into
 * the preferred region: per skill, the asked number of new items spread evenly over the skill's
 * preferred cells, each with that cell's question style and strategy. Items near an evaluation
 * item, or repeating one already written, are dropped. Each item's provenance names the cell
 * ({@code arte skill/style/strategy}) and the skill it was written for.
 */
public final class TailoredGeneration {
  private final BuiltinTeacher teacher;
  private final NearDuplicateSet evaluation;
  private final double plainChainedShare;
  private final long seed;

  /**
   * @param plainChainedShare share of chained questions in a plain cell ({@link
   *     TailoredStyle#PLAIN_QUESTIONS})
   */
  public TailoredGeneration(BuiltinTeacher teacher, NearDuplicateSet evaluation, double plainChainedShare,
      long seed) {
    this.teacher = Objects.requireNonNull(teacher, "teacher");
    this.evaluation = Objects.requireNonNull(evaluation, "evaluation");
    this.plainChainedShare = plainChainedShare;
    this.seed = seed;
  }

  /**
   * @param counts per skill, how many new items to write
   * @param style the preferred cells of each skill
   * @param seeds per skill, seed questions to show the teacher
   */
  public List<Example> generate(Map<String, Integer> counts, TailoredStyle style, Map<String, List<String>> seeds) {
    List<Example> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    Instant now = Instant.now();
    for (Map.Entry<String, Integer> e : counts.entrySet()) {
      List<Cell> cells = style.preferred().getOrDefault(e.getKey(), List.of());
      if (cells.isEmpty()) {
        continue;
      }
      SplittableRandom rng = new SplittableRandom(seed ^ e.getKey().hashCode() ^ 0x9E3779B97F4A7C15L);
      for (int c = 0; c < cells.size(); c++) {
        Cell cell = cells.get(c);
        int want = e.getValue() / cells.size() + (c < e.getValue() % cells.size() ? 1 : 0);
        boolean plain = cell.questionStyle().equals(TailoredStyle.PLAIN_QUESTIONS);
        boolean chained = cell.questionStyle().equals(Draft.CHAINED);
        double share = plain ? plainChainedShare : chained ? 1.0 : 0.0;
        int kept = 0;
        for (int call = 0; kept < want && call < 8; call++) {
          BuiltinTeacher.Drafts drafts = teacher.draft(List.of(cell.skill()), 2 * (want - kept),
              seeds.getOrDefault(cell.skill(), List.of()), share, rng.nextLong());
          for (Problem p : drafts.problems()) {
            if (kept < want && (plain || p.multiStep() == chained) && seen.add(p.question())
                && evaluation.nearest(p.question()).isEmpty()) {
              String rationale = teacher.rationale(p, cell.strategy());
              out.add(new Example(Synthesis.itemId(p.question()), p.question(), rationale, p.answer(),
                  p.skillIds(), Example.Source.SYNTHESIZED, "train",
                  new Provenance(BuiltinTeacher.NAME, "arte " + cell.key(), now, cell.skill(), null), 1.0));
              kept++;
            }
          }
        }
      }
    }
    return out;
  }
}
