using KccAssistant.Answering.Answerability;
using KccAssistant.Configuration;
using KccAssistant.Embeddings;
using KccAssistant.Retrieval;
using KccAssistant.Stores;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KccAssistant.Eval.Evaluation;

/// <summary>The <c>run</c> command: evaluate a labelled set in several retrieval modes side by side.</summary>
internal static class EvalCommand
{
    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var arguments = CommandArguments.Parse(args, ["--set", "--data-dir", "--out", "--modes", "--split", "--variant", "--floors", "--floors-set"], ["--verbose"]);
        var set = arguments.Value("--set") ?? throw new ArgumentException("--set FILE.jsonl is verplicht.");
        var output = arguments.Value("--out");
        var verbose = arguments.Flag("--verbose");
        var modes = arguments.Value("--modes") is { } names
            ? names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(m => Enum.TryParse<RetrievalMode>(m, ignoreCase: true, out var mode) ? mode : throw new ArgumentException($"Onbekende modus '{m}'."))
                .ToList()
            : [RetrievalMode.Hybrid, RetrievalMode.Lexical, RetrievalMode.Dense];

        var splits = LabelledSet.ParseSplits(arguments.Value("--split"));
        // Checked before the first host is built, so a typo in the last --variant does not cost a whole run.
        var variants = EvalVariant.ParseAll(arguments.Values("--variant"));
        var questions = await LabelledSet.ReadAsync(set, cancellationToken);
        // Read before the first host is built, so a typo in the floors file fails in seconds, not after the run.
        var gate = await Gate.FloorGate.LoadAsync(arguments.Value("--floors"), arguments.Value("--floors-set"), set, cancellationToken);
        var runs = new List<ModeRun>();
        RunDetails? details = null;
        ActiveAnswerabilityModel? answerability = null;
        // The configured settings first, then each variant on a host of its own: options are read once per host.
        foreach (var variant in variants.Prepend(null))
        {
            using var host = BuildHost(arguments.Value("--data-dir"), arguments.Rest, variant?.Configuration, verbose);
            var info = await IndexInfoAsync(host, cancellationToken);
            if (details is null)
            {
                Console.WriteLine($"{questions.Count} vragen uit {set}; index: generatie {info.Generation}, {info.Chunks} chunks, model {info.EmbeddingModel}");
                answerability = host.Services.GetRequiredService<AnswerabilityModelProvider>().Current;
                details = new RunDetails(
                    DateTimeOffset.UtcNow,
                    await RunDetails.CommitAsync(RunDetails.RepositoryRoot, cancellationToken),
                    set,
                    questions.Count,
                    questions.Count(q => !q.Answerable),
                    splits,
                    host.Services.GetRequiredService<IOptions<KccOptions>>().Value.DataDir,
                    info.Generation,
                    info.Chunks,
                    info.EmbeddingModel,
                    RunDetails.ChangedSettingsOf(host.Services));
            }

            var runner = ActivatorUtilities.CreateInstance<EvalRunner>(host.Services);
            foreach (var split in splits)
            {
                var part = LabelledSet.OfSplit(questions, split);
                foreach (var mode in modes)
                {
                    var label = string.Join('-', new[] { mode.ToString().ToLowerInvariant(), variant?.Name, split == LabelledSet.AllSplits ? null : split }.Where(p => p is not null));
                    Console.WriteLine($"{label}: {part.Count} vragen ({part.Count(q => !q.Answerable)} onbeantwoordbaar)...");
                    var started = System.Diagnostics.Stopwatch.GetTimestamp();
                    var run = await runner.RunAsync(part, mode, split, verbose ? new ConsoleProgress() : null, cancellationToken);
                    runs.Add(run with { Variant = variant?.Name, Settings = variant?.Configuration ?? run.Settings });
                    Console.WriteLine(FormattableString.Invariant($"  klaar in {System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s"));
                }
            }
        }

        output ??= Path.Combine("eval", "out", Path.GetFileNameWithoutExtension(set));
        await ReportWriter.WriteAsync(output, details!, runs, answerability, cancellationToken);
        Console.WriteLine();
        Console.WriteLine(ReportWriter.Table(runs));
        Console.Write(ReportWriter.Describe(answerability).TrimStart());
        Console.WriteLine(FormattableString.Invariant($"Intervallen: 95%-bootstrap over de vragen ({Bootstrap.DefaultResamples} trekkingen, beantwoordbaar en onbeantwoordbaar apart)."));
        Console.WriteLine($"Rapport: {Path.GetFullPath(Path.Combine(output, "report.json"))} (en report.md, report.html met plots)");
        return await Gate.FloorGate.CheckAsync(gate, Path.Combine(output, "report.json"), cancellationToken);
    }

    /// <summary>The <c>--verbose</c> line per question: enough to follow a run, never the answer text.</summary>
    private sealed class ConsoleProgress : IProgress<QuestionResult>
    {
        public void Report(QuestionResult value) =>
            Console.WriteLine(FormattableString.Invariant(
                $"  {value.Id,-12} {(value.Answerable ? "beantwoordbaar" : "onbeantwoordbaar"),-16} rang {value.FirstRelevantRank?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-",-3} {(value.Answered ? "beantwoord" : "geen antwoord"),-13} zekerheid {value.Confidence:0.00} {value.Milliseconds,6:0.0} ms"));
    }

    /// <summary>What the host's index holds; an empty index is an error that says where it looked and what to do.</summary>
    internal static async Task<StoreInfo> IndexInfoAsync(IHost host, CancellationToken cancellationToken)
    {
        var info = await host.Services.GetRequiredService<IKnowledgeStore>().GetInfoAsync(cancellationToken);
        return info.IsEmpty
            ? throw new InvalidOperationException(
                $"De store in '{host.Services.GetRequiredService<IOptions<KccOptions>>().Value.DataDir}' is leeg: lees eerst bronnen in met KccAssistant.Ingest.")
            : info;
    }

    /// <param name="dataDir">The data directory, or null for the configured one.</param>
    /// <param name="args">Remaining command-line arguments, as configuration.</param>
    /// <param name="overrides">A variant's settings, laid over everything else.</param>
    /// <param name="verbose">Let the core's information logs through (one line per ask).</param>
    internal static IHost BuildHost(string? dataDir, IReadOnlyList<string> args, IReadOnlyDictionary<string, string>? overrides = null, bool verbose = false)
    {
        var builder = Host.CreateApplicationBuilder([.. args]);
        builder.Configuration.AddKccSettings();
        if (dataDir is not null)
        {
            builder.Configuration.AddInMemoryCollection([new("Kcc:DataDir", Path.GetFullPath(dataDir))]);
        }

        if (overrides is not null)
        {
            builder.Configuration.AddInMemoryCollection(overrides.Select(o => new KeyValuePair<string, string?>(o.Key, o.Value)));
        }

        // appsettings.json sets Logging:LogLevel:Default to Information for the web app, and configured rules beat
        // SetMinimumLevel: the ask service's line per question (hundreds per run) would bury the summary. A rule
        // for the console provider itself wins over those.
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter<Microsoft.Extensions.Logging.Console.ConsoleLoggerProvider>(null, verbose ? LogLevel.Information : LogLevel.Warning);
        builder.Services.AddKccCore(builder.Configuration).AddKccEmbeddings(builder.Configuration);
        return builder.Build();
    }
}
