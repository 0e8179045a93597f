package io.skillforge.synthesis.stat;

import io.skillforge.skills.Example;
import io.skillforge.skills.Provenance;
import io.skillforge.skills.SkillCatalog;
import io.skillforge.skills.concurrent.Await;
import io.skillforge.skills.concurrent.Cancellation;
import io.skillforge.skills.index.DuplicatePolicy;
import io.skillforge.skills.index.ExemplarRequest;
import io.skillforge.skills.index.NearDuplicateSet;
import io.skillforge.skills.index.SkillIndex;
import io.skillforge.synthesis.teacher.Synthesis;
import io.skillforge.synthesis.teacher.SynthesisRequest;
import io.skillforge.synthesis.teacher.Teacher;
import io.vertx.core.Future;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntConsumer;

/**
 * STAT-Syn: for each (difficult item, missing skill s) pair, the teacher sees {@code exemplars}
 * diverse indexed items of s (never the difficult item itself) and writes {@code perPair} new items
 * that emphasize s, each solved independently three times; a teacher keeps a new item only when at
 * least two solutions agree on the final answer. Here a new item is then dropped when it is equal
 * or near to an evaluation item (the probe, validation and test items the caller names), to an
 * indexed item or to an item kept earlier in the run; the rest come back with their provenance, for
 * the caller to store in the training set and then in the index (see {@link #index}). The index is
 * not changed while the run asks the teacher, so a run stopped part way and started again sees the
 * same exemplars and asks the same questions. Requests go to the teacher a window of
 * pairs at a time, all of a window in flight together; results are taken in pair order, so a run
 * is reproducible, and each request's seed depends only on the run's seed, the item and the skill,
 * so a rerun asks the same questions and the teacher's response cache answers them.
 */
public final class StatSynthesis {
  /**
   * @param exemplars indexed examples of the skill shown to the teacher (3 in the paper)
   * @param perPair new items asked for per pair (2 in the paper)
   * @param window pairs whose requests are in flight together
   * @param seed varies the requests of a run
   */
  public record Settings(int exemplars, int perPair, int window, long seed) {
    public static final Settings PAPER = new Settings(3, 2, 16, 1);

    public Settings {
      if (exemplars < 0 || perPair < 1 || window < 1) {
        throw new IllegalArgumentException("need exemplars >= 0, perPair >= 1 and window >= 1");
      }
    }
  }

  /**
   * What a run did with the teacher's items.
   *
   * @param pairs pairs asked about
   * @param written items the teacher returned (after its own agreement check)
   * @param disagreed drafts the teacher dropped: solutions disagreed, or near-copies of exemplars
   * @param nearEvaluation dropped as equal or near to an evaluation item
   * @param nearIndexed dropped as near-duplicates of indexed items (or of each other)
   * @param accepted kept
   * @param acceptedPerSkill accepted items per target skill
   */
  public record Report(int pairs, int written, int disagreed, int nearEvaluation, int nearIndexed,
      int accepted, Map<String, Integer> acceptedPerSkill) {}

  /** The kept items, each with its target skill and source item in its provenance. */
  public record Result(List<Example> accepted, Report report) {}

  private final Teacher teacher;
  private final SkillCatalog catalog;
  private final SkillIndex index;
  private final NearDuplicateSet evaluation;
  private final Settings settings;

  /**
   * @param index where exemplars come from and accepted items go
   * @param evaluation the evaluation items no accepted item may be near
   */
  public StatSynthesis(Teacher teacher, SkillCatalog catalog, SkillIndex index,
      NearDuplicateSet evaluation, Settings settings) {
    this.teacher = Objects.requireNonNull(teacher, "teacher");
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.index = Objects.requireNonNull(index, "index");
    this.evaluation = Objects.requireNonNull(evaluation, "evaluation");
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /**
   * @param jobId the job recorded in the accepted items' provenance
   * @param progress told how many pairs are done
   */
  public Result run(List<MissingPair> pairs, String jobId, Cancellation cancellation, IntConsumer progress)
      throws IOException {
    Tally tally = new Tally();
    List<Example> accepted = new ArrayList<>();
    NearDuplicateSet kept = new NearDuplicateSet(index.options().nearDuplicateThreshold());
    for (int from = 0; from < pairs.size(); from += settings.window()) {
      cancellation.check();
      List<MissingPair> window = pairs.subList(from, Math.min(pairs.size(), from + settings.window()));
      List<Future<Synthesis>> answers = new ArrayList<>();
      for (MissingPair pair : window) {
        answers.add(teacher.synthesize(new SynthesisRequest(List.of(pair.skill()), settings.perPair(),
            exemplars(pair), seed(pair)), catalog));
      }
      for (int i = 0; i < window.size(); i++) {
        Synthesis synthesis = Await.result(answers.get(i), cancellation);
        tally.disagreed += synthesis.rejected();
        for (Example item : synthesis.items()) {
          tally.written++;
          Example keeper = keep(item, window.get(i), jobId, kept, tally);
          if (keeper != null) {
            accepted.add(keeper);
          }
        }
      }
      progress.accept(from + window.size());
    }
    return new Result(accepted, new Report(pairs.size(), tally.written, tally.disagreed,
        tally.nearEvaluation, tally.nearIndexed, accepted.size(), tally.perSkill));
  }

  /** {@code item} with its provenance, unless it is near an evaluation, indexed or kept item. */
  private Example keep(Example item, MissingPair pair, String jobId, NearDuplicateSet kept, Tally tally)
      throws IOException {
    if (evaluation.nearest(item.question()).isPresent()) {
      tally.nearEvaluation++;
      return null;
    }
    if (index.findNearDuplicate(item.question(), item.id()).isPresent() || kept.nearest(item.question()).isPresent()) {
      tally.nearIndexed++;
      return null;
    }
    kept.add(item.id(), item.question());
    tally.perSkill.merge(pair.skill(), 1, Integer::sum);
    return item.withProvenance(new Provenance(teacher.name(), jobId, Instant.now(), pair.skill(), pair.item().id()));
  }

  /**
   * Stores kept items in the index and commits: what makes them exemplars and near-duplicate
   * references for later runs. Storing the same items again replaces them (ids are stable).
   */
  public static void index(SkillIndex index, List<Example> kept) throws IOException {
    index.addAll(kept, DuplicatePolicy.ALLOW);
    index.commit();
  }

  private List<Example> exemplars(MissingPair pair) throws IOException {
    if (settings.exemplars() == 0) {
      return List.of();
    }
    List<Example> found = index.exemplars(
        ExemplarRequest.near(pair.skill(), settings.exemplars() + 1, pair.item().question()));
    List<Example> out = new ArrayList<>(settings.exemplars());
    for (Example e : found) {
      if (!e.id().equals(pair.item().id()) && !e.question().equals(pair.item().question())
          && out.size() < settings.exemplars()) {
        out.add(e);
      }
    }
    return out;
  }

  private long seed(MissingPair pair) {
    byte[] key = (pair.item().id() + "\u0000" + pair.skill()).getBytes(StandardCharsets.UTF_8);
    long h = settings.seed() * 0x9E3779B97F4A7C15L;
    for (byte b : key) {
      h = (h ^ b) * 0x100000001B3L;
    }
    return h;
  }

  private static final class Tally {
    int written;
    int disagreed;
    int nearEvaluation;
    int nearIndexed;
    final Map<String, Integer> perSkill = new LinkedHashMap<>();
  }
}
