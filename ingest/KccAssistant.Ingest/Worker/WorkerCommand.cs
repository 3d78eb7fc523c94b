using KccAssistant.Ingest.Pipeline;
using KccAssistant.Stores;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace KccAssistant.Ingest.Worker;

/// <summary><c>--worker</c>: the ingest worker as a generic host until Ctrl+C or SIGTERM.</summary>
internal static class WorkerCommand
{
    /// <summary>Runs the worker and returns the exit code.</summary>
    public static async Task<int> RunAsync(IngestCommandLine commandLine)
    {
        try
        {
            var builder = IngestCommand.CreateBuilder(commandLine);
            builder.Services.AddKccIngestWorker(builder.Configuration);
            // A worker that died is a failed deployment: stop the host and say so in the exit code rather than idle on.
            builder.Services.Configure<HostOptions>(o => o.BackgroundServiceExceptionBehavior = BackgroundServiceExceptionBehavior.StopHost);
            using var host = builder.Build();
            var worker = host.Services.GetServices<IHostedService>().OfType<IngestWorker>().Single();
            await host.RunAsync();
            if (worker.ExecuteTask?.Exception?.InnerException is KnowledgeStoreUnavailableException unavailable)
            {
                await Console.Error.WriteLineAsync($"De inleesdienst is gestopt: {unavailable.Message}");
                return IngestExitCodes.StoreUnavailable;
            }

            return worker.ExecuteTask is { IsFaulted: true } ? IngestExitCodes.Failed : IngestExitCodes.Completed;
        }
        catch (KnowledgeStoreUnavailableException exception)
        {
            await Console.Error.WriteLineAsync($"Kan de inleesdienst niet starten: {exception.Message}");
            return IngestExitCodes.StoreUnavailable;
        }
        catch (StoreBusyException exception)
        {
            await Console.Error.WriteLineAsync($"busy: {exception.Message}");
            return IngestExitCodes.Busy;
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException or OptionsValidationException or IOException)
        {
            await Console.Error.WriteLineAsync($"Kan de inleesdienst niet starten: {exception.Message}");
            return IngestExitCodes.CouldNotRun;
        }
    }
}
