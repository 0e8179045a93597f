package io.skillforge.server.jobs.student;

import io.skillforge.server.config.SkillforgeConfig;
import io.skillforge.server.config.SkillforgeConfig.StudentSettings;
import io.skillforge.skills.errors.BadInputException;
import io.skillforge.skills.errors.NotFoundException;
import io.skillforge.student.builtin.BuiltinStudent;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * Which student a student command uses: the one its flags name, else the {@code student} section
 * of the configuration (the file, overridden by {@code SKILLFORGE_STUDENT_*} variables). Flags
 * always win; the configuration is loaded only when a flag is missing.
 */
public final class StudentChoice {

  /** A student to open. */
  public sealed interface Target permits Checkpoint, Endpoint, Replicas {}

  /**
   * A built-in checkpoint directory.
   *
   * @param hint appended to load errors: which setting named the directory; empty for a flag
   */
  public record Checkpoint(Path directory, String hint) implements Target {
    /** A checkpoint the user named directly (a flag or a request field). */
    public static Checkpoint named(Path directory) {
      return new Checkpoint(directory, "");
    }
  }

  /** A model behind an OpenAI-compatible API root. */
  public record Endpoint(URI baseUrl, String model) implements Target {}

  /**
   * One model served by several endpoints (replicas): a probe spreads its requests over them.
   *
   * @param endpoints the replicas
   * @param maxInFlight requests each replica is sent at once
   */
  public record Replicas(List<Endpoint> endpoints, int maxInFlight) implements Target {
    public Replicas {
      endpoints = List.copyOf(endpoints);
      if (endpoints.size() < 2) {
        throw new IllegalArgumentException("replicas need at least two endpoints");
      }
      if (maxInFlight < 1) {
        throw new BadInputException("--endpoint-concurrency must be >= 1 but was " + maxInFlight);
      }
    }
  }

  private StudentChoice() {}

  /**
   * The student of {@code student probe}: {@code --model}, else {@code --endpoint} (with
   * {@code --endpoint-model}, else {@code student.model}), else the configured student of
   * {@code student.kind}.
   *
   * @throws IllegalArgumentException when the configured student cannot be used, naming the setting
   */
  public static Target forProbe(Path modelFlag, URI endpointFlag, String endpointModelFlag,
      Supplier<SkillforgeConfig> config) {
    return forProbe(modelFlag, endpointFlag == null ? List.of() : List.of(endpointFlag), endpointModelFlag, 1,
        config);
  }

  /**
   * Like {@link #forProbe(Path, URI, String, Supplier)} with {@code --endpoint} given any number of
   * times: two or more are {@link Replicas} of one model, each sent {@code maxInFlight} requests at once.
   */
  public static Target forProbe(Path modelFlag, List<URI> endpointFlags, String endpointModelFlag, int maxInFlight,
      Supplier<SkillforgeConfig> config) {
    if (modelFlag != null) {
      return new Checkpoint(modelFlag, "");
    }
    if (endpointFlags.size() > 1) {
      String model = endpointModelFlag != null ? endpointModelFlag : requiredModel(config.get());
      return new Replicas(endpointFlags.stream().map(u -> new Endpoint(u, model)).toList(), maxInFlight);
    }
    URI endpointFlag = endpointFlags.isEmpty() ? null : endpointFlags.get(0);
    if (endpointFlag != null) {
      return new Endpoint(endpointFlag,
          endpointModelFlag != null ? endpointModelFlag : requiredModel(config.get()));
    }
    SkillforgeConfig loaded = config.get();
    StudentSettings settings = loaded.student();
    if (StudentSettings.BUILTIN.equals(settings.kind())) {
      return configuredCheckpoint(loaded);
    }
    if (settings.baseUrl() == null || settings.baseUrl().isBlank()) {
      throw new BadInputException("student.kind is openai-compatible but student.base-url"
          + " is empty (" + loaded.originOf("student.base-url") + "); set it, or"
          + " SKILLFORGE_STUDENT_BASE_URL, or pass --endpoint URL");
    }
    URI baseUrl;
    try {
      baseUrl = URI.create(settings.baseUrl().strip());
    } catch (IllegalArgumentException e) {
      throw new BadInputException("student.base-url '" + settings.baseUrl()
          + "' is not a URL (" + loaded.originOf("student.base-url") + ")", e);
    }
    return new Endpoint(baseUrl,
        endpointModelFlag != null ? endpointModelFlag : requiredModel(loaded));
  }

  /**
   * The checkpoint of {@code student serve}: {@code --model}, else {@code student.checkpoint}
   * whatever {@code student.kind} says (serving it is how an openai-compatible student is made).
   *
   * @throws IllegalArgumentException when the configured checkpoint does not exist
   */
  public static Checkpoint forServe(Path modelFlag, Supplier<SkillforgeConfig> config) {
    return modelFlag != null ? new Checkpoint(modelFlag, "") : configuredCheckpoint(config.get());
  }

  /** Loads a checkpoint; a refusal names the setting that chose the directory. */
  public static BuiltinStudent load(Checkpoint checkpoint, BuiltinStudent.Options options)
      throws IOException {
    if (!Files.isDirectory(checkpoint.directory())) {
      throw new NotFoundException("no student checkpoint at " + checkpoint.directory() + checkpoint.hint());
    }
    try {
      return options == null ? BuiltinStudent.load(checkpoint.directory())
          : BuiltinStudent.load(checkpoint.directory(), options);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(e.getMessage() + checkpoint.hint(), e);
    }
  }

  private static Checkpoint configuredCheckpoint(SkillforgeConfig config) {
    Path dir = Path.of(config.student().checkpoint());
    String origin = config.originOf("student.checkpoint");
    String hint = "; the directory is student.checkpoint (" + origin + ")";
    if (!Files.isDirectory(dir)) {
      String change = origin.startsWith("environment")
          ? "change or unset SKILLFORGE_STUDENT_CHECKPOINT"
          : "change student.checkpoint there or set SKILLFORGE_STUDENT_CHECKPOINT";
      throw new BadInputException("the configured student checkpoint " + dir
          + " does not exist (" + dir.toAbsolutePath().normalize() + "; student.checkpoint, "
          + origin + "): " + change + ", pass --model DIR, or write a checkpoint there with"
          + " 'skillforge student train --out " + dir + "'");
    }
    return new Checkpoint(dir, hint);
  }

  private static String requiredModel(SkillforgeConfig config) {
    String model = config.student().model();
    if (model == null || model.isBlank()) {
      throw new BadInputException("student.model is empty ("
          + config.originOf("student.model") + "); set it, or SKILLFORGE_STUDENT_MODEL, or pass"
          + " --endpoint-model");
    }
    return model.strip();
  }
}
