package io.skillforge.server.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs the parts of a large job as jobs of their own, which any node of a cluster may claim (on a
 * single server, its own workers), and waits for them all. Parts are named after the job, so a
 * resumed job finds the parts it already started, and finished parts are not run again.
 */
public interface Shards {
  /**
   * Starts the parts that are not stored yet and waits until every part has ended, reporting the
   * sum of their progress in {@code stage} as the job's own. Cancelling the job cancels its parts.
   *
   * @param job the id of the job whose parts these are
   * @param parts each part's parameters, {@code kind} included
   * @param stage the stage whose progress the parts report
   * @return each part's outcome, in order
   * @throws io.skillforge.skills.errors.SkillforgeException when a part failed or was cancelled, of
   *     the part's kind of failure and naming the part
   */
  List<Part> run(String job, List<ObjectNode> parts, String stage, JobContext context) throws IOException;

  /**
   * @param id the part's job id
   * @param dir the part's job directory, where its outputs are
   * @param result the part's result JSON
   */
  record Part(String id, Path dir, JsonNode result) {}

  /** For contexts without a scheduler (the command line): every sharded job is refused. */
  Shards NONE = (job, parts, stage, context) -> {
    throw new io.skillforge.skills.errors.BadInputException("shards need a server: run the job through"
        + " skillforge serve, or leave shards out");
  };
}
