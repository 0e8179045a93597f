package io.skillforge.server.jobs;

import io.skillforge.skills.dataset.LoadedDataset;
import io.skillforge.skills.dataset.ReadReport;
import io.skillforge.skills.dataset.Rejection;

/** Tells the user about dataset lines that were not read, briefly. */
public final class DatasetNotes {
  /** Rejected lines named one by one, at most this many; the rest are counted. */
  public static final int MAX_NAMED = 3;

  private DatasetNotes() {}

  /** Notes the rejected lines of {@code dataset}, if any. */
  public static void rejectedLines(LoadedDataset dataset, JobContext context) {
    ReadReport report = dataset.report();
    if (!report.anyRejected()) {
      return;
    }
    StringBuilder note = new StringBuilder()
        .append(report.rejected()).append(" line(s) of ").append(dataset.file()).append(" rejected");
    int named = 0;
    for (Rejection r : report.rejections()) {
      if (named == MAX_NAMED) {
        break;
      }
      note.append(named == 0 ? ": " : "; ").append(r);
      named++;
    }
    if (report.rejected() > named) {
      note.append("; and ").append(report.rejected() - named).append(" more");
    }
    context.note(note.toString());
  }
}
