using System.Globalization;
using System.Text.Json;
using KccAssistant.Answering.Answerability;
using KccAssistant.Configuration;
using KccAssistant.Eval.Evaluation;
using KccAssistant.Retrieval;
using KccAssistant.Stores;
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
        string? set = null, dataDir = null, output = null;
        var target = 0.08;
        var folds = 10;
        var dryRun = false;
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} verwacht een waarde.");
            switch (args[i])
            {
                case "--set": set = Value(); break;
                case "--data-dir": dataDir = Value(); break;
                case "--out": output = Value(); break;
                case "--target-fnr": target = double.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--folds": folds = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--dry-run": dryRun = true; break;
                default: rest.Add(args[i]); break;
            }
        }

        if (set is null)
        {
            throw new ArgumentException("--set FILE.jsonl is verplicht.");
        }

        if (target is < 0 or >= 1 || folds < 2)
        {
            throw new ArgumentException("--target-fnr ligt tussen 0 en 1 en --folds is minstens 2.");
        }

        var questions = await LabelledSet.ReadAsync(set, cancellationToken);
        using var host = EvalCommand.BuildHost(dataDir, rest);
        var info = await host.Services.GetRequiredService<IKnowledgeStore>().GetInfoAsync(cancellationToken);
        if (info.IsEmpty)
        {
            throw new InvalidOperationException("De store is leeg: lees eerst bronnen in met KccAssistant.Ingest.");
        }

        var retriever = host.Services.GetRequiredService<HybridRetriever>();
        var examples = new List<CalibrationExample>();
        foreach (var question in questions)
        {
            examples.Add(new CalibrationExample(question.Id, await EvalRunner.FeaturesAsync(retriever, question.Question, cancellationToken), question.Answerable));
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
                Path.GetFileName(set),
                questions.Count,
                questions.Count(q => !q.Answerable),
                info.Generation,
                DateTimeOffset.UtcNow,
                target,
                result.CrossValidated,
                result.InSample));

        var provider = host.Services.GetRequiredService<AnswerabilityModelProvider>();
        output ??= provider.CalibrationPath ?? Path.Combine(KccPaths.Resolve(host.Services.GetRequiredService<IOptions<KccOptions>>().Value.DataDir), "answerability.json");
        Console.WriteLine($"{questions.Count} vragen uit {set} ({calibration.Calibration!.Unanswerable} onbeantwoordbaar); index: generatie {info.Generation}, {info.Chunks} chunks");
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
