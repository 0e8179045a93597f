package io.skillforge.server.jobs.arte;

import io.skillforge.skills.Example;
import io.skillforge.skills.concurrent.Await;
import io.skillforge.skills.concurrent.Cancellation;
import io.skillforge.student.Student;
import io.skillforge.student.probe.ProbeReport;
import io.skillforge.student.probe.ProbeSettings;
import io.skillforge.student.probe.Prober;
import io.skillforge.synthesis.arte.ItemResponseFit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** How the questions a cell is scored on are picked from the validation items of its skill. */
public final class PreferenceSets {
  private PreferenceSets() {}

  /** {@code k} items drawn at random, the same for the same seed. */
  public static List<Example> random(List<Example> items, int k, long seed) {
    List<Example> shuffled = new ArrayList<>(items);
    Collections.shuffle(shuffled, new Random(seed));
    return List.copyOf(shuffled.subList(0, Math.min(k, shuffled.size())));
  }

  /**
   * The paper's preference set: the {@code k} items that discriminate most between {@code
   * respondents} (models, or checkpoints of the student), by a two-parameter item-response fit of
   * their greedy answers, most discriminative first.
   *
   * @param respondents at least two, so that items can discriminate
   */
  public static List<Example> mostDiscriminative(List<Example> items, List<? extends Student> respondents, int k,
      Cancellation cancellation) {
    if (respondents.size() < 2) {
      throw new IllegalArgumentException("picking discriminative items needs at least 2 respondents, got "
          + respondents.size());
    }
    boolean[][] right = new boolean[items.size()][respondents.size()];
    for (int j = 0; j < respondents.size(); j++) {
      ProbeReport report = Await.result(Prober.probe(respondents.get(j), items, ProbeSettings.greedy(), done -> { },
          cancellation), cancellation);
      for (int i = 0; i < items.size(); i++) {
        right[i][j] = report.items().get(i).accuracy() > 0.5;
      }
    }
    ItemResponseFit fit = ItemResponseFit.fit(right);
    return fit.mostDiscriminative(right, k).stream().map(items::get).toList();
  }
}
