package io.skillforge.server.gaps;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.skillforge.server.workspace.SafeNames;
import io.skillforge.server.workspace.Workspace;
import io.skillforge.skills.files.OutputFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The skill-gap reports of each student and dataset, kept in {@code DATA/reports/STUDENT/DATASET/}
 * as {@code TIME-JOB.json} and {@code TIME-JOB.html}, oldest first by name. The latest report of a
 * pair is kept in memory too, and read again only when the pair's directory changed, so that
 * serving a fresh report costs one look at the disk. Thread-safe; every method touches the disk.
 */
public final class SkillGapHistory {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);

  /** A stored report: the report, its JSON as stored, and its page's file. */
  public record Stored(SkillGapReport report, byte[] json, Path html) {}

  private record Cached(FileTime version, Stored latest) {}

  private final Workspace workspace;
  private final Map<Path, Cached> latest = new ConcurrentHashMap<>();

  public SkillGapHistory(Workspace workspace) {
    this.workspace = workspace;
  }

  private Path dir(String student, String dataset) {
    return workspace.reports().resolve(SafeNames.check(student, "student"))
        .resolve(SafeNames.check(dataset, "dataset"));
  }

  /** The latest report of {@code student} on {@code dataset}; empty when there is none. */
  public Optional<Stored> latest(String student, String dataset) throws IOException {
    Path dir = dir(student, dataset);
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    FileTime version = Files.getLastModifiedTime(dir);
    Cached cached = latest.get(dir);
    if (cached != null && cached.version().equals(version)) {
      return Optional.ofNullable(cached.latest());
    }
    Stored found = null;
    try (Stream<Path> files = Files.list(dir)) {
      Optional<Path> newest = files.filter(f -> f.getFileName().toString().endsWith(".json"))
          .max(Comparator.comparing(f -> f.getFileName().toString()));
      if (newest.isPresent()) {
        byte[] json = Files.readAllBytes(newest.get());
        String name = newest.get().getFileName().toString();
        found = new Stored(SkillGapJson.fromJson(JSON.readTree(json)), json,
            newest.get().resolveSibling(name.substring(0, name.length() - ".json".length()) + ".html"));
      }
    }
    latest.put(dir, new Cached(version, found));
    return Optional.ofNullable(found);
  }

  /** Stores {@code report} (JSON and page) as the latest of its student and dataset. */
  public void add(SkillGapReport report, String json, String html) throws IOException {
    Path dir = dir(report.student(), report.dataset());
    Files.createDirectories(dir);
    String stem = TIME.format(report.createdAt()) + "-" + SafeNames.check(report.job(), "job");
    // The page first: a report listed as the latest always has its page.
    OutputFiles.writeAtomically(dir.resolve(stem + ".html"), w -> w.write(html));
    OutputFiles.writeAtomically(dir.resolve(stem + ".json"), w -> w.write(json));
  }
}
