using System.Globalization;
using System.Text.Json;
using KccAssistant.Answering.Answerability;
using KccAssistant.Configuration;
using KccAssistant.Eval.Evaluation;
using KccAssistant.Retrieval;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KccAssistant.Eval.Calibration;

/// <summary>
/// The <c>calibrate</c> command: fits the "geen antwoord" model on a labelled set against the index in the data
/// directory and writes it there as <c>answerability.json</c>, where the web app picks it up.
/// </summary>
internal static class CalibrateCommand
{
    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var arguments = CommandArguments.Parse(args, ["--set", "--data-dir", "--out", "--target-fnr", "--folds", "--split", "--also"], ["--dry-run"]);
        var set = arguments.Value("--set") ?? throw new ArgumentException("--set FILE.jsonl is verplicht.");
        var output = arguments.Value("--out");
        var target = arguments.Value("--target-fnr") is { } fnr ? double.Parse(fnr, CultureInfo.InvariantCulture) : 0.08;
        var folds = arguments.Value("--folds") is { } k ? int.Parse(k, CultureInfo.InvariantCulture) : 10;
        var dryRun = arguments.Flag("--dry-run");
        if (target is < 0 or >= 1 || folds < 2)
        {
            throw new ArgumentException("--target-fnr ligt tussen 0 en 1 en --folds is minstens 2.");
        }

        // Fitted on the dev part by default: the test part is for reporting, never for tuning. A set without parts
        // (an older or a customer's own set) is used whole.
        var all = await LabelledSet.ReadAsync(set, cancellationToken);
        var split = LabelledSet.ParseSplits(arguments.Value("--split") ?? (all.Any(q => q.Split is not null) ? "dev" : LabelledSet.AllSplits)) is [var single]
            ? single
            : throw new ArgumentException("calibrate fit op één deel: --split dev, test of all.");
        var questions = LabelledSet.OfSplit(all, split);
        using var host = EvalCommand.BuildHost(arguments.Value("--data-dir"), arguments.Rest);
        var info = await EvalCommand.IndexInfoAsync(host, cancellationToken);

        var retriever = host.Services.GetRequiredService<HybridRetriever>();
        var examples = new List<CalibrationExample>();
        foreach (var question in questions)
        {
            examples.Add(new CalibrationExample(question.Id, await EvalRunner.FeaturesAsync(retriever, question.Question, cancellationToken), question.Answerable));
        }

        // --also SET=DATADIR adds another corpus's questions (same split), judged against its own index: a model fitted
        // on two corpora at once is what the shipped defaults need, since they must hold on a corpus nobody labelled.
        // Several corpora: --also A.jsonl=DIR1,B.jsonl=DIR2 (two sets over one index are two pairs with the same DIR).
        foreach (var also in (arguments.Value("--also") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var (otherSet, otherDir) = also.Split('=', 2) is [var a, var b] ? (a, b) : throw new ArgumentException("--also verwacht SET.jsonl=DATAMAP[,SET.jsonl=DATAMAP...].");
            var others = LabelledSet.OfSplit(await LabelledSet.ReadAsync(otherSet, cancellationToken), split);
            using var otherHost = EvalCommand.BuildHost(otherDir, arguments.Rest);
            await EvalCommand.IndexInfoAsync(otherHost, cancellationToken);
            var otherRetriever = otherHost.Services.GetRequiredService<HybridRetriever>();
            var prefix = $"also:{Path.GetFileNameWithoutExtension(otherSet)}:";
            foreach (var question in others)
            {
                examples.Add(new CalibrationExample(prefix + question.Id, await EvalRunner.FeaturesAsync(otherRetriever, question.Question, cancellationToken), question.Answerable));
            }

            questions = [.. questions, .. others];
        }

        if (examples.All(e => e.Features is null))
        {
            throw new InvalidOperationException("Geen enkele vraag heeft lexicale en dense bewijzen: is het embeddingmodel van de index hetzelfde als het ingestelde?");
        }

        var result = Calibrator.Calibrate(examples, target, folds);
        var calibration = new AnswerabilityCalibration(
            result.Model.Intercept,
            new Dictionary<string, double>(result.Model.Weights, StringComparer.Ordinal),
            result.Model.Threshold,
            info.EmbeddingModel,
            new CalibrationInfo(
                split == LabelledSet.AllSplits ? Path.GetFileName(set) : $"{Path.GetFileName(set)} ({split})",
                questions.Count,
                questions.Count(q => !q.Answerable),
                info.Generation,
                DateTimeOffset.UtcNow,
                target,
                result.CrossValidated,
                result.InSample));

        var provider = host.Services.GetRequiredService<AnswerabilityModelProvider>();
        output ??= provider.CalibrationPath ?? Path.Combine(KccPaths.Resolve(host.Services.GetRequiredService<IOptions<KccOptions>>().Value.DataDir), "answerability.json");
        Console.WriteLine($"{questions.Count} vragen uit {set}, deel {split} ({calibration.Calibration!.Unanswerable} onbeantwoordbaar); index: generatie {info.Generation}, {info.Chunks} chunks");
        Console.WriteLine($"Model: intercept {result.Model.Intercept:F3}; " + string.Join(", ", result.Model.Weights.Select(w => $"{w.Key} {w.Value:F3}")));
        Console.WriteLine($"Drempel {result.Model.Threshold:F3} (doel: hooguit {target:P0} onterecht 'geen antwoord')");
        Console.WriteLine($"Kruisvalidatie ({folds}-voudig, model en drempel zonder de geteste vragen): noAnswerAccuracy {result.CrossValidated.NoAnswerAccuracy:F2}, falseNoAnswerRate {result.CrossValidated.FalseNoAnswerRate:F2}");
        Console.WriteLine($"Op de set zelf:                                                   noAnswerAccuracy {result.InSample.NoAnswerAccuracy:F2}, falseNoAnswerRate {result.InSample.FalseNoAnswerRate:F2}");
        var unanswerable = calibration.Calibration.Unanswerable;
        if (unanswerable < 20)
        {
            // One question moves the estimate by 1/n: with few unanswerable questions the numbers above are rough.
            Console.WriteLine($"Let op: maar {unanswerable} onbeantwoordbare vragen; één vraag verschuift noAnswerAccuracy met {1.0 / unanswerable:P0}. Voeg er meer toe (25 of meer).");
        }

        if (dryRun)
        {
            Console.WriteLine("--dry-run: niets geschreven.");
            return 0;
        }

        // Written next to the target and moved over it, so a reader never sees half a file.
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        var temporary = output + ".tmp";
        await File.WriteAllTextAsync(temporary, JsonSerializer.Serialize(calibration, AnswerabilityModelProvider.Json), cancellationToken);
        File.Move(temporary, output, overwrite: true);
        Console.WriteLine($"Geschreven: {Path.GetFullPath(output)}");
        return 0;
    }
}
