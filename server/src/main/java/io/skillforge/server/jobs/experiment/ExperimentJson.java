package io.skillforge.server.jobs.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skillforge.skills.MissingSkillProfileJson;
import io.skillforge.skills.files.OutputFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The experiment's results as JSON: per arm the mean and standard deviation of each measure over
 * seeds (the command's last line), and in the results file every seed's profile, flagged skills and
 * per-skill accuracies.
 */
public final class ExperimentJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ExperimentJson() {}

  /** {@code {arm: {overall: {mean, std}, missingSkills: {...}, otherSkills: {...}}}}. */
  public static ObjectNode summary(ExperimentJob.Result result) {
    ObjectNode json = JSON.createObjectNode();
    for (Arm arm : result.summary().keySet()) {
      ExperimentJob.Summary s = result.summary().get(arm);
      ObjectNode node = json.putObject(arm.key());
      put(node, "overall", s.overall());
      put(node, "missingSkills", s.missingSkills());
      put(node, "otherSkills", s.otherSkills());
    }
    return json;
  }

  /** The summary and every seed's details. */
  public static ObjectNode full(ExperimentJob.Result result) {
    ObjectNode root = JSON.createObjectNode();
    root.set("summary", summary(result));
    var seeds = root.putArray("seeds");
    for (SeedResult seed : result.seeds()) {
      ObjectNode s = seeds.addObject();
      s.put("seed", seed.seed());
      seed.flagged().forEach(s.putArray("flagged")::add);
      seed.oracleSkills().forEach(s.putArray("oracleSkills")::add);
      s.put("consistencyAgreement", seed.consistencyAgreement());
      s.set("profile", MissingSkillProfileJson.toJson(seed.profile()));
      ObjectNode arms = s.putObject("arms");
      for (Map.Entry<Arm, ArmScore> e : seed.scores().entrySet()) {
        ObjectNode a = arms.putObject(e.getKey().key());
        a.put("overall", e.getValue().overall());
        a.put("missingSkills", e.getValue().missingSkills());
        a.put("otherSkills", e.getValue().otherSkills());
        a.put("trainingExamples", e.getValue().trainingExamples());
        ObjectNode perSkill = a.putObject("perSkill");
        new java.util.TreeMap<>(e.getValue().perSkill()).forEach(perSkill::put);
      }
    }
    return root;
  }

  public static void write(ExperimentJob.Result result, Path file) throws IOException {
    OutputFiles.writeAtomically(file, w -> w.write(full(result).toPrettyString() + "\n"));
  }

  private static void put(ObjectNode node, String key, ExperimentJob.Stat stat) {
    node.putObject(key).put("mean", stat.mean()).put("std", stat.std());
  }
}
