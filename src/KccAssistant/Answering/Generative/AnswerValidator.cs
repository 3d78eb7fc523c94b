using System.Collections.Frozen;
using System.Text.RegularExpressions;
using KccAssistant.Text;

namespace KccAssistant.Answering.Generative;

/// <summary>How the validator judged one generated sentence.</summary>
public enum SentenceVerdict
{
    /// <summary>Cites at least one existing source, and the cited sources support it: kept.</summary>
    Supported,

    /// <summary>Cites no existing source: dropped.</summary>
    NoCitation,

    /// <summary>Its content words or numbers are not in the sources it cites: dropped.</summary>
    Unsupported,

    /// <summary>The model's "no answer" sentence: dropped, and if it is all there is, the answer is rejected.</summary>
    NoAnswer,
}

/// <summary>A sentence of a source that supports a generated sentence; highlighted in the citation.</summary>
/// <param name="Number">The source.</param>
/// <param name="Sentence">The supporting sentence, as it is in the source text.</param>
public sealed record SourceEvidence(int Number, string Sentence);

/// <summary>The check of one generated sentence.</summary>
/// <param name="Sentence">The sentence without its citation markers.</param>
/// <param name="Citations">Its citations to existing sources.</param>
/// <param name="Support">Share (0–1) of its content words found in the cited sources.</param>
/// <param name="MissingTerms">Numbers, amounts and claim words it states that no cited source contains.</param>
/// <param name="Verdict">Kept or why dropped.</param>
/// <param name="Evidence">The best supporting sentence of each cited source.</param>
public sealed record SentenceCheck(
    string Sentence,
    IReadOnlyList<int> Citations,
    double Support,
    IReadOnlyList<string> MissingTerms,
    SentenceVerdict Verdict,
    IReadOnlyList<SourceEvidence> Evidence);

/// <summary>A generated answer after validation.</summary>
/// <param name="IsValid">True when the answer may be shown; otherwise the extractive answer is.</param>
/// <param name="Text">The kept sentences with their valid citations, normalised to "Zin. [1][2]"; empty when invalid.</param>
/// <param name="FailureReason">One of the <see cref="GenerationFallback"/> codes when invalid.</param>
/// <param name="Sentences">Every sentence's check, in answer order.</param>
/// <param name="RemovedCitations">Citation numbers that pointed at no source.</param>
public sealed record ValidatedAnswer(
    bool IsValid,
    string Text,
    string? FailureReason,
    IReadOnlyList<SentenceCheck> Sentences,
    IReadOnlyList<int> RemovedCitations)
{
    /// <summary>Sentences kept.</summary>
    public int Kept => Sentences.Count(s => s.Verdict == SentenceVerdict.Supported);

    /// <summary>Sentences dropped because they cite nothing valid or are not supported.</summary>
    public int Dropped => Sentences.Count(s => s.Verdict is SentenceVerdict.NoCitation or SentenceVerdict.Unsupported);
}

