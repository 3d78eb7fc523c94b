using System.Text.Json;
using System.Text.RegularExpressions;
using KccAssistant.Configuration;
using KccAssistant.Eval.Comparison;
using KccAssistant.Eval.Evaluation;
using Microsoft.Extensions.Options;

namespace KccAssistant.Web.Evaluation;

/// <summary>What the run list shows of a finished run (<c>run.json</c> beside its report).</summary>
/// <param name="Id">The run's id: <c>yyyyMMdd-HHmmss-xxxx</c>, also its folder name.</param>
/// <param name="SetId">The set's id on the page.</param>
/// <param name="SetName">The set's file name.</param>
/// <param name="SetKind">How the page names the set's kind.</param>
/// <param name="Splits">The parts that were run.</param>
/// <param name="Modes">The retrieval modes that were run.</param>
/// <param name="Questions">Questions measured per mode (over all parts).</param>
/// <param name="StartedAt">When the run started.</param>
/// <param name="FinishedAt">When its report was written.</param>
/// <param name="StartedBy">The role that started it (never the person).</param>
public sealed record EvaluationRunInfo(
    string Id, string SetId, string SetName, string SetKind, IReadOnlyList<string> Splits, IReadOnlyList<string> Modes, int Questions,
    DateTimeOffset StartedAt, DateTimeOffset FinishedAt, string StartedBy)
{
    /// <summary>How long it took.</summary>
    public TimeSpan Duration => FinishedAt - StartedAt;
}

/// <summary>A finished run read back for the page: what report.html shows.</summary>
/// <param name="Info">The run list's entry.</param>
/// <param name="Details">Run details as in the report; null for a report without them.</param>
/// <param name="Runs">One entry per mode and part, with metrics, intervals and per-question results.</param>
/// <param name="Plots">The plot files that exist, with their text alternatives.</param>
public sealed record StoredEvaluationRun(EvaluationRunInfo Info, RunDetails? Details, IReadOnlyList<ModeRun> Runs, IReadOnlyList<ReportPlot> Plots);

/// <summary>
/// The Evaluation page's runs in <c>&lt;DataDir&gt;/eval-runs/{id}/</c>: the files <c>eval run</c> writes (report.json,
/// report.md, report.html, the plots and the per-question files) plus <c>run.json</c> for the list, and comparisons in
/// <c>{id}/vergelijking-{other}/</c>. A run appears only once all its files are written.
/// </summary>
public sealed partial class EvaluationRunStore(IOptions<KccOptions> kcc)
{
    /// <summary>The folder under the data directory.</summary>
    public const string FolderName = "eval-runs";

    /// <summary>The list entry's file in a run's folder.</summary>
    public const string InfoFile = "run.json";

    // The plots ReportPlots writes; the page shows the ones present with the same text alternatives as report.html.
    private static readonly ReportPlot[] KnownPlots =
    [
        new("recall-at-k.png", "Recall@k voor k = 1 tot 10, een lijn per modus", "Aandeel beantwoordbare vragen met een relevant document in de eerste k resultaten."),
        new("no-answer-tradeoff.png", "Afweging 'geen antwoord': noAnswerAccuracy tegen falseNoAnswerRate over de drempels 0 tot 1, met de drempel in gebruik gemarkeerd", "Elke lijn loopt over de drempel van 0 tot 1 (stap 0,05); linksboven is beter. De ruit is de drempel in gebruik."),
        new("latency.png", "Antwoordtijd per modus: mediaan, kwartielen en 5e tot 95e percentiel in milliseconden", "Doos: 25e tot 75e percentiel met de mediaan; snorharen: 5e tot 95e percentiel van de tijd per vraag."),
    ];

    /// <summary>The runs folder.</summary>
    public string Root => Path.Combine(KccPaths.Resolve(kcc.Value.DataDir), FolderName);

    /// <summary>Whether <paramref name="id"/> has the form of a run id (so it is safe as a folder name).</summary>
    public static bool IsRunId(string? id) => id is not null && RunId().IsMatch(id);

    /// <summary>A run's folder; only for a valid id.</summary>
    public string DirectoryOf(string id) => IsRunId(id) ? Path.Combine(Root, id) : throw new ArgumentException($"'{id}' is geen run-id.", nameof(id));

    /// <summary>A folder to write a new run into before <see cref="Publish"/> moves it into the list.</summary>
    internal string PendingDirectoryOf(string id) => Path.Combine(Root, ".bezig-" + id);

    /// <summary>Writes <paramref name="info"/> and moves the pending folder into place: the run appears whole or not at all.</summary>
    internal async Task PublishAsync(EvaluationRunInfo info, CancellationToken cancellationToken)
    {
        var pending = PendingDirectoryOf(info.Id);
        await File.WriteAllTextAsync(Path.Combine(pending, InfoFile), JsonSerializer.Serialize(info, ReportWriter.Json), cancellationToken);
        Directory.Move(pending, DirectoryOf(info.Id));
    }

    /// <summary>Removes what a failed or cancelled run left behind.</summary>
    internal void Discard(string id)
    {
        var pending = PendingDirectoryOf(id);
        if (Directory.Exists(pending))
        {
            Directory.Delete(pending, recursive: true);
        }
    }

    /// <summary>Every finished run, newest first.</summary>
    public async Task<IReadOnlyList<EvaluationRunInfo>> ListAsync(CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(Root))
        {
            return [];
        }

        var runs = new List<EvaluationRunInfo>();
        foreach (var directory in Directory.EnumerateDirectories(Root).Where(d => IsRunId(Path.GetFileName(d))))
        {
            if (await ReadInfoAsync(directory, cancellationToken) is { } info)
            {
                runs.Add(info);
            }
        }

