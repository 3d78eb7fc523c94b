using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using KccAssistant.Answering.Answerability;

namespace KccAssistant.Eval.Evaluation;

/// <summary>Writes report.json (the contract), report.md and report.html (plots) and per-question results.</summary>
public static class ReportWriter
{
    private static readonly string[] Headline = ["recall@1", "recall@5", "mrr@10", "ndcg@10", "noAnswerAccuracy", "falseNoAnswerRate", "citationPrecision", "p50Ms", "p95Ms"];
    private static readonly string[] Colors = ["#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd"];

    /// <summary>Writes everything into <paramref name="directory"/>.</summary>
    /// <param name="directory">Output directory.</param>
    /// <param name="setPath">The labelled set.</param>
    /// <param name="runs">One run per mode.</param>
    /// <param name="answerability">The "geen antwoord" model that judged hybrid mode, so a report says what it measured.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    public static async Task WriteAsync(string directory, string setPath, IReadOnlyList<ModeRun> runs, ActiveAnswerabilityModel? answerability = null, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(directory);
        var json = new
        {
            set = setPath,
            createdAt = DateTimeOffset.UtcNow,
            answerability,
            runs = runs.Select(run =>
            {
                var entry = new Dictionary<string, object> { ["mode"] = run.Mode, ["split"] = run.Split };
                foreach (var (key, value) in run.Metrics)
                {
                    entry[key] = key is "questions" or "answerable" or "unanswerable" ? (int)value : value;
                }

                entry["thresholdSweep"] = run.Sweep;
                return entry;
            }),
        };
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true };
        await File.WriteAllTextAsync(Path.Combine(directory, "report.json"), JsonSerializer.Serialize(json, options), cancellationToken);
        foreach (var run in runs)
        {
            await File.WriteAllLinesAsync(
                Path.Combine(directory, $"questions-{run.Name}.jsonl"),
                run.Questions.Select(q => JsonSerializer.Serialize(q, new JsonSerializerOptions(JsonSerializerDefaults.Web))),
                cancellationToken);
        }

        await File.WriteAllTextAsync(Path.Combine(directory, "report.md"), Markdown(setPath, runs) + Describe(answerability), cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(directory, "report.html"), Html(setPath, runs), cancellationToken);
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

    /// <summary>The side-by-side table printed to the console.</summary>
    public static string Table(IReadOnlyList<ModeRun> runs)
    {
        var builder = new StringBuilder();
        builder.Append(CultureInfo.InvariantCulture, $"{"metric",-20}");
        foreach (var run in runs)
        {
            builder.Append(CultureInfo.InvariantCulture, $"{run.Name,12}");
        }

        builder.AppendLine();
        foreach (var key in Headline)
        {
            builder.Append(CultureInfo.InvariantCulture, $"{key,-20}");
            foreach (var run in runs)
            {
                builder.Append(CultureInfo.InvariantCulture, $"{run.Metrics.GetValueOrDefault(key),12:0.###}");
            }

            builder.AppendLine();
        }

        return builder.ToString();
    }

    private static string Markdown(string setPath, IReadOnlyList<ModeRun> runs)
    {
        var builder = new StringBuilder();
        builder.AppendLine(CultureInfo.InvariantCulture, $"# Evaluatie: {Path.GetFileName(setPath)}");
        builder.AppendLine();
        builder.AppendLine(CultureInfo.InvariantCulture, $"{runs[0].Metrics["questions"]} vragen, waarvan {runs[0].Metrics["answerable"]} beantwoordbaar. Plots: report.html.");
        builder.AppendLine();
        builder.AppendLine("| metric | " + string.Join(" | ", runs.Select(r => r.Name)) + " |");
        builder.AppendLine("|---|" + string.Concat(runs.Select(_ => "---:|")));
        foreach (var key in Headline.Append("mustContainRate"))
        {
            builder.AppendLine($"| {key} | " + string.Join(" | ", runs.Select(r => r.Metrics.GetValueOrDefault(key).ToString("0.###", CultureInfo.InvariantCulture))) + " |");
        }

        foreach (var run in runs)
        {
            builder.AppendLine();
            builder.AppendLine(CultureInfo.InvariantCulture, $"## Fouten – {run.Name}");
            builder.AppendLine();
            var misses = run.Questions.Where(q => q.Answerable && q.FirstRelevantRank is null or > 5).ToList();
            builder.AppendLine(CultureInfo.InvariantCulture, $"Relevante bron niet in top 5 ({misses.Count}):");
            builder.AppendLine();
            foreach (var miss in misses)
            {
                builder.AppendLine(CultureInfo.InvariantCulture, $"- `{miss.Id}` {miss.Question} — verwacht {string.Join(", ", miss.Relevant)}; kreeg: {string.Join("; ", miss.Retrieved.Take(3))}");
            }

            var wrongAnswered = run.Questions.Where(q => !q.Answerable && q.Answered).ToList();
            builder.AppendLine();
            builder.AppendLine(CultureInfo.InvariantCulture, $"Onbeantwoordbaar maar toch beantwoord ({wrongAnswered.Count}):");
            builder.AppendLine();
            foreach (var q in wrongAnswered)
            {
                builder.AppendLine(CultureInfo.InvariantCulture, $"- `{q.Id}` {q.Question} (zekerheid {q.Confidence:0.00}) → {q.Retrieved.FirstOrDefault()}");
            }

            var falseNo = run.Questions.Where(q => q.Answerable && !q.Answered).ToList();
            builder.AppendLine();
            builder.AppendLine(CultureInfo.InvariantCulture, $"Beantwoordbaar maar 'geen antwoord' ({falseNo.Count}):");
            builder.AppendLine();
            foreach (var q in falseNo)
            {
                builder.AppendLine(CultureInfo.InvariantCulture, $"- `{q.Id}` {q.Question} (zekerheid {q.Confidence:0.00})");
            }
        }

        return builder.ToString();
    }

    private static string Html(string setPath, IReadOnlyList<ModeRun> runs)
    {
        var builder = new StringBuilder();
        builder.AppendLine("<!DOCTYPE html><html lang=\"nl\"><head><meta charset=\"utf-8\"><title>Evaluatie</title>");
        builder.AppendLine("<style>body{font-family:sans-serif;max-width:1000px;margin:2em auto}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}</style></head><body>");
        builder.AppendLine(CultureInfo.InvariantCulture, $"<h1>Evaluatie: {WebUtility.HtmlEncode(Path.GetFileName(setPath))}</h1>");
        builder.AppendLine("<h2>Kwaliteit per modus</h2>");
        builder.AppendLine(Bars(runs, ["recall@1", "recall@5", "mrr@10", "ndcg@10", "noAnswerAccuracy", "falseNoAnswerRate", "citationPrecision"], 1.0));
        builder.AppendLine("<h2>Snelheid per modus (ms)</h2>");
        builder.AppendLine(Bars(runs, ["p50Ms", "p95Ms"], Math.Max(1, runs.Max(r => r.Metrics["p95Ms"]))));
        builder.AppendLine("<h2>Drempel voor 'geen antwoord'</h2><p>Per drempel op de zekerheid: aandeel onbeantwoordbare vragen correct geweigerd (doorgetrokken) en aandeel beantwoordbare vragen ten onrechte geweigerd (gestippeld).</p>");
        builder.AppendLine(Sweep(runs));
        builder.AppendLine("</body></html>");
        return builder.ToString();
    }

    private static string Bars(IReadOnlyList<ModeRun> runs, string[] keys, double max)
    {
        const int width = 900, rowHeight = 18, labelWidth = 160;
        var height = (keys.Length * ((runs.Count * rowHeight) + 10)) + 30;
        var svg = new StringBuilder();
        svg.AppendLine(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" font-size=\"12\">");
        var y = 10;
        foreach (var key in keys)
        {
            svg.AppendLine(CultureInfo.InvariantCulture, $"<text x=\"0\" y=\"{y + 13}\">{key}</text>");
            for (var i = 0; i < runs.Count; i++)
            {
                var value = runs[i].Metrics.GetValueOrDefault(key);
                var w = (int)((width - labelWidth - 80) * Math.Clamp(value / max, 0, 1));
                svg.AppendLine(CultureInfo.InvariantCulture, $"<rect x=\"{labelWidth}\" y=\"{y}\" width=\"{w}\" height=\"{rowHeight - 3}\" fill=\"{Colors[i % Colors.Length]}\"/>");
                svg.AppendLine(CultureInfo.InvariantCulture, $"<text x=\"{labelWidth + w + 4}\" y=\"{y + 12}\">{runs[i].Name} {value:0.###}</text>");
                y += rowHeight;
            }

            y += 10;
        }

        svg.AppendLine("</svg>");
        return svg.ToString();
    }

    private static string Sweep(IReadOnlyList<ModeRun> runs)
    {
        const int width = 600, height = 300, pad = 40;
        var svg = new StringBuilder();
        svg.AppendLine(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" font-size=\"11\">");
        svg.AppendLine(CultureInfo.InvariantCulture, $"<line x1=\"{pad}\" y1=\"{height - pad}\" x2=\"{width - 10}\" y2=\"{height - pad}\" stroke=\"#000\"/><line x1=\"{pad}\" y1=\"10\" x2=\"{pad}\" y2=\"{height - pad}\" stroke=\"#000\"/>");
        svg.AppendLine(CultureInfo.InvariantCulture, $"<text x=\"{width / 2}\" y=\"{height - 8}\">drempel</text><text x=\"2\" y=\"20\">1.0</text><text x=\"2\" y=\"{height - pad}\">0</text>");
        for (var i = 0; i < runs.Count; i++)
        {
            string Points(Func<ThresholdPoint, double> value) => string.Join(' ', runs[i].Sweep.Select(p =>
                FormattableString.Invariant($"{pad + (p.Threshold * (width - pad - 10)):0.#},{height - pad - (value(p) * (height - pad - 10)):0.#}")));
            svg.AppendLine(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{Colors[i % Colors.Length]}\" points=\"{Points(p => p.NoAnswerAccuracy)}\"/>");
            svg.AppendLine(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{Colors[i % Colors.Length]}\" stroke-dasharray=\"4 3\" points=\"{Points(p => p.FalseNoAnswerRate)}\"/>");
            svg.AppendLine(CultureInfo.InvariantCulture, $"<text x=\"{width - 120}\" y=\"{20 + (i * 14)}\" fill=\"{Colors[i % Colors.Length]}\">{runs[i].Name}</text>");
        }

        svg.AppendLine("</svg>");
        return svg.ToString();
    }
}
