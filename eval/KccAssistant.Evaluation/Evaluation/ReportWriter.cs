using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using KccAssistant.Answering.Answerability;

namespace KccAssistant.Eval.Evaluation;

/// <summary>Writes report.json (the contract), report.md and report.html (plots) and per-question results.</summary>
public static class ReportWriter
{
    private static readonly string[] Headline = ["recall@1", "recall@5", "recall@10", "mrr@10", "ndcg@10", "noAnswerAccuracy", "falseNoAnswerRate", "citationPrecision", "mustContainRate", "p50Ms", "p95Ms"];

    /// <summary>How report.json and the per-question files are written (and read back by <c>eval compare</c>).</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private static readonly JsonSerializerOptions Line = new(JsonSerializerDefaults.Web);

    /// <summary>The per-question file of a run, beside report.json.</summary>
    public static string QuestionsFile(ModeRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return $"questions-{run.Name}.jsonl";
    }

    /// <summary>Writes everything into <paramref name="directory"/>.</summary>
    /// <param name="directory">Output directory.</param>
    /// <param name="details">What was measured on: set, index, code, settings.</param>
    /// <param name="runs">One run per mode, variant and part.</param>
    /// <param name="answerability">The "geen antwoord" model that judged hybrid mode, so a report says what it measured.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    public static async Task WriteAsync(string directory, RunDetails details, IReadOnlyList<ModeRun> runs, ActiveAnswerabilityModel? answerability = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(details);
        ArgumentNullException.ThrowIfNull(runs);
        Directory.CreateDirectory(directory);
        var json = new
        {
            set = details.Set,
            createdAt = details.CreatedAt,
            details,
            bootstrap = new { resamples = Bootstrap.DefaultResamples, seed = Bootstrap.DefaultSeed, level = Bootstrap.Level, stratified = "answerable" },
            answerability,
            runs = runs.Select(run =>
            {
                var entry = new Dictionary<string, object?> { ["mode"] = run.Mode };
                if (run.Variant is not null)
                {
                    entry["variant"] = run.Variant;
                    entry["settings"] = run.Settings;
                }

                entry["split"] = run.Split;
                entry["name"] = run.Name;
                entry["questionsFile"] = QuestionsFile(run);
                foreach (var (key, value) in run.Metrics)
                {
                    entry[key] = key is "questions" or "answerable" or "unanswerable" ? (int?)value : value;
                }

                entry["ci"] = run.Intervals;
                entry["threshold"] = run.Threshold;
                entry["recallAtK"] = RunMetrics.RecallCurve(run.Questions).Select(v => v is { } r ? Math.Round(r, 4) : (double?)null);
                entry["thresholdSweep"] = run.Sweep;
                return entry;
            }),
        };
        await File.WriteAllTextAsync(Path.Combine(directory, "report.json"), JsonSerializer.Serialize(json, Json), cancellationToken);
        foreach (var run in runs)
        {
            await File.WriteAllLinesAsync(
                Path.Combine(directory, QuestionsFile(run)),
                run.Questions.Select(q => JsonSerializer.Serialize(q, Line)),
                cancellationToken);
        }