/// <summary>
/// Checks a generated answer against the numbered sources it was written from. Pure and deterministic.
/// </summary>
/// <remarks>
/// <para>Support is measured per sentence, against only the sources that sentence cites:</para>
/// <list type="bullet">
/// <item>citations to numbers that are not sources are removed; a sentence left without a citation is dropped;</item>
/// <item>the share of the sentence's content words (folded, stopwords removed, Dutch stems) that occur in the cited
/// sources must reach the minimum support; a word that is part of a source compound or contains one counts half;</item>
/// <item>every number or amount ("€ 84,40", "9.00", "14") must occur in a cited source, and so must claim words that
/// state a price ("gratis", "kosteloos"): one missing term drops the sentence whatever its word share.</item>
/// </list>
/// <para>Sentences of a source that read as instructions to an AI ("negeer alle eerdere instructies ...") are never
/// evidence, so a model that obeys a planted instruction cannot have that claim supported by the planted text.</para>
/// <para>The whole answer is rejected when it is empty, when the model said it found no answer, when no sentence is
/// kept, or when more sentences are dropped than kept (a model that mostly strays from the sources).</para>
/// </remarks>
public sealed partial class AnswerValidator
{
    // Price claims that must be in the source as such: "gratis" flips an amount as much as a wrong number does.
    private static readonly FrozenSet<string> ClaimWords = FrozenSet.ToFrozenSet(["gratis", "kosteloos", "kostenloos", "free"], StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, string> NumberWords = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["nul"] = "0", ["twee"] = "2", ["drie"] = "3", ["vier"] = "4", ["vijf"] = "5", ["zes"] = "6", ["zeven"] = "7",
        ["acht"] = "8", ["negen"] = "9", ["tien"] = "10", ["elf"] = "11", ["twaalf"] = "12", ["dertien"] = "13",
        ["veertien"] = "14", ["vijftien"] = "15", ["twintig"] = "20", ["dertig"] = "30", ["veertig"] = "40",
        ["vijftig"] = "50", ["zestig"] = "60", ["honderd"] = "100", ["duizend"] = "1000",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private readonly double _minSupport;

    /// <summary>Creates a validator.</summary>
    /// <param name="minSupport">Share (0–1) of a sentence's content words that the cited sources must contain.</param>
    public AnswerValidator(double minSupport = 0.6)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minSupport, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minSupport, 1);
        _minSupport = minSupport;
    }

    /// <summary>Validates <paramref name="answer"/> against <paramref name="sources"/>.</summary>
    public ValidatedAnswer Validate(string answer, IReadOnlyList<GenerationSource> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var text = Clean(answer ?? "");
        if (text.Length == 0)
        {
            return new ValidatedAnswer(false, "", GenerationFallback.Empty, [], []);
        }

        var evidence = sources.GroupBy(s => s.Number).ToDictionary(g => g.Key, g => new SourceIndex(g.First()));
        var removed = new SortedSet<int>();
        var checks = new List<SentenceCheck>();
        foreach (var (sentence, cited) in Sentences(text))
        {
            var valid = new List<int>();
            foreach (var number in cited)
            {
                if (evidence.ContainsKey(number))
                {
                    if (!valid.Contains(number))
                    {
                        valid.Add(number);
                    }
                }
                else
                {
                    removed.Add(number);
                }
            }

            checks.Add(Check(sentence, valid, evidence));
        }

        var kept = checks.Where(c => c.Verdict == SentenceVerdict.Supported).ToList();
        var dropped = checks.Count(c => c.Verdict is SentenceVerdict.NoCitation or SentenceVerdict.Unsupported);
        string? failure = null;
        if (checks.Count == 0)
        {
            failure = GenerationFallback.Empty;
        }
        else if (checks.All(c => c.Verdict == SentenceVerdict.NoAnswer))
        {
            failure = GenerationFallback.ModelNoAnswer;
        }
        else if (kept.Count == 0)
        {
            failure = checks.Any(c => c.Citations.Count > 0) ? GenerationFallback.Unsupported : GenerationFallback.NoValidCitation;
        }
        else if (dropped > kept.Count)
        {
            failure = GenerationFallback.Unsupported;
        }

        var final = failure is null
            ? string.Join(' ', kept.Select(c => $"{EnsureEnd(c.Sentence)} {string.Concat(c.Citations.Select(n => $"[{n}]"))}"))
            : "";
        return new ValidatedAnswer(failure is null, final, failure, checks, [.. removed]);
    }

    /// <summary>
    /// True when a source sentence reads as an instruction to an AI rather than as information for residents; such
    /// sentences are never evidence.
    /// </summary>
    public static bool LooksLikeInstruction(string sentence)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        return Instruction().IsMatch(DutchTextNormalizer.Fold(sentence));
    }

    private SentenceCheck Check(string sentence, List<int> citations, Dictionary<int, SourceIndex> sources)
    {
        if (IsNoAnswer(sentence))
        {
            return new SentenceCheck(sentence, citations, 0, [], SentenceVerdict.NoAnswer, []);
        }

        var words = new List<string>();
        var missing = new List<string>();
        var numbers = Numbers(sentence);
        foreach (var token in DutchTextNormalizer.Tokenize(WithoutNumbers(sentence)))
        {
            if (NumberWords.TryGetValue(token, out var digits))
            {
                numbers.Add((token, digits));
            }
            else if (!DutchStopwords.IsStopword(token) && !token.Any(char.IsDigit))
            {
                words.Add(token);
            }
        }

        if (citations.Count == 0)
        {
            return new SentenceCheck(sentence, citations, 0, [], SentenceVerdict.NoCitation, []);
        }

        var cited = citations.Select(n => sources[n]).ToList();
        double matched = 0;
        var stems = new List<string>();
        foreach (var word in words)
        {
            var stem = DutchStemmer.Stem(word);
            stems.Add(stem);
            var best = cited.Max(s => s.Match(stem));
            matched += best;
            if (ClaimWords.Contains(word) && best < 1)
            {
                missing.Add(word);
            }
        }

        foreach (var (shown, canonical) in numbers)
        {
            if (!cited.Any(s => s.Numbers.Contains(canonical)))
            {
                missing.Add(shown);
            }
        }

        var support = words.Count == 0 ? (numbers.Count > 0 ? 1 : 0) : matched / words.Count;
        var verdict = support >= _minSupport && missing.Count == 0 ? SentenceVerdict.Supported : SentenceVerdict.Unsupported;
        var evidence = verdict == SentenceVerdict.Supported
            ? cited.Select(s => s.BestSentence(stems, numbers.Select(n => n.Canonical))).OfType<SourceEvidence>().ToList()
            : [];
        return new SentenceCheck(sentence, citations, Math.Round(support, 3), missing, verdict, evidence);
    }

    /// <summary>The sentences of the answer with the citation numbers each carries; markers after a period belong to the sentence before.</summary>
    private static List<(string Sentence, List<int> Citations)> Sentences(string text)
    {
        var result = new List<(string Sentence, List<int> Citations)>();
        foreach (var raw in DutchSentenceSplitter.Default.Split(text))
        {
            var rest = raw;
            // "Zin. [1] Volgende zin" splits after the period: the leading marker cites the sentence before.
            while (Marker().Match(rest) is { Success: true, Index: 0 } leading && result.Count > 0)
            {
                result[^1].Citations.AddRange(NumbersOf(leading));
                rest = rest[leading.Length..].TrimStart();
            }

            if (rest.Length == 0)
            {
                continue;
            }

            var citations = Marker().Matches(rest).SelectMany(NumbersOf).ToList();
            var bare = SpaceBeforePunctuation().Replace(Marker().Replace(rest, ""), "$1");
            bare = MultipleSpaces().Replace(bare, " ").Trim();
            if (bare.Length == 0 || !bare.Any(char.IsLetterOrDigit))
            {
                if (result.Count > 0)
                {
                    result[^1].Citations.AddRange(citations);
                }

                continue;
            }

            result.Add((bare, citations));
        }

        return result;
    }

    private static IEnumerable<int> NumbersOf(Match marker) =>
        marker.Groups[1].Value.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries)
            .Select(part => int.TryParse(part, out var n) ? n : -1)
            .Where(n => n >= 0);

    private static bool IsNoAnswer(string sentence)
    {
        var folded = DutchTextNormalizer.Fold(sentence);
        return folded.StartsWith("geen antwoord gevonden", StringComparison.Ordinal)
            || folded.Contains("staat niet in de bronnen", StringComparison.Ordinal)
            || folded.Contains("niet in de bronnen vermeld", StringComparison.Ordinal);
    }

    /// <summary>Markdown emphasis and list bullets models like to add; they carry no content.</summary>
    private static string Clean(string answer)
    {
        var text = answer.Replace("**", "", StringComparison.Ordinal).Replace("__", "", StringComparison.Ordinal);
        text = Bullet().Replace(text, "");
        return text.Trim();
    }

    /// <summary>Numbers and amounts in canonical form: "€ 84,40" and "84.40" both give "84.40"; "09.00" gives "9".</summary>
    internal static List<(string Shown, string Canonical)> Numbers(string text) =>
        Number().Matches(text).Select(m => (m.Value, Canonical(m.Value))).ToList();

    private static string WithoutNumbers(string text) => Number().Replace(text, " ");

    private static string Canonical(string number)
    {
        var groups = number.Split(['.', ',', ':'], StringSplitOptions.RemoveEmptyEntries).ToList();
        groups[0] = groups[0].TrimStart('0') is { Length: > 0 } trimmed ? trimmed : "0";
        while (groups.Count > 1 && groups[^1].All(c => c == '0'))
        {
            groups.RemoveAt(groups.Count - 1);
        }

        return string.Join('.', groups);
    }

    private static string EnsureEnd(string sentence) =>
        sentence.Length > 0 && !".!?".Contains(sentence[^1], StringComparison.Ordinal) ? sentence.TrimEnd(':', ';', ',') + "." : sentence;

    // [1], [1, 2], [1][2] (as two markers), [bron 1].
    [GeneratedRegex(@"\[\s*(?:bron\s*)?(\d{1,3}(?:\s*[,;]\s*\d{1,3})*)\s*\]", RegexOptions.IgnoreCase)]
    private static partial Regex Marker();

    [GeneratedRegex(@"\d+(?:[.,:]\d+)*")]
    private static partial Regex Number();

    [GeneratedRegex(@"\s+([.,;:!?])")]
    private static partial Regex SpaceBeforePunctuation();

    [GeneratedRegex(@"\s{2,}")]
    private static partial Regex MultipleSpaces();

    [GeneratedRegex(@"(?m)^\s*(?:[-*•]|#{1,6})\s+")]
    private static partial Regex Bullet();

    // Folded text. Instructions aimed at a model, in Dutch and English.
    [GeneratedRegex(@"\b(negeer|vergeet|ignore|disregard|forget)\b.{0,60}\b(instructies?|opdrachten?|regels|prompts?|instructions?|rules)\b"
        + @"|\b(systeemprompt|systeembericht|system ?prompt|system message)\b"
        + @"|\b(je bent nu|jij bent nu|you are now|act as|doe alsof)\b"
        + @"|\b(taalmodel|language model|chatbot|ai-assistent|ai assistent|llm)\b.{0,40}\b(moet|moeten|must|should)\b"
        + @"|\b(antwoord|zeg|vertel|answer|say)\b.{0,20}\b(voortaan|altijd|vanaf nu|from now on|always)\b")]
    private static partial Regex Instruction();

    /// <summary>What one source offers as evidence: stems and numbers of its sentences, instructions left out.</summary>
    private sealed class SourceIndex
    {
        private readonly int _number;
        private readonly HashSet<string> _stems = new(StringComparer.Ordinal);
        private readonly List<(string Sentence, HashSet<string> Stems, HashSet<string> Numbers)> _sentences = [];

        public SourceIndex(GenerationSource source)
        {
            _number = source.Number;
            var sentences = DutchSentenceSplitter.Default.Split(source.Text);
            for (var i = -1; i < sentences.Count; i++)
            {
                // The title counts as evidence ("Paspoort aanvragen") but is never highlighted.
                var sentence = i < 0 ? source.Title : sentences[i];
                if (LooksLikeInstruction(sentence))
                {
                    continue;
                }

                var stems = new HashSet<string>(StringComparer.Ordinal);
                var numbers = new HashSet<string>(StringComparer.Ordinal);
                foreach (var (_, canonical) in AnswerValidator.Numbers(sentence))
                {
                    numbers.Add(canonical);
                }

                foreach (var token in DutchTextNormalizer.Tokenize(WithoutNumbers(sentence)))
                {
                    if (NumberWords.TryGetValue(token, out var digits))
                    {
                        numbers.Add(digits);
                    }

                    if (!DutchStopwords.IsStopword(token))
                    {
                        stems.Add(DutchStemmer.Stem(token));
                    }
                }

                _stems.UnionWith(stems);
                Numbers.UnionWith(numbers);
                if (i >= 0)
                {
                    _sentences.Add((sentence, stems, numbers));
                }
            }
        }

        public HashSet<string> Numbers { get; } = new(StringComparer.Ordinal);

        /// <summary>1 when the source has the stem, 0.5 when a source compound contains it or it contains a source word, else 0.</summary>
        public double Match(string stem)
        {
            if (_stems.Contains(stem))
            {
                return 1;
            }

            const int MinPart = 5;
            foreach (var known in _stems)
            {
                if ((stem.Length >= MinPart && known.Length > stem.Length && known.Contains(stem, StringComparison.Ordinal))
                    || (known.Length >= MinPart && stem.Length > known.Length && stem.Contains(known, StringComparison.Ordinal)))
                {
                    return 0.5;
                }
            }

            return 0;
        }

        public SourceEvidence? BestSentence(IReadOnlyList<string> stems, IEnumerable<string> numbers)
        {
            var wanted = numbers.ToList();
            var best = _sentences
                .Select(s => (s.Sentence, Score: stems.Count(s.Stems.Contains) + (2 * wanted.Count(s.Numbers.Contains))))
                .Where(s => s.Score > 0)
                .OrderByDescending(s => s.Score)
                .FirstOrDefault();
            return best.Sentence is null ? null : new SourceEvidence(_number, best.Sentence);
        }
    }
}
