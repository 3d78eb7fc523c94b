using System.Globalization;
using System.Text;
using System.Text.Json;
using KccAssistant.Retrieval;

namespace KccAssistant.Eval.Gate;

/// <summary>Whether a limit is a floor (the metric must stay at or above it) or a ceiling (at or below it).</summary>
public enum LimitKind
{
    /// <summary>Higher is better: the measured value must be at least the limit.</summary>
    Min,

    /// <summary>Lower is better (error rates, latency): the measured value must be at most the limit.</summary>
    Max,
}

/// <summary>One committed limit: in <paramref name="Mode"/>, <paramref name="Metric"/> must stay on the right side of <paramref name="Value"/>.</summary>
public sealed record Limit(string Mode, string Metric, LimitKind Kind, double Value);

/// <summary>The limits of one labelled set on one part of it.</summary>
public sealed record SetFloors(string Set, string Split, IReadOnlyList<Limit> Limits);

/// <summary>One run as the gate sees it: the report.json contract, nothing more.</summary>
public sealed record GateRun(string Mode, string Split, IReadOnlyDictionary<string, double> Metrics);

/// <summary>One limit against one run; <paramref name="Measured"/> is null when the run lacks the metric.</summary>
public sealed record LimitResult(Limit Limit, double? Measured, bool Passed);

/// <summary>The verdict of the gate on one set.</summary>
public sealed record GateOutcome(SetFloors Floors, IReadOnlyList<LimitResult> Results, IReadOnlyList<string> ModesNotRun)
{
    /// <summary>True when every checked limit holds.</summary>
    public bool Passed => Results.All(r => r.Passed);

    /// <summary>0 when every limit holds, 1 when one does not (the <c>eval run</c> exit code).</summary>
    public int ExitCode => Passed ? 0 : 1;
}

/// <summary>
/// The CI quality gate: reads the committed limits of <c>eval/floors.json</c> and checks the runs of a report against
/// them. Pure (strings in, verdict out) so every decision is unit-tested without an index.
/// </summary>
public static class FloorCheck
{
    // Which way each gateable metric points decides whether it may have a floor or a ceiling: a floor on an error rate
    // would pass a regression, so the file is refused rather than read the wrong way round.
    private static readonly Dictionary<string, LimitKind> Directions = new(StringComparer.Ordinal)
    {
        ["recall@1"] = LimitKind.Min,
        ["recall@5"] = LimitKind.Min,
        ["recall@10"] = LimitKind.Min,
        ["mrr@10"] = LimitKind.Min,
        ["ndcg@10"] = LimitKind.Min,
        ["noAnswerAccuracy"] = LimitKind.Min,
        ["citationPrecision"] = LimitKind.Min,
        ["mustContainRate"] = LimitKind.Min,
        ["falseNoAnswerRate"] = LimitKind.Max,
        ["p50Ms"] = LimitKind.Max,
        ["p95Ms"] = LimitKind.Max,
    };

    // The report rounds metrics to four decimals; a limit written with the same digits must not fail on float noise.
    private const double Tolerance = 1e-9;

