package io.skillforge.server.jobs.arte;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skillforge.server.jobs.JobContext;
import io.skillforge.server.jobs.Progress;
import io.skillforge.skills.Example;
import io.skillforge.skills.dataset.TrainingFormat;
import io.skillforge.skills.dataset.TrainingSetWriter;
import io.skillforge.skills.errors.BadInputException;
import io.skillforge.skills.files.OutputFiles;
import io.skillforge.skills.index.NearDuplicateSet;
import io.skillforge.skills.world.SkillWorld;
import io.skillforge.synthesis.arte.Cell;
import io.skillforge.synthesis.arte.CellScore;
import io.skillforge.synthesis.arte.DpoFiles;
import io.skillforge.synthesis.arte.Draft;
import io.skillforge.synthesis.arte.DraftWriter;
import io.skillforge.synthesis.arte.PreferencePair;
import io.skillforge.synthesis.arte.PreferencePairs;
import io.skillforge.synthesis.arte.PreferenceScorer;
import io.skillforge.synthesis.arte.PromptedGeneration;
import io.skillforge.synthesis.arte.ScoreCache;
import io.skillforge.synthesis.arte.Strategy;
import io.skillforge.synthesis.arte.TailoredGeneration;
import io.skillforge.synthesis.arte.TailoredStyle;
import io.skillforge.synthesis.teacher.BuiltinTeacher;
import io.skillforge.synthesis.teacher.Teacher;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One ARTE run: the built-in teacher's drafts for the scored skills, the student's score of every
 * cell (the lookahead for a built-in student, the in-context proxy for one behind an endpoint;
 * cached in {@code scores.jsonl}, so a rerun or a resumed run measures only what is missing), the
 * preference pairs as DPO JSONL, the preferred region, and the tailored training set (by the
 * built-in teacher's style settings, or by another teacher prompted with the preferences). Written to the output directory: {@code drafts.jsonl}, {@code
 * scores.jsonl}, {@code dpo-*.jsonl}, {@code style.json} and {@code tailored.jsonl}.
 */
public final class ArteRun {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * What ARTE does, independent of the data and the seed.
   *
   * @param questionsPerStyle drafted questions per skill and question style
   * @param strategies the reasoning strategies
   * @param lookaheadSteps fine-tuning steps of each cell's lookahead
   * @param lookaheadLearningRate their peak learning rate
   * @param mixBack share of each lookahead's data drawn from the seed pool, as the training mixes it
   * @param preferenceItems items per skill in the preference set (the paper: 40)
   * @param questionPairs most question-level pairs per skill (the paper: 50)
   * @param rationalePairs most rationale-level pairs per skill (the paper: 250)
   */
  public record Settings(int questionsPerStyle, List<Strategy> strategies, int lookaheadSteps,
      double lookaheadLearningRate, double mixBack, int preferenceItems, int questionPairs, int rationalePairs) {
    public static final Settings DEFAULTS = new Settings(96, Strategy.DEFAULTS, 48, 1e-3, 0.4, 60, 50, 250);

    public Settings {
      strategies = List.copyOf(strategies);
      if (!(mixBack >= 0 && mixBack < 1)) {
        throw new BadInputException("mix-back must be in [0, 1) but was " + mixBack);
      }
      if (lookaheadSteps < 1 || preferenceItems < 1 || questionPairs < 0 || rationalePairs < 0) {
        throw new BadInputException(
            "lookahead steps and preference items must be >= 1, pair counts >= 0");
      }
    }
    /** These settings with another mix-back share. */
    public Settings withMixBack(double share) {
      return new Settings(questionsPerStyle, strategies, lookaheadSteps, lookaheadLearningRate, share, preferenceItems,
          questionPairs, rationalePairs);
    }
  }

  /**
   * How one run is made.
   *
   * @param seed varies drafts, preference sets, lookahead and pairs; the same seed gives the same
   *     files
   * @param threads training workers of the lookahead
   * @param plainChainedShare chained share of plainly written questions
   * @param maxChars most characters of a draft's question and rationale (the student's context,
   *     less the prompt layout)
   */
  public record Options(long seed, int threads, double plainChainedShare, int maxChars) {}

