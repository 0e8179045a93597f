package io.skillforge.synthesis.teacher;

import io.skillforge.skills.Example;
import io.skillforge.skills.Provenance;
import io.skillforge.skills.Skill;
import io.skillforge.skills.SkillCatalog;
import io.skillforge.skills.errors.BadInputException;
import io.skillforge.skills.world.CheckResult;
import io.skillforge.skills.world.Problem;
import io.skillforge.skills.world.RationaleStyle;
import io.skillforge.skills.world.SkillMix;
import io.skillforge.skills.world.SkillWorld;
import io.skillforge.skills.world.WorldGenerator;
import io.skillforge.skills.world.WorldSkill;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * The skill world's exact teacher: it reads each question back into its solution ({@link
 * SkillWorld#parse}), so labels, diagnoses and verdicts are right by construction, and it writes new
 * items with the world's generator. It works from question text only, never from skills or
 * rationales stored on an item.
 *
 * <p>It knows nothing but the skill world, so it refuses data that is not skill-world data: {@link
 * #label}, {@link #catalog}, {@link #diagnose} and {@link #verify} fail with a {@link
 * BadInputException} (saying how to pick an LLM teacher) when fewer than half of the items of the
 * request ({@link #MIN_WORLD_SHARE}) are skill-world questions, such as GSM8K, where none is. In a
 * request of mostly world items, an item that is not one gets no labels, a verdict of "not a
 * skill-world question", and a diagnosis from the final answer alone.
 *
 * <p>Stateless and thread-safe. Every call finishes in memory on the calling thread (microseconds
 * per item) and returns a completed future. The teacher simulator answers the protocol prompts
 * with the value-level methods below, so the LLM path against the simulator gives the same results
 * as this class in-process.
 */
public final class BuiltinTeacher implements Teacher {
  /** The name in provenance and logs. */
  public static final String NAME = "builtin";

  /**
   * The least share of a request's items that must be skill-world questions; below it the request
   * is refused, since every answer would be empty or "not a skill-world question".
   */
  public static final double MIN_WORLD_SHARE = 0.5;

  private static final String NOT_WORLD = "not a skill-world question";
  private static final int EXAMPLE_CHARS = 70;
  /** Share of chained items in a synthesis without exemplars. */
  private static final double DEFAULT_MULTI_STEP_SHARE = 0.25;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Future<SkillCatalog> catalog(CatalogRequest request) {
    List<Optional<Problem>> problems = parse(request.sample(), Example::question);
    Optional<BadInputException> refused = refusal(request.sample(), problems, Example::question, "sampled items");
    if (refused.isPresent()) {
      return Future.failedFuture(refused.get());
    }
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (Optional<Problem> problem : problems) {
      for (String id : skillsOf(problem, SkillWorld.catalog().ids())) {
        counts.merge(id, 1, Integer::sum);
      }
    }
    return Future.succeededFuture(catalogOf(counts, request.maxSkills()));
  }

  @Override
  public Future<List<Label>> label(List<Example> items, SkillCatalog catalog) {
    List<Optional<Problem>> problems = parse(items, Example::question);
    Optional<BadInputException> refused = refusal(items, problems, Example::question, "items");
    if (refused.isPresent()) {
      return Future.failedFuture(refused.get());
    }
    List<String> ids = catalog.ids();
    List<Label> labels = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      labels.add(Label.of(items.get(i).id(), skillsOf(problems.get(i), ids)));
    }
    return Future.succeededFuture(labels);
  }

  @Override
  public Future<List<Diagnosis>> diagnose(List<Attempt> attempts, SkillCatalog catalog) {
    Function<Attempt, String> question = a -> a.item().question();
    Optional<BadInputException> refused =
        refusal(attempts, parse(attempts, question), question, "attempted items");
    if (refused.isPresent()) {
      return Future.failedFuture(refused.get());
    }
    List<String> ids = catalog.ids();
    return Future.succeededFuture(
        attempts.stream()
            .map(a -> diagnoseResponse(a.item().id(), a.item().question(), a.item().answer(),
                a.response(), ids))
            .toList());
  }

  @Override
  public Future<Synthesis> synthesize(SynthesisRequest request, SkillCatalog catalog) {
    List<String> exemplarQuestions = request.exemplars().stream().map(Example::question).toList();
    List<String> exemplarRationales = request.exemplars().stream().map(Example::rationale).toList();
    Drafts drafts = draft(request.targetSkills(), request.count(), exemplarQuestions,
        exemplarRationales, request.seed());
    if (drafts.problems().isEmpty()) {
      return Future.succeededFuture(new Synthesis(List.of(), drafts.rejected(),
          "no target skill is a skill-world skill: " + request.targetSkills()));
    }
    Provenance provenance = new Provenance(NAME, null, Instant.now());
    List<String> ids = catalog.ids();
    List<Example> items = new ArrayList<>();
    for (Problem p : drafts.problems()) {
      items.add(new Example(Synthesis.itemId(p.question()), p.question(), p.rationale(), p.answer(),
          p.skillIds().stream().filter(ids::contains).toList(), Example.Source.SYNTHESIZED,
          SkillWorld.DEFAULT_SPLIT, provenance, 1.0));
    }
    return Future.succeededFuture(Synthesis.of(items, drafts.rejected()));
  }

  @Override
  public Future<List<Verdict>> verify(List<Example> items) {
    Optional<BadInputException> refused =
        refusal(items, parse(items, Example::question), Example::question, "items");
    if (refused.isPresent()) {
      return Future.failedFuture(refused.get());
    }
    return Future.succeededFuture(
        items.stream()
            .map(i -> verifyItem(i.id(), i.question(), i.rationale(), i.answer()))
            .toList());
  }

  // ---- value-level roles, shared with the teacher simulator -------------------------------

  /**
   * The skills of {@code catalogIds} a question needs, in step order, at most {@link
   * #MAX_LABELS_PER_ITEM}; empty for a question outside the world.
   */
  public List<String> labelQuestion(String question, Collection<String> catalogIds) {
    return skillsOf(SkillWorld.parse(question), catalogIds);
  }

  private static List<String> skillsOf(Optional<Problem> problem, Collection<String> catalogIds) {
    return problem
        .map(p -> p.skillIds().stream().filter(catalogIds::contains).limit(MAX_LABELS_PER_ITEM).toList())
        .orElse(List.of());
  }

  private static <I> List<Optional<Problem>> parse(List<I> inputs, Function<I, String> question) {
    return inputs.stream().map(i -> SkillWorld.parse(question.apply(i))).toList();
  }

  /**
   * Why this teacher will not work on {@code inputs}: fewer than {@link #MIN_WORLD_SHARE} of them
   * are skill-world questions. Empty when it will.
   */
  private static <I> Optional<BadInputException> refusal(
      List<I> inputs, List<Optional<Problem>> problems, Function<I, String> question, String what) {
    long world = problems.stream().filter(Optional::isPresent).count();
    if (inputs.isEmpty() || world >= MIN_WORLD_SHARE * inputs.size()) {
      return Optional.empty();
    }
    String example = "";
    for (int i = 0; i < inputs.size() && example.isEmpty(); i++) {
      if (problems.get(i).isEmpty()) {
        example = question.apply(inputs.get(i)).strip().replaceAll("\\s+", " ");
      }
    }
    if (example.length() > EXAMPLE_CHARS) {
      example = example.substring(0, EXAMPLE_CHARS) + "...";
    }
    return Optional.of(new BadInputException(String.format(Locale.ROOT,
        "only %d of the %d %s are skill-world questions, and the built-in teacher knows no"
            + " others (such as \"%s\"); pick an LLM teacher with --teacher"
            + " sim|openai|ollama|anthropic, or set teacher.kind in conf/skillforge.yaml",
        world, inputs.size(), what, example)));
  }

  /**
   * The catalog for skill counts found in a sample: the world skills named, the most frequent
   * {@code maxSkills} of them (ties in world order), listed in world order. Names that are not
   * world skill ids are ignored.
   */
  public SkillCatalog catalogOf(Map<String, Integer> counts, int maxSkills) {
    List<WorldSkill> found = new ArrayList<>();
    for (WorldSkill s : WorldSkill.values()) {
      if (counts.getOrDefault(s.id(), 0) > 0) {
        found.add(s);
      }
    }
    List<WorldSkill> kept = found.stream()
        .sorted(Comparator.comparing((WorldSkill s) -> -counts.get(s.id())).thenComparing(Enum::ordinal))
        .limit(maxSkills)
        .sorted()
        .toList();
    List<Skill> skills = kept.stream().map(WorldSkill::toSkill).toList();
    return new SkillCatalog(skills);
  }

  /**
   * Judges one response: correct when its final answer is equivalent to the question's; when
   * wrong, the missing skill is the skill of the first wrong or missing step. A question outside
   * the world is judged on {@code referenceAnswer} alone, with no missing skill.
   */
  public Diagnosis diagnoseResponse(String itemId, String question, String referenceAnswer,
      String response, Collection<String> catalogIds) {
    var problem = SkillWorld.parse(question);
    if (problem.isEmpty()) {
      boolean correct = SkillWorld.answersAgree(referenceAnswer, response);
      return Diagnosis.of(itemId, correct, List.of(), NOT_WORLD + "; judged by the final answer only");
    }
    CheckResult check = SkillWorld.check(problem.get(), response);
    if (check.correct()) {
      return Diagnosis.of(itemId, true, List.of(), check.explanation());
    }
    List<String> missing =
        catalogIds.contains(check.missingSkill()) ? List.of(check.missingSkill()) : List.of();
    return Diagnosis.of(itemId, false, missing, check.explanation());
  }

  /** Checks one item: correct when every rationale step and the final answer are right. */
  public Verdict verifyItem(String itemId, String question, String rationale, String answer) {
    var problem = SkillWorld.parse(question);
    if (problem.isEmpty()) {
      return Verdict.of(itemId, false, "", NOT_WORLD);
    }
    CheckResult check = SkillWorld.check(problem.get(), rationale + "\n#### " + answer);
    return Verdict.of(itemId, check.flawless(), problem.get().answer(),
        check.flawless() ? "" : check.explanation());
  }

  /** New problems of a synthesis request, and how many drafts were dropped. */
  public record Drafts(List<Problem> problems, int rejected) {}

  /**
   * Writes {@code count} new problems, cycling through the world skills among {@code targetIds}
   * for their focus. Chained problems appear about as often as among the exemplars (a quarter
   * without exemplars). A draft equal to an exemplar or to an earlier draft is dropped and counted.
   * Deterministic for the arguments.
   */
  public Drafts draft(List<String> targetIds, int count, List<String> exemplarQuestions,
      List<String> exemplarRationales, long seed) {
    List<WorldSkill> targets = new ArrayList<>();
    for (String id : targetIds) {
      WorldSkill.byId(id).filter(s -> !targets.contains(s)).ifPresent(targets::add);
    }
    if (targets.isEmpty()) {
      return new Drafts(List.of(), 0);
    }
    double chained = exemplarRationales.isEmpty()
        ? DEFAULT_MULTI_STEP_SHARE
        : SkillWorld.multiStepShare(exemplarRationales);
    return drawProblems(targets, count, exemplarQuestions, chained, seed);
  }

  /**
   * Writes {@code count} new problems as {@link #draft(List, int, List, List, long)} does, with a
   * given share of chained problems instead of the exemplars' (ARTE's drafts vary it on purpose).
   */
  public Drafts draft(List<String> targetIds, int count, List<String> exemplarQuestions,
      double chainedShare, long seed) {
    List<WorldSkill> targets = new ArrayList<>();
    for (String id : targetIds) {
      WorldSkill.byId(id).filter(s -> !targets.contains(s)).ifPresent(targets::add);
    }
    if (targets.isEmpty()) {
      return new Drafts(List.of(), 0);
    }
    return drawProblems(targets, count, exemplarQuestions, chainedShare, seed);
  }

  /**
   * A rationale for a skill-world question written with one reasoning strategy: a {@link
   * RationaleStyle} key ({@code direct}, {@code stepwise}, {@code scratch}, {@code checked}).
   *
   * @return the rationale, or empty when the question is not a skill-world question
   * @throws BadInputException when the strategy is not one the built-in teacher writes
   */
  public Optional<String> rationale(String question, String strategy) {
    RationaleStyle style = style(strategy);
    return SkillWorld.parse(question).map(style::write);
  }

  /** The rationale of a problem this teacher drew, written with one reasoning strategy. */
  public String rationale(Problem problem, String strategy) {
    return style(strategy).write(problem);
  }

  /**
   * The style of a reasoning strategy this teacher writes.
   *
   * @throws BadInputException naming the strategies it writes, when it writes no such strategy
   */
  public static RationaleStyle style(String strategy) {
    return RationaleStyle.byKey(strategy).orElseThrow(() -> new BadInputException(
        "the built-in teacher writes the strategies " + java.util.Arrays.stream(RationaleStyle.values())
            .map(RationaleStyle::key).toList() + ", not '" + strategy + "'"));
  }

  private Drafts drawProblems(List<WorldSkill> targets, int count, List<String> exemplarQuestions,
      double chained, long seed) {
    WorldGenerator generator = new WorldGenerator(seed, SkillMix.uniform(), 0);
    SplittableRandom coin = new SplittableRandom(seed ^ 0x5DEECE66DL);
    Set<String> seen = new HashSet<>(exemplarQuestions);
    List<Problem> out = new ArrayList<>();
    int rejected = 0;
    for (int i = 0; out.size() < count && i < count * 20; i++) {
      WorldSkill focus = targets.get(out.size() % targets.size());
      Problem p = generator.next(focus, coin.nextDouble() < chained);
      if (seen.add(p.question())) {
        out.add(p);
      } else {
        rejected++;
      }
    }
    return new Drafts(out, rejected);
  }
}
