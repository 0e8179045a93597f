package io.skillforge.server.runner;

import io.skillforge.server.store.Artifact;
import io.skillforge.server.store.JobRecord;
import io.skillforge.server.store.StageProgress;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Everything known about one job: the stored record, progress, notes and artifacts, and, while it
 * runs on this server, its live snapshot (progress with rates, teacher use; see {@code
 * LiveJob#snapshot}); null otherwise.
 */
public record JobView(JobRecord record, List<StageProgress> progress, List<String> notes, List<Artifact> artifacts,
    JsonObject live) {
  public JobView {
    progress = List.copyOf(progress);
    notes = List.copyOf(notes);
    artifacts = List.copyOf(artifacts);
  }
}
