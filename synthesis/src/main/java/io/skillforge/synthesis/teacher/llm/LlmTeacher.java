package io.skillforge.synthesis.teacher.llm;

import io.skillforge.skills.Example;
import io.skillforge.skills.Provenance;
import io.skillforge.skills.SkillCatalog;
import io.skillforge.skills.errors.TeacherUnavailableException;
import io.skillforge.skills.grading.AnswerGrader;
import io.skillforge.synthesis.teacher.Attempt;
import io.skillforge.synthesis.teacher.CatalogRequest;
import io.skillforge.synthesis.teacher.Diagnosis;
import io.skillforge.synthesis.teacher.Label;
import io.skillforge.synthesis.teacher.Synthesis;
import io.skillforge.synthesis.teacher.SynthesisRequest;
import io.skillforge.synthesis.teacher.Teacher;
import io.skillforge.synthesis.teacher.TeacherException;
import io.skillforge.synthesis.teacher.TeacherLedger;
import io.skillforge.synthesis.teacher.Verdict;
import io.skillforge.synthesis.teacher.prompt.ChatPrompt;
import io.skillforge.synthesis.teacher.prompt.PromptRole;
import io.skillforge.synthesis.teacher.prompt.SkillName;
import io.skillforge.synthesis.teacher.prompt.TeacherPrompts;
import io.skillforge.synthesis.teacher.settings.TeacherSettings;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The {@link Teacher} of one job over a {@link TeacherClient}: renders the protocol prompts
 * ({@link TeacherPrompts}), sends each through {@link TeacherClient#call}, and turns validated
 * replies into results. Batch roles send {@code labelBatchSize} inputs per call; an input whose
 * call failed gets a failed result and a failure record in the ledger, while a failure of the
 * teacher as a whole fails the returned future, once every call of the batch has settled, with a
 * typed error ({@link TeacherException#toCallerError}): {@code BudgetSpentException} for the
 * budget, {@code TeacherUnavailableException} for a teacher that is down, closed or refuses the
 * key. Thread-safe.
 */
final class LlmTeacher implements Teacher {
  /** At most this many distinct fine-grained names go to the merge step, the most frequent. */
  static final int MAX_NAMES_TO_MERGE = 500;
  /** The split of synthesized items (the {@link Teacher#synthesize} contract). */
  static final String SYNTHESIS_SPLIT = "train";
  /** Synthesis drafts are sampled at least this hot, so independent solutions can disagree. */
  static final double SYNTHESIS_MIN_TEMPERATURE = 0.7;

  private final TeacherClient client;
  private final TeacherLedger ledger;

  LlmTeacher(TeacherClient client, TeacherLedger ledger) {
    this.client = client;
    this.ledger = ledger;
  }

  @Override
  public String name() {
    return client.name();
  }

  // ---- catalog ----------------------------------------------------------------------------

  @Override
  public Future<SkillCatalog> catalog(CatalogRequest request) {
    return batched(
            PromptRole.CATALOG_NAME,
            request.sample(),
            Example::id,
            this::namingCall,
            (id, reason) -> (List<String>) null)
        .compose(names -> merge(names, request.maxSkills()));
  }

  private Future<SkillCatalog> merge(List<List<String>> namesPerItem, int maxSkills) {
    List<SkillName> names = countNames(namesPerItem);
    if (names.isEmpty()) {
      return Future.failedFuture(new TeacherUnavailableException(
          "the teacher named no skill for any sampled item; the failure records say why"));
    }
    TeacherCall<SkillCatalog> call = mergeCall(names, maxSkills);
    return client.call(call, ledger)
        .recover(e -> {
          ledger.recordFailure(PromptRole.CATALOG_MERGE, "catalog", reason(e));
          return Future.failedFuture(TeacherException.forCaller(e));
        });
  }

  /** Fine-grained names with the number of items naming each, most frequent first. */
  static List<SkillName> countNames(List<List<String>> namesPerItem) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (List<String> names : namesPerItem) {
      if (names != null) {
        names.forEach(n -> counts.merge(n, 1, Integer::sum));
      }
    }
    return counts.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()))
        .limit(MAX_NAMES_TO_MERGE)
        .map(e -> new SkillName(e.getKey(), e.getValue()))
        .toList();
  }

  TeacherCall<Map<String, List<String>>> namingCall(List<Example> batch) {
    List<String> ids = batch.stream().map(Example::id).toList();
    ChatPrompt prompt = TeacherPrompts.catalogName(batch, MAX_LABELS_PER_ITEM);
    return new TeacherCall<>(
        PromptRole.CATALOG_NAME, ids, spec(prompt, requests().temperature()),
        8 + 20 * batch.size(), Answers.skillNames(ids, MAX_LABELS_PER_ITEM));
  }

  TeacherCall<SkillCatalog> mergeCall(List<SkillName> names, int maxSkills) {
    ChatPrompt prompt = TeacherPrompts.catalogMerge(names, maxSkills);
    return new TeacherCall<>(
        PromptRole.CATALOG_MERGE, List.of("catalog"), spec(prompt, requests().temperature()),
        8 + 60 * Math.min(maxSkills, names.size()), Answers.mergedCatalog(maxSkills));
  }

  // ---- label, diagnose, verify ------------------------------------------------------------

  @Override
  public Future<List<Label>> label(List<Example> items, SkillCatalog catalog) {
    return batched(PromptRole.LABEL, items, Example::id, b -> labelCall(b, catalog), Label::failed);
  }

  /** The calls {@link #label} would make, for estimates. */
  List<TeacherCall<?>> labelCalls(List<Example> items, SkillCatalog catalog) {
    List<TeacherCall<?>> calls = new ArrayList<>();
    for (List<Integer> batch : batches(items, Example::id, requests().labelBatchSize())) {
      calls.add(labelCall(batch.stream().map(items::get).toList(), catalog));
    }
    return calls;
  }

  /** The naming calls {@link #catalog} would make, for estimates (the merge call comes on top). */
  List<TeacherCall<?>> namingCalls(List<Example> sample) {
    List<TeacherCall<?>> calls = new ArrayList<>();
    for (List<Integer> batch : batches(sample, Example::id, requests().labelBatchSize())) {
      calls.add(namingCall(batch.stream().map(sample::get).toList()));
    }
    return calls;
  }

  TeacherCall<Map<String, Label>> labelCall(List<Example> batch, SkillCatalog catalog) {
    List<String> ids = batch.stream().map(Example::id).toList();
    AnswerParser<Map<String, List<String>>> parser = Answers.labels(ids, catalog);
    return new TeacherCall<>(
        PromptRole.LABEL, ids, spec(TeacherPrompts.label(batch, catalog), requests().temperature()),
        8 + 16 * batch.size(),
        answer -> {
          Map<String, Label> out = new LinkedHashMap<>();
          parser.parse(answer).forEach((id, skills) -> out.put(id, Label.of(id, skills)));
          return out;
        });
  }

  @Override
  public Future<List<Diagnosis>> diagnose(List<Attempt> attempts, SkillCatalog catalog) {
    return batched(
        PromptRole.DIAGNOSE, attempts, a -> a.item().id(), b -> diagnoseCall(b, catalog),
        Diagnosis::failed);
  }

  TeacherCall<Map<String, Diagnosis>> diagnoseCall(List<Attempt> batch, SkillCatalog catalog) {
    List<String> ids = batch.stream().map(a -> a.item().id()).toList();
    return new TeacherCall<>(
        PromptRole.DIAGNOSE, ids,
        spec(TeacherPrompts.diagnose(batch, catalog), requests().temperature()),
        8 + 48 * batch.size(), Answers.diagnoses(ids, catalog));
  }

  @Override
  public Future<List<Verdict>> verify(List<Example> items) {
    return batched(PromptRole.VERIFY, items, Example::id, this::verifyCall, Verdict::failed);
  }

  TeacherCall<Map<String, Verdict>> verifyCall(List<Example> batch) {
    List<String> ids = batch.stream().map(Example::id).toList();
    return new TeacherCall<>(
        PromptRole.VERIFY, ids, spec(TeacherPrompts.verify(batch), requests().temperature()),
        8 + 40 * batch.size(), Answers.verdicts(ids));
  }

  // ---- synthesize -------------------------------------------------------------------------

  @Override
  public Future<Synthesis> synthesize(SynthesisRequest request, SkillCatalog catalog) {
    String requestId = "synthesis " + request.targetSkills() + " seed " + request.seed();
    return client.call(synthesisCall(request, catalog, requestId), ledger)
        .map(drafts -> judge(drafts, request, catalog))
        .recover(e -> {
          if (e instanceof TeacherException te && te.itemLevel()) {
            ledger.recordFailure(PromptRole.SYNTHESIZE, requestId, te.getMessage());
            return Future.succeededFuture(new Synthesis(List.of(), 0, te.getMessage()));
          }
          ledger.recordFailure(PromptRole.SYNTHESIZE, requestId, reason(e));
          return Future.failedFuture(TeacherException.forCaller(e));
        });
  }

  TeacherCall<List<Answers.Draft>> synthesisCall(
      SynthesisRequest request, SkillCatalog catalog, String requestId) {
    double temperature = Math.max(SYNTHESIS_MIN_TEMPERATURE, requests().temperature());
    int expected =
        request.count() * (40 + TeacherPrompts.SOLUTIONS_PER_ITEM * 80);
    return new TeacherCall<>(
        PromptRole.SYNTHESIZE, List.of(requestId),
        spec(TeacherPrompts.synthesize(request, catalog), temperature), expected, Answers.drafts());
  }

  /**
   * Keeps the drafts that pass: every skill a catalog id, not a copy of an exemplar or of an
   * earlier draft, and a majority of at least two solutions agreeing on the final answer (STAT-Syn
   * keeps a question when two of its three solutions agree), with the first agreeing solution.
   */
  private Synthesis judge(List<Answers.Draft> drafts, SynthesisRequest request, SkillCatalog catalog) {
    Set<String> seen = new HashSet<>();
    request.exemplars().forEach(e -> seen.add(Answers.normalName(e.question())));
    Provenance provenance = new Provenance(name(), ledger.id(), client.now());
    List<Example> kept = new ArrayList<>();
    int rejected = 0;
    for (Answers.Draft draft : drafts) {
      if (kept.size() >= request.count()) {
        break;
      }
      Answers.Solution agreed = majority(draft.solutions());
      boolean knownSkills = draft.skills().stream().map(String::strip).allMatch(catalog::contains);
      if (agreed == null || !knownSkills || !seen.add(Answers.normalName(draft.question()))) {
        rejected++;
        continue;
      }
      List<String> skills = draft.skills().stream().map(String::strip).distinct().toList();
      kept.add(
          new Example(
              Synthesis.itemId(draft.question()), draft.question(), agreed.rationale(),
              agreed.answer(), skills, Example.Source.SYNTHESIZED, SYNTHESIS_SPLIT,
              provenance, 1.0));
    }
    return Synthesis.of(kept, rejected);
  }

  /**
   * The first solution of the largest group agreeing on the final answer (by the shared answer
   * grader: 0.5 = 1/2), if it is a majority of at least two.
   */
  static Answers.Solution majority(List<Answers.Solution> solutions) {
    Answers.Solution best = null;
    int bestVotes = 0;
    for (int i = 0; i < solutions.size(); i++) {
      Answers.Solution candidate = solutions.get(i);
      if (candidate.answer().isBlank()) {
        continue;
      }
      int votes = 0;
      for (Answers.Solution other : solutions) {
        if (!other.answer().isBlank() && AnswerGrader.equivalent(candidate.answer(), other.answer())) {
          votes++;
        }
      }
      if (votes > bestVotes) {
        best = candidate;
        bestVotes = votes;
      }
    }
    return bestVotes >= 2 && bestVotes * 2 > solutions.size() ? best : null;
  }

  // ---- batching ---------------------------------------------------------------------------

  /**
   * Sends {@code inputs} in batches of at most {@code labelBatchSize}, never two inputs with the
   * same id in one batch (their answers would be indistinguishable), and answers one result per
   * input, in input order.
   */
  private <I, R> Future<List<R>> batched(
      PromptRole role,
      List<I> inputs,
      Function<I, String> idOf,
      Function<List<I>, TeacherCall<Map<String, R>>> callOf,
      BiFunction<String, String, R> failed) {
    if (inputs.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    List<List<Integer>> batches = batches(inputs, idOf, requests().labelBatchSize());
    List<R> results = new ArrayList<>(inputs.size());
    for (int i = 0; i < inputs.size(); i++) {
      results.add(null);
    }
    List<Future<?>> futures = new ArrayList<>(batches.size());
    List<Throwable> teacherFailures = java.util.Collections.synchronizedList(new ArrayList<>());
    for (List<Integer> batch : batches) {
      List<I> batchInputs = batch.stream().map(inputs::get).toList();
      Future<Map<String, R>> answer;
      try {
        answer = client.call(callOf.apply(batchInputs), ledger);
      } catch (RuntimeException e) {
        answer = Future.failedFuture(e);
      }
      futures.add(
          answer.transform(ar -> {
            synchronized (results) {
              for (int index : batch) {
                String id = idOf.apply(inputs.get(index));
                if (ar.succeeded()) {
                  results.set(index, ar.result().get(id));
                } else {
                  String why = reason(ar.cause());
                  ledger.recordFailure(role, id, why);
                  results.set(index, failed.apply(id, why));
                }
              }
            }
            if (ar.failed()
                && !(ar.cause() instanceof TeacherException te && te.itemLevel())) {
              teacherFailures.add(ar.cause());
            }
            return Future.succeededFuture();
          }));
    }
    return Future.join(futures).transform(ignored -> {
      if (!teacherFailures.isEmpty()) {
        return Future.failedFuture(TeacherException.forCaller(teacherFailures.get(0)));
      }
      synchronized (results) {
        return Future.succeededFuture(List.copyOf(results));
      }
    });
  }

  /** Index lists of at most {@code size} inputs each, with distinct ids inside a batch. */
  static <I> List<List<Integer>> batches(List<I> inputs, Function<I, String> idOf, int size) {
    List<List<Integer>> out = new ArrayList<>();
    List<Integer> current = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    List<Integer> deferred = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      deferred.add(i);
    }
    while (!deferred.isEmpty()) {
      List<Integer> next = new ArrayList<>();
      for (int index : deferred) {
        String id = idOf.apply(inputs.get(index));
        if (ids.contains(id)) {
          next.add(index);
          continue;
        }
        current.add(index);
        ids.add(id);
        if (current.size() == size) {
          out.add(current);
          current = new ArrayList<>();
          ids.clear();
        }
      }
      if (!current.isEmpty()) {
        out.add(current);
        current = new ArrayList<>();
        ids.clear();
      }
      deferred = next;
    }
    return out;
  }

  // ---- helpers ----------------------------------------------------------------------------

  private TeacherSettings.Requests requests() {
    return client.settings().requests();
  }

  private ChatRequestSpec spec(ChatPrompt prompt, double temperature) {
    return new ChatRequestSpec(
        List.of(ChatTurn.system(prompt.system()), ChatTurn.user(prompt.user())),
        AnswerSchemas.nameOf(prompt.role()),
        AnswerSchemas.of(prompt.role()),
        new Sampling(temperature, requests().maxTokens(), null, null));
  }

  private static String reason(Throwable e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }
}