    /// <summary>Reads the limits of <paramref name="set"/> from a floors file.</summary>
    /// <exception cref="FormatException">The file is not valid, names an unknown set, mode or metric, or puts a limit on the wrong side.</exception>
    public static SetFloors Parse(string json, string set, string source = "floors.json")
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentException.ThrowIfNullOrWhiteSpace(set);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException exception)
        {
            throw new FormatException($"{source} is geen geldige JSON: {exception.Message}", exception);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Invalid(source, "$", "verwacht een object met één sleutel per set");
            }

            // Every set is validated, not only the one asked for: a typo elsewhere must not wait for the day that set is gated.
            SetFloors? wanted = null;
            var names = new List<string>();
            foreach (var entry in root.EnumerateObject().Where(p => !IsComment(p.Name)))
            {
                names.Add(entry.Name);
                var floors = ParseSet(entry, source);
                if (entry.Name == set)
                {
                    wanted = floors;
                }
            }

            return wanted ?? throw new FormatException(
                $"{source} heeft geen drempels voor set '{set}' (wel voor: {(names.Count == 0 ? "geen enkele set" : string.Join(", ", names))}); kies er een met --floors-set.");
        }
    }

    /// <summary>The runs in a report.json, as the gate checks them.</summary>
    /// <remarks>Runs with a <c>variant</c> are left out: the floors hold for the default settings, a variant is an experiment.</remarks>
    /// <exception cref="FormatException">The report has no <c>runs</c> array.</exception>
    public static IReadOnlyList<GateRun> RunsFromReport(string reportJson)
    {
        ArgumentNullException.ThrowIfNull(reportJson);
        using var document = JsonDocument.Parse(reportJson);
        if (!document.RootElement.TryGetProperty("runs", out var runs) || runs.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("report.json heeft geen 'runs'.");
        }

        var result = new List<GateRun>();
        foreach (var run in runs.EnumerateArray())
        {
            if (run.TryGetProperty("variant", out var variant) && variant.ValueKind is not JsonValueKind.Null)
            {
                continue;
            }

            var metrics = run.EnumerateObject()
                .Where(p => p.Value.ValueKind == JsonValueKind.Number)
                .ToDictionary(p => p.Name, p => p.Value.GetDouble(), StringComparer.Ordinal);
            result.Add(new GateRun(
                run.GetProperty("mode").GetString() ?? "",
                run.TryGetProperty("split", out var split) ? split.GetString() ?? "all" : "all",
                metrics));
        }

        return result;
    }

    /// <summary>Checks every limit against the run of its mode on the floors' part of the set.</summary>
    /// <exception cref="InvalidOperationException">No run covers the part of the set the floors are for: nothing could be checked.</exception>
    public static GateOutcome Check(SetFloors floors, IReadOnlyList<GateRun> runs)
    {
        ArgumentNullException.ThrowIfNull(floors);
        ArgumentNullException.ThrowIfNull(runs);
        var onSplit = runs.Where(r => string.Equals(r.Split, floors.Split, StringComparison.OrdinalIgnoreCase)).ToList();
        if (onSplit.Count == 0)
        {
            // A gate that compared nothing must not report success.
            throw new InvalidOperationException(
                $"De drempels van '{floors.Set}' gelden voor deel '{floors.Split}', maar deze run heeft {(runs.Count == 0 ? "geen runs" : "alleen deel " + string.Join(", ", runs.Select(r => $"'{r.Split}'").Distinct()))}; draai met --split {floors.Split}.");
        }

        var results = new List<LimitResult>();
        var notRun = new List<string>();
        foreach (var limit in floors.Limits)
        {
            var run = onSplit.FirstOrDefault(r => string.Equals(r.Mode, limit.Mode, StringComparison.OrdinalIgnoreCase));
            if (run is null)
            {
                // A run of fewer modes (--modes hybrid) checks what it ran; CI names every mode, so it cannot slip through there.
                if (!notRun.Contains(limit.Mode))
                {
                    notRun.Add(limit.Mode);
                }

                continue;
            }

            double? measured = run.Metrics.TryGetValue(limit.Metric, out var value) && double.IsFinite(value) ? value : null;
            var passed = measured is { } m && (limit.Kind == LimitKind.Min ? m >= limit.Value - Tolerance : m <= limit.Value + Tolerance);
            results.Add(new LimitResult(limit, measured, passed));
        }

        return new GateOutcome(floors, results, notRun);
    }

    /// <summary>The table printed after a run: per limit the limit, the measured value, the margin and PASS/FAIL.</summary>
    public static string Table(GateOutcome outcome, string source)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var builder = new StringBuilder();
        builder.AppendLine();
        builder.AppendLine(CultureInfo.InvariantCulture, $"Kwaliteitspoort: drempels uit {source}, set '{outcome.Floors.Set}', deel '{outcome.Floors.Split}'");
        builder.AppendLine(CultureInfo.InvariantCulture, $"{"modus",-9}{"metriek",-20}{"grens",10}{"gemeten",10}{"marge",10}  uitslag");
        foreach (var result in outcome.Results)
        {
            var limit = result.Limit;
            var sign = limit.Kind == LimitKind.Min ? "≥" : "≤";
            var measured = result.Measured is { } m ? m.ToString("0.000", CultureInfo.InvariantCulture) : "ontbreekt";
            var margin = result.Measured is { } v
                ? (limit.Kind == LimitKind.Min ? v - limit.Value : limit.Value - v).ToString("+0.000;-0.000;0.000", CultureInfo.InvariantCulture)
                : "";
            builder.AppendLine(CultureInfo.InvariantCulture,
                $"{limit.Mode,-9}{limit.Metric,-20}{sign + " " + limit.Value.ToString("0.000", CultureInfo.InvariantCulture),10}{measured,10}{margin,10}  {(result.Passed ? "PASS" : "FAIL")}");
        }

        if (outcome.ModesNotRun.Count > 0)
        {
            builder.AppendLine(CultureInfo.InvariantCulture, $"Niet gecontroleerd (modus niet gedraaid): {string.Join(", ", outcome.ModesNotRun)}.");
        }

        var failed = outcome.Results.Count(r => !r.Passed);
        builder.AppendLine(outcome.Passed
            ? $"Kwaliteitspoort GESLAAGD: alle {outcome.Results.Count} metrieken binnen hun grens."
            : $"Kwaliteitspoort NIET GESLAAGD: {failed} van {outcome.Results.Count} metrieken buiten hun grens (FAIL). Een grens wordt nooit stilzwijgend verlaagd: zie eval/README.md.");
        return builder.ToString();
    }

    private static SetFloors ParseSet(JsonProperty entry, string source)
    {
        var path = entry.Name;
        if (entry.Value.ValueKind != JsonValueKind.Object)
        {
            throw Invalid(source, path, "verwacht een object met 'split' en 'modes'");
        }

        var split = "test";
        var limits = new List<Limit>();
        var sawModes = false;
        foreach (var property in entry.Value.EnumerateObject().Where(p => !IsComment(p.Name)))
        {
            switch (property.Name)
            {
                case "split":
                    split = property.Value.ValueKind == JsonValueKind.String && property.Value.GetString() is "dev" or "test" or "all"
                        ? property.Value.GetString()!
                        : throw Invalid(source, $"{path}.split", "verwacht \"dev\", \"test\" of \"all\"");
                    break;
                case "modes":
                    sawModes = true;
                    limits.AddRange(ParseModes(property.Value, source, $"{path}.modes"));
                    break;
                default:
                    throw Invalid(source, $"{path}.{property.Name}", "onbekende sleutel (verwacht 'split', 'modes' of '_comment')");
            }
        }

        return sawModes && limits.Count > 0
            ? new SetFloors(entry.Name, split, limits)
            : throw Invalid(source, path, "noemt geen enkele grens onder 'modes'");
    }

    private static IEnumerable<Limit> ParseModes(JsonElement modes, string source, string path)
    {
        if (modes.ValueKind != JsonValueKind.Object)
        {
            throw Invalid(source, path, "verwacht een object met één sleutel per modus");
        }

        var known = Enum.GetNames<RetrievalMode>().Select(n => n.ToLowerInvariant()).ToList();
        var limits = new List<Limit>();
        foreach (var mode in modes.EnumerateObject().Where(p => !IsComment(p.Name)))
        {
            var modePath = $"{path}.{mode.Name}";
            if (!known.Contains(mode.Name))
            {
                throw Invalid(source, modePath, $"onbekende modus (bekend: {string.Join(", ", known)})");
            }

            if (mode.Value.ValueKind != JsonValueKind.Object)
            {
                throw Invalid(source, modePath, "verwacht een object met 'min' en/of 'max'");
            }

            foreach (var side in mode.Value.EnumerateObject().Where(p => !IsComment(p.Name)))
            {
                var kind = side.Name switch
                {
                    "min" => LimitKind.Min,
                    "max" => LimitKind.Max,
                    _ => throw Invalid(source, $"{modePath}.{side.Name}", "onbekende sleutel (verwacht 'min' voor ondergrenzen of 'max' voor bovengrenzen)"),
                };
                if (side.Value.ValueKind != JsonValueKind.Object)
                {
                    throw Invalid(source, $"{modePath}.{side.Name}", "verwacht een object metriek → getal");
                }

                foreach (var metric in side.Value.EnumerateObject())
                {
                    limits.Add(ParseLimit(mode.Name, kind, metric, source, $"{modePath}.{side.Name}.{metric.Name}"));
                }
            }
        }

        return limits;
    }

    private static Limit ParseLimit(string mode, LimitKind kind, JsonProperty metric, string source, string path)
    {
        if (!Directions.TryGetValue(metric.Name, out var direction))
        {
            throw Invalid(source, path, $"onbekende metriek (bekend: {string.Join(", ", Directions.Keys)})");
        }

        if (direction != kind)
        {
            throw Invalid(source, path, direction == LimitKind.Max
                ? "bij deze metriek is lager beter: zet de grens onder 'max'"
                : "bij deze metriek is hoger beter: zet de grens onder 'min'");
        }

        if (metric.Value.ValueKind != JsonValueKind.Number || !metric.Value.TryGetDouble(out var value) || value < 0
            || (!metric.Name.EndsWith("Ms", StringComparison.Ordinal) && value > 1))
        {
            throw Invalid(source, path, metric.Name.EndsWith("Ms", StringComparison.Ordinal)
                ? "verwacht een getal ≥ 0 (milliseconden)"
                : "verwacht een getal tussen 0 en 1");
        }

        return new Limit(mode, metric.Name, kind, value);
    }

    private static bool IsComment(string name) => name.StartsWith('_');

    private static FormatException Invalid(string source, string path, string problem) => new($"{source}: {path}: {problem}.");
}
