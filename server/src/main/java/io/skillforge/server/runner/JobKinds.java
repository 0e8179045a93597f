package io.skillforge.server.runner;

import io.skillforge.skills.errors.BadInputException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The job kinds a server runs, by name. The server's own are in {@code kinds.StandardKinds}: a
 * new kind is one entry there (its parameters, binding and result are its {@link JobKind}) and one
 * schema in the API's contract ({@code openapi.yaml}, {@code components.schemas}, listed under
 * {@code JobRequest}); a test checks that the two agree.
 */
public final class JobKinds {
  private final Map<String, JobKind<?, ?, ?>> kinds = new LinkedHashMap<>();

  /**
   * Adds a kind.
   *
   * @throws IllegalArgumentException when a kind of that name is registered already
   */
  public JobKinds register(JobKind<?, ?, ?> kind) {
    if (kinds.putIfAbsent(kind.name(), kind) != null) {
      throw new IllegalArgumentException("job kind " + kind.name() + " is registered twice");
    }
    return this;
  }

  /**
   * @throws BadInputException for a kind that is not registered
   */
  public JobKind<?, ?, ?> get(String name) {
    JobKind<?, ?, ?> kind = name == null ? null : kinds.get(name);
    if (kind == null) {
      throw new BadInputException("unknown job kind '" + name + "'; the kinds are " + String.join(", ", names()));
    }
    return kind;
  }

  public List<String> names() {
    return List.copyOf(kinds.keySet());
  }
}