  /**
   * What the run made.
   *
   * @param drafts drafted questions
   * @param scores every cell's score
   * @param measured cells measured in this run (the rest came from {@code scores.jsonl})
   * @param dpo the pair files
   * @param style the preferred region
   * @param tailored the tailored training set
   */
  public record Result(int drafts, List<CellScore> scores, int measured, DpoFiles.Written dpo, TailoredStyle style,
      List<Example> tailored, Path trainingSet) {}

  /** Characters of the student's layout around a question and its rationale ({@code Q: }, the answer line). */
  private static final int PROMPT_LAYOUT_CHARS = 32;

  private ArteRun() {}

  /** The most characters of a draft's question and rationale for a student of {@code context} tokens. */
  public static int maxChars(int context) {
    return context - PROMPT_LAYOUT_CHARS;
  }

  /**
   * @param student the student, and so how preferences are measured
   * @param seedPool items the seed questions come from (by their skill labels)
   * @param validation items the preference sets come from (by their skill labels)
   * @param scored skills whose drafts are scored
   * @param counts per skill, how many tailored items to write (skills not scored are written plainly)
   * @param evaluation questions no draft or tailored item may be near
   * @param author the teacher that writes the tailored set when it is not the built-in one
   *     (prompted with the preferred drafts and traits); null for the built-in teacher (its style
   *     settings moved to the preferred region)
   */
  public static Result run(ArteStudent student, List<Example> seedPool, List<Example> validation, List<String> scored,
      Map<String, Integer> counts, NearDuplicateSet evaluation, Teacher author, Settings settings, Options options,
      Path out, JobContext context) throws IOException {
    long seed = options.seed();
    BuiltinTeacher teacher = new BuiltinTeacher();
    DraftWriter.Settings draftSettings = new DraftWriter.Settings(settings.questionsPerStyle(), 3, 5,
        settings.strategies(), options.maxChars(), seed);
    DraftWriter writer = new DraftWriter(teacher, draftSettings, evaluation);
    Map<String, List<Example>> preference = new LinkedHashMap<>();
    List<Draft> drafts = new ArrayList<>();
    for (String skill : scored) {
      List<Example> candidates = withSkill(validation, skill);
      preference.put(skill, student instanceof ArteStudent.InContext c && c.respondents().size() >= 2
          ? PreferenceSets.mostDiscriminative(candidates, c.respondents(), settings.preferenceItems(),
              context.cancellation())
          : PreferenceSets.random(candidates, settings.preferenceItems(), seed ^ skill.hashCode()));
      if (preference.get(skill).isEmpty()) {
        throw new BadInputException("no validation item has the skill " + skill + ", so its drafts cannot be scored");
      }
      drafts.addAll(writer.write(skill, withSkill(seedPool, skill)));
    }
    writeDrafts(drafts, out.resolve("drafts.jsonl"));
    context.note(String.format(Locale.ROOT, "ARTE: %d drafts of %d skills in %d strategies", drafts.size(),
        scored.size(), settings.strategies().size()));

    PreferenceScorer measure;
    if (student instanceof ArteStudent.InContext c) {
      measure = new InContextScorer(c.student(), preference, c.maxTokens(), context.cancellation());
    } else {
      LookaheadScorer.Settings lookahead = new LookaheadScorer.Settings(settings.lookaheadSteps(),
          settings.lookaheadLearningRate(), settings.mixBack(), options.threads(), seed);
      measure = new LookaheadScorer(((ArteStudent.Builtin) student).checkpoint(), preference, seedPool, lookahead,
          context.cancellation());
    }
    ScoreCache scorer = new ScoreCache(measure, out.resolve("scores.jsonl"));
    List<Cell> cells = new ArrayList<>();
    for (String skill : scored) {
      for (String style : DraftWriter.questionStyles(skill)) {
        for (Strategy strategy : settings.strategies()) {
          cells.add(new Cell(skill, style, strategy.name()));
        }
      }
    }
    Map<Cell, CellScore> scores = new LinkedHashMap<>();
    for (int i = 0; i < cells.size(); i++) {
      context.checkCancelled();
      Cell cell = cells.get(i);
      List<Example> examples = drafts.stream()
          .filter(d -> d.skill().equals(cell.skill()) && d.questionStyle().equals(cell.questionStyle()))
          .map(d -> d.example(cell.strategy(), teacher.name())).toList();
      if (examples.isEmpty()) {
        continue;
      }
      CellScore score = scorer.score(cell, examples);
      scores.put(cell, score);
      context.progress(new Progress("score drafts", i + 1, cells.size(), "cells",
          cell.key() + " " + score.points() + " points"));
    }

    List<PreferencePair> pairs = PreferencePairs.build(drafts.stream().filter(d -> hasScores(d, scores)).toList(),
        scores, SkillWorld.catalog(),
        new PreferencePairs.Settings(settings.questionPairs(), settings.rationalePairs(), seed));
    DpoFiles.Written dpo = DpoFiles.write(pairs, out);
    TailoredStyle style = TailoredStyle.of(scores, counts.keySet());
    Map<String, List<String>> seeds = new LinkedHashMap<>();
    counts.keySet().forEach(s -> seeds.put(s, withSkill(seedPool, s).stream().limit(3).map(Example::question).toList()));
    List<Example> tailored = author == null
        ? new TailoredGeneration(teacher, evaluation, options.plainChainedShare(), seed).generate(counts, style, seeds)
        : new PromptedGeneration(author, SkillWorld.catalog(), settings.strategies(), 3, 5, seed)
            .generate(counts, style, drafts, scores, context.cancellation()).stream()
            .filter(e -> evaluation.nearest(e.question()).isEmpty()).toList();
    Path trainingSet = out.resolve("tailored.jsonl");
    TrainingSetWriter.writeFile(trainingSet, tailored, TrainingFormat.FULL);
    writeStyle(style, scores, out.resolve("style.json"));
    return new Result(drafts.size(), List.copyOf(scores.values()), scores.size() - scorer.hits(), dpo, style,
        tailored, trainingSet);
  }

