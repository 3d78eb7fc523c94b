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
        var arguments = CommandArguments.Parse(args, ["--set", "--data-dir", "--out", "--modes", "--split", "--floors", "--floors-set"]);
        var set = arguments.Value("--set") ?? throw new ArgumentException("--set FILE.jsonl is verplicht.");
        var output = arguments.Value("--out");
        var modes = arguments.Value("--modes") is { } names
            ? names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(m => Enum.TryParse<RetrievalMode>(m, ignoreCase: true, out var mode) ? mode : throw new ArgumentException($"Onbekende modus '{m}'."))
                .ToList()
            : [RetrievalMode.Hybrid, RetrievalMode.Lexical, RetrievalMode.Dense];

        var splits = LabelledSet.ParseSplits(arguments.Value("--split"));
        var questions = await LabelledSet.ReadAsync(set, cancellationToken);
        var gate = await Gate.FloorGate.LoadAsync(arguments.Value("--floors"), arguments.Value("--floors-set"), set, cancellationToken);
        using var host = BuildHost(arguments.Value("--data-dir"), arguments.Rest);
        var info = await IndexInfoAsync(host, cancellationToken);
        Console.WriteLine($"{questions.Count} vragen uit {set}; index: generatie {info.Generation}, {info.Chunks} chunks, model {info.EmbeddingModel}");
        var runner = ActivatorUtilities.CreateInstance<EvalRunner>(host.Services);
        var runs = new List<ModeRun>();
        foreach (var split in splits)
        {
            var part = LabelledSet.OfSplit(questions, split);
            if (split != LabelledSet.AllSplits)
            {
                Console.WriteLine($"Deel '{split}': {part.Count} vragen ({part.Count(q => !q.Answerable)} onbeantwoordbaar)");
            }

            foreach (var mode in modes)
            {
                runs.Add(await runner.RunAsync(part, mode, split, cancellationToken));
            }
        }

        output ??= Path.Combine("eval", "out", Path.GetFileNameWithoutExtension(set));
        var answerability = host.Services.GetRequiredService<AnswerabilityModelProvider>().Current;
        await ReportWriter.WriteAsync(output, set, runs, answerability, cancellationToken);
        Console.WriteLine(ReportWriter.Table(runs));
        Console.Write(ReportWriter.Describe(answerability).TrimStart());
        Console.WriteLine($"Rapport: {Path.GetFullPath(Path.Combine(output, "report.json"))} (en report.md, report.html)");
        return await Gate.FloorGate.CheckAsync(gate, Path.Combine(output, "report.json"), cancellationToken);
    }

    /// <summary>What the host's index holds; an empty index is an error that says where it looked and what to do.</summary>
    internal static async Task<StoreInfo> IndexInfoAsync(IHost host, CancellationToken cancellationToken)
    {
        var info = await host.Services.GetRequiredService<IKnowledgeStore>().GetInfoAsync(cancellationToken);
        return info.IsEmpty
            ? throw new InvalidOperationException(
                $"De store in '{host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<KccOptions>>().Value.DataDir}' is leeg: lees eerst bronnen in met KccAssistant.Ingest.")
            : info;
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