        var plots = ReportPlots.Write(directory, runs, cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(directory, "report.md"), Markdown(details, runs, plots) + Describe(answerability), cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(directory, "report.html"), Html(details, runs, plots, answerability), cancellationToken);
    }

    /// <summary>One paragraph on the "geen antwoord" model behind the hybrid numbers.</summary>
    public static string Describe(ActiveAnswerabilityModel? answerability)
    {
        if (answerability is null)
        {
            return "";
        }

        var model = answerability.Model;
        var builder = new StringBuilder();
        builder.AppendLine();
        builder.AppendLine("## 'Geen antwoord' (hybride modus)");
        builder.AppendLine();
        builder.AppendLine(CultureInfo.InvariantCulture, $"Model uit {answerability.Source} ({answerability.Kind}), drempel {model.Threshold:0.000}, embeddingmodel {model.EmbeddingModel ?? "willekeurig"}.");
        if (answerability.Calibration is { } info)
        {
            builder.AppendLine(CultureInfo.InvariantCulture,
                $"Gekalibreerd op {info.Set} ({info.Questions} vragen, {info.Unanswerable} onbeantwoordbaar) op {info.CreatedAt:yyyy-MM-dd}; kruisvalidatie: noAnswerAccuracy {info.CrossValidated.NoAnswerAccuracy:0.00}, falseNoAnswerRate {info.CrossValidated.FalseNoAnswerRate:0.00}.");
        }

        return builder.ToString();
    }

    /// <summary>The side-by-side table printed to the console: value and 95% interval per metric and run.</summary>
    public static string Table(IReadOnlyList<ModeRun> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var builder = new StringBuilder();
        var width = Math.Max(20, runs.Max(r => r.Name.Length) + 2);
        builder.Append(CultureInfo.InvariantCulture, $"{"metric",-18}");
        foreach (var run in runs)
        {
            builder.Append(run.Name.PadLeft(width));
        }

        builder.AppendLine();
        foreach (var key in Headline)
        {
            builder.Append(CultureInfo.InvariantCulture, $"{key,-18}");
            foreach (var run in runs)
            {
                builder.Append(Cell(run, key).PadLeft(width));
            }

            builder.AppendLine();
        }

        return builder.ToString();
    }

    /// <summary>"0.94 [0.89–0.98]"; latencies in whole milliseconds with one decimal.</summary>
    internal static string Cell(ModeRun run, string key) =>
        Bootstrap.Format(run.Metric(key), run.Interval(key), key.EndsWith("Ms", StringComparison.Ordinal) ? "0.0" : "0.00");

    private static string Markdown(RunDetails details, IReadOnlyList<ModeRun> runs, IReadOnlyList<ReportPlot> plots)
    {
        var builder = new StringBuilder();
        builder.AppendLine(CultureInfo.InvariantCulture, $"# Evaluatie: {Path.GetFileName(details.Set)}");
        builder.AppendLine();
        builder.AppendLine("## Rundetails");
        builder.AppendLine();
        foreach (var (label, value) in DetailRows(details))
        {
            builder.AppendLine(CultureInfo.InvariantCulture, $"- {label}: {value}");
        }

        builder.AppendLine();
        builder.AppendLine(CultureInfo.InvariantCulture, $"## Metrieken (95%-interval: bootstrap over de vragen, {Bootstrap.DefaultResamples} trekkingen, seed {Bootstrap.DefaultSeed})");
        builder.AppendLine();
        builder.AppendLine("| metric | " + string.Join(" | ", runs.Select(r => r.Name)) + " |");
        builder.AppendLine("|---|" + string.Concat(runs.Select(_ => "---:|")));
        builder.AppendLine("| vragen (onbeantwoordbaar) | " + string.Join(" | ", runs.Select(r => $"{r.Metric("questions")} ({r.Metric("unanswerable")})")) + " |");
        foreach (var key in Headline)
        {
            builder.AppendLine($"| {key} | " + string.Join(" | ", runs.Select(r => Cell(r, key))) + " |");
        }

        foreach (var run in runs.Where(r => r.Variant is not null))
        {
            builder.AppendLine();
            builder.AppendLine(CultureInfo.InvariantCulture, $"Variant `{run.Variant}` ({run.Name}): {string.Join(", ", run.Settings.Select(s => $"{s.Key}={s.Value}"))}");
        }

        if (plots.Count > 0)
        {
            builder.AppendLine();
            builder.AppendLine("## Plots");
            builder.AppendLine();
            foreach (var plot in plots)
            {
                builder.AppendLine(CultureInfo.InvariantCulture, $"![{plot.Alt}]({plot.File})");
                builder.AppendLine();
            }
        }

        foreach (var run in runs)
        {
            var failures = Failures.Of(run);
            builder.AppendLine();
            builder.AppendLine(CultureInfo.InvariantCulture, $"## Fouten – {run.Name}");
            builder.AppendLine();
            builder.AppendLine(CultureInfo.InvariantCulture, $"Relevante bron niet in top 5 ({failures.NotFound.Count}):");
            builder.AppendLine();
            foreach (var miss in failures.NotFound)
            {
                builder.AppendLine(CultureInfo.InvariantCulture, $"- `{miss.Id}` {miss.Question} — verwacht {string.Join(", ", miss.Relevant)}; kreeg: {string.Join("; ", miss.Retrieved.Take(3))}");
            }

            builder.AppendLine();
            builder.AppendLine(CultureInfo.InvariantCulture, $"Onbeantwoordbaar maar toch beantwoord ({failures.WronglyAnswered.Count}):");
            builder.AppendLine();
            foreach (var q in failures.WronglyAnswered)
            {
                builder.AppendLine(CultureInfo.InvariantCulture, $"- `{q.Id}` {q.Question} (zekerheid {q.Confidence:0.00}) → {q.Retrieved.FirstOrDefault()}");
            }

            builder.AppendLine();
            builder.AppendLine(CultureInfo.InvariantCulture, $"Beantwoordbaar maar 'geen antwoord' ({failures.WronglyRefused.Count}):");
            builder.AppendLine();
            foreach (var q in failures.WronglyRefused)
            {
                builder.AppendLine(CultureInfo.InvariantCulture, $"- `{q.Id}` {q.Question} (zekerheid {q.Confidence:0.00})");
            }
        }

        return builder.ToString();
    }

    /// <summary>The run details as label and value, in Dutch, for the readable reports.</summary>
    internal static IEnumerable<(string Label, string Value)> DetailRows(RunDetails details)
    {
        yield return ("datum", details.CreatedAt.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture));
        yield return ("commit", details.Commit);
        yield return ("set", $"{details.Set} ({details.SetQuestions} vragen, waarvan {details.SetUnanswerable} onbeantwoordbaar)");
        yield return ("deel", string.Join(", ", details.Splits));
        yield return ("index", $"{details.DataDir}, generatie {details.IndexGeneration}, {details.Chunks} chunks, embeddingmodel {details.EmbeddingModel ?? "onbekend"}");
        yield return ("instellingen anders dan standaard", details.ChangedSettings.Count == 0
            ? "geen"
            : string.Join("; ", details.ChangedSettings.Select(s => $"{s.Key} = {s.Value}")));
    }

    private static string Html(RunDetails details, IReadOnlyList<ModeRun> runs, IReadOnlyList<ReportPlot> plots, ActiveAnswerabilityModel? answerability)
    {
        static string E(string? text) => WebUtility.HtmlEncode(text ?? "");
        var builder = new StringBuilder();
        builder.AppendLine("<!DOCTYPE html><html lang=\"nl\"><head><meta charset=\"utf-8\"><title>Evaluatie</title>");
        builder.AppendLine("<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em}table{border-collapse:collapse;margin:0.5em 0}td,th{border:1px solid #ccc;padding:4px 8px;vertical-align:top}td.n{text-align:right;white-space:nowrap}th{background:#f4f4f4;text-align:left}img{max-width:100%;height:auto}figure{margin:1em 0}figcaption{color:#444;font-size:0.9em}details{margin:0.5em 0}summary{cursor:pointer;font-weight:bold}</style></head><body>");
        builder.AppendLine(CultureInfo.InvariantCulture, $"<h1>Evaluatie: {E(Path.GetFileName(details.Set))}</h1>");
        builder.AppendLine("<h2>Rundetails</h2><table>");
        foreach (var (label, value) in DetailRows(details))
        {
            builder.AppendLine(CultureInfo.InvariantCulture, $"<tr><th>{E(label)}</th><td>{E(value)}</td></tr>");
        }

        foreach (var run in runs.Where(r => r.Variant is not null).DistinctBy(r => r.Variant))
        {
            builder.AppendLine(CultureInfo.InvariantCulture, $"<tr><th>variant {E(run.Variant)}</th><td>{E(string.Join("; ", run.Settings.Select(s => $"{s.Key} = {s.Value}")))}</td></tr>");
        }

        builder.AppendLine("</table>");
        builder.AppendLine(CultureInfo.InvariantCulture, $"<h2>Metrieken</h2><p>Waarde met 95%-interval: percentiel-bootstrap over de vragen ({Bootstrap.DefaultResamples} trekkingen, seed {Bootstrap.DefaultSeed}), beantwoordbare en onbeantwoordbare vragen apart getrokken. \"–\": niet te meten (geen vragen van die soort).</p>");
        builder.AppendLine("<table><tr><th>metric</th>" + string.Concat(runs.Select(r => $"<th>{E(r.Name)}</th>")) + "</tr>");
        builder.AppendLine("<tr><th>vragen (onbeantwoordbaar)</th>" + string.Concat(runs.Select(r => $"<td class=\"n\">{r.Metric("questions")} ({r.Metric("unanswerable")})</td>")) + "</tr>");
        foreach (var key in Headline)
        {
            builder.AppendLine($"<tr><th>{E(key)}</th>" + string.Concat(runs.Select(r => $"<td class=\"n\">{E(Cell(r, key))}</td>")) + "</tr>");
        }

        builder.AppendLine("</table>");
        if (answerability is not null)
        {
            builder.AppendLine(CultureInfo.InvariantCulture, $"<p>{E(Describe(answerability).Replace("## ", "", StringComparison.Ordinal).Trim())}</p>");
        }

        builder.AppendLine("<h2>Plots</h2>");
        foreach (var plot in plots)
        {
            builder.AppendLine(CultureInfo.InvariantCulture, $"<figure><img src=\"{E(plot.File)}\" alt=\"{E(plot.Alt)}\" width=\"900\" height=\"500\"><figcaption>{E(plot.Caption)}</figcaption></figure>");
        }

        builder.AppendLine("<h2>Fouten per vraag</h2>");
        foreach (var run in runs)
        {
            builder.AppendLine(FailureTable(run));
        }

        builder.AppendLine("</body></html>");
        return builder.ToString();
    }

    /// <summary>A collapsible table of the questions a run got wrong, with what was expected and what was found.</summary>
    internal static string FailureTable(ModeRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        static string E(string? text) => WebUtility.HtmlEncode(text ?? "");
        var failures = Failures.Of(run);
        var rows = failures.NotFound.Select(q => (Kind: "niet in top 5", Question: q))
            .Concat(failures.WronglyRefused.Select(q => (Kind: "ten onrechte geweigerd", Question: q)))
            .Concat(failures.WronglyAnswered.Select(q => (Kind: "onbeantwoordbaar maar beantwoord", Question: q)))
            .ToList();
        var builder = new StringBuilder();
        builder.AppendLine(CultureInfo.InvariantCulture,
            $"<details><summary>{E(run.Name)}: {rows.Count} fouten ({failures.NotFound.Count} niet in top 5, {failures.WronglyRefused.Count} ten onrechte geweigerd, {failures.WronglyAnswered.Count} onbeantwoordbaar maar beantwoord)</summary>");
        if (rows.Count > 0)
        {
            builder.AppendLine("<table><tr><th>soort</th><th>id</th><th>vraag</th><th>verwacht</th><th>gevonden (top 3)</th><th>zekerheid</th></tr>");
            foreach (var (kind, q) in rows)
            {
                var expected = q.Answerable ? string.Join("<br>", q.Relevant.Select(E)) : "geen antwoord";
                var found = string.Join("<br>", q.Retrieved.Take(3).Select((r, i) => $"{i + 1}. {E(r)}"));
                builder.AppendLine(CultureInfo.InvariantCulture,
                    $"<tr><td>{E(kind)}</td><td>{E(q.Id)}</td><td>{E(q.Question)}</td><td>{expected}</td><td>{found}</td><td class=\"n\">{q.Confidence.ToString("0.00", CultureInfo.InvariantCulture)}</td></tr>");
            }

            builder.AppendLine("</table>");
        }

        builder.AppendLine("</details>");
        return builder.ToString();
    }

    /// <summary>The three ways a run can fail a question.</summary>
    internal sealed record Failures(IReadOnlyList<QuestionResult> NotFound, IReadOnlyList<QuestionResult> WronglyRefused, IReadOnlyList<QuestionResult> WronglyAnswered)
    {
        public static Failures Of(ModeRun run) => new(
            run.Questions.Where(q => q.Answerable && q.FirstRelevantRank is null or > 5).ToList(),
            run.Questions.Where(q => q.Answerable && !q.Answered).ToList(),
            run.Questions.Where(q => !q.Answerable && q.Answered).ToList());
    }
}
