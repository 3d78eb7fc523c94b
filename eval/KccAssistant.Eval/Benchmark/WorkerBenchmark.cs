using System.Diagnostics;
using System.Text.Json;
using KccAssistant.Configuration;

namespace KccAssistant.Eval.Benchmark;

/// <summary>The ingest worker's run and footprint.</summary>
/// <param name="PeakRssMb">The highest VmHWM read while it ran (its peak resident memory).</param>
/// <param name="MaxSampledRssMb">The highest VmRSS of the samples.</param>
/// <param name="Samples">How often /proc was read.</param>
/// <param name="Seconds">Wall-clock time of the process.</param>
/// <param name="ExitCode">The worker's exit code (0: run completed).</param>
/// <param name="Documents">Documents in its report.</param>
/// <param name="Chunks">Chunks in its report.</param>
/// <param name="EmbeddedChunks">Chunks it embedded.</param>
internal sealed record WorkerResult(double PeakRssMb, double MaxSampledRssMb, int Samples, double Seconds, int ExitCode, int Documents, int Chunks, int EmbeddedChunks);

/// <summary>
/// Runs the real ingest worker (Release build) as a child process over the served sample site and the sample
/// kennisbank into an empty data directory, sampling /proc/&lt;pid&gt;/status every 50 ms. VmHWM is the kernel's own
/// peak, so the samples only have to catch the process alive; the last sample is at most 50 ms before it exits.
/// </summary>
internal static class WorkerBenchmark
{
    private static readonly TimeSpan SampleInterval = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    public static async Task<WorkerResult> RunAsync(string workerAssembly, Uri site, string knowledgeBase, string workDirectory, CancellationToken cancellationToken)
    {
        var dataDirectory = Path.Combine(workDirectory, "worker-data");
        var reportPath = Path.Combine(workDirectory, "worker-report.json");
        var started = Stopwatch.GetTimestamp();
        await using var worker = ChildProcess.StartDotnet(
            "ingest-worker",
            workerAssembly,
            ["--data-dir", dataDirectory, "--site", site.AbsoluteUri, "--kb", knowledgeBase, "--report", reportPath],
            KccPaths.RepositoryRoot);

        double peak = 0, maxRss = 0;
        var samples = 0;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        var exited = worker.WaitForExitAsync(timeout.Token);
        while (!exited.IsCompleted)
        {
            if (ProcessMemory.TryRead(worker.Id) is { } memory)
            {
                peak = Math.Max(peak, memory.PeakRssMb);
                maxRss = Math.Max(maxRss, memory.RssMb);
                samples++;
            }

            await Task.WhenAny(exited, Task.Delay(SampleInterval, timeout.Token));
        }

        try
        {
            await exited;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new InvalidOperationException($"De ingest-worker was na {Timeout.TotalMinutes:F0} minuten niet klaar.{Environment.NewLine}{worker.Tail()}");
        }

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        if (worker.ExitCode != 0 || !File.Exists(reportPath))
        {
            throw new InvalidOperationException($"De ingest-worker faalde (exitcode {worker.ExitCode}).{Environment.NewLine}{worker.Tail()}");
        }

        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(reportPath, cancellationToken));
        int Field(string name) => report.RootElement.TryGetProperty(name, out var value) ? value.GetInt32() : 0;
        return new WorkerResult(
            LoadStatistics.Round(peak, 1),
            LoadStatistics.Round(maxRss, 1),
            samples,
            LoadStatistics.Round(seconds, 1),
            worker.ExitCode,
            Field("documents"),
            Field("chunks"),
            Field("embeddedChunks"));
    }
}
