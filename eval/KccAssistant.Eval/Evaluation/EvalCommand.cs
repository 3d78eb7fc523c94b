using KccAssistant.Answering.Answerability;
using KccAssistant.Configuration;
using KccAssistant.Embeddings;
using KccAssistant.Retrieval;
using KccAssistant.Stores;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KccAssistant.Eval.Evaluation;

/// <summary>The <c>run</c> command: evaluate a labelled set in several retrieval modes side by side.</summary>
internal static class EvalCommand
{
    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        string? set = null, dataDir = null, output = null;
        var modes = new List<RetrievalMode> { RetrievalMode.Hybrid, RetrievalMode.Lexical, RetrievalMode.Dense };
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} verwacht een waarde.");
            switch (args[i])
            {
                case "--set": set = Value(); break;
                case "--data-dir": dataDir = Value(); break;
                case "--out": output = Value(); break;
                case "--modes":
                    modes = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                        .Select(m => Enum.TryParse<RetrievalMode>(m, ignoreCase: true, out var mode) ? mode : throw new ArgumentException($"Onbekende modus '{m}'."))
                        .ToList();
                    break;
                default: rest.Add(args[i]); break;
            }
        }

        if (set is null)
        {
            throw new ArgumentException("--set FILE.jsonl is verplicht.");
        }

        var questions = await LabelledSet.ReadAsync(set, cancellationToken);
        using var host = BuildHost(dataDir, rest);
        var store = host.Services.GetRequiredService<IKnowledgeStore>();
        var info = await store.GetInfoAsync(cancellationToken);
        if (info.IsEmpty)
        {
            throw new InvalidOperationException(
                $"De store in '{host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<KccOptions>>().Value.DataDir}' is leeg: lees eerst bronnen in met KccAssistant.Ingest.");
        }

        Console.WriteLine($"{questions.Count} vragen uit {set}; index: generatie {info.Generation}, {info.Chunks} chunks, model {info.EmbeddingModel}");
        var runner = ActivatorUtilities.CreateInstance<EvalRunner>(host.Services);
        var runs = new List<ModeRun>();
        foreach (var mode in modes)
        {
            runs.Add(await runner.RunAsync(questions, mode, cancellationToken));
        }

        output ??= Path.Combine("eval", "out", Path.GetFileNameWithoutExtension(set));
        var answerability = host.Services.GetRequiredService<AnswerabilityModelProvider>().Current;
        await ReportWriter.WriteAsync(output, set, runs, answerability, cancellationToken);
        Console.WriteLine(ReportWriter.Table(runs));
        Console.Write(ReportWriter.Describe(answerability).TrimStart());
        Console.WriteLine($"Rapport: {Path.GetFullPath(Path.Combine(output, "report.json"))} (en report.md, report.html)");
        return 0;
    }

    internal static IHost BuildHost(string? dataDir, IReadOnlyList<string> args)
    {
        var builder = Host.CreateApplicationBuilder([.. args]);
        builder.Configuration.AddKccSettings();
        if (dataDir is not null)
        {
            builder.Configuration.AddInMemoryCollection([new("Kcc:DataDir", Path.GetFullPath(dataDir))]);
        }

        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddKccCore(builder.Configuration).AddKccEmbeddings(builder.Configuration);
        return builder.Build();
    }
}
