package io.skillforge.server.jobs.distill;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.skillforge.server.jobs.JobContext;
import io.skillforge.server.jobs.Progress;
import io.skillforge.server.teacher.TeacherSession;
import io.skillforge.skills.Example;
import io.skillforge.skills.SkillCatalog;
import io.skillforge.skills.dataset.TrainingFormat;
import io.skillforge.skills.dataset.TrainingSetWriter;
import io.skillforge.skills.errors.TeacherUnavailableException;
import io.skillforge.skills.files.OutputFiles;
import io.skillforge.skills.index.NearDuplicateSet;
import io.skillforge.skills.index.SkillIndex;
import io.skillforge.synthesis.stat.MissingPair;
import io.skillforge.synthesis.stat.SkillPool;
import io.skillforge.synthesis.stat.StatSelection;
import io.skillforge.synthesis.stat.StatSynthesis;
import io.skillforge.synthesis.stat.TrainingMix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * From the (difficult item, missing skill) pairs to a training set, by STAT-Sel or STAT-Syn, in a
 * directory: {@code training.jsonl} (chat messages), {@code training.full.jsonl} (every field),
 * optionally {@code training.prompt-completion.jsonl}, and {@code data.json}, written last, which
 * marks the step done. STAT-Syn's kept items are indexed after the files are written.
 */
public final class DataStep {
  private static final ObjectMapper JSON = new ObjectMapper();

  private DataStep() {}

  /**
   * @param method sel or syn
   * @param seed seeds the draws and the requests
   * @param jobId recorded in the synthesized items' provenance
   * @param teacher the teacher (STAT-Syn only; may be null for STAT-Sel)
   */
  public static RoundReport.DataSummary run(String method, List<MissingPair> pairs, SkillIndex index,
      TeacherSession teacher, SkillCatalog catalog, NearDuplicateSet evaluation, StatSettings stat, long seed,
      String jobId, boolean promptCompletion, Path dir, String label, JobContext job) throws IOException {
    Path data = dir.resolve("data.json");
    if (Files.exists(data)) {
      return JSON.readValue(data.toFile(), RoundReport.DataSummary.class);
    }
    SkillPool pool = SkillPool.fromIndex(index, "train");
    List<Example> targeted;
    int synthesized = 0;
    Map<String, Integer> rejected = new LinkedHashMap<>();
    boolean synthesis = !"sel".equals(method);
    if (!synthesis) {
      targeted = StatSelection.draws(pairs, pool, stat.drawsPerPair(), seed);
    } else {
      StatSynthesis syn = new StatSynthesis(teacher.teacher(), catalog, index, evaluation,
          new StatSynthesis.Settings(stat.exemplars(), stat.itemsPerPair(), 16, seed));
      StatSynthesis.Result result = syn.run(pairs, jobId, job.cancellation(),
          done -> job.progress(new Progress(label, done, pairs.size(), "pairs", teacher.describeUsage())));
      targeted = result.accepted();
      synthesized = targeted.size();
      rejected.put("solutions disagreed", result.report().disagreed());
      rejected.put("near an evaluation item", result.report().nearEvaluation());
      rejected.put("near an indexed item", result.report().nearIndexed());
      if (targeted.isEmpty()) {
        throw new TeacherUnavailableException("the teacher wrote no usable item for " + pairs.size()
            + " (item, skill) pairs");
      }
    }
    TrainingMix.Settings mix = new TrainingMix.Settings(stat.budget(), stat.mixBack(), stat.repeatsMode(), seed);
    List<Example> set = TrainingMix.compose(targeted, pool.all(), mix);
    List<String> written = new ArrayList<>(List.of("training.jsonl", "training.full.jsonl"));
    TrainingSetWriter.writeFile(dir.resolve("training.full.jsonl"), set, TrainingFormat.FULL);
    TrainingSetWriter.writeFile(dir.resolve("training.jsonl"), set, TrainingFormat.MESSAGES);
    if (promptCompletion) {
      TrainingSetWriter.writeFile(dir.resolve("training.prompt-completion.jsonl"), set, TrainingFormat.PROMPT_COMPLETION);
      written.add("training.prompt-completion.jsonl");
    }
    RoundReport.DataSummary summary = new RoundReport.DataSummary(set.size(), mix.budget(), mix.targeted(),
        mix.budget() - mix.targeted(), synthesized, rejected, written);
    OutputFiles.writeAtomically(data, w -> w.write(JSON.writeValueAsString(summary) + "\n"));
    if (synthesis) {
      // After the files: a step stopped before this point asks the same questions when started again.
      StatSynthesis.index(index, targeted);
    }
    return summary;
  }

}
