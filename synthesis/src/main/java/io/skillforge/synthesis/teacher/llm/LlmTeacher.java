package io.skillforge.synthesis.teacher.llm;

import io.skillforge.skills.Example;
import io.skillforge.skills.SkillCatalog;
import io.skillforge.synthesis.teacher.Attempt;
import io.skillforge.synthesis.teacher.CatalogRequest;
import io.skillforge.synthesis.teacher.Diagnosis;
import io.skillforge.synthesis.teacher.Label;
import io.skillforge.synthesis.teacher.Synthesis;
import io.skillforge.synthesis.teacher.SynthesisRequest;
import io.skillforge.synthesis.teacher.Teacher;
import io.skillforge.synthesis.teacher.TeacherJob;
import io.skillforge.synthesis.teacher.Verdict;
import io.vertx.core.Future;
import java.util.List;

/** Placeholder until the prompt templates land. */
final class LlmTeacher implements Teacher {
  private final TeacherClient client;
  private final TeacherJob job;

  LlmTeacher(TeacherClient client, TeacherJob job) {
    this.client = client;
    this.job = job;
  }

  @Override
  public String name() {
    return client.name();
  }

  @Override
  public Future<SkillCatalog> catalog(CatalogRequest request) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Future<List<Label>> label(List<Example> items, SkillCatalog catalog) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Future<List<Diagnosis>> diagnose(List<Attempt> attempts, SkillCatalog catalog) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Future<Synthesis> synthesize(SynthesisRequest request, SkillCatalog catalog) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Future<List<Verdict>> verify(List<Example> items) {
    throw new UnsupportedOperationException();
  }
}