  private static boolean hasScores(Draft d, Map<Cell, CellScore> scores) {
    return d.rationales().keySet().stream().allMatch(s -> scores.containsKey(d.cell(s)));
  }

  static List<Example> withSkill(List<Example> items, String skill) {
    return items.stream().filter(e -> e.skills().contains(skill)).toList();
  }

  private static void writeDrafts(List<Draft> drafts, Path file) throws IOException {
    OutputFiles.writeAtomically(file, w -> {
      for (Draft d : drafts) {
        ObjectNode n = JSON.createObjectNode().put("id", d.id()).put("skill", d.skill())
            .put("questionStyle", d.questionStyle()).put("question", d.question()).put("answer", d.answer());
        ArrayNode seeds = n.putArray("seeds");
        d.seeds().forEach(seeds::add);
        ObjectNode rationales = n.putObject("rationales");
        d.rationales().forEach(rationales::put);
        w.write(JSON.writeValueAsString(n));
        w.write('\n');
      }
    });
  }

  private static void writeStyle(TailoredStyle style, Map<Cell, CellScore> scores, Path file) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode skills = root.putObject("skills");
    style.preferred().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
      ObjectNode s = skills.putObject(e.getKey());
      s.put("traits", style.traits().get(e.getKey()));
      ArrayNode preferred = s.putArray("preferred");
      e.getValue().forEach(c -> preferred.addObject().put("questionStyle", c.questionStyle())
          .put("strategy", c.strategy()));
    });
    ArrayNode cells = root.putArray("cells");
    for (CellScore c : scores.values()) {
      cells.addObject().put("skill", c.cell().skill()).put("questionStyle", c.cell().questionStyle())
          .put("strategy", c.cell().strategy()).put("score", c.score()).put("before", c.before())
          .put("after", c.after()).put("lossBefore", c.lossBefore()).put("lossAfter", c.lossAfter())
          .put("examples", c.examples()).put("preferenceItems", c.preferenceItems());
    }
    String text = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    OutputFiles.writeAtomically(file, w -> w.write(text));
  }
}
