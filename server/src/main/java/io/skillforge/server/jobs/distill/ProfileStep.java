package io.skillforge.server.jobs.distill;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.skillforge.server.jobs.JobContext;
import io.skillforge.server.jobs.Progress;
import io.skillforge.server.teacher.TeacherSession;
import io.skillforge.skills.MissingSkillProfile;
import io.skillforge.skills.MissingSkillProfileJson;
import io.skillforge.skills.SkillCatalog;
import io.skillforge.skills.files.OutputFiles;
import io.skillforge.synthesis.stat.Diagnoser;
import io.skillforge.synthesis.stat.DifficultyRule;
import io.skillforge.synthesis.stat.MissingPair;
import io.skillforge.synthesis.stat.ProbedItem;
import io.skillforge.synthesis.stat.ProfileBuilder;
import io.skillforge.synthesis.teacher.Diagnosis;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * From a probe to the missing-skill profile: the difficult items, the teacher's diagnosis of each
 * ({@code diagnoses.jsonl}) and the profile ({@code profile.json}), in a directory. A file that
 * exists is a part that finished and is read back, so a step started again goes on where it
 * stopped.
 */
public final class ProfileStep {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int DIAGNOSE_ROUND = 64;

  /** The step's outcome. */
  public record Profiled(List<ProbedItem> difficult, List<Diagnosis> diagnoses, MissingSkillProfile profile) {
    /** The (difficult item, missing skill) pairs the targeted data is made for. */
    public List<MissingPair> pairs() {
      return ProfileBuilder.pairs(difficult, diagnoses);
    }
  }

  private ProfileStep() {}

  /**
   * @param label the progress stage, such as {@code round 1: diagnose}
   */
  public static Profiled run(List<ProbedItem> probed, DifficultyRule rule, TeacherSession teacher,
      SkillCatalog catalog, int evidencePerSkill, Path dir, String label, JobContext job) throws IOException {
    List<ProbedItem> difficult = probed.stream().filter(rule::difficult).toList();
    Path diagnosesFile = dir.resolve("diagnoses.jsonl");
    Path profileFile = dir.resolve("profile.json");
    List<Diagnosis> diagnoses;
    if (Files.exists(diagnosesFile)) {
      diagnoses = DiagnosesFile.read(diagnosesFile);
    } else {
      job.progress(Progress.of(label, 0, difficult.size(), "items"));
      diagnoses = new Diagnoser(teacher.teacher(), catalog, DIAGNOSE_ROUND).diagnose(difficult,
          job.cancellation(), done -> job.progress(new Progress(label, done, difficult.size(), "items",
              teacher.describeUsage())));
      DiagnosesFile.write(diagnoses, diagnosesFile);
    }
    MissingSkillProfile profile;
    if (Files.exists(profileFile)) {
      profile = MissingSkillProfileJson.fromJson(JSON.readTree(profileFile.toFile()));
    } else {
      profile = ProfileBuilder.build(probed, difficult, diagnoses, evidencePerSkill);
      OutputFiles.writeAtomically(profileFile,
          w -> w.write(MissingSkillProfileJson.toJson(profile).toPrettyString() + "\n"));
    }
    return new Profiled(difficult, diagnoses, profile);
  }
}
