package io.skillforge.skills.index;

import io.skillforge.skills.Example;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The writes that searches may not see yet: every add and delete since the searcher was last
 * refreshed. Near-duplicate checks and {@code get} consult it so they see their own writes without
 * a refresh per write.
 *
 * <p>Each write gets a sequence number after the index writer has taken it. A refresh that starts
 * at sequence {@code s} sees every write numbered {@code s} or less, so once it has finished those
 * are {@link #forgetUpTo forgotten}. An id written here since the last refresh is "touched": a
 * searcher's copy of it may be stale, and the entry here (or its absence, for a delete) is the
 * truth.
 *
 * <p>Thread-safe: every method synchronises on this object. A caller that must see the writes and
 * a searcher consistently holds the monitor while it acquires the searcher (see
 * {@link LuceneSkillIndex}).
 */
final class RecentWrites {
  /** A stored example not yet visible to searches. */
  record Entry(long seq, Example example, QuestionSignature signature) {
    String id() {
      return example.id();
    }
  }

  private long seq;
  /** id -> the seq of its latest write or delete, for every id touched since the last refresh. */
  private final Map<String, Long> touched = new HashMap<>();
  /** id -> its latest stored version, for ids whose latest write was an add. */
  private final Map<String, Entry> entries = new HashMap<>();
  /**
   * MinHash band key -> ids in {@link #entries} holding it (a String, or a List of them). Built
   * lazily, on the first lookup after adds, so bulk loads that never look pay nothing for it.
   */
  private final Map<Long, Object> postings = new HashMap<>();
  /** Entries added since the postings were last brought up to date, in seq order. */
  private final List<Entry> unposted = new ArrayList<>();
  /** Every entry with a seq up to this one is in {@link #postings}. */
  private long postedUpTo;

  synchronized long lastSeq() {
    return seq;
  }

  synchronized int size() {
    return touched.size();
  }

  synchronized void recordAdd(Example example, QuestionSignature signature) {
    removeEntry(example.id());
    long s = ++seq;
    touched.put(example.id(), s);
    Entry entry = new Entry(s, example, signature);
    entries.put(example.id(), entry);
    unposted.add(entry);
  }

  synchronized void recordDelete(String id) {
    removeEntry(id);
    touched.put(id, ++seq);
  }

  /** Whether {@code id} was written or deleted since the last refresh. */
  synchronized boolean isTouched(String id) {
    return touched.containsKey(id);
  }

  /** The latest version of a touched id; null when it was deleted or is not touched. */
  synchronized Entry entry(String id) {
    return entries.get(id);
  }

  /**
   * Entries sharing at least one MinHash band key with {@code signature}, other than
   * {@code exceptId}: the same candidates the index's band lookup would give.
   */
  synchronized List<Entry> candidates(QuestionSignature signature, String exceptId) {
    if (entries.isEmpty()) {
      return List.of();
    }
    post();
    Set<String> ids = new HashSet<>();
    for (long key : signature.bands()) {
      Object holders = postings.get(key);
      if (holders instanceof String id) {
        ids.add(id);
      } else if (holders != null) {
        for (Object id : (List<?>) holders) {
          ids.add((String) id);
        }
      }
    }
    ids.remove(exceptId);
    List<Entry> found = new ArrayList<>(ids.size());
    for (String id : ids) {
      found.add(entries.get(id));
    }
    return found;
  }

  /** Drops every write numbered {@code upTo} or less: a finished refresh made them visible. */
  synchronized void forgetUpTo(long upTo) {
    if (upTo >= seq) {
      touched.clear();
      entries.clear();
      postings.clear();
      unposted.clear();
      return;
    }
    unposted.removeIf(entry -> entry.seq() <= upTo);
    for (Iterator<Map.Entry<String, Long>> it = touched.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Long> t = it.next();
      if (t.getValue() <= upTo) {
        it.remove();
        removeEntry(t.getKey());
      }
    }
  }

  /** Adds the postings of entries that are still current and not yet posted. */
  private void post() {
    for (Entry entry : unposted) {
      if (entries.get(entry.example().id()) == entry) {
        for (long key : entry.signature().bands()) {
          postings.merge(key, entry.example().id(), RecentWrites::appendId);
        }
      }
    }
    unposted.clear();
    postedUpTo = seq;
  }

  private void removeEntry(String id) {
    Entry old = entries.remove(id);
    if (old == null) {
      return;
    }
    if (old.seq() > postedUpTo) {
      return; // never posted; post() skips entries that are no longer current
    }
    for (long key : old.signature().bands()) {
      Object ids = postings.get(key);
      if (ids instanceof String single) {
        if (single.equals(id)) {
          postings.remove(key);
        }
      } else if (ids != null) {
        @SuppressWarnings("unchecked")
        List<String> list = (List<String>) ids;
        list.remove(id);
        if (list.size() == 1) {
          postings.put(key, list.get(0));
        }
      }
    }
  }

  private static Object appendId(Object existing, Object id) {
    if (existing instanceof String single) {
      List<String> list = new ArrayList<>(2);
      list.add(single);
      list.add((String) id);
      return list;
    }
    @SuppressWarnings("unchecked")
    List<String> list = (List<String>) existing;
    list.add((String) id);
    return list;
  }
}
