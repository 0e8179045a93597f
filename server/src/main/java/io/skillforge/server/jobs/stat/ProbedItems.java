package io.skillforge.server.jobs.stat;

import io.skillforge.skills.Example;
import io.skillforge.student.probe.ItemResult;
import io.skillforge.student.probe.ProbeReport;
import io.skillforge.synthesis.stat.ProbedItem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Bridges the student's probe results to the STAT method's probed items. */
public final class ProbedItems {
  private ProbedItems() {}

  /**
   * @param items the probed items, by whose ids the report's results are matched
   */
  public static List<ProbedItem> of(ProbeReport report, List<Example> items) {
    Map<String, Example> byId = new HashMap<>();
    items.forEach(e -> byId.put(e.id(), e));
    List<ProbedItem> out = new ArrayList<>(report.items().size());
    for (ItemResult r : report.items()) {
      Example item = byId.get(r.id());
      if (item == null) {
        throw new IllegalArgumentException("the probe reports an item that was not asked: " + r.id());
      }
      out.add(new ProbedItem(item, r.responses(), r.answers(), r.correct(), r.majorityCount()));
    }
    return out;
  }
}
