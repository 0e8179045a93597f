package io.skillforge.skills.index;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.search.Collector;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.LeafCollector;
import org.apache.lucene.search.Scorable;
import org.apache.lucene.search.ScoreMode;

/**
 * Counts the values of sorted-set doc-values fields over the documents a query matches: facet
 * counts without a taxonomy. Ordinals are per segment, so each segment counts into an array by
 * ordinal and the values are looked up once per segment at its end.
 */
final class FieldCounter implements Collector {
  private final List<String> fields;
  private final List<Map<String, Long>> counts = new ArrayList<>();
  private long documents;

  FieldCounter(List<String> fields) {
    this.fields = List.copyOf(fields);
    for (int i = 0; i < fields.size(); i++) {
      counts.add(new HashMap<>());
    }
  }

  /** A manager that merges the counters of every slice. */
  static CollectorManager<FieldCounter, FieldCounter> manager(List<String> fields) {
    return new CollectorManager<>() {
      @Override
      public FieldCounter newCollector() {
        return new FieldCounter(fields);
      }

      @Override
      public FieldCounter reduce(Collection<FieldCounter> collectors) {
        FieldCounter total = new FieldCounter(fields);
        for (FieldCounter c : collectors) {
          total.documents += c.documents;
          for (int f = 0; f < fields.size(); f++) {
            Map<String, Long> into = total.counts.get(f);
            c.counts.get(f).forEach((value, n) -> into.merge(value, n, Long::sum));
          }
        }
        return total;
      }
    };
  }

  long documents() {
    return documents;
  }

  /** Value -> documents holding it, for the {@code i}-th field. */
  Map<String, Long> counts(int i) {
    return counts.get(i);
  }

  @Override
  public ScoreMode scoreMode() {
    return ScoreMode.COMPLETE_NO_SCORES;
  }

  @Override
  public LeafCollector getLeafCollector(LeafReaderContext context) throws IOException {
    SortedSetDocValues[] values = new SortedSetDocValues[fields.size()];
    long[][] byOrd = new long[fields.size()][];
    for (int f = 0; f < fields.size(); f++) {
      values[f] = DocValues.getSortedSet(context.reader(), fields.get(f));
      byOrd[f] = new long[Math.toIntExact(values[f].getValueCount())];
    }
    return new LeafCollector() {
      @Override
      public void setScorer(Scorable scorer) {}

      @Override
      public void collect(int doc) throws IOException {
        documents++;
        for (int f = 0; f < values.length; f++) {
          SortedSetDocValues dv = values[f];
          if (dv.advanceExact(doc)) {
            for (int i = 0, n = dv.docValueCount(); i < n; i++) {
              byOrd[f][(int) dv.nextOrd()]++;
            }
          }
        }
      }

      @Override
      public void finish() throws IOException {
        for (int f = 0; f < values.length; f++) {
          Map<String, Long> into = counts.get(f);
          for (int ord = 0; ord < byOrd[f].length; ord++) {
            if (byOrd[f][ord] > 0) {
              into.merge(values[f].lookupOrd(ord).utf8ToString(), byOrd[f][ord], Long::sum);
            }
          }
        }
      }
    };
  }
}
