namespace KccAssistant.Answering.Answerability;

/// <summary>One labelled question as the answerability model sees it.</summary>
/// <param name="Id">Question id.</param>
/// <param name="Features">Its evidence; null when retrieval found nothing (always "geen antwoord").</param>
/// <param name="Answerable">The label.</param>
public sealed record CalibrationExample(string Id, AnswerabilityFeatures? Features, bool Answerable);

/// <summary>A fitted model with its trade-off, in sample and on held-out questions.</summary>
/// <param name="Model">The model fitted on all examples, with its threshold.</param>
/// <param name="CrossValidated">Each question judged by a model and threshold fitted without it (k-fold).</param>
/// <param name="InSample">The final model on the examples it was fitted on.</param>
public sealed record CalibrationResult(AnswerabilityModel Model, TradeOff CrossValidated, TradeOff InSample);

/// <summary>
/// Fits the answerability model on a labelled set and chooses its threshold: the highest that keeps the
/// false-no-answer rate at or below the target, because an agent is hurt more by a missing answer that exists than
/// helped by one more honest "geen antwoord". The k-fold estimate is what to expect on new questions.
/// </summary>
public static class Calibrator
{
    /// <summary>Calibrates on <paramref name="examples"/>.</summary>
    public static CalibrationResult Calibrate(IReadOnlyList<CalibrationExample> examples, double targetFalseNoAnswerRate, int folds = 10, double l2 = 1.0)
    {
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        if (targetFalseNoAnswerRate is < 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(targetFalseNoAnswerRate), "Het doel voor onterecht 'geen antwoord' ligt tussen 0 en 1.");
        }

        var usable = examples.Where(e => e.Features is not null).ToList();
        if (usable.Count(e => e.Answerable) < 2 || usable.Count(e => !e.Answerable) < 2)
        {
            throw new ArgumentException("Kalibreren vraagt minstens twee beantwoordbare en twee onbeantwoordbare vragen waarvoor bronnen gevonden zijn.");
        }

        var final = Fit(usable, targetFalseNoAnswerRate, l2);
        var inSample = TradeOffOf(examples, e => final.Answered(e.Features));

        // Stratified folds, so that every fold holds unanswerable questions; the seed keeps runs repeatable.
        var random = new Random(17);
        var fold = new Dictionary<CalibrationExample, int>(ReferenceEqualityComparer.Instance);
        foreach (var label in new[] { true, false })
        {
            var ofLabel = examples.Where(e => e.Answerable == label).OrderBy(_ => random.Next()).ToList();
            for (var i = 0; i < ofLabel.Count; i++)
            {
                fold[ofLabel[i]] = i % folds;
            }
        }

        var heldOut = new Dictionary<CalibrationExample, bool>(ReferenceEqualityComparer.Instance);
        for (var k = 0; k < folds; k++)
        {
            var training = usable.Where(e => fold[e] != k).ToList();
            var model = training.Count(e => e.Answerable) >= 2 && training.Count(e => !e.Answerable) >= 2 ? Fit(training, targetFalseNoAnswerRate, l2) : final;
            foreach (var example in examples.Where(e => fold[e] == k))
            {
                heldOut[example] = model.Answered(example.Features);
            }
        }

