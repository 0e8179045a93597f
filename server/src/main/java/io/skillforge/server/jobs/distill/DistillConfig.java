package io.skillforge.server.jobs.distill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skillforge.server.config.SkillforgeConfig;
import io.skillforge.server.jobs.RunFile;
import io.skillforge.skills.dataset.DatasetFormat;
import io.skillforge.skills.dataset.DatasetLayout;
import io.skillforge.skills.errors.BadInputException;
import io.skillforge.skills.errors.NotFoundException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * A distillation run, as its YAML file describes it. Paths in the file are relative to the file's
 * directory. The {@code stat} key overrides the configuration's {@code stat} section key by key.
 *
 * @param runDir where the rounds go
 * @param rounds rounds to run
 * @param method {@code syn} (STAT-Syn) or {@code sel} (STAT-Sel)
 * @param train the labelled pool (items without skills are labelled by the teacher first)
 * @param validation the items probed each round for the profile
 * @param test held-out items before and after are measured on; null to measure on validation
 * @param layout how the three files are laid out
 * @param catalog the catalog file; null for the skill world's when the teacher is built in, else
 *     required
 * @param teacher the teacher's name as {@code --teacher} takes it; null for {@code teacher.kind}
 * @param budgetDollars the run's teacher budget; null for {@code teacher.budget-dollars}
 * @param student the student and how it is fine-tuned
 * @param exportPromptCompletion whether each round also writes its training set as
 *     prompt/completion JSONL
 * @param stat the method's settings
 */
public record DistillConfig(
    Path runDir, int rounds, String method, Path train, Path validation, Path test, DatasetLayout layout,
    Path catalog, String teacher, Double budgetDollars, StudentSpec student, boolean exportPromptCompletion,
    StatSettings stat) {

  public DistillConfig {
    Objects.requireNonNull(runDir, "run-dir");
    if (rounds < 1) {
      throw new BadInputException("rounds must be >= 1 but was " + rounds);
    }
    if (!method.equals("syn") && !method.equals("sel")) {
      throw new BadInputException("method must be syn or sel, not '" + method + "'");
    }
    Objects.requireNonNull(train, "train");
    Objects.requireNonNull(validation, "validation");
    Objects.requireNonNull(student, "student");
    Objects.requireNonNull(stat, "stat");
  }

  /**
   * The student of the run.
   *
   * @param kind {@code builtin} or {@code openai-compatible}
   * @param checkpoint the built-in student's starting checkpoint
   * @param baseUrl the endpoint's API root
   * @param model the endpoint's model name
   * @param api chat or completions
   * @param fineTuneCommand for an endpoint: the command that fine-tunes the model on a round's
   *     training set and serves the result; {@code {data}} (chat messages JSONL), {@code
   *     {examples}} (every field), {@code {round}}, {@code {run-dir}} and {@code {model}} are
   *     replaced (shell-quoted)
   * @param readyTimeout how long to wait for the endpoint to serve the model after the command
   */
  public record StudentSpec(String kind, Path checkpoint, URI baseUrl, String model, String api,
      String fineTuneCommand, Duration readyTimeout) {
    public boolean builtin() {
      return "builtin".equals(kind);
    }
  }


  /**
   * Reads a run file.
   *
   * @throws NotFoundException when there is no such file
   * @throws BadInputException naming the key that is wrong
   */
  public static DistillConfig load(Path file, SkillforgeConfig config) {
    ObjectNode root = RunFile.read(file);
    Path base = file.toAbsolutePath().getParent();
    try {
      return fromTree(root, base, config);
    } catch (IllegalArgumentException e) {
      throw new BadInputException("run file " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * A run described by the tree of a run file; relative paths are relative to {@code base}.
   *
   * @throws BadInputException naming the key that is wrong
   */
  public static DistillConfig fromTree(ObjectNode root, Path base, SkillforgeConfig config) {
    StatSettings settings = StatSettings.from(config, root.path("stat"));
    JsonNode s = root.path("student");
    StudentSpec student = new StudentSpec(
        s.path("kind").asText("builtin"),
        RunFile.path(base, s.path("checkpoint").asText(null)),
        s.hasNonNull("base-url") ? URI.create(s.get("base-url").asText()) : null,
        s.path("model").asText(null),
        s.path("api").asText("chat"),
        s.path("fine-tune-command").asText(null),
        Duration.ofSeconds(s.path("ready-timeout-seconds").asLong(1800)));
    if (student.builtin() && student.checkpoint() == null) {
      throw new BadInputException("student.checkpoint is needed for the built-in student");
    }
    if (!student.builtin() && (student.baseUrl() == null || student.model() == null
        || student.fineTuneCommand() == null)) {
      throw new BadInputException("an openai-compatible student needs student.base-url, student.model"
          + " and student.fine-tune-command");
    }
    DatasetFormat format;
    try {
      format = DatasetFormat.fromName(root.path("format").asText("jsonl"));
    } catch (IllegalArgumentException e) {
      throw new BadInputException("format must be jsonl or gsm8k", e);
    }
    return new DistillConfig(
        RunFile.path(base, RunFile.required(root, "run-dir")),
        root.path("rounds").asInt(1),
        root.path("method").asText("syn").toLowerCase(Locale.ROOT),
        RunFile.path(base, RunFile.required(root, "train")),
        RunFile.path(base, RunFile.required(root, "validation")),
        RunFile.path(base, root.path("test").asText(null)),
        DatasetLayout.DEFAULT.withFormat(format),
        RunFile.path(base, root.path("catalog").asText(null)),
        root.path("teacher").asText(null),
        root.hasNonNull("budget-dollars") ? root.get("budget-dollars").asDouble() : null,
        student,
        root.path("export-prompt-completion").asBoolean(false),
        settings);
  }


}
