package io.skillforge.server.store;

import java.util.Objects;

/**
 * A file a job made that users download: a training set, a profile, a report.
 *
 * @param name the name in the artifact's URL, such as {@code round-1/report.html}; relative to the
 *     job's directory, never leaving it
 * @param mediaType what the file is, such as {@code application/json}
 * @param bytes its size when the job ended
 */
public record Artifact(String name, String mediaType, long bytes) {
  public Artifact {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(mediaType, "mediaType");
  }
}