        return new CalibrationResult(final.Model, TradeOffOf(examples, e => heldOut[e]), inSample);
    }

    /// <summary>
    /// Keeps <paramref name="model"/>'s weights, fitted on real questions, and chooses only its threshold on
    /// <paramref name="examples"/>: the highest that refuses at most <paramref name="targetFalseNoAnswerRate"/> of the
    /// answerable ones. The k-fold estimate chooses each fold's threshold without the held-out examples.
    /// </summary>
    public static CalibrationResult CalibrateThreshold(AnswerabilityModel model, IReadOnlyList<CalibrationExample> examples, double targetFalseNoAnswerRate, int folds = 5)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        var usable = examples.Where(e => e.Features is not null).ToList();
        if (usable.Count(e => e.Answerable) < 2)
        {
            throw new ArgumentException("Een drempel kiezen vraagt minstens twee beantwoordbare vragen waarvoor bronnen gevonden zijn.");
        }

        Fitted WithThreshold(IEnumerable<CalibrationExample> training) => new(model with
        {
            Threshold = Math.Round(Threshold(training.Where(e => e.Answerable).Select(e => model.Probability(e.Features!.Value)).ToList(), targetFalseNoAnswerRate), 6),
        });

        var final = WithThreshold(usable);
        var random = new Random(17);
        var fold = new Dictionary<CalibrationExample, int>(ReferenceEqualityComparer.Instance);
        foreach (var label in new[] { true, false })
        {
            var ofLabel = examples.Where(e => e.Answerable == label).OrderBy(_ => random.Next()).ToList();
            for (var i = 0; i < ofLabel.Count; i++)
            {
                fold[ofLabel[i]] = i % folds;
            }
        }

        var heldOut = new Dictionary<CalibrationExample, bool>(ReferenceEqualityComparer.Instance);
        for (var k = 0; k < folds; k++)
        {
            var training = usable.Where(e => fold[e] != k).ToList();
            var fitted = training.Count(e => e.Answerable) >= 2 ? WithThreshold(training) : final;
            foreach (var example in examples.Where(e => fold[e] == k))
            {
                heldOut[example] = fitted.Answered(example.Features);
            }
        }

        return new CalibrationResult(final.Model, TradeOffOf(examples, e => heldOut[e]), TradeOffOf(examples, e => final.Answered(e.Features)));
    }

    private static Fitted Fit(List<CalibrationExample> examples, double target, double l2)
    {
        var fit = LogisticRegression.Fit(examples.Select(e => e.Features!.Value.ToArray()).ToList(), examples.Select(e => e.Answerable).ToList(), l2);
        var weights = AnswerabilityFeatures.Names.Select((name, i) => (name, fit.Weights[i])).ToDictionary(p => p.name, p => Math.Round(p.Item2, 6), StringComparer.Ordinal);
        var rounded = new AnswerabilityModel(Math.Round(fit.Intercept, 6), weights, 0.5);
        var threshold = Threshold(examples.Where(e => e.Answerable).Select(e => rounded.Probability(e.Features!.Value)).ToList(), target);
        return new Fitted(rounded with { Threshold = Math.Round(threshold, 6) });
    }

    /// <summary>
    /// The highest threshold that refuses at most <paramref name="target"/> of the answerable questions, placed midway
    /// between the last refused and the first accepted probability so that it does not sit on a training question.
    /// </summary>
    internal static double Threshold(List<double> answerableProbabilities, double target)
    {
        var sorted = answerableProbabilities.Order().ToList();
        var refused = (int)Math.Floor((target * sorted.Count) + 1e-9);
        var threshold = refused == 0 ? sorted[0] / 2 : (sorted[refused - 1] + sorted[refused]) / 2;
        return Math.Clamp(threshold, 1e-6, 1 - 1e-6);
    }

    private static TradeOff TradeOffOf(IReadOnlyList<CalibrationExample> examples, Func<CalibrationExample, bool> answered)
    {
        var unanswerable = examples.Where(e => !e.Answerable).ToList();
        var answerable = examples.Where(e => e.Answerable).ToList();
        return new TradeOff(
            unanswerable.Count == 0 ? 0 : Math.Round(unanswerable.Count(e => !answered(e)) / (double)unanswerable.Count, 4),
            answerable.Count == 0 ? 0 : Math.Round(answerable.Count(e => !answered(e)) / (double)answerable.Count, 4));
    }

    private sealed record Fitted(AnswerabilityModel Model)
    {
        public bool Answered(AnswerabilityFeatures? features) => features is { } f && Model.Probability(f) >= Model.Threshold;
    }
}
