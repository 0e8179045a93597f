package io.skillforge.server.runner;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skillforge.server.store.Artifact;
import java.util.List;
import java.util.Objects;

/** What a finished job leaves: its result as JSON and the files users download. */
public record JobOutcome(ObjectNode result, List<Artifact> artifacts) {
  public JobOutcome {
    Objects.requireNonNull(result, "result");
    artifacts = List.copyOf(artifacts);
  }
}
