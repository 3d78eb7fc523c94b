using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using KccAssistant.Eval.Evaluation;

namespace KccAssistant.Eval.Comparison;

/// <summary>Writes compare.json, compare.md and compare.html, and the console table.</summary>
internal static class CompareReportWriter
{
    public static async Task WriteAsync(string directory, ComparisonResult result, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "compare.json"), JsonSerializer.Serialize(result, ReportWriter.Json), cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(directory, "compare.md"), Markdown(result), cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(directory, "compare.html"), Html(result), cancellationToken);
    }

    /// <summary>Per run and metric: A, B, the delta with its interval and the verdict.</summary>
    public static string Table(ComparisonResult result)
    {
        var builder = new StringBuilder();
        builder.AppendLine(CultureInfo.InvariantCulture, $"A: {result.A} ({result.CommitA ?? RunDetails.Unknown})");
        builder.AppendLine(CultureInfo.InvariantCulture, $"B: {result.B} ({result.CommitB ?? RunDetails.Unknown})");
        foreach (var run in result.Runs)
        {
            builder.AppendLine();
            builder.AppendLine(CultureInfo.InvariantCulture, $"{run.Name} ({run.SharedQuestions} gedeelde vragen)");
            builder.AppendLine(CultureInfo.InvariantCulture, $"{"metric",-18}{"A",10}{"B",10}{"B − A [95%]",28}  oordeel");
            foreach (var metric in run.Metrics)
            {
                builder.AppendLine(CultureInfo.InvariantCulture,
                    $"{metric.Metric,-18}{Value(metric.Metric, metric.A),10}{Value(metric.Metric, metric.B),10}{Delta(metric),28}  {metric.Verdict}");
            }
        }

        return builder.ToString();
    }

    private static string Value(string metric, double? value) =>
        value is { } v ? v.ToString(metric.EndsWith("Ms", StringComparison.Ordinal) ? "0.0" : "0.000", CultureInfo.InvariantCulture) : "–";

    private static string Delta(MetricDelta metric)
    {
        var format = metric.Metric.EndsWith("Ms", StringComparison.Ordinal) ? "+0.0;-0.0;0.0" : "+0.000;-0.000;0.000";
        if (metric.Delta is not { } delta)
        {
            return "–";
        }

        var text = delta.ToString(format, CultureInfo.InvariantCulture);
        return metric.Interval is [var lo, var hi]
            ? $"{text} [{lo.ToString(format, CultureInfo.InvariantCulture)}, {hi.ToString(format, CultureInfo.InvariantCulture)}]"
            : text;
    }

    private static string Markdown(ComparisonResult result)
    {
        var builder = new StringBuilder();
        builder.AppendLine(CultureInfo.InvariantCulture, $"# Vergelijking: {Path.GetFileName(result.Set)}");
        builder.AppendLine();
        builder.AppendLine(CultureInfo.InvariantCulture, $"- A: `{result.A}` (commit {result.CommitA ?? RunDetails.Unknown})");
        builder.AppendLine(CultureInfo.InvariantCulture, $"- B: `{result.B}` (commit {result.CommitB ?? RunDetails.Unknown})");
        builder.AppendLine(CultureInfo.InvariantCulture,
            $"- Interval: gepaarde bootstrap over de gedeelde vraag-id's ({Bootstrap.DefaultResamples} trekkingen, beantwoordbaar en onbeantwoordbaar apart). Regressie: het hele interval ligt aan de slechte kant van 0 (voor falseNoAnswerRate en latency is hoger slechter).");
        builder.AppendLine(CultureInfo.InvariantCulture, $"- Uitkomst: {(result.HasRegression ? "**regressie**" : "geen regressie")}");
        foreach (var run in result.Runs)
        {
            builder.AppendLine();
            builder.AppendLine(CultureInfo.InvariantCulture, $"## {run.Name}");
            builder.AppendLine();
            builder.AppendLine(CultureInfo.InvariantCulture, $"{run.SharedQuestions} gedeelde vragen; alleen in A: {run.OnlyInA.Count}, alleen in B: {run.OnlyInB.Count}.");
            builder.AppendLine();
            builder.AppendLine("| metric | A | B | B − A [95%] | oordeel |");
            builder.AppendLine("|---|---:|---:|---:|---|");
            foreach (var metric in run.Metrics)
            {
                builder.AppendLine(CultureInfo.InvariantCulture, $"| {metric.Metric} | {Value(metric.Metric, metric.A)} | {Value(metric.Metric, metric.B)} | {Delta(metric)} | {metric.Verdict} |");
            }

            builder.AppendLine();
            builder.AppendLine(CultureInfo.InvariantCulture, $"Andere uitkomst ({run.Changes.Count}):");
            builder.AppendLine();
            foreach (var change in run.Changes)
            {
                builder.AppendLine(CultureInfo.InvariantCulture, $"- {change.Direction}: `{change.Id}` {change.Question} — {change.Before} → {change.After}");
            }
        }

        return builder.ToString();
    }

    private static string Html(ComparisonResult result)
    {
        static string E(string? text) => WebUtility.HtmlEncode(text ?? "");
        var builder = new StringBuilder();
        builder.AppendLine("<!DOCTYPE html><html lang=\"nl\"><head><meta charset=\"utf-8\"><title>Vergelijking</title>");
        builder.AppendLine("<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em}table{border-collapse:collapse;margin:0.5em 0}td,th{border:1px solid #ccc;padding:4px 8px}td.n{text-align:right;white-space:nowrap}th{background:#f4f4f4;text-align:left}.regressie{background:#fde2e2}.verbetering{background:#e2f5e2}</style></head><body>");
        builder.AppendLine(CultureInfo.InvariantCulture, $"<h1>Vergelijking: {E(Path.GetFileName(result.Set))}</h1>");
        builder.AppendLine(CultureInfo.InvariantCulture, $"<p>A: <code>{E(result.A)}</code> ({E(result.CommitA ?? RunDetails.Unknown)})<br>B: <code>{E(result.B)}</code> ({E(result.CommitB ?? RunDetails.Unknown)})</p>");
        builder.AppendLine(CultureInfo.InvariantCulture, $"<p><strong>{(result.HasRegression ? "Regressie buiten het 95%-interval" : "Geen regressie buiten het 95%-interval")}</strong>. Interval: gepaarde bootstrap over de gedeelde vragen.</p>");
        foreach (var run in result.Runs)
        {
            builder.AppendLine(CultureInfo.InvariantCulture, $"<h2>{E(run.Name)}</h2><p>{run.SharedQuestions} gedeelde vragen.</p>");
            builder.AppendLine("<table><tr><th>metric</th><th>A</th><th>B</th><th>B − A [95%]</th><th>oordeel</th></tr>");
            foreach (var metric in run.Metrics)
            {
                builder.AppendLine(CultureInfo.InvariantCulture,
                    $"<tr class=\"{E(metric.Verdict)}\"><th>{E(metric.Metric)}</th><td class=\"n\">{Value(metric.Metric, metric.A)}</td><td class=\"n\">{Value(metric.Metric, metric.B)}</td><td class=\"n\">{E(Delta(metric))}</td><td>{E(metric.Verdict)}</td></tr>");
            }

            builder.AppendLine("</table>");
            builder.AppendLine(CultureInfo.InvariantCulture, $"<details><summary>{run.Changes.Count} vragen met een andere uitkomst</summary><table><tr><th></th><th>id</th><th>vraag</th><th>A</th><th>B</th></tr>");
            foreach (var change in run.Changes)
            {
                builder.AppendLine(CultureInfo.InvariantCulture, $"<tr><td>{E(change.Direction)}</td><td>{E(change.Id)}</td><td>{E(change.Question)}</td><td>{E(change.Before)}</td><td>{E(change.After)}</td></tr>");
            }

            builder.AppendLine("</table></details>");
        }

        builder.AppendLine("</body></html>");
        return builder.ToString();
    }
}
