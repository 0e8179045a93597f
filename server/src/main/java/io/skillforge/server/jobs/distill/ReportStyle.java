package io.skillforge.server.jobs.distill;

/** The stylesheet of the self-contained report pages: a round's report and a skill-gap report. */
public final class ReportStyle {
  public static final String CSS = """
      body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
        color: #222; background: #fff; max-width: 980px; margin: 0 auto; padding: 24px; }
      h1 { font-size: 1.6em; margin: 0 0 .4em; }
      h2 { font-size: 1.25em; margin: 2em 0 .6em; padding-bottom: .2em; border-bottom: 1px solid #ddd; }
      h3 { font-size: 1.05em; margin: 1.4em 0 .4em; }
      dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .1em 1.4em; margin: 0; }
      dl.facts dt { color: #595959; }
      dl.facts dd { margin: 0; }
      .summary { font-size: 1.2em; margin: 1.2em 0; padding: .6em .9em; background: #f1f6fb;
        border-left: 4px solid #0072B2; }
      .muted { color: #595959; }
      table { border-collapse: collapse; margin: 1em 0; font-variant-numeric: tabular-nums; }
      th, td { padding: .25em .9em; border-bottom: 1px solid #e3e3e3; text-align: left; vertical-align: top; }
      th { border-bottom: 2px solid #bbb; }
      .num { text-align: right; }
      figure { margin: 1em 0; }
      svg.chart { display: block; width: 100%; height: auto; }
      code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .9em; }
      pre { white-space: pre-wrap; overflow-wrap: anywhere; background: #f6f6f6; border: 1px solid #e3e3e3;
        padding: .6em .8em; margin: .3em 0; }
      article.evidence { border: 1px solid #e3e3e3; border-radius: 4px; padding: .4em .9em .6em; margin: .8em 0; }
      article.evidence p { margin: .2em 0; }
      article.evidence h4 { font-size: .85em; margin: .6em 0 .1em; color: #595959; text-transform: uppercase;
        letter-spacing: .04em; }
      .question { white-space: pre-wrap; overflow-wrap: anywhere; margin: .2em 0; }
      td.sub { padding-left: 2.2em; }
      ul.files { margin: .3em 0; padding-left: 1.2em; }
      @media print {
        body { max-width: none; padding: 0; font-size: 10.5pt; }
        .summary { background: none; border: 1px solid #999; }
        h2, h3 { break-after: avoid; }
        figure, tr, article.evidence { break-inside: avoid; }
      }
      """;

  private ReportStyle() {}
}
