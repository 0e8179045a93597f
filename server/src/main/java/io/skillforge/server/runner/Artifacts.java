package io.skillforge.server.runner;

import io.skillforge.server.store.Artifact;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Collects a job's artifacts: the files of its directory that exist, with their media types. */
public final class Artifacts {
  private final Path dir;
  private final List<Artifact> found = new ArrayList<>();

  public Artifacts(Path dir) {
    this.dir = dir;
  }

  /** Adds {@code name} (relative to the job's directory) when the file exists. */
  public Artifacts add(String name) throws IOException {
    Path file = dir.resolve(name);
    if (Files.isRegularFile(file)) {
      found.add(new Artifact(name, mediaType(name), Files.size(file)));
    }
    return this;
  }

  public List<Artifact> list() {
    return List.copyOf(found);
  }

  /** The media type an artifact is served with, by its extension. */
  public static String mediaType(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".jsonl")) {
      return "application/x-ndjson";
    }
    if (lower.endsWith(".json")) {
      return "application/json";
    }
    if (lower.endsWith(".html")) {
      return "text/html; charset=utf-8";
    }
    if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
      return "application/yaml";
    }
    if (lower.endsWith(".log") || lower.endsWith(".txt")) {
      return "text/plain; charset=utf-8";
    }
    return "application/octet-stream";
  }
}
