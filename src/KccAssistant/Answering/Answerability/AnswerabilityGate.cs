using KccAssistant.Retrieval;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KccAssistant.Answering.Answerability;

/// <summary>Whether the sources answer a question, and how sure the assistant is (0–1).</summary>
/// <param name="Answered">False means "geen antwoord gevonden".</param>
/// <param name="Confidence">The probability of the answerability model, or the single signal of a one-method mode.</param>
/// <param name="Threshold">The value <paramref name="Confidence"/> had to reach; the confidence band is relative to it.</param>
public readonly record struct AnswerabilityVerdict(bool Answered, double Confidence, double Threshold = 0.5);

/// <summary>
/// Decides "geen antwoord gevonden". Hybrid retrieval is judged by the calibrated <see cref="AnswerabilityModel"/>;
/// a single method, hybrid while the dense side is off (after a model change), or a model calibrated for another
/// embedding model, by the method's own threshold.
/// </summary>
public sealed partial class AnswerabilityGate(
    AnswerabilityModelProvider models,
    IOptions<RetrievalOptions> options,
    ILogger<AnswerabilityGate> logger,
    IOptions<AnswerabilityOptions>? answerability = null)
{
    private int _mismatchLogged;

    /// <summary>Judges a retrieval made in <paramref name="mode"/>.</summary>
    public AnswerabilityVerdict Judge(RetrievalResult retrieval, RetrievalMode mode)
    {
        ArgumentNullException.ThrowIfNull(retrieval);
        var documents = retrieval.Documents;
        if (documents.Count == 0)
        {
            return new AnswerabilityVerdict(false, 0);
        }

        var settings = options.Value;
        if (mode == RetrievalMode.Dense)
        {
            var similarity = documents.Max(d => d.DenseScore);
            return new AnswerabilityVerdict(similarity >= settings.MinDenseScore, similarity, settings.MinDenseScore);
        }

        var model = models.Current.Model;
        if (mode == RetrievalMode.Hybrid && !model.AppliesTo(retrieval.DenseModel)
            && answerability?.Value.Alternatives.Select(a => a.ToModel()).FirstOrDefault(a => a.EmbeddingModel is not null && a.AppliesTo(retrieval.DenseModel)) is { } alternative)
        {
            // The same assistant embeds with or without the FreeDict gloss depending on whether the dictionary is
            // installed: a model fitted for the other input serves instead of the bare coverage threshold.
            model = alternative;
        }

        if (mode == RetrievalMode.Hybrid && !model.AppliesTo(retrieval.DenseModel) && Interlocked.Exchange(ref _mismatchLogged, 1) == 0)
        {
            LogModelMismatch(logger, model.EmbeddingModel!, retrieval.DenseModel!);
        }

        if (mode == RetrievalMode.Hybrid && model.AppliesTo(retrieval.DenseModel) && AnswerabilityFeatures.From(retrieval) is { } features)
        {
            var probability = model.Probability(features);
            var threshold = answerability?.Value.ThresholdOverride ?? model.Threshold;
            return new AnswerabilityVerdict(probability >= threshold, probability, threshold);
        }

        // Judged over every document found, not only the first: the best-ranked is not always the most complete.
        var coverage = documents.Max(d => d.LexicalShare);
        return new AnswerabilityVerdict(coverage >= settings.MinLexicalShare, coverage, settings.MinLexicalShare);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The answerability model was calibrated for {Calibrated}, but questions are embedded with {Current}: 'no answer' falls back to the coverage threshold until 'eval calibrate' is run")]
    private static partial void LogModelMismatch(ILogger logger, string calibrated, string current);
}
