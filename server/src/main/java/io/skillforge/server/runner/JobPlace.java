package io.skillforge.server.runner;

import io.skillforge.server.workspace.Workspace;
import io.skillforge.server.workspace.Students;
import io.skillforge.server.jobs.JobServices;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where one job runs: its id, its own directory (outputs and artifacts go there), the workspace
 * whose datasets, catalogs and students it names, the registered students, the server's services,
 * and which attempt this is (1 for the first run; higher when a restarted server resumes it).
 */
public record JobPlace(String id, Path dir, Workspace workspace, Students students, JobServices services,
    int attempt) {
  public JobPlace {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(workspace, "workspace");
    Objects.requireNonNull(students, "students");
    Objects.requireNonNull(services, "services");
  }

  /** A file in the job's directory. */
  public Path file(String name) {
    return dir.resolve(name);
  }

  /** Whether this run continues an earlier, interrupted one. */
  public boolean resumed() {
    return attempt > 1;
  }
}
