package io.skillforge.server.jobs.arte;

import io.skillforge.server.jobs.Job;
import io.skillforge.server.jobs.JobContext;
import io.skillforge.server.jobs.JobServices;
import io.skillforge.server.teacher.TeacherChoice;
import io.skillforge.server.teacher.TeacherSession;
import io.skillforge.synthesis.teacher.settings.TeacherSettings;
import io.skillforge.skills.Example;
import io.skillforge.skills.dataset.DatasetLayout;
import io.skillforge.skills.dataset.Datasets;
import io.skillforge.skills.errors.BadInputException;
import io.skillforge.skills.errors.NotFoundException;
import io.skillforge.skills.index.NearDuplicateSet;
import io.skillforge.skills.world.SkillWorld;
import io.skillforge.student.Student;
import io.skillforge.student.builtin.BuiltinStudent;
import io.skillforge.student.openai.OpenAiStudent;
import java.util.ArrayList;
import io.skillforge.synthesis.teacher.BuiltinTeacher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * ARTE as a job: reads the run file's data, labels items that have no skills (built-in teacher),
 * keeps drafts away from the validation and test questions, and runs {@link ArteRun} for the
 * built-in student. Run again with the same file it measures only the cells not yet in {@code
 * scores.jsonl}.
 */
public final class ArteJob implements Job<ArteConfig, ArteJob.Result> {
  /** Most characters of a draft for an endpoint student, whose context is not known here. */
  private static final int ENDPOINT_MAX_CHARS = 400;

  private final JobServices services;

  public ArteJob(JobServices services) {
    this.services = services;
  }

  /** The run's outputs. */
  public record Result(ArteConfig config, List<String> skills, ArteRun.Result run) {}

  @Override
  public Result run(ArteConfig config, JobContext jobContext) throws IOException {
    Datasets.requireFile(config.train());
    Datasets.requireFile(config.validation());
    if (config.test() != null) {
      Datasets.requireFile(config.test());
    }
    if (config.student() != null) {
      requireCheckpoint(config.student(), "student");
    }
    for (ArteConfig.Respondent r : config.respondents()) {
      if (r.checkpoint() != null) {
        requireCheckpoint(r.checkpoint(), "respondents");
      }
    }
    // A teacher name that does not resolve fails now, not after the drafts are scored.
    TeacherChoice choice = new TeacherChoice(config.teacher(), null);
    TeacherSettings writerSettings = config.teacher().equals(BuiltinTeacher.NAME) ? null
        : choice.settings(services.config());
    List<Example> train = labelled(config.train());
    List<Example> validation = labelled(config.validation());
    NearDuplicateSet evaluation = new NearDuplicateSet(services.config().index().nearDuplicateThreshold());
    validation.forEach(e -> evaluation.add(e.id(), e.question()));
    if (config.test() != null) {
      labelled(config.test()).forEach(e -> evaluation.add(e.id(), e.question()));
    }
    List<String> skills = skills(config, validation);
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (int i = 0; i < skills.size(); i++) {
      counts.put(skills.get(i), config.items() / skills.size() + (i < config.items() % skills.size() ? 1 : 0));
    }
    Files.createDirectories(config.out());
    List<Student> opened = new ArrayList<>();
    try {
      ArteStudent student;
      int maxChars;
      if (config.student() != null) {
        student = new ArteStudent.Builtin(config.student());
        maxChars = ArteRun.maxChars(BuiltinStudent.readMetadata(config.student()).config().context());
      } else {
        for (ArteConfig.Respondent r : config.respondents()) {
          opened.add(r.checkpoint() != null ? BuiltinStudent.load(r.checkpoint()) : endpoint(r.endpoint()));
        }
        Student target = endpoint(config.endpoint());
        opened.add(target);
        student = new ArteStudent.InContext(target, opened.subList(0, config.respondents().size()),
            config.maxTokens());
        maxChars = ENDPOINT_MAX_CHARS;
      }
      // Plainly written questions chain as often as the seed pool's.
      ArteRun.Options options = new ArteRun.Options(config.seed(), config.threads(),
          SkillWorld.multiStepShare(train.stream().map(Example::rationale).toList()), maxChars);
      if (writerSettings == null) {
        return new Result(config, skills, ArteRun.run(student, train, validation, skills, counts, evaluation, null,
            config.settings(), options, config.out(), jobContext));
      }
      try (TeacherSession writer = choice.open(writerSettings, "arte "
          + config.out().getFileName(), services)) {
        return new Result(config, skills, ArteRun.run(student, train, validation, skills, counts, evaluation,
            writer.teacher(), config.settings(), options, config.out(), jobContext));
      }
    } finally {
      opened.forEach(Student::close);
    }
  }

  private static Student endpoint(ArteConfig.Endpoint e) {
    return new OpenAiStudent(OpenAiStudent.Config.of(e.baseUrl(), e.model()));
  }

  private static void requireCheckpoint(Path dir, String key) {
    if (!Files.isRegularFile(dir.resolve("config.json"))) {
      throw new NotFoundException(key + ": no built-in student checkpoint in " + dir);
    }
  }

  private static List<Example> labelled(Path file) throws IOException {
    BuiltinTeacher teacher = new BuiltinTeacher();
    List<String> ids = SkillWorld.catalog().ids();
    return Datasets.load(file, DatasetLayout.DEFAULT).items().stream()
        .map(e -> e.skills().isEmpty() ? e.withSkills(teacher.labelQuestion(e.question(), ids)) : e)
        .toList();
  }

  private static List<String> skills(ArteConfig config, List<Example> validation) {
    Set<String> present = new LinkedHashSet<>();
    validation.forEach(e -> present.addAll(e.skills()));
    List<String> skills = config.skills().isEmpty()
        ? SkillWorld.catalog().ids().stream().filter(present::contains).toList()
        : config.skills();
    for (String s : skills) {
      if (!SkillWorld.catalog().contains(s)) {
        throw new BadInputException("skills: '" + s + "' is not a skill the built-in teacher writes; its skills are "
            + SkillWorld.catalog().ids());
      }
      if (!present.contains(s)) {
        throw new BadInputException("skills: no validation item in " + config.validation() + " has the skill " + s
            + ", so its drafts cannot be scored");
      }
    }
    if (skills.isEmpty()) {
      throw new BadInputException("validation: no item of " + config.validation() + " is a skill-world item");
    }
    return skills;
  }
}
