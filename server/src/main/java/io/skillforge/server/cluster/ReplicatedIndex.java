package io.skillforge.server.cluster;

import io.skillforge.server.store.pg.PgExamples;
import io.skillforge.skills.Example;
import io.skillforge.skills.index.AddResult;
import io.skillforge.skills.index.DuplicateMatch;
import io.skillforge.skills.index.DuplicatePolicy;
import io.skillforge.skills.index.ExemplarRequest;
import io.skillforge.skills.index.IndexCounts;
import io.skillforge.skills.index.IndexOptions;
import io.skillforge.skills.index.SearchHit;
import io.skillforge.skills.index.SearchRequest;
import io.skillforge.skills.index.SkillIndex;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A node's index in a cluster: reads go to the node's own Lucene index; writes go to it too (so the
 * near-duplicate check and this node's searches see them at once) and to the cluster's examples in
 * PostgreSQL, from which every other node's {@link IndexFollower} applies them. An example this
 * node refused as a near-duplicate is not written anywhere. Thread-safe as the local index is.
 */
final class ReplicatedIndex implements SkillIndex {
  private final SkillIndex local;
  private final PgExamples examples;

  ReplicatedIndex(SkillIndex local, PgExamples examples) {
    this.local = local;
    this.examples = examples;
  }

  @Override
  public Path directory() {
    return local.directory();
  }

  @Override
  public IndexOptions options() {
    return local.options();
  }

  @Override
  public AddResult add(Example example) throws IOException {
    return share(List.of(example), List.of(local.add(example))).get(0);
  }

  @Override
  public AddResult add(Example example, DuplicatePolicy policy) throws IOException {
    return share(List.of(example), List.of(local.add(example, policy))).get(0);
  }

  @Override
  public List<AddResult> addAll(Collection<Example> batch, DuplicatePolicy policy) throws IOException {
    return share(batch, local.addAll(batch, policy));
  }

  /** Writes the examples the local index stored to the cluster's examples. */
  private List<AddResult> share(Collection<Example> batch, List<AddResult> results) {
    Map<String, Example> byId = batch.stream().collect(Collectors.toMap(Example::id, Function.identity(),
        (first, later) -> later));
    List<Example> stored = new ArrayList<>();
    for (AddResult r : results) {
      if (r.status() != AddResult.Status.REJECTED && byId.containsKey(r.id())) {
        stored.add(byId.get(r.id()));
      }
    }
    examples.put(stored);
    return results;
  }

  @Override
  public boolean delete(String id) throws IOException {
    boolean deleted = local.delete(id);
    examples.delete(id);
    return deleted;
  }

  @Override
  public Optional<Example> get(String id) throws IOException {
    return local.get(id);
  }

  @Override
  public Optional<DuplicateMatch> findNearDuplicate(String question, String exceptId) throws IOException {
    return local.findNearDuplicate(question, exceptId);
  }

  @Override
  public void commit() throws IOException {
    local.commit();
  }

  @Override
  public void refresh() throws IOException {
    local.refresh();
  }

  @Override
  public List<SearchHit> search(SearchRequest request) throws IOException {
    return local.search(request);
  }

  @Override
  public long forEach(SearchRequest request, Visitor visitor) throws IOException {
    return local.forEach(request, visitor);
  }

  @Override
  public IndexCounts counts(SearchRequest request) throws IOException {
    return local.counts(request);
  }

  @Override
  public List<Example> exemplars(ExemplarRequest request) throws IOException {
    return local.exemplars(request);
  }

  /** The local index stays open: its owner closes it. */
  @Override
  public void close() {
    // the owner closes the local index
  }
}
