using System.Text.Json;
using KccAssistant.Configuration;
using KccAssistant.Embeddings;
using KccAssistant.Ingest.Pipeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace KccAssistant.Ingest;

/// <summary>The ingest worker: reads sources into a new index generation. Exit 0 = run completed, 2 = could not run.</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        IngestCommandLine commandLine;
        try
        {
            commandLine = IngestCommandLine.Parse(args);
        }
        catch (ArgumentException exception)
        {
            await Console.Error.WriteLineAsync(exception.Message);
            return 2;
        }

        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };

        var builder = Host.CreateApplicationBuilder([.. commandLine.Rest]);
        builder.Configuration.AddKccSettings();
        if (commandLine.DataDir is not null)
        {
            builder.Configuration.AddInMemoryCollection([new("Kcc:DataDir", Path.GetFullPath(commandLine.DataDir))]);
        }

        builder.Services.AddKccCore(builder.Configuration).AddKccEmbeddings(builder.Configuration).AddKccIngestion(builder.Configuration);
        try
        {
            using var host = builder.Build();
            var adHoc = commandLine.AdHocSources();
            var sources = adHoc.Count > 0 ? adHoc : host.Services.GetRequiredService<IOptions<List<SourceDefinition>>>().Value;
            if (sources.Count == 0)
            {
                throw new ArgumentException("Geen bronnen: geef --site/--kb of configureer Kcc:Sources in appsettings.json.");
            }

            foreach (var location in sources.SelectMany(s => s.Locations).Where(l => !l.StartsWith("http", StringComparison.OrdinalIgnoreCase)))
            {
                var path = KccPaths.Resolve(location);
                if (!File.Exists(path) && !Directory.Exists(path))
                {
                    throw new ArgumentException($"Bron '{location}' bestaat niet ({path}).");
                }
            }

            var pipeline = host.Services.GetRequiredService<IngestionPipeline>();
            var dataDir = KccPaths.Resolve(host.Services.GetRequiredService<IOptions<KccOptions>>().Value.DataDir);
            Console.Error.WriteLine($"Inlezen van {sources.Count} bron(nen) naar {dataDir}: {string.Join(", ", sources.Select(s => s.Name))}");
            var report = await pipeline.RunAsync(
                sources,
                commandLine.Only.Count > 0 ? commandLine.Only : null,
                new ConsoleProgress(),
                cancellation.Token);
            Console.Error.WriteLine();
            Console.WriteLine(report.ToSummary());
            if (commandLine.ReportPath is not null)
            {
                var reportPath = Path.GetFullPath(commandLine.ReportPath);
                Directory.CreateDirectory(Path.GetDirectoryName(reportPath)!);
                await File.WriteAllTextAsync(reportPath, JsonSerializer.Serialize(report, IngestReport.JsonOptions), cancellation.Token);
                Console.WriteLine($"Rapport: {reportPath}");
            }

            return 0;
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("Afgebroken; de vorige index blijft in gebruik.");
            return 130;
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException or OptionsValidationException or IOException)
        {
            await Console.Error.WriteLineAsync($"Kan niet inlezen: {exception.Message}");
            return 2;
        }
    }

    /// <summary>A live progress line in the terminal: documents, chunks embedded, rate.</summary>
    private sealed class ConsoleProgress : IProgress<IngestProgress>
    {
        private long _lastTicks;

        public void Report(IngestProgress value)
        {
            var now = Environment.TickCount64;
            if (now - _lastTicks < 500)
            {
                return;
            }

            _lastTicks = now;
            var rate = value.Elapsed.TotalSeconds > 0 ? value.ChunksEmbedded / value.Elapsed.TotalSeconds : 0;
            var line = $"[{value.Source}] {value.DocumentsSeen} documenten, {value.ChunksEmbedded} passages ingebed ({rate:F1}/s), {value.Skipped} overgeslagen, {value.Elapsed.TotalSeconds:F0} s";
            if (Console.IsErrorRedirected)
            {
                Console.Error.WriteLine(line);
            }
            else
            {
                Console.Error.Write($"\r{line,-110}");
            }
        }
    }
}
