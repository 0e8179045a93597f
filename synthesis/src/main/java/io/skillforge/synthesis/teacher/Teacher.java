package io.skillforge.synthesis.teacher;

import io.skillforge.skills.Example;
import io.skillforge.skills.SkillCatalog;
import io.vertx.core.Future;
import java.util.List;

/**
 * The roles every teacher plays: build a skill catalog, label items, diagnose failed student
 * responses, synthesize targeted items and verify items.
 *
 * <p>Contract shared by every implementation (the built-in skill-world teacher, the LangChain4j
 * teacher, test doubles):
 *
 * <ul>
 *   <li>Every method is asynchronous and never blocks the calling thread beyond trivial in-memory
 *       work; it may be called from a Vert.x event loop. Implementations are thread-safe.
 *   <li>Batch methods answer with exactly one result per input, in input order, each carrying the
 *       input's id. A problem with one input is reported in that input's result ({@code error}
 *       non-null), not by failing the whole batch. The returned future fails only when the call as a
 *       whole could not be made, with a typed error of {@code io.skillforge.skills.errors}: {@code
 *       BudgetSpentException} when the job's budget is spent, {@code TeacherUnavailableException}
 *       when the teacher is down, closed, refuses the request or keeps failing, {@code
 *       BadInputException} when the input is not something this teacher can work on.
 *   <li>Skill ids in results are always ids of the catalog passed in; a teacher never invents ids
 *       outside {@link #catalog}.
 *   <li>No argument may be null; lists may be empty (an empty batch answers an empty list).
 * </ul>
 */
public interface Teacher extends AutoCloseable {

  /** Most skills {@link #label} gives one item (STAT labels with up to five). */
  int MAX_LABELS_PER_ITEM = 5;

  /** Most skills {@link #diagnose} names as missing for one response (STAT names 2-3). */
  int MAX_MISSING_SKILLS = 3;

  /** A short stable name, used in provenance, logs and cache keys, such as {@code builtin}. */
  String name();

  /**
   * Builds the skill catalog of a dataset from a sample of its items (after Didolkar et al.: a
   * fine-grained skill per item, merged into a compact catalog with descriptions).
   *
   * @return a catalog of at most {@code request.maxSkills()} skills
   */
  Future<SkillCatalog> catalog(CatalogRequest request);

  /**
   * Labels each item with the skills of {@code catalog} it needs, at most {@link
   * #MAX_LABELS_PER_ITEM}, most important first. Only the item's text (question, and rationale and
   * answer when present) is used; skills already on the item are ignored. An item that needs no
   * skill of the catalog gets an empty list, not an error.
   */
  Future<List<Label>> label(List<Example> items, SkillCatalog catalog);

  /**
   * Judges each student response against its item and, when it is wrong, names the skills of
   * {@code catalog} the student failed to apply (at most {@link #MAX_MISSING_SKILLS}).
   */
  Future<List<Diagnosis>> diagnose(List<Attempt> attempts, SkillCatalog catalog);

  /**
   * Writes {@code request.count()} new items that exercise the request's target skills, each with
   * a rationale and an answer the teacher has verified (for LLM teachers: at least two of three
   * independent solutions agree). Items come back as {@link Example}s with source {@code
   * SYNTHESIZED}, split {@code train}, skills labelled against {@code catalog}, and this teacher's
   * name in their provenance. Fewer than {@code count} items may come back; {@link
   * Synthesis#rejected()} counts the drafts that failed verification.
   */
  Future<Synthesis> synthesize(SynthesisRequest request, SkillCatalog catalog);

  /** Checks that each item's rationale and final answer are correct for its question. */
  Future<List<Verdict>> verify(List<Example> items);

  /** Releases clients and pools; later calls fail. The default does nothing. */
  @Override
  default void close() {}
}
