package io.skillforge.server.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skillforge.server.jobs.JobContext;
import io.skillforge.server.jobs.PartFailedException;
import io.skillforge.server.jobs.Progress;
import io.skillforge.server.jobs.Shards;
import io.skillforge.server.store.JobRecord;
import io.skillforge.server.store.JobState;
import io.skillforge.server.store.JobStore;
import io.skillforge.server.store.StageProgress;
import io.skillforge.server.workspace.Workspace;
import io.skillforge.skills.errors.BudgetSpentException;
import io.skillforge.skills.errors.CancelledException;
import io.skillforge.skills.errors.SkillforgeException;
import io.skillforge.skills.errors.TeacherUnavailableException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.concurrent.TimeUnit;

/**
 * The scheduler's way to run a job's parts: each part is a job of its own, submitted like any
 * other (claimed by any node of a cluster), and watched through the store, where every node's
 * progress arrives. Part {@code i} of job {@code j} is job {@code j-p<i>}.
 */
final class JobShards implements Shards {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long POLL_MILLIS = 500;
  private static final Pattern PART = Pattern.compile(".+-p[0-9]+");

  private final JobScheduler scheduler;
  private final JobStore store;
  private final Workspace workspace;

  JobShards(JobScheduler scheduler, JobStore store, Workspace workspace) {
    this.scheduler = scheduler;
    this.store = store;
    this.workspace = workspace;
  }

  /** The id of part {@code index} (from 0) of {@code job}. */
  static String partId(String job, int index) {
    return job + "-p" + (index + 1);
  }

  /** Whether a job id names a part (a submitted job's id ends in hex digits, never in {@code -p} and a number). */
  static boolean isPart(String id) {
    return PART.matcher(id).matches();
  }

  @Override
  public List<Part> run(String job, List<ObjectNode> parts, String stage, JobContext context) throws IOException {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      String id = partId(job, i);
      ids.add(id);
      if (store.get(id).isEmpty()) {
        scheduler.submitPart(id, parts.get(i));
      }
    }
    scheduler.waitingForParts(true);
    try {
      return await(job, ids, stage, context);
    } finally {
      scheduler.waitingForParts(false);
    }
  }

  private List<Part> await(String job, List<String> ids, String stage, JobContext context) throws IOException {
    while (true) {
      if (context.cancellation().isCancelled()) {
        if (scheduler.cancelledByUser(job)) {
          cancel(ids); // a stop or a takeover leaves them be: the job finds them when it runs again
        }
        context.checkCancelled();
      }
      long done = 0;
      long total = 0;
      boolean totalKnown = true;
      String unit = "items";
      int ended = 0;
      List<JobRecord> records = new ArrayList<>();
      for (String id : ids) {
        JobRecord part = store.get(id).orElseThrow(() -> new PartFailedException("part " + id + " is gone"));
        records.add(part);
        if (part.state() == JobState.FAILED || part.state() == JobState.CANCELLED) {
          cancel(ids);
          throw failure(part);
        }
        ended += part.state() == JobState.SUCCEEDED ? 1 : 0;
        boolean reported = false;
        for (StageProgress p : store.progress(id)) {
          if (p.stage().equals(stage)) {
            done += p.done();
            total += Math.max(0, p.total());
            unit = p.unit();
            reported = true;
          }
        }
        totalKnown &= reported;
      }
      context.progress(new Progress(stage, done, totalKnown ? total : -1, unit,
          ended + " of " + ids.size() + " parts done"));
      if (ended == ids.size()) {
        List<Part> out = new ArrayList<>();
        for (JobRecord part : records) {
          out.add(new Part(part.id(), workspace.jobDir(part.id()), JSON.readTree(part.result())));
        }
        return out;
      }
      try {
        TimeUnit.MILLISECONDS.sleep(POLL_MILLIS); // parts run elsewhere, their progress reaches the store
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CancelledException("interrupted while its parts ran", e);
      }
    }
  }

  private void cancel(List<String> ids) {
    for (String id : ids) {
      try {
        if (store.get(id).map(r -> !r.state().finished()).orElse(false)) {
          scheduler.cancel(id);
        }
      } catch (RuntimeException e) {
        // a part that ended meanwhile; the others are still cancelled
      }
    }
  }

  /** The part's failure, of its kind, naming the part. */
  private static SkillforgeException failure(JobRecord part) {
    JsonObject problem = part.error() == null ? new JsonObject() : new JsonObject(part.error());
    String message = "part " + part.id() + " " + part.state().wireName() + ": " + problem.getString("detail", "");
    String type = problem.getString("type", "");
    if (type.endsWith("budget-spent")) {
      return new BudgetSpentException(message);
    }
    if (type.endsWith("teacher-unavailable")) {
      return new TeacherUnavailableException(message);
    }
    if (part.state() == JobState.CANCELLED) {
      return new CancelledException(message);
    }
    return new PartFailedException(message);
  }
}
