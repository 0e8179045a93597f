package io.skillforge.server.jobs.distill;

import io.skillforge.server.jobs.JobContext;
import io.skillforge.server.teacher.TeacherSession;
import io.skillforge.skills.Example;
import io.skillforge.skills.SkillCatalog;
import io.skillforge.skills.index.NearDuplicateSet;
import io.skillforge.skills.index.SkillIndex;
import java.util.List;

/**
 * What every round of a run shares.
 *
 * @param test null when before and after are measured on the validation set
 */
record RoundContext(DistillConfig config, String runName, TeacherSession teacher, SkillCatalog catalog,
    SkillIndex index, NearDuplicateSet evaluation, List<Example> validation, List<Example> test,
    JobContext job) {

  /** The items before and after are measured on. */
  List<Example> evaluationItems() {
    return test != null ? test : validation;
  }

  String evaluationName() {
    return String.format(java.util.Locale.ROOT, "%s (%,d items)", test != null ? "test" : "validation",
        evaluationItems().size());
  }
}
