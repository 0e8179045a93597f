package io.skillforge.server.jobs.bench;

import io.skillforge.server.jobs.JobContext;
import io.skillforge.server.jobs.Progress;
import io.skillforge.server.jobs.ProgressListener;
import io.skillforge.skills.concurrent.Cancellation;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every progress report and note of a job. */
final class RecordingListener implements ProgressListener {
  final List<Progress> progress = new CopyOnWriteArrayList<>();
  final List<String> notes = new CopyOnWriteArrayList<>();

  JobContext context() {
    return new JobContext(this, new Cancellation());
  }

  @Override
  public void progress(Progress p) {
    progress.add(p);
  }

  @Override
  public void note(String message) {
    notes.add(message);
  }

  /** The last report of {@code stage}; fails when there was none. */
  Progress last(String stage) {
    return progress.stream().filter(p -> p.stage().equals(stage)).reduce((a, b) -> b)
        .orElseThrow(() -> new AssertionError("no progress of " + stage + " in " + progress));
  }
}
