package io.skillforge.server.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skillforge.server.jobs.student.StudentChoice;
import io.skillforge.skills.errors.BadInputException;
import io.skillforge.skills.errors.ConflictException;
import io.skillforge.skills.errors.NotFoundException;
import io.skillforge.skills.files.OutputFiles;
import io.skillforge.student.openai.OpenAiStudent;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The students the server knows, by name: built-in checkpoints in {@code DATA/students/NAME/}, and
 * OpenAI-compatible endpoints registered by URL (kept in {@code DATA/students/endpoints.json}). A
 * name belongs to one student. Every method touches the disk: call it from a worker thread.
 */
public final class Students {
  static final String ENDPOINTS = "endpoints.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A student as listed: {@code builtin} with its directory, or {@code endpoint} with its URL. */
  public record Entry(String name, String kind, URI baseUrl, String model, String api) {
    public boolean builtin() {
      return "builtin".equals(kind);
    }
  }

  private final Workspace workspace;

  public Students(Workspace workspace) {
    this.workspace = Objects.requireNonNull(workspace, "workspace");
  }

  /** Every student, by name. */
  public synchronized List<Entry> list() throws IOException {
    List<Entry> out = new ArrayList<>();
    if (Files.isDirectory(workspace.students())) {
      try (Stream<Path> dirs = Files.list(workspace.students())) {
        dirs.filter(d -> Files.isRegularFile(d.resolve("config.json")))
            .map(d -> d.getFileName().toString())
            .sorted()
            .forEach(name -> out.add(new Entry(name, "builtin", null, null, null)));
      }
    }
    out.addAll(endpoints().values());
    out.sort(Comparator.comparing(Entry::name));
    return out;
  }

  /**
   * The student called {@code name}.
   *
   * @throws NotFoundException when there is none
   */
  public synchronized Entry get(String name) throws IOException {
    SafeNames.check(name, "student");
    if (Files.isRegularFile(workspace.studentDir(name).resolve("config.json"))) {
      return new Entry(name, "builtin", null, null, null);
    }
    Entry endpoint = endpoints().get(name);
    if (endpoint == null) {
      throw new NotFoundException("no student named '" + name + "' (list them with GET /students)");
    }
    return endpoint;
  }

  /** Whether a student has that name. */
  public synchronized boolean exists(String name) throws IOException {
    SafeNames.check(name, "student");
    return Files.exists(workspace.studentDir(name)) || endpoints().containsKey(name);
  }

  /** What a job opens to talk to the student called {@code name}. */
  public StudentChoice.Target target(String name) throws IOException {
    Entry entry = get(name);
    return entry.builtin() ? StudentChoice.Checkpoint.named(workspace.studentDir(name))
        : new StudentChoice.Endpoint(entry.baseUrl(), entry.model());
  }

  /** The API to reach the student called {@code name} with; chat for a built-in one. */
  public OpenAiStudent.Api api(String name) throws IOException {
    Entry entry = get(name);
    return "completions".equals(entry.api()) ? OpenAiStudent.Api.COMPLETIONS : OpenAiStudent.Api.CHAT;
  }

  /**
   * Registers an endpoint.
   *
   * @param api {@code chat} or {@code completions}; null for chat
   * @throws ConflictException when a student already has that name
   * @throws BadInputException for a URL that is not http(s)
   */
  public synchronized Entry register(String name, String baseUrl, String model, String api) throws IOException {
    SafeNames.check(name, "student");
    if (exists(name)) {
      throw new ConflictException("a student named '" + name + "' exists already; delete it first, or pick"
          + " another name");
    }
    URI url;
    try {
      url = URI.create(baseUrl.strip());
    } catch (IllegalArgumentException e) {
      throw new BadInputException("baseUrl '" + baseUrl + "' is not a URL", e);
    }
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
      throw new BadInputException("baseUrl '" + baseUrl + "' must be an http or https URL, such as"
          + " http://127.0.0.1:8000/v1");
    }
    if (model == null || model.isBlank()) {
      throw new BadInputException("model must name the endpoint's model");
    }
    String wireApi = api == null ? "chat" : api.toLowerCase(Locale.ROOT);
    if (!wireApi.equals("chat") && !wireApi.equals("completions")) {
      throw new BadInputException("api must be chat or completions, not '" + api + "'");
    }
    Map<String, Entry> endpoints = endpoints();
    Entry entry = new Entry(name, "endpoint", url, model.strip(), wireApi);
    endpoints.put(name, entry);
    save(endpoints);
    return entry;
  }

  /**
   * Removes the student called {@code name}: forgets an endpoint, deletes a built-in checkpoint.
   *
   * @throws NotFoundException when there is none
   */
  public synchronized void remove(String name) throws IOException {
    Entry entry = get(name);
    if (entry.builtin()) {
      deleteTree(workspace.studentDir(name));
    } else {
      Map<String, Entry> endpoints = endpoints();
      endpoints.remove(name);
      save(endpoints);
    }
  }

  private Map<String, Entry> endpoints() throws IOException {
    Map<String, Entry> out = new TreeMap<>();
    Path file = workspace.students().resolve(ENDPOINTS);
    if (!Files.isRegularFile(file)) {
      return out;
    }
    JsonNode root = JSON.readTree(file.toFile());
    for (JsonNode e : root.path("endpoints")) {
      String name = e.path("name").asText();
      out.put(name, new Entry(name, "endpoint", URI.create(e.path("baseUrl").asText()), e.path("model").asText(),
          e.path("api").asText("chat")));
    }
    return out;
  }

  private void save(Map<String, Entry> endpoints) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode list = root.putArray("endpoints");
    for (Entry e : endpoints.values()) {
      list.addObject().put("name", e.name()).put("baseUrl", e.baseUrl().toString()).put("model", e.model())
          .put("api", e.api());
    }
    String text = root.toPrettyString() + "\n";
    OutputFiles.writeAtomically(workspace.students().resolve(ENDPOINTS), w -> w.write(text));
  }

  /** Deletes a directory and what it holds. */
  public static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
