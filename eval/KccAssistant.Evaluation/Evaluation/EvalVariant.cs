using System.Globalization;
using System.Text.RegularExpressions;

namespace KccAssistant.Eval.Evaluation;

/// <summary>
/// A named set of retrieval and answer settings (<c>--variant dw45:denseWeight=0.45,candidates=100</c>) run beside the
/// configured ones. Only settings that act at question time are allowed: the index stays as it was ingested.
/// </summary>
/// <param name="Name">The name in tables, file names and <c>runs[].variant</c>.</param>
/// <param name="Configuration">Configuration key (<c>Kcc:Retrieval:DenseWeight</c>) to value, laid over the host's configuration.</param>
public sealed partial record EvalVariant(string Name, IReadOnlyDictionary<string, string> Configuration)
{
    /// <summary>A setting a variant may change: its short key, the configuration key behind it, and how its value is checked.</summary>
    private sealed record Setting(string Key, string ConfigurationKey, string Description, Func<string, string?> Check);

    private static readonly Setting[] Settings =
    [
        new("denseWeight", "Kcc:Retrieval:DenseWeight", "gewicht van de dense ranking in de fusie (0–10)", v => Number(v, 0, 10)),
        new("lexicalWeight", "Kcc:Retrieval:LexicalWeight", "gewicht van de lexicale ranking in de fusie (0–10)", v => Number(v, 0, 10)),
        new("fusion", "Kcc:Retrieval:Fusion", "fusiemethode: score of rrf", v => v.ToLowerInvariant() is "score" or "rrf" ? null : "kies 'score' of 'rrf'"),
        new("rrfK", "Kcc:Retrieval:RrfK", "de k van reciprocal rank fusion (1–1000)", v => Integer(v, 1, 1000)),
        new("candidates", "Kcc:Retrieval:Candidates", "passages per methode vóór de fusie (5–1000)", v => Integer(v, 5, 1000)),
        new("topK", "Kcc:Retrieval:MaxDocuments", "documenten in het antwoord en als bron (1–50)", v => Integer(v, 1, 50)),
        new("threshold", "Kcc:Answerability:ThresholdOverride", "drempel van het 'geen antwoord'-model, hybride modus (0–1)", v => Number(v, 0, 1)),
        new("minLexicalShare", "Kcc:Retrieval:MinLexicalShare", "drempel voor 'geen antwoord' in lexicale modus (0–1)", v => Number(v, 0, 1)),
        new("minDenseScore", "Kcc:Retrieval:MinDenseScore", "drempel voor 'geen antwoord' in dense modus (−1–1)", v => Number(v, -1, 1)),
    ];

    // Settings that shape the index itself: a variant would measure the old index under a new name.
    private static readonly Dictionary<string, string> NeedsReingest = new(StringComparer.OrdinalIgnoreCase)
    {
        ["chunkSize"] = "Kcc:Chunking:TargetWords",
        ["targetWords"] = "Kcc:Chunking:TargetWords",
        ["maxWords"] = "Kcc:Chunking:MaxWords",
        ["chunkOverlap"] = "Kcc:Chunking:OverlapSentences",
        ["overlap"] = "Kcc:Chunking:OverlapSentences",
        ["embeddingModel"] = "Kcc:Embedding:ModelPath",
        ["model"] = "Kcc:Embedding:ModelPath",
        ["maxTokens"] = "Kcc:Embedding:MaxTokens",
        ["gloss"] = "Kcc:Embedding:Gloss:Enabled",
    };

    /// <summary>The keys a variant knows, for the usage text and error messages.</summary>
    public static string KnownKeys => string.Join(", ", Settings.Select(s => s.Key));

    /// <summary>One line per key with its meaning, for the usage text.</summary>
    public static string Help => string.Join(Environment.NewLine, Settings.Select(s => $"    {s.Key,-16} {s.ConfigurationKey,-38} {s.Description}"));

    /// <summary>Reads <c>name:key=value,key=value</c>; every mistake is an <see cref="ArgumentException"/> that says what to write.</summary>
    public static EvalVariant Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == text.Length - 1)
        {
            throw new ArgumentException($"--variant '{text}': schrijf naam:sleutel=waarde[,sleutel=waarde...], bijvoorbeeld dw45:denseWeight=0.45.");
        }

        var name = text[..colon].Trim();
        if (!NamePattern().IsMatch(name) || name is "hybrid" or "lexical" or "dense" or "dev" or "test" or LabelledSet.AllSplits)
        {
            throw new ArgumentException($"--variant '{text}': de naam '{name}' mag alleen letters, cijfers en _ bevatten (max. 32 tekens) en geen modus of deel heten.");
        }

        var configuration = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in text[(colon + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || equals == pair.Length - 1)
            {
                throw new ArgumentException($"--variant {name}: '{pair}' is geen sleutel=waarde.");
            }

            var key = pair[..equals].Trim();
            var value = pair[(equals + 1)..].Trim();
            if (NeedsReingest.TryGetValue(key, out var indexKey))
            {
                throw new ArgumentException(
                    $"--variant {name}: '{key}' ({indexKey}) verandert de index zelf; daarvoor is opnieuw inlezen nodig (KccAssistant.Ingest met --data-dir naar een nieuwe map), daarna een eval run op die map.");
            }

            var setting = Settings.FirstOrDefault(s => string.Equals(s.Key, key, StringComparison.OrdinalIgnoreCase))
                ?? throw new ArgumentException($"--variant {name}: onbekende sleutel '{key}'. Bekende sleutels: {KnownKeys}.");
            if (setting.Check(value) is { } problem)
            {
                throw new ArgumentException($"--variant {name}: {setting.Key}={value}: {problem}.");
            }

            if (!configuration.TryAdd(setting.ConfigurationKey, value))
            {
                throw new ArgumentException($"--variant {name}: {setting.Key} staat er twee keer in.");
            }
        }

        return configuration.Count == 0
            ? throw new ArgumentException($"--variant {name}: geef minstens één sleutel=waarde. Bekende sleutels: {KnownKeys}.")
            : new EvalVariant(name, configuration);
    }

    /// <summary>Parses every <c>--variant</c>; names must differ.</summary>
    public static IReadOnlyList<EvalVariant> ParseAll(IEnumerable<string> texts)
    {
        var variants = texts.Select(Parse).ToList();
        var duplicate = variants.GroupBy(v => v.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null ? variants : throw new ArgumentException($"--variant: de naam '{duplicate.Key}' komt meer dan één keer voor.");
    }

    private static string? Number(string value, double min, double max) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max
            ? null
            : FormattableString.Invariant($"verwacht een getal van {min} tot en met {max} (met een punt als decimaalteken)");

    private static string? Integer(string value, int min, int max) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max
            ? null
            : FormattableString.Invariant($"verwacht een geheel getal van {min} tot en met {max}");

    [GeneratedRegex("^[A-Za-z0-9_]{1,32}$")]
    private static partial Regex NamePattern();
}