        return runs.OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.Id, StringComparer.Ordinal).ToList();
    }

    /// <summary>A finished run with its metrics and per-question results, or null when there is no such run.</summary>
    /// <exception cref="FormatException">When its report cannot be read.</exception>
    public async Task<StoredEvaluationRun?> LoadAsync(string id, CancellationToken cancellationToken = default)
    {
        if (!IsRunId(id) || !Directory.Exists(DirectoryOf(id)) || await ReadInfoAsync(DirectoryOf(id), cancellationToken) is not { } info)
        {
            return null;
        }

        var directory = DirectoryOf(id);
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(directory, "report.json"), cancellationToken));
        var root = document.RootElement;
        var details = root.TryGetProperty("details", out var detailsElement) ? detailsElement.Deserialize<RunDetails>(ReportWriter.Json) : null;
        var runs = new List<ModeRun>();
        foreach (var run in root.GetProperty("runs").EnumerateArray())
        {
            var mode = run.GetProperty("mode").GetString() ?? "";
            var split = run.TryGetProperty("split", out var s) ? s.GetString() ?? LabelledSet.AllSplits : LabelledSet.AllSplits;
            var questionsFile = run.TryGetProperty("questionsFile", out var q) ? q.GetString() : null;
            var name = run.TryGetProperty("name", out var n) ? n.GetString() : null;
            var metrics = new Dictionary<string, double?>(StringComparer.Ordinal);
            foreach (var key in new[] { "questions", "answerable", "unanswerable" }.Concat(RunMetrics.WithInterval))
            {
                metrics[key] = run.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;
            }

            var intervals = new Dictionary<string, double[]?>(StringComparer.Ordinal);
            if (run.TryGetProperty("ci", out var ci) && ci.ValueKind == JsonValueKind.Object)
            {
                foreach (var interval in ci.EnumerateObject())
                {
                    intervals[interval.Name] = interval.Value.ValueKind == JsonValueKind.Array ? interval.Value.EnumerateArray().Select(v => v.GetDouble()).ToArray() : null;
                }
            }

            var sweep = run.TryGetProperty("thresholdSweep", out var sw) ? sw.Deserialize<List<ThresholdPoint>>(ReportWriter.Json) ?? [] : [];
            var file = Path.GetFileName(questionsFile ?? $"questions-{name}.jsonl");
            var questions = await ReportReader.ReadQuestionsAsync(Path.Combine(directory, file), cancellationToken);
            runs.Add(new ModeRun(mode, metrics, questions, sweep, split)
            {
                Variant = run.TryGetProperty("variant", out var v) ? v.GetString() : null,
                Intervals = intervals,
                Threshold = run.TryGetProperty("threshold", out var t) && t.ValueKind == JsonValueKind.Number ? t.GetDouble() : null,
            });
        }

        var plots = KnownPlots.Where(p => File.Exists(Path.Combine(directory, p.File))).ToList();
        return new StoredEvaluationRun(info, details, runs, plots);
    }

    /// <summary>
    /// Run <paramref name="idB"/> compared with the earlier <paramref name="idA"/> (the CLI's <c>eval compare</c>), written
    /// to <c>{idB}/vergelijking-{idA}/</c> for download.
    /// </summary>
    /// <exception cref="InvalidOperationException">In Dutch, when the two cannot be compared (other sets, no common runs).</exception>
    public async Task<ComparisonResult> CompareAsync(string idA, string idB, CancellationToken cancellationToken = default)
    {
        if (!IsRunId(idA) || !IsRunId(idB))
        {
            throw new InvalidOperationException("Kies twee runs om te vergelijken.");
        }

        if (new[] { idA, idB }.FirstOrDefault(id => !File.Exists(Path.Combine(DirectoryOf(id), "report.json"))) is { } missing)
        {
            throw new InvalidOperationException($"Run {missing} bestaat niet meer.");
        }

        var a = await ReportReader.ReadAsync(DirectoryOf(idA), cancellationToken);
        var b = await ReportReader.ReadAsync(DirectoryOf(idB), cancellationToken);
        // CPU-bound (a paired bootstrap per metric): off the circuit's thread.
        var result = await Task.Run(() => ReportComparer.Compare(a, b, cancellationToken: cancellationToken), cancellationToken);
        await CompareReportWriter.WriteAsync(ComparisonDirectory(idA, idB), result, cancellationToken);
        return result;
    }

    /// <summary>Where the comparison of <paramref name="idB"/> with <paramref name="idA"/> is written.</summary>
    public string ComparisonDirectory(string idA, string idB) => Path.Combine(DirectoryOf(idB), ComparisonFolder(idA));

    /// <summary>The folder name of a comparison with <paramref name="idA"/> inside the later run's folder.</summary>
    public static string ComparisonFolder(string idA) => "vergelijking-" + idA;

    private static async Task<EvaluationRunInfo?> ReadInfoAsync(string directory, CancellationToken cancellationToken)
    {
        var file = Path.Combine(directory, InfoFile);
        if (!File.Exists(file))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<EvaluationRunInfo>(await File.ReadAllTextAsync(file, cancellationToken), ReportWriter.Json);
        }
        catch (JsonException)
        {
            // A hand-edited or cut-off run.json hides that run, not the whole list.
            return null;
        }
    }

    [GeneratedRegex("^[0-9]{8}-[0-9]{6}-[0-9a-f]{4}$")]
    private static partial Regex RunId();
}
