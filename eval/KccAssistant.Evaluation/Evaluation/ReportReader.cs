using System.Text.Json;

namespace KccAssistant.Eval.Evaluation;

/// <summary>A report.json read back, with the per-question results of each run.</summary>
/// <param name="Path">Where it was read.</param>
/// <param name="Set">The labelled set it measured.</param>
/// <param name="Commit">The commit it was measured on, when recorded.</param>
/// <param name="CreatedAt">When it was written, when recorded.</param>
/// <param name="Runs">Its runs.</param>
public sealed record ReadReport(string Path, string Set, string? Commit, DateTimeOffset? CreatedAt, IReadOnlyList<ReadRun> Runs);

/// <summary>One run of a report read back.</summary>
/// <param name="Mode">Retrieval mode.</param>
/// <param name="Variant">Variant name, null for the configured settings.</param>
/// <param name="Split">Part of the set.</param>
/// <param name="Name">The run's name in the report.</param>
/// <param name="Questions">Its per-question results.</param>
public sealed record ReadRun(string Mode, string? Variant, string Split, string Name, IReadOnlyList<QuestionResult> Questions)
{
    /// <summary>What makes runs of two reports comparable: the same mode, variant and part.</summary>
    public string Key => $"{Mode}|{Variant}|{Split}";
}

/// <summary>Reads report.json and the per-question files beside it, with errors that say which file and what is wrong.</summary>
public static class ReportReader
{
    /// <summary>Reads <paramref name="path"/> (a report.json, or the folder holding one).</summary>
    public static async Task<ReadReport> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        var file = Directory.Exists(path) ? System.IO.Path.Combine(path, "report.json") : path;
        if (!File.Exists(file))
        {
            throw new FileNotFoundException($"Rapport '{file}' bestaat niet.", file);
        }

        JsonDocument document;
        try
        {
            await using var stream = File.OpenRead(file);
            document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
        }
        catch (JsonException exception)
        {
            throw new FormatException($"Rapport '{file}' is geen geldige JSON ({exception.Message}).", exception);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("runs", out var runs) || runs.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException($"Rapport '{file}' heeft geen \"runs\": is het een report.json van eval run?");
            }

            var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(file))!;
            var read = new List<ReadRun>();
            foreach (var run in runs.EnumerateArray())
            {
                var mode = String(run, "mode") ?? throw new FormatException($"Rapport '{file}': een run zonder \"mode\".");
                var variant = String(run, "variant");
                var split = String(run, "split") ?? LabelledSet.AllSplits;
                // Reports from before runs named their file carry the name the writer used then: mode, then the part.
                var name = String(run, "name") ?? string.Join('-', new[] { mode, variant, split == LabelledSet.AllSplits ? null : split }.Where(p => p is not null));
                var questionsFile = System.IO.Path.Combine(directory, String(run, "questionsFile") ?? $"questions-{name}.jsonl");
                read.Add(new ReadRun(mode, variant, split, name, await ReadQuestionsAsync(questionsFile, cancellationToken)));
            }

            DateTimeOffset? createdAt = root.TryGetProperty("createdAt", out var created) && created.TryGetDateTimeOffset(out var at) ? at : null;
            var commit = root.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Object ? String(details, "commit") : null;
            return new ReadReport(file, String(root, "set") ?? "", commit, createdAt, read);
        }
    }

    /// <summary>The per-question results of one run (a questions-*.jsonl file).</summary>
    public static async Task<IReadOnlyList<QuestionResult>> ReadQuestionsAsync(string path, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Vraagresultaten '{path}' ontbreken (ze horen naast report.json te staan).", path);
        }

        var results = new List<QuestionResult>();
        var lineNumber = 0;
        foreach (var line in await File.ReadAllLinesAsync(path, cancellationToken))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                using var document = JsonDocument.Parse(line);
                results.Add(Question(document.RootElement));
            }
            catch (Exception exception) when (exception is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
            {
                throw new FormatException($"{path}:{lineNumber}: geen vraagresultaat ({exception.Message}).", exception);
            }
        }

        return results;
    }

    // Read field by field rather than deserialised whole: a file from an older or newer eval, with fields added or
    // dropped, still compares on the fields both have.
    private static QuestionResult Question(JsonElement e) => new(
        String(e, "id") ?? throw new FormatException("\"id\" ontbreekt"),
        String(e, "question") ?? "",
        e.GetProperty("answerable").GetBoolean(),
        e.GetProperty("answered").GetBoolean(),
        e.TryGetProperty("firstRelevantRank", out var rank) && rank.ValueKind == JsonValueKind.Number ? rank.GetInt32() : null,
        Number(e, "confidence"),
        Number(e, "milliseconds"),
        Strings(e, "retrieved"),
        Strings(e, "relevant"),
        (int)Number(e, "citedInAnswer"),
        (int)Number(e, "citedRelevant"),
        e.TryGetProperty("mustContainOk", out var must) && must.ValueKind is JsonValueKind.True or JsonValueKind.False ? must.GetBoolean() : null,
        String(e, "answer") ?? "",
        Number(e, "coverage"),
        Number(e, "denseMax"),
        Number(e, "unknownShare"),
        null);

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static double Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : 0;

    private static List<string> Strings(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToList()
            : [];
}
