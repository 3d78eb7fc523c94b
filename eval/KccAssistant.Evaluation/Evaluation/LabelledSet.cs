using System.Text.Json;
using System.Text.Json.Serialization;

namespace KccAssistant.Eval.Evaluation;

/// <summary>One line of a labelled set.</summary>
public sealed record LabelledQuestion
{
    /// <summary>Question id.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>The question as an agent types it.</summary>
    [JsonPropertyName("question")]
    public required string Question { get; init; }

    /// <summary>Relevant document URLs or source ids.</summary>
    [JsonPropertyName("relevant")]
    public IReadOnlyList<string> Relevant { get; init; } = [];

    /// <summary>False when the sources do not answer it.</summary>
    [JsonPropertyName("answerable")]
    public bool Answerable { get; init; } = true;

    /// <summary>Optional reference answer.</summary>
    [JsonPropertyName("answer")]
    public string? Answer { get; init; }

    /// <summary>
    /// The part of the set: "dev" for tuning and calibration, "test" to report only; null when the set is not split.
    /// </summary>
    [JsonPropertyName("split")]
    public string? Split { get; init; }

    /// <summary>Optional words a correct answer contains.</summary>
    [JsonPropertyName("mustContain")]
    public IReadOnlyList<string> MustContain { get; init; } = [];

    /// <summary>True for a line <c>eval export</c> could not label (a thumbs-down without a correction): not used until labelled.</summary>
    [JsonPropertyName("needsReview")]
    public bool NeedsReview { get; init; }
}

/// <summary>Reads labelled sets (JSON Lines) with errors that name the line.</summary>
public static class LabelledSet
{
    /// <summary>The whole set, both parts.</summary>
    public const string AllSplits = "all";

    /// <summary>
    /// The parts named in <paramref name="value"/>: "dev", "test", "all" or a comma-separated list such as
    /// "dev,test" (one run per part); null or empty means "all".
    /// </summary>
    public static IReadOnlyList<string> ParseSplits(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return [AllSplits];
        }

        var splits = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => s.ToLowerInvariant())
            .Distinct(StringComparer.Ordinal)
            .ToList();
        foreach (var split in splits)
        {
            if (split is not ("dev" or "test" or AllSplits))
            {
                throw new ArgumentException($"--split kent 'dev', 'test' en 'all' (of een lijst zoals 'dev,test'), niet '{split}'.");
            }
        }

        return splits;
    }

    /// <summary>
    /// The questions of one part; a set without any <c>split</c> field has no parts, so asking for one is an error
    /// rather than an empty run that looks like a result.
    /// </summary>
    public static IReadOnlyList<LabelledQuestion> OfSplit(IReadOnlyList<LabelledQuestion> questions, string split)
    {
        ArgumentNullException.ThrowIfNull(questions);
        if (split == AllSplits)
        {
            return questions;
        }

        var part = questions.Where(q => string.Equals(q.Split, split, StringComparison.OrdinalIgnoreCase)).ToList();
        return part.Count > 0
            ? part
            : throw new ArgumentException($"De set heeft geen vragen met \"split\": \"{split}\"; gebruik --split all.");
    }

    /// <summary>Reads and validates a set.</summary>
    public static async Task<IReadOnlyList<LabelledQuestion>> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Labelled set '{path}' does not exist.", path);
        }

        var questions = new List<LabelledQuestion>();
        var lineNumber = 0;
        foreach (var line in await File.ReadAllLinesAsync(path, cancellationToken))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            LabelledQuestion? question;
            try
            {
                question = JsonSerializer.Deserialize<LabelledQuestion>(line);
            }
            catch (JsonException exception)
            {
                throw new FormatException($"{path}:{lineNumber}: invalid JSON ({exception.Message}).", exception);
            }

            if (question is null || string.IsNullOrWhiteSpace(question.Question))
            {
                throw new FormatException($"{path}:{lineNumber}: 'question' is required.");
            }

            // An exported thumbs-down waits for a data scientist's label; until then it measures nothing.
            if (question.NeedsReview)
            {
                continue;
            }

            if (question.Answerable && question.Relevant.Count == 0)
            {
                throw new FormatException($"{path}:{lineNumber}: an answerable question needs at least one 'relevant' entry.");
            }

            questions.Add(question);
        }

        if (questions.Select(q => q.Id).Distinct(StringComparer.Ordinal).Count() != questions.Count)
        {
            throw new FormatException($"{path}: question ids are not unique.");
        }

        return questions;
    }

    /// <summary>
    /// Normalises a URL or id for relevance matching: scheme and host case-insensitive, no fragment, trailing slash
    /// ignored; ids compare as they are.
    /// </summary>
    public static string Normalize(string urlOrId)
    {
        ArgumentNullException.ThrowIfNull(urlOrId);
        var trimmed = urlOrId.Trim();
        if (Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            var path = uri.AbsolutePath.TrimEnd('/');
            return $"{uri.Scheme.ToLowerInvariant()}://{uri.Host.ToLowerInvariant()}{(uri.IsDefaultPort ? "" : ":" + uri.Port)}{path}{uri.Query}";
        }

        return trimmed;
    }
}
