package io.skillforge.server.teacher;

import io.skillforge.server.config.SkillforgeConfig;
import io.skillforge.synthesis.teacher.settings.TeacherSettings;
import io.skillforge.skills.errors.BadInputException;
import io.skillforge.synthesis.teacher.TeacherLedger;
import io.skillforge.server.jobs.JobServices;

/**
 * Which teacher a job asks, and how much it may spend.
 *
 * @param name {@code builtin}, a provider kind or a profile under {@code teacher.profiles}; null
 *     for {@code teacher.kind} of the configuration
 * @param budgetDollars the most the job may spend; null for {@code teacher.budget-dollars}, 0 for
 *     no limit
 */
public record TeacherChoice(String name, Double budgetDollars) {
  public static final TeacherChoice CONFIGURED = new TeacherChoice(null, null);

  public TeacherChoice {
    if (budgetDollars != null && !(budgetDollars >= 0)) {
      throw new BadInputException("--budget must be >= 0 but was " + budgetDollars);
    }
  }

  /**
   * The settings of the chosen teacher.
   *
   * @throws BadInputException for an unknown teacher name or invalid settings
   */
  public TeacherSettings settings(SkillforgeConfig config) {
    try {
      return config.teacher(name);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(e.getMessage(), e);
    }
  }

  /**
   * Opens the chosen teacher with a fresh ledger named {@code ledgerId}, its API key from the
   * services' environment and its answers cached where the services keep them.
   */
  public TeacherSession open(TeacherSettings settings, String ledgerId, JobServices services) {
    double dollars = budgetDollars != null ? budgetDollars : settings.costs().budgetDollars();
    TeacherLedger ledger = dollars > 0 ? TeacherLedger.withBudget(ledgerId, dollars) : TeacherLedger.unlimited(ledgerId);
    try {
      return TeacherSession.open(settings, ledger, services.environment(), services.sharedAnswers(),
          settings.builtin() ? null : services.pacing().limiterFor(settings));
    } catch (IllegalArgumentException e) {
      throw new BadInputException(e.getMessage(), e);
    }
  }
}
