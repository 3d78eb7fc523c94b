using System.Globalization;
using KccAssistant.Documents;
using KccAssistant.Retrieval;
using KccAssistant.Retrieval.Lexical;
using KccAssistant.Stores;
using KccAssistant.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KccAssistant.Answering.Answerability;

/// <summary>One question made from the corpus itself, with what it is meant to test.</summary>
/// <param name="Question">The probe as asked.</param>
/// <param name="Kind">Where it came from: title, vraag, trefwoorden or kop (answerable), weggelaten (unanswerable).</param>
/// <param name="DocumentId">The document it was made from.</param>
/// <param name="Answerable">False when that document is left out of retrieval.</param>
public sealed record CalibrationProbe(string Question, string Kind, string DocumentId, bool Answerable);

/// <summary>A self-calibration: the file to write, and the probes it was fitted on.</summary>
/// <param name="Calibration">The fitted model with how it was made.</param>
/// <param name="Probes">The probes, in the order of <see cref="Examples"/>.</param>
/// <param name="Examples">The probes as the model saw them.</param>
public sealed record SelfCalibrationResult(AnswerabilityCalibration Calibration, IReadOnlyList<CalibrationProbe> Probes, IReadOnlyList<CalibrationExample> Examples);

/// <summary>
/// Calibrates the "geen antwoord" model without hand labels, from the index itself. Answerable probes are what a
/// document says it is about (its title, VAC question, trefwoorden or a heading), lower case and with a word left out
/// now and then as light paraphrase, asked against the whole index. Unanswerable probes are a document's own title or
/// question asked with that document (and documents with the same title) left out of the results: a realistic,
/// topic-adjacent question that the rest of the corpus does not answer. The same logistic model as <c>eval
/// calibrate</c> is fitted on them, with the threshold chosen for a false-no-answer rate on the answerable probes.
/// </summary>
public sealed partial class SelfCalibrator(
    IEmbeddingGenerator<string, Embedding<float>> embeddings,
    IOptions<RetrievalOptions> retrievalOptions,
    IOptions<AnswerabilityOptions> options,
    SynonymMap synonyms,
    ILoggerFactory loggers)
{
    /// <summary>What <see cref="CalibrationInfo.Set"/> says for a self-calibration.</summary>
    public const string SetName = "zelfkalibratie";

    /// <summary>
    /// Fits a model on probes from <paramref name="index"/>; null when the index has fewer documents than
    /// <see cref="AnswerabilityOptions.SelfCalibrationMinDocuments"/> (the configured model stays) or the probes do not
    /// give both classes.
    /// </summary>
    public async Task<SelfCalibrationResult?> CalibrateAsync(IKnowledgeStore index, IReadOnlyList<Chunk> chunks, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(chunks);
        var settings = options.Value;
        var info = await index.GetInfoAsync(cancellationToken);
        var documents = chunks.GroupBy(c => c.DocumentId, StringComparer.Ordinal).Select(g => g.OrderBy(c => c.Ordinal).ToList()).ToList();
        if (documents.Count < settings.SelfCalibrationMinDocuments)
        {
            LogTooSmall(loggers.CreateLogger<SelfCalibrator>(), documents.Count, settings.SelfCalibrationMinDocuments);
            return null;
        }

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var probes = Probes(documents, settings.SelfCalibrationMaxDocuments);
        var sameTitle = documents
            .GroupBy(d => Normalize(d[0].Title), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(d => d[0].DocumentId).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        var titleOf = documents.ToDictionary(d => d[0].DocumentId, d => Normalize(d[0].Title), StringComparer.Ordinal);
        using var lexicalSearch = new DutchLexicalSearch(index, synonyms);
        var retriever = new HybridRetriever(index, lexicalSearch, embeddings, retrievalOptions, loggers.CreateLogger<HybridRetriever>());
        var maxDocuments = retrievalOptions.Value.MaxDocuments;
        var examples = new List<CalibrationExample>(probes.Count);
        for (var i = 0; i < probes.Count; i++)
        {
            var probe = probes[i];
            RetrievalResult retrieval;
            if (probe.Answerable)
            {
                retrieval = await retriever.RetrieveAsync(probe.Question, RetrievalMode.Hybrid, cancellationToken: cancellationToken);
            }
            else
            {
                // Left out after retrieval rather than re-indexed: the same result as an index without it, but for
                // the statistics of the lexical side, which one document barely moves.
                var leftOut = sameTitle[titleOf[probe.DocumentId]];
                var found = await retriever.RetrieveAsync(probe.Question, RetrievalMode.Hybrid, maxDocuments + leftOut.Count, cancellationToken);
                retrieval = found with
                {
                    Documents = found.Documents.Where(d => !leftOut.Contains(d.DocumentId)).Take(maxDocuments).ToList(),
                    DenseRanking = found.DenseRanking?.Where(id => !leftOut.Contains(id)).ToList(),
                };
            }

            examples.Add(new CalibrationExample(i.ToString(CultureInfo.InvariantCulture), AnswerabilityFeatures.From(retrieval), probe.Answerable));
        }

        if (examples.Count(e => e.Features is not null && e.Answerable) < 2 || examples.Count(e => e.Features is not null && !e.Answerable) < 2)
        {
            return null;
        }

        // Probes are easier than what callers ask, and weights fitted on them learn the probes' quirks (measured: on
        // the sample municipality's test part noAnswerAccuracy fell from 0.86 to 0.50). The weights of the configured
        // model, fitted on real questions, are kept and only its threshold is moved to this corpus; when no configured
        // model fits this embedding model there are no such weights, and the probes are all there is.
        var shipped = ShippedModelFor(settings, info.EmbeddingModel);
        var result = shipped is not null && !settings.SelfCalibrationRefit
            ? Calibrator.CalibrateThreshold(shipped, examples, settings.SelfCalibrationTargetFalseNoAnswerRate, folds: 5)
            : Calibrator.Calibrate(examples, settings.SelfCalibrationTargetFalseNoAnswerRate, folds: 5);
        var calibration = new AnswerabilityCalibration(
            result.Model.Intercept,
            new Dictionary<string, double>(result.Model.Weights, StringComparer.Ordinal),
            result.Model.Threshold,
            info.EmbeddingModel,
            new CalibrationInfo(
                SetName,
                probes.Count,
                probes.Count(p => !p.Answerable),
                info.Generation,
                DateTimeOffset.UtcNow,
                settings.SelfCalibrationTargetFalseNoAnswerRate,
                result.CrossValidated,
                result.InSample));
        LogCalibrated(
            loggers.CreateLogger<SelfCalibrator>(), probes.Count, documents.Count, result.Model.Threshold, result.CrossValidated.FalseNoAnswerRate,
            result.CrossValidated.NoAnswerAccuracy, Math.Round(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds, 1));
        return new SelfCalibrationResult(calibration, probes, examples);
    }

    /// <summary>The configured model, or the configured alternative, fitted for <paramref name="embeddingModel"/>; null when none is.</summary>
    internal static AnswerabilityModel? ShippedModelFor(AnswerabilityOptions settings, string? embeddingModel)
    {
        var configured = settings.ToModel();
        if (configured.EmbeddingModel is not null && configured.AppliesTo(embeddingModel))
        {
            return configured;
        }

        return settings.Alternatives.Select(a => a.ToModel()).FirstOrDefault(a => a.EmbeddingModel is not null && a.AppliesTo(embeddingModel));
    }

    /// <summary>
    /// The probes of at most <paramref name="maxDocuments"/> documents (a seeded sample, so a run is repeatable): per
    /// document up to two answerable probes of different kinds and one unanswerable probe.
    /// </summary>
    internal static List<CalibrationProbe> Probes(IReadOnlyList<IReadOnlyList<Chunk>> documents, int maxDocuments)
    {
        var random = new Random(17);
        var sample = documents.OrderBy(d => d[0].DocumentId, StringComparer.Ordinal).ToList();
        if (sample.Count > maxDocuments)
        {
            sample = [.. sample.OrderBy(_ => random.Next()).Take(maxDocuments)];
        }

        // Words of other documents' titles: known to the index, and like the rest of a caller's story they are mostly
        // not what the question is about.
        var vocabulary = documents.SelectMany(d => Words(d[0].Title.ToLower(CultureInfo.GetCultureInfo("nl-NL"))))
            .Select(w => w.Trim('?', '.', ',', '(', ')', ':'))
            .Where(w => w.Length >= 4)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        var probes = new List<CalibrationProbe>();
        foreach (var document in sample)
        {
            var first = document[0];
            var candidates = new List<(string Kind, string Text)> { ("titel", first.Title) };
            if (!string.IsNullOrWhiteSpace(first.Question) && Normalize(first.Question) != Normalize(first.Title))
            {
                candidates.Add(("vraag", first.Question));
            }

            var keywords = document.SelectMany(c => c.Keywords).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (keywords.Count >= 2)
            {
                candidates.Add(("trefwoorden", string.Join(' ', keywords.OrderBy(_ => random.Next()).Take(3))));
            }

            // A heading of a few words names a sub-topic ("Paspoort kwijt in het buitenland"); one word ("Kosten") does not.
            var headings = document.Select(c => c.Section).Where(s => Words(s).Length >= 3 && Normalize(s) != Normalize(first.Title)).Distinct(StringComparer.Ordinal).ToList();
            if (headings.Count > 0)
            {
                candidates.Add(("kop", headings[random.Next(headings.Count)]));
            }

            foreach (var (kind, text) in candidates.OrderBy(_ => random.Next()).Take(2))
            {
                probes.Add(new CalibrationProbe(WithStory(Paraphrase(text, random), vocabulary, random), kind, first.DocumentId, true));
            }

            var own = first.Question ?? first.Title;
            if (Words(own).Length >= 2)
            {
                probes.Add(new CalibrationProbe(WithStory(Paraphrase(own, random), vocabulary, random), "weggelaten", first.DocumentId, false));
            }
        }

        return probes;
    }

    /// <summary>Light paraphrase as agents type: lower case, no question mark, and in longer ones one word left out.</summary>
    internal static string Paraphrase(string text, Random random)
    {
        var words = Words(text.ToLower(CultureInfo.GetCultureInfo("nl-NL")).Replace("?", "", StringComparison.Ordinal)).ToList();
        if (words.Count >= 5 && random.Next(2) == 0)
        {
            words.RemoveAt(1 + random.Next(words.Count - 1));
        }

        return string.Join(' ', words);
    }

    /// <summary>
    /// Puts the probe inside a bit of story: one to as many words as it has, drawn from the corpus, before or after it.
    /// A title matches its own document completely, which real questions never do (callers say who they are, what
    /// happened, and use their own words); a model fitted on bare titles refuses most real questions.
    /// </summary>
    internal static string WithStory(string probe, IReadOnlyList<string> vocabulary, Random random)
    {
        if (vocabulary.Count == 0)
        {
            return probe;
        }

        var words = Words(probe).ToList();
        var extra = 1 + random.Next(Math.Max(1, words.Count));
        for (var i = 0; i < extra; i++)
        {
            var word = vocabulary[random.Next(vocabulary.Count)];
            if (random.Next(2) == 0)
            {
                words.Insert(0, word);
            }
            else
            {
                words.Add(word);
            }
        }

        return string.Join(' ', words);
    }

    private static string[] Words(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string Normalize(string text) => string.Join(' ', DutchTextNormalizer.Tokenize(text));

    [LoggerMessage(Level = LogLevel.Information, Message = "Self-calibration skipped: {Documents} documents, fewer than {Minimum}; the configured answerability model stays")]
    private static partial void LogTooSmall(ILogger logger, int documents, int minimum);

    [LoggerMessage(Level = LogLevel.Information, Message = "Self-calibrated the answerability model on {Probes} probes from {Documents} documents: threshold {Threshold:F3}, probe falseNoAnswerRate {Fnar:F2} and noAnswerAccuracy {Accuracy:F2} (5-fold), {Seconds} s")]
    private static partial void LogCalibrated(ILogger logger, int probes, int documents, double threshold, double fnar, double accuracy, double seconds);
}
