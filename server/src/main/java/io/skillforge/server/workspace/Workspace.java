package io.skillforge.server.workspace;

import io.skillforge.skills.errors.NotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The server's data directory and what lives in it:
 *
 * <pre>
 * DATA/jobs.db            the job store
 * DATA/datasets/NAME.jsonl uploaded and produced datasets (Skillforge JSONL)
 * DATA/catalogs/NAME.json  skill catalogs
 * DATA/students/NAME/      built-in student checkpoints; endpoints.json, the registered endpoints
 * DATA/jobs/ID/            each job's own files: its outputs and artifacts
 * DATA/reports/            skill-gap reports, per student
 * DATA/index/              the example index the server owns (a node of a cluster: DATA/nodes/NODE/index,
 *                         its own copy of the examples in the shared store)
 * DATA/teacher-cache/      the teacher's persistent response cache
 * </pre>
 *
 * Names are checked by {@link SafeNames}: nothing a request names can leave its directory.
 */
public final class Workspace {
  private final Path root;
  private final Path index;

  public Workspace(Path root) {
    this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    this.index = this.root.resolve("index");
  }

  private Workspace(Path root, Path index) {
    this.root = root;
    this.index = index;
  }

  /** The same data directory seen by one node of a cluster: its index is its own. */
  public Workspace forNode(String node) {
    return new Workspace(root, root.resolve("nodes").resolve(SafeNames.check(node, "node")).resolve("index"));
  }

  /** Creates the directories. */
  public Workspace create() throws IOException {
    for (Path dir : new Path[] {root, datasets(), catalogs(), students(), jobs(), reports()}) {
      Files.createDirectories(dir);
    }
    return this;
  }

  public Path root() {
    return root;
  }

  public Path database() {
    return root.resolve("jobs.db");
  }

  public Path datasets() {
    return root.resolve("datasets");
  }

  public Path catalogs() {
    return root.resolve("catalogs");
  }

  public Path students() {
    return root.resolve("students");
  }

  public Path jobs() {
    return root.resolve("jobs");
  }

  public Path reports() {
    return root.resolve("reports");
  }

  public Path index() {
    return index;
  }

  public Path teacherCache() {
    return root.resolve("teacher-cache");
  }

  /** A job's own directory (not created here). */
  public Path jobDir(String id) {
    return jobs().resolve(SafeNames.check(id, "job"));
  }

  /** The file of dataset {@code name}, whether or not it exists. */
  public Path datasetFile(String name) {
    return datasets().resolve(SafeNames.check(name, "dataset") + ".jsonl");
  }

  /**
   * The file of an existing dataset.
   *
   * @throws NotFoundException when there is none of that name
   */
  public Path dataset(String name) {
    Path file = datasetFile(name);
    if (!Files.isRegularFile(file)) {
      throw new NotFoundException("no dataset named '" + name + "' (upload it with PUT /datasets/" + name + ")");
    }
    return file;
  }

  /** The file of catalog {@code name}, whether or not it exists. */
  public Path catalogFile(String name) {
    return catalogs().resolve(SafeNames.check(name, "catalog") + ".json");
  }

  /**
   * The file of an existing catalog.
   *
   * @throws NotFoundException when there is none of that name
   */
  public Path catalog(String name) {
    Path file = catalogFile(name);
    if (!Files.isRegularFile(file)) {
      throw new NotFoundException("no catalog named '" + name + "'");
    }
    return file;
  }

  /** The checkpoint directory of built-in student {@code name}, whether or not it exists. */
  public Path studentDir(String name) {
    return students().resolve(SafeNames.check(name, "student"));
  }

  /**
   * The checkpoint directory of an existing built-in student.
   *
   * @throws NotFoundException when there is none of that name
   */
  public Path student(String name) {
    Path dir = studentDir(name);
    if (!Files.isRegularFile(dir.resolve("config.json"))) {
      throw new NotFoundException("no built-in student named '" + name + "'");
    }
    return dir;
  }
}
