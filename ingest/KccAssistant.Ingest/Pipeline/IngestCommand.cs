using System.Text.Json;
using KccAssistant.Configuration;
using KccAssistant.Embeddings;
using KccAssistant.Ingest.Worker;
using KccAssistant.Stores;
using KccAssistant.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace KccAssistant.Ingest.Pipeline;

/// <summary>One ingestion run from the command line: the sources given or configured, into a new generation.</summary>
internal static class IngestCommand
{
    /// <summary>The host builder of both modes: the content root's appsettings.json (KccPaths), then environment and arguments.</summary>
    public static HostApplicationBuilder CreateBuilder(IngestCommandLine commandLine)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [.. commandLine.Rest], ContentRootPath = KccPaths.PublishedContentRoot });
        builder.Configuration.AddKccSettings();
        if (commandLine.DataDir is not null)
        {
            builder.Configuration.AddInMemoryCollection([new("Kcc:DataDir", Path.GetFullPath(commandLine.DataDir))]);
        }

        builder.Services.AddKccCore(builder.Configuration).AddKccEmbeddings(builder.Configuration).AddKccIngestion(builder.Configuration)
            .AddKccTelemetry(builder.Configuration, "KccAssistant.Ingest");
        return builder;
    }

    /// <summary>Runs once and returns the exit code.</summary>
    public static async Task<int> RunAsync(IngestCommandLine commandLine)
    {
        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };

        try
        {
            using var host = CreateBuilder(commandLine).Build();
            // The host is never started for one run: create the OTLP exporters (when configured) by hand; disposing
            // the host flushes them.
            _ = host.Services.GetService<OpenTelemetry.Metrics.MeterProvider>();
            _ = host.Services.GetService<OpenTelemetry.Trace.TracerProvider>();
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
            var publisher = host.Services.GetRequiredService<IngestStatusPublisher>();
            var dataDir = KccPaths.Resolve(host.Services.GetRequiredService<IOptions<KccOptions>>().Value.DataDir);
            var only = commandLine.Only.Count > 0 ? commandLine.Only : null;
            await Console.Error.WriteLineAsync($"Inlezen van {sources.Count} bron(nen) naar {dataDir}: {string.Join(", ", sources.Select(s => s.Name))}");
            var report = await publisher.RunAsync(
                only is null ? "alle bronnen (opdrachtregel)" : $"{string.Join(", ", only)} (opdrachtregel)",
                (progress, token) => pipeline.RunAsync(sources, only, progress, token),
                new ConsoleProgress(),
                cancellation.Token);
            await Console.Error.WriteLineAsync();
            Console.WriteLine(report.ToSummary());
            if (commandLine.ReportPath is not null)
            {
                var reportPath = Path.GetFullPath(commandLine.ReportPath);
                Directory.CreateDirectory(Path.GetDirectoryName(reportPath)!);
                await File.WriteAllTextAsync(reportPath, JsonSerializer.Serialize(report, IngestReport.JsonOptions), cancellation.Token);
                Console.WriteLine($"Rapport: {reportPath}");
            }

            return IngestExitCodes.Completed;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("Afgebroken; de vorige index blijft in gebruik.");
            return IngestExitCodes.Cancelled;
        }
        catch (StoreBusyException exception)
        {
            await Console.Error.WriteLineAsync($"busy: {exception.Message} Probeer het opnieuw als die run klaar is; de index is niet aangeraakt.");
            return IngestExitCodes.Busy;
        }
        catch (KnowledgeStoreUnavailableException exception)
        {
            // The message names the file and what to do; a stack trace would only bury it.
            await Console.Error.WriteLineAsync($"Kan niet inlezen: {exception.Message}");
            return IngestExitCodes.StoreUnavailable;
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException or OptionsValidationException or IOException
            or UnauthorizedAccessException)
        {
            // UnauthorizedAccessException: e.g. a model cache folder owned by another user, which is refused.
            await Console.Error.WriteLineAsync($"Kan niet inlezen: {exception.Message}");
            return IngestExitCodes.CouldNotRun;
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
