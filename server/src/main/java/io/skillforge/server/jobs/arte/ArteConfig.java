package io.skillforge.server.jobs.arte;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skillforge.server.jobs.RunFile;
import io.skillforge.skills.errors.BadInputException;
import io.skillforge.skills.errors.NotFoundException;
import io.skillforge.synthesis.arte.Strategy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An ARTE run, as its YAML file describes it. Paths are relative to the file's directory.
 *
 * <pre>
 * out: runs/arte                 # where drafts, scores, pairs and the training set go
 * train: data/train.jsonl        # seed questions, by their skills
 * validation: data/val.jsonl     # the preference sets, by their skills
 * test: data/test.jsonl          # optional: drafts stay away from it too
 * student: runs/demo/baseline    # a built-in student's checkpoint (the lookahead proxy), or
 * # student-endpoint: {base-url: http://localhost:8000/v1, model: my-model}   (the in-context proxy)
 * # respondents: [{checkpoint: ckpt-a}, {base-url: ..., model: ...}]  (pick discriminative questions)
 * skills: [remainder, compare]   # skills to tailor (default: every skill of the validation set)
 * items: 2000                    # tailored items, spread evenly over the skills
 * seed: 1
 * </pre>
 *
 * and, optionally, {@code teacher} (who writes the tailored set: {@code builtin}, the default, with
 * its style settings moved to the preferred region; any other teacher name as {@code --teacher}
 * takes it, prompted with the preferred drafts and traits; the drafts themselves are always the
 * built-in teacher's, so the data is skill-world data), {@code threads}, {@code
 * questions-per-style}, {@code strategies}, {@code lookahead-steps}, {@code
 * lookahead-learning-rate}, {@code mix-back}, {@code preference-items}, {@code question-pairs}, {@code
 * rationale-pairs}.
 *
 * @param out the output directory
 * @param train the seed pool file (JSONL)
 * @param validation the preference-set file (JSONL)
 * @param test a held-out file drafts stay away from; null for none
 * @param student the built-in student's checkpoint directory; null for an endpoint student
 * @param endpoint the endpoint student; null for a built-in one
 * @param respondents models whose answers pick the in-context proxy's preference questions
 * @param maxTokens an endpoint student's response budget per question
 * @param teacher who writes the tailored set: {@code builtin} or a teacher name
 * @param skills the skills to tailor; empty for every skill the validation items have
 * @param items tailored items in all
 * @param seed the run's seed
 * @param threads training workers of the lookahead
 * @param settings what ARTE does
 */
public record ArteConfig(Path out, Path train, Path validation, Path test, Path student, Endpoint endpoint,
    List<Respondent> respondents, int maxTokens, String teacher, List<String> skills, int items, long seed, int threads,
    ArteRun.Settings settings) {
  /** A model behind an OpenAI-compatible endpoint. */
  public record Endpoint(java.net.URI baseUrl, String model) {}

  /** A respondent of the item-response fit: a built-in checkpoint or an endpoint (one of the two). */
  public record Respondent(Path checkpoint, Endpoint endpoint) {}

  private static final Set<String> KEYS = Set.of("out", "train", "validation", "test", "student", "skills", "items",
      "seed", "teacher", "threads", "student-endpoint", "respondents", "max-tokens", "questions-per-style", "strategies", "lookahead-steps",
      "lookahead-learning-rate", "mix-back", "preference-items", "question-pairs", "rationale-pairs");

  public ArteConfig {
    skills = List.copyOf(skills);
    respondents = List.copyOf(respondents);
    if ((student == null) == (endpoint == null)) {
      throw new BadInputException("name the student once: student (a built-in checkpoint) or student-endpoint");
    }
    if (items < 1) {
      throw new BadInputException("items must be >= 1 but was " + items);
    }
    if (threads < 1) {
      throw new BadInputException("threads must be >= 1 but was " + threads);
    }
  }

  /**
   * Reads a run file.
   *
   * @throws NotFoundException when there is no such file
   * @throws BadInputException naming the key that is wrong
   */
  public static ArteConfig load(Path file) {
    ObjectNode root = RunFile.read(file);
    try {
      return fromTree(root, file.toAbsolutePath().getParent());
    } catch (BadInputException e) {
      throw new BadInputException("run file " + file + ": " + e.getMessage(), e);
    }
  }

  /** A run described by a tree of the run file's keys; relative paths are relative to {@code base}. */
  public static ArteConfig fromTree(ObjectNode root, Path base) {
    for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
      String key = names.next();
      if (!KEYS.contains(key)) {
        throw new BadInputException("unknown key '" + key + "'; the keys are " + KEYS.stream().sorted().toList());
      }
    }
    ArteRun.Settings d = ArteRun.Settings.DEFAULTS;
    List<Strategy> strategies = d.strategies();
    if (root.has("strategies")) {
      Map<String, Strategy> known = new LinkedHashMap<>();
      d.strategies().forEach(s -> known.put(s.name(), s));
      strategies = new ArrayList<>();
      for (JsonNode n : root.get("strategies")) {
        Strategy s = known.get(n.asText());
        if (s == null) {
          throw new BadInputException("strategies: no strategy '" + n.asText() + "'; the strategies are "
              + known.keySet());
        }
        strategies.add(s);
      }
    }
    ArteRun.Settings settings = new ArteRun.Settings(
        root.path("questions-per-style").asInt(d.questionsPerStyle()), strategies,
        root.path("lookahead-steps").asInt(d.lookaheadSteps()),
        root.path("lookahead-learning-rate").asDouble(d.lookaheadLearningRate()),
        root.path("mix-back").asDouble(d.mixBack()),
        root.path("preference-items").asInt(d.preferenceItems()),
        root.path("question-pairs").asInt(d.questionPairs()),
        root.path("rationale-pairs").asInt(d.rationalePairs()));
    List<String> skills = new ArrayList<>();
    root.path("skills").forEach(n -> skills.add(n.asText()));
    List<Respondent> respondents = new ArrayList<>();
    for (JsonNode r : root.path("respondents")) {
      respondents.add(r.has("checkpoint") ? new Respondent(RunFile.path(base, r.get("checkpoint").asText()), null)
          : new Respondent(null, endpoint(r, "respondents")));
    }
    return new ArteConfig(RunFile.path(base, RunFile.required(root, "out")), RunFile.path(base, RunFile.required(root, "train")),
        RunFile.path(base, RunFile.required(root, "validation")), RunFile.path(base, root.path("test").asText(null)),
        RunFile.path(base, root.path("student").asText(null)),
        root.has("student-endpoint") ? endpoint(root.get("student-endpoint"), "student-endpoint") : null,
        respondents, root.path("max-tokens").asInt(256), root.path("teacher").asText("builtin"), skills, root.path("items").asInt(1000), root.path("seed").asLong(1),
        root.path("threads").asInt(2), settings);
  }

  private static Endpoint endpoint(JsonNode node, String key) {
    if (!node.hasNonNull("base-url") || !node.hasNonNull("model")) {
      throw new BadInputException(key + ": an endpoint needs base-url and model");
    }
    try {
      return new Endpoint(java.net.URI.create(node.get("base-url").asText()), node.get("model").asText());
    } catch (IllegalArgumentException e) {
      throw new BadInputException(key + ": base-url '" + node.get("base-url").asText() + "' is not a URL", e);
    }
  }


}
