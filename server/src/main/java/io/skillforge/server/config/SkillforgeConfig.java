package io.skillforge.server.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.skillforge.synthesis.teacher.settings.TeacherSettings;
import io.skillforge.server.cluster.ClusterSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The merged configuration: the defaults shipped in the jar ({@code conf/skillforge.yaml}), then
 * the user's file, then {@code SKILLFORGE_<SECTION>_<KEY>} environment variables. Each module
 * reads its own section as a record with {@link #section}; keys are kebab-case in YAML and
 * camelCase in the record. Immutable after loading.
 */
public final class SkillforgeConfig {
  private static final String ENV_PREFIX = "SKILLFORGE_";
  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private final ObjectNode tree;
  private final String origin;
  private final Map<String, String> variables;

  private SkillforgeConfig(ObjectNode tree, String origin, Map<String, String> variables) {
    this.tree = tree;
    this.origin = origin;
    this.variables = Map.copyOf(variables);
  }

  /**
   * Loads the configuration a command should use: the bundled defaults, overlaid by the file
   * named by {@code SKILLFORGE_CONFIG}, else {@code conf/skillforge.yaml} under the working
   * directory or the install directory ({@code skillforge.home}), then by the environment.
   */
  public static SkillforgeConfig load() {
    return load(System.getenv(), userFile(System.getenv()));
  }

  /**
   * The user's configuration file: the one {@code SKILLFORGE_CONFIG} names, else {@code
   * conf/skillforge.yaml} under the working directory or the install directory; null for none.
   */
  public static Path userFile(Map<String, String> env) {
    String named = env.get("SKILLFORGE_CONFIG");
    if (named != null && !named.isBlank()) {
      Path file = Path.of(named);
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException("SKILLFORGE_CONFIG names " + file + ", which is not a file");
      }
      return file;
    }
    Path local = Path.of("conf", "skillforge.yaml");
    if (Files.isRegularFile(local)) {
      return local;
    }
    String home = System.getProperty("skillforge.home");
    if (home != null) {
      Path installed = Path.of(home, "conf", "skillforge.yaml");
      if (Files.isRegularFile(installed)) {
        return installed;
      }
    }
    return null;
  }

  /** Defaults, then {@code file} if not null, then variables of {@code env}. */
  public static SkillforgeConfig load(Map<String, String> env, Path file) {
    ObjectNode tree = defaults();
    String origin = "built-in defaults";
    if (file != null) {
      try {
        JsonNode user = YAML.readTree(file.toFile());
        if (user != null && !user.isMissingNode() && !user.isNull()) {
          if (!user.isObject()) {
            throw new IllegalArgumentException("configuration " + file + " must be a YAML mapping");
          }
          merge(tree, (ObjectNode) user);
        }
        origin = file.toString();
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read configuration " + file + ": " + e.getMessage(), e);
      }
    }
    Map<String, String> variables = new java.util.HashMap<>();
    applyEnvironment(tree, env, variables);
    return new SkillforgeConfig(tree, origin, variables);
  }

  private static ObjectNode defaults() {
    try (InputStream in = SkillforgeConfig.class.getResourceAsStream(TeacherSettings.BUNDLED_CONFIG)) {
      if (in == null) {
        throw new IllegalStateException("the bundled conf/skillforge.yaml is missing from the classpath ("
            + TeacherSettings.BUNDLED_CONFIG + ")");
      }
      return (ObjectNode) YAML.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("bundled configuration is unreadable", e);
    }
  }

  private static void merge(ObjectNode base, ObjectNode overlay) {
    for (Map.Entry<String, JsonNode> field : overlay.properties()) {
      JsonNode existing = base.get(field.getKey());
      if (existing instanceof ObjectNode target && field.getValue() instanceof ObjectNode source) {
        merge(target, source);
      } else {
        base.set(field.getKey(), field.getValue());
      }
    }
  }

  /**
   * SKILLFORGE_TEACHER_MAX_CONCURRENCY=8 sets teacher.max-concurrency. Only keys of known sections
   * are touched, and the first underscore after the prefix separates section from key.
   */
  private static void applyEnvironment(ObjectNode tree, Map<String, String> env,
      Map<String, String> variables) {
    env.forEach(
        (name, value) -> {
          if (!name.startsWith(ENV_PREFIX) || name.equals("SKILLFORGE_CONFIG")) {
            return;
          }
          String rest = name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT);
          int split = rest.indexOf('_');
          if (split <= 0) {
            return;
          }
          JsonNode section = tree.get(rest.substring(0, split));
          if (section instanceof ObjectNode sectionNode) {
            String key = rest.substring(split + 1).replace('_', '-');
            if (sectionNode.has(key)) {
              sectionNode.put(key, value);
              variables.put(rest.substring(0, split) + "." + key, name);
            }
          }
        });
  }

  /**
   * Reads one section as {@code type}, typically a record.
   *
   * @throws IllegalArgumentException when a value has the wrong type
   */
  public <T> T section(String name, Class<T> type) {
    JsonNode node = tree.get(name);
    try {
      return YAML.treeToValue(node == null ? YAML.createObjectNode() : node, type);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "configuration section '" + name + "' (" + origin + ") is invalid: " + e.getMessage(), e);
    }
  }

  /** One value as text, by dotted path such as {@code server.port}; null when absent. */
  public String value(String dottedPath) {
    JsonNode node = tree;
    for (String part : dottedPath.split("\\.")) {
      node = node == null ? null : node.get(part);
    }
    return node == null || node.isNull() || node.isContainerNode() ? null : node.asText();
  }

  /** Where the user's settings came from, for messages. */
  public String origin() {
    return origin;
  }

  /**
   * Where one setting ({@code "student.checkpoint"}) came from, for messages: {@code "environment
   * variable SKILLFORGE_STUDENT_CHECKPOINT"} when a variable set it, else {@code "configuration: "}
   * and the file or the built-in defaults.
   */
  public String originOf(String dottedPath) {
    String variable = variables.get(dottedPath);
    return variable != null ? "environment variable " + variable : "configuration: " + origin;
  }

  public ServerSettings server() {
    return section("server", ServerSettings.class);
  }

  /**
   * The {@code cluster} section.
   *
   * @throws IllegalArgumentException naming the key of an invalid value
   */
  public ClusterSettings cluster() {
    return section("cluster", ClusterSettings.class);
  }

  public IndexSettings index() {
    return section("index", IndexSettings.class);
  }

  /** The {@code student} section. */
  public StudentSettings student() {
    return section("student", StudentSettings.class);
  }

  /** The {@code teacher} section as configured. */
  public TeacherSettings teacher() {
    return teacher(null);
  }

  /**
   * The {@code teacher} section with {@code name} applied: null keeps it as configured; a name
   * under {@code teacher.profiles} overlays that profile's keys; {@code builtin} or a provider kind
   * replaces {@code kind}.
   *
   * @throws IllegalArgumentException when {@code name} is neither
   * @throws io.skillforge.skills.errors.BadInputException naming the key of an invalid value
   */
  public TeacherSettings teacher(String name) {
    return TeacherSettings.fromYaml(tree.get("teacher"), name);
  }

  /**
   * The {@code server} section: how {@code skillforge serve} runs (its flags override it).
   *
   * @param host interface to bind
   * @param port HTTP port; 0 picks a free one
   * @param maxBodyBytes largest request body
   * @param dataDir the server's data directory
   * @param workers jobs that run at once
   * @param queueCapacity jobs that may wait for a worker
   * @param eventLoops HTTP server instances
   */
  public record ServerSettings(String host, int port, long maxBodyBytes, String dataDir, int workers,
      int queueCapacity, int eventLoops) {
    public ServerSettings {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("server.port must be 0..65535 but was " + port);
      }
    }
  }

  /**
   * The {@code student} section: the student the student commands use when no flag names one.
   *
   * @param kind {@code builtin} (a checkpoint directory run in-process) or {@code
   *     openai-compatible} (a model behind an OpenAI-compatible endpoint)
   * @param checkpoint checkpoint directory of the built-in student
   * @param baseUrl API root of the openai-compatible student, such as {@code http://host:8092/v1}
   * @param model model name sent to that endpoint
   */
  public record StudentSettings(String kind, String checkpoint, String baseUrl, String model) {
    public static final String BUILTIN = "builtin";
    public static final String OPENAI_COMPATIBLE = "openai-compatible";

    public StudentSettings {
      if (!BUILTIN.equals(kind) && !OPENAI_COMPATIBLE.equals(kind)) {
        throw new IllegalArgumentException(
            "student.kind must be builtin or openai-compatible but was '" + kind + "'");
      }
      if (checkpoint == null || checkpoint.isBlank()) {
        throw new IllegalArgumentException("student.checkpoint must not be empty");
      }
    }
  }

  /** The {@code index} section. */
  public record IndexSettings(String path, double nearDuplicateThreshold, int commitEvery) {
    public IndexSettings {
      Objects.requireNonNull(path, "index.path");
      if (commitEvery < 1) {
        throw new IllegalArgumentException("index.commit-every must be >= 1 but was " + commitEvery);
      }
      if (!(nearDuplicateThreshold > 0 && nearDuplicateThreshold <= 1)) {
        throw new IllegalArgumentException(
            "index.near-duplicate-threshold must be in (0, 1] but was " + nearDuplicateThreshold);
      }
    }
  }
}
