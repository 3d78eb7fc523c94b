using System.Globalization;
using System.Text.Json;
using KccAssistant.Answering.Answerability;
using KccAssistant.Configuration;
using KccAssistant.Eval.Evaluation;
using KccAssistant.Stores;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KccAssistant.Eval.Calibration;

/// <summary>
/// The <c>self-calibrate</c> command: what every ingest run does when no hand-made calibration exists, on demand
/// against the serving index: fits the "geen antwoord" model on probes from the corpus itself and writes it as
/// <c>answerability.auto.json</c> (or <c>--out</c>).
/// </summary>
internal static class SelfCalibrateCommand
{
    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var arguments = CommandArguments.Parse(args, ["--data-dir", "--out", "--target-fnr", "--probes"], ["--dry-run"]);
        var rest = new List<string>(arguments.Rest);
        if (arguments.Value("--target-fnr") is { } fnr)
        {
            rest.AddRange(["--Kcc:Answerability:SelfCalibrationTargetFalseNoAnswerRate", double.Parse(fnr, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)]);
        }

        using var host = EvalCommand.BuildHost(arguments.Value("--data-dir"), rest);
        var info = await EvalCommand.IndexInfoAsync(host, cancellationToken);
        var store = host.Services.GetRequiredService<IKnowledgeStore>();
        var result = await host.Services.GetRequiredService<SelfCalibrator>().CalibrateAsync(store, (await store.GetChunksAsync(cancellationToken)).Chunks, cancellationToken);
        if (result is null)
        {
            Console.WriteLine($"Geen zelfkalibratie: de index (generatie {info.Generation}) is te klein of de proefvragen geven geen twee klassen; het ingestelde model blijft.");
            return 0;
        }

        var calibration = result.Calibration;
        var model = calibration.ToModel();
        var details = calibration.Calibration!;
        Console.WriteLine($"{details.Questions} proefvragen ({details.Unanswerable} onbeantwoordbaar) uit generatie {info.Generation}: "
            + string.Join(", ", result.Probes.GroupBy(p => p.Kind).Select(g => $"{g.Key} {g.Count()}")));
        Console.WriteLine($"Model: intercept {model.Intercept:F3}; " + string.Join(", ", model.Weights.Select(w => $"{w.Key} {w.Value:F3}")));
        Console.WriteLine($"Drempel {model.Threshold:F3} (doel: hooguit {details.TargetFalseNoAnswerRate:P0} onterecht 'geen antwoord' op de beantwoordbare proefvragen)");
        Console.WriteLine($"Kruisvalidatie op de proefvragen: noAnswerAccuracy {details.CrossValidated.NoAnswerAccuracy:F2}, falseNoAnswerRate {details.CrossValidated.FalseNoAnswerRate:F2}");
        if (arguments.Value("--probes") is { } probesPath)
        {
            // For reading what the model was fitted on: each probe with its evidence.
            await File.WriteAllLinesAsync(
                probesPath,
                result.Probes.Select((p, i) => JsonSerializer.Serialize(new { p.Question, p.Kind, p.DocumentId, p.Answerable, result.Examples[i].Features }, AnswerabilityModelProvider.Json).ReplaceLineEndings(" ")),
                cancellationToken);
        }

        if (arguments.Flag("--dry-run"))
        {
            Console.WriteLine("--dry-run: niets geschreven.");
            return 0;
        }

        var options = host.Services.GetRequiredService<IOptions<AnswerabilityOptions>>().Value;
        var output = arguments.Value("--out")
            ?? Path.Combine(KccPaths.Resolve(host.Services.GetRequiredService<IOptions<KccOptions>>().Value.DataDir), string.IsNullOrWhiteSpace(options.SelfCalibrationFile) ? "answerability.auto.json" : options.SelfCalibrationFile);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        var temporary = output + ".tmp";
        await File.WriteAllTextAsync(temporary, JsonSerializer.Serialize(calibration, AnswerabilityModelProvider.Json), cancellationToken);
        File.Move(temporary, output, overwrite: true);
        Console.WriteLine($"Geschreven: {Path.GetFullPath(output)}");
        return 0;
    }
}
