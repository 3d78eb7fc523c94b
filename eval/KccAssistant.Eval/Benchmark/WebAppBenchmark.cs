using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using KccAssistant.Configuration;

namespace KccAssistant.Eval.Benchmark;

/// <summary>The web app during and after the ask load.</summary>
/// <param name="IndexChunks">Chunks the app reported on /healthz.</param>
/// <param name="StartSeconds">From process start to a /healthz that reports the loaded index.</param>
/// <param name="RssMb">VmRSS after the load.</param>
/// <param name="PeakRssMb">VmHWM after the load.</param>
/// <param name="Questions">Distinct questions cycled through.</param>
/// <param name="WarmUpSeconds">Unmeasured load before the first level.</param>
internal sealed record WebAppResult(int IndexChunks, double StartSeconds, double RssMb, double PeakRssMb, int Questions, double WarmUpSeconds);

/// <summary>
/// Starts the real web app (Release build) as a child process on a free loopback port over a prepared data directory,
/// waits for /healthz to report the index, warms up, then loads POST /api/ask at each concurrency level and reads the
/// app's resident memory from /proc. The child is always killed at the end.
/// </summary>
internal static class WebAppBenchmark
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    public static async Task<(WebAppResult Web, IReadOnlyDictionary<string, AskLevelResult> Ask)> RunAsync(
        string webAssembly, string dataDirectory, int expectedChunks, IReadOnlyList<string> questions, BenchSettings settings, CancellationToken cancellationToken)
    {
        var port = FreePort();
        var baseUrl = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
        var started = Stopwatch.GetTimestamp();
        // /api/* answers API keys only (issue 8): a fresh key for this run, given to the child and sent with every ask.
        var apiKey = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        await using var web = ChildProcess.StartDotnet(
            "web-app",
            webAssembly,
            ["--urls", baseUrl.AbsoluteUri.TrimEnd('/'), "--Kcc:DataDir", dataDirectory, "--Kcc:Ingest:IngestOnFirstStart", "false"],
            KccPaths.RepositoryRoot,
            new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Production", ["Auth__ApiKeys__0"] = apiKey });

        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 64, PooledConnectionLifetime = TimeSpan.FromMinutes(10), UseCookies = false };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        var chunks = await WaitUntilServingAsync(web, client, new Uri(baseUrl, "healthz"), expectedChunks, cancellationToken);
        var startSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;

        var load = new AskLoadGenerator(client, new Uri(baseUrl, "api/ask"), questions);
        var warmUp = await load.RunAsync(1, settings.AskWarmUp, cancellationToken);
        if (warmUp.Requests == 0)
        {
            throw new InvalidOperationException($"De web-app beantwoordde geen enkele vraag tijdens het opwarmen ({warmUp.Errors} fouten).{Environment.NewLine}{web.Tail()}");
        }

        var levels = new Dictionary<string, AskLevelResult>(StringComparer.Ordinal);
        foreach (var concurrency in BenchSettings.Concurrencies)
        {
            var level = await load.RunAsync(concurrency, settings.AskDuration, cancellationToken);
            levels[$"c{concurrency.ToString(CultureInfo.InvariantCulture)}"] = level;
            Console.WriteLine($"  c{concurrency}: p50 {level.P50Ms:F1} ms, p95 {level.P95Ms:F1} ms, {level.Rps:F1} vragen/s, {level.Errors} fouten");
        }

        var memory = (web.HasExited ? null : ProcessMemory.TryRead(web.Id))
            ?? throw new InvalidOperationException($"Het geheugen van de web-app (pid {web.Id}) is niet te lezen.{Environment.NewLine}{web.Tail()}");
        return (new WebAppResult(
                chunks,
                LoadStatistics.Round(startSeconds, 1),
                LoadStatistics.Round(memory.RssMb, 1),
                LoadStatistics.Round(memory.PeakRssMb, 1),
                questions.Count,
                LoadStatistics.Round(settings.AskWarmUp.TotalSeconds)),
            levels);
    }

    private static async Task<int> WaitUntilServingAsync(ChildProcess web, HttpClient client, Uri health, int expectedChunks, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StartTimeout);
        try
        {
            while (true)
            {
                if (web.HasExited)
                {
                    throw new InvalidOperationException($"De web-app stopte bij het starten (exitcode {web.ExitCode}).{Environment.NewLine}{web.Tail()}");
                }

                if (await TryHealthAsync(client, health, timeout.Token) is { } chunks)
                {
                    return chunks >= expectedChunks
                        ? chunks
                        : throw new InvalidOperationException($"De web-app laadde {chunks} chunks, verwacht {expectedChunks}.");
                }

                await Task.Delay(200, timeout.Token);
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new InvalidOperationException($"De web-app antwoordde niet binnen {StartTimeout.TotalSeconds:F0} s op /healthz.{Environment.NewLine}{web.Tail()}");
        }
    }

    // The first /healthz loads the generation (chunks, vectors, lexical index) and answers when that is done.
    private static async Task<int?> TryHealthAsync(HttpClient client, Uri health, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await client.GetAsync(health, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            return json.RootElement.GetProperty("chunks").GetInt32();
        }
        catch (HttpRequestException)
        {
            // Not listening yet.
            return null;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
