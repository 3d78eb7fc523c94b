using KccAssistant.Ingest.Pipeline;
using KccAssistant.Stores;
using KccAssistant.Stores.Embedded;
using KccAssistant.Stores.Qdrant;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KccAssistant.Ingest.Migration;

/// <summary>
/// <c>migrate --to qdrant|embedded</c>: copies the serving generation of the other store, vectors included, into a
/// new generation of the chosen one. Both stores come from the same configuration (<c>Kcc:DataDir</c> for the embedded
/// one, <c>Kcc:Store:Qdrant:*</c> and <c>Kcc:Tenant</c> for Qdrant), whatever <c>Kcc:Store:Provider</c> says now.
/// </summary>
internal static partial class MigrateCommand
{
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
            using var host = IngestCommand.CreateBuilder(commandLine).Build();
            var embedded = host.Services.GetRequiredService<EmbeddedKnowledgeStore>();
            var qdrant = host.Services.GetRequiredService<QdrantKnowledgeStore>();
            var toQdrant = commandLine.MigrateTo == "qdrant";
            IKnowledgeStore source = toQdrant ? embedded : qdrant;
            IKnowledgeStore target = toQdrant ? qdrant : embedded;
            var from = toQdrant ? $"de ingebedde store in {embedded.DataDirectory}" : $"Qdrant-alias {qdrant.Names.Alias}";
            var to = toQdrant ? $"Qdrant-alias {qdrant.Names.Alias}" : $"de ingebedde store in {embedded.DataDirectory}";
            Console.WriteLine($"Kopiëren van {from} naar {to} (vectoren gaan mee, er wordt niets opnieuw geëmbed)...");
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var result = await StoreMigration.CopyAsync(source, target, cancellationToken: cancellation.Token);
            var seconds = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds;
            Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"Klaar: {result.Documents} documenten, {result.Chunks} chunks in generatie {result.Generation} ({seconds:F1} s). Zet nu Kcc:Store:Provider={(toQdrant ? "Qdrant" : "Embedded")}."));
            LogMigrated(host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("KccAssistant.Ingest.Migration"), commandLine.MigrateTo!, result.Documents, result.Chunks);
            return IngestExitCodes.Completed;
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("Afgebroken; de doelstore is niet veranderd.");
            return IngestExitCodes.Cancelled;
        }
        catch (StoreBusyException exception)
        {
            await Console.Error.WriteLineAsync(exception.Message);
            return IngestExitCodes.Busy;
        }
        catch (KnowledgeStoreUnavailableException exception)
        {
            await Console.Error.WriteLineAsync(exception.Message);
            return IngestExitCodes.StoreUnavailable;
        }
        catch (Exception exception) when (exception is InvalidOperationException or ArgumentException or Microsoft.Extensions.Options.OptionsValidationException)
        {
            await Console.Error.WriteLineAsync(exception.Message);
            return IngestExitCodes.CouldNotRun;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Migrated to {Target}: {Documents} documents, {Chunks} chunks")]
    private static partial void LogMigrated(ILogger logger, string target, int documents, int chunks);
}
