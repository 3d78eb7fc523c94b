using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace KccAssistant.Eval.Benchmark;

/// <summary>
/// Closed-loop load on POST /api/ask: <c>concurrency</c> clients each send the next question as soon as their previous
/// answer arrived, for a fixed duration (requests in flight at the end are finished and counted). Latency is measured on
/// the client, from sending to having read the whole response.
/// </summary>
internal sealed class AskLoadGenerator(HttpClient client, Uri askUrl, IReadOnlyList<string> questions)
{
    private int _next = -1;

    /// <summary>Runs one level and summarises it.</summary>
    public async Task<AskLevelResult> RunAsync(int concurrency, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(concurrency);
        var stopAt = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var started = Stopwatch.GetTimestamp();
        var clients = await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => ClientLoopAsync(stopAt, cancellationToken)));
        var elapsed = Stopwatch.GetElapsedTime(started);
        return LoadStatistics.Summarize(
            concurrency,
            clients.SelectMany(c => c.Latencies).ToList(),
            clients.Sum(c => c.Errors),
            clients.Sum(c => c.Answered),
            elapsed);
    }

    private async Task<ClientTally> ClientLoopAsync(long stopAt, CancellationToken cancellationToken)
    {
        // Yield first so all clients start together instead of the first running synchronously until its first await.
        await Task.Yield();
        var tally = new ClientTally();
        while (Stopwatch.GetTimestamp() < stopAt)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var question = questions[(int)((uint)Interlocked.Increment(ref _next) % (uint)questions.Count)];
            var sent = Stopwatch.GetTimestamp();
            try
            {
                using var response = await client.PostAsJsonAsync(askUrl, new { question }, cancellationToken);
                var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
                var milliseconds = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
                if (!response.IsSuccessStatusCode)
                {
                    tally.Errors++;
                    continue;
                }

                tally.Latencies.Add(milliseconds);
                if (IsAnswered(body))
                {
                    tally.Answered++;
                }
            }
            catch (HttpRequestException)
            {
                tally.Errors++;
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // HttpClient.Timeout elapsed.
                tally.Errors++;
            }
        }

        return tally;
    }

    private static bool IsAnswered(byte[] body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("answered", out var answered) && answered.ValueKind == JsonValueKind.True;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private sealed class ClientTally
    {
        public List<double> Latencies { get; } = [];

        public int Errors { get; set; }

        public int Answered { get; set; }
    }
}
