package io.skillforge.server.runner.kinds;

import static io.skillforge.server.runner.kinds.Bindings.required;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skillforge.server.jobs.student.ProbeStudentJob;
import io.skillforge.server.jobs.student.StudentChoice;
import io.skillforge.server.runner.Artifacts;
import io.skillforge.server.runner.JobKind;
import io.skillforge.server.runner.JobOutcome;
import io.skillforge.server.runner.JobPlace;
import io.skillforge.skills.dataset.DatasetLayout;
import io.skillforge.skills.errors.BadInputException;
import io.skillforge.student.probe.ProbeSettings;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code probe}: a student answers every item of a stored dataset ({@code samples} responses
 * each), graded by the shared grader: per-item results and a summary with per-skill accuracy.
 */
public final class ProbeKind {
  static final String FILE = "probe.jsonl";
  static final String SUMMARY = "probe.summary.json";

  /**
   * @param student the student's name (built-in or registered endpoint)
   * @param dataset the stored dataset to probe
   * @param exclude a stored dataset whose questions are left out; null for none
   * @param samples responses per item; null for 1 (greedy)
   * @param temperature sampling temperature when {@code samples > 1}; null for 1
   * @param maxTokens response budget; null for the student's default
   * @param seed seed of sampled responses; null for 0
   * @param replicas registered endpoints serving the same model as {@code student}, which the items
   *     are spread over with it; null for none
   * @param endpointConcurrency with replicas: requests each endpoint is sent at once; null for 2
   */
  public record Params(String student, String dataset, String exclude, Integer samples, Double temperature,
      Integer maxTokens, Long seed, List<String> replicas, Integer endpointConcurrency) {}

  public static final JobKind<Params, ProbeStudentJob.Request, ProbeStudentJob.Result> KIND =
      JobKind.of("probe", Params.class, ProbeKind::bind, services -> new ProbeStudentJob(), ProbeKind::finish);

  private ProbeKind() {}

  static ProbeSettings settings(Integer samples, Double temperature, Integer maxTokens, Long seed) {
    return settings(samples, temperature, maxTokens, seed, false);
  }

  /** @param spread whether the requests are spread over replicas: smaller ones spread better */
  static ProbeSettings settings(Integer samples, Double temperature, Integer maxTokens, Long seed, boolean spread) {
    try {
      ProbeSettings settings = ProbeSettings.of(samples == null ? 1 : samples)
          .withTemperature(temperature == null ? 1.0 : temperature)
          .withSeed(seed == null ? 0 : seed);
      settings = spread ? settings.withChunkItems(64) : settings;
      return maxTokens == null ? settings : settings.withMaxTokens(maxTokens);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(e.getMessage(), e);
    }
  }

  private static ProbeStudentJob.Request bind(Params p, JobPlace place) throws IOException {
    String student = required(p.student(), "student");
    StudentChoice.Target target = place.students().target(student);
    if (p.replicas() != null && !p.replicas().isEmpty()) {
      List<StudentChoice.Endpoint> endpoints = new ArrayList<>();
      for (String name : Stream.concat(Stream.of(student), p.replicas().stream()).toList()) {
        if (!(place.students().target(name) instanceof StudentChoice.Endpoint endpoint)) {
          throw new BadInputException("replicas are endpoints serving one model; '" + name + "' is a built-in"
              + " student");
        }
        endpoints.add(endpoint);
      }
      target = new StudentChoice.Replicas(endpoints, p.endpointConcurrency() == null ? 2 : p.endpointConcurrency());
    }
    return new ProbeStudentJob.Request(target, place.students().api(student),
        place.workspace().dataset(required(p.dataset(), "dataset")), DatasetLayout.DEFAULT,
        p.exclude() == null ? null : place.workspace().dataset(p.exclude()),
        settings(p.samples(), p.temperature(), p.maxTokens(), p.seed(), target instanceof StudentChoice.Replicas),
        place.file(FILE), place.file(SUMMARY));
  }

  private static JobOutcome finish(Params p, ProbeStudentJob.Result r, JobPlace place) throws IOException {
    ObjectNode result = ResultJson.object().put("student", p.student()).put("dataset", p.dataset())
        .put("excluded", r.excluded()).put("rejectedLines", r.rejectedLines());
    result.set("summary", r.report().summaryJson());
    return new JobOutcome(result, new Artifacts(place.dir()).add(FILE).add(SUMMARY).list());
  }
}
