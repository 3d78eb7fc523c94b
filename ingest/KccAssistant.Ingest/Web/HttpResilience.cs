using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Polly;

namespace KccAssistant.Ingest.Web;

/// <summary>How one ingest HTTP client retries, times out and stops calling a failing host.</summary>
/// <param name="MaxRetries">Retries after a transient failure (5xx, 408, 429, timeout, network error); 0 turns retrying off.</param>
/// <param name="BaseDelay">First retry delay; doubles per retry, with jitter.</param>
/// <param name="MaxDelay">Upper bound on any retry delay, a server's Retry-After included, so one site cannot stall a run.</param>
/// <param name="AttemptTimeout">Time for one attempt up to the response headers.</param>
internal sealed record HttpResilienceSettings(int MaxRetries, TimeSpan BaseDelay, TimeSpan MaxDelay, TimeSpan AttemptTimeout);

/// <summary>
/// The resilience pipeline both ingest clients (crawler and knowledge base) get from
/// <c>AddResilienceHandler</c>: retry on transient failures honouring <c>Retry-After</c> (capped), a circuit breaker
/// and a per-attempt timeout, one pipeline instance per host so a failing site does not trip the breaker for another.
/// Size caps and the in-scope redirect rules are not resilience: they stay in the project's own handlers.
/// </summary>
public static partial class HttpResilience
{
    /// <summary>
    /// Set by the pipeline on the request: the number of attempts made so far (1 when the first attempt was the last),
    /// so callers can say "after 3 attempts" in what they report.
    /// </summary>
    public static readonly HttpRequestOptionsKey<int> AttemptsOption = new("KccAssistant.Attempts");

    /// <summary>
    /// Set by a caller on the request: no retry of it starts sooner than this (the crawler passes a host's robots.txt
    /// crawl-delay, which a retry must respect like any other request).
    /// </summary>
    public static readonly HttpRequestOptionsKey<TimeSpan> MinimumRetryDelayOption = new("KccAssistant.MinimumRetryDelay");

    /// <summary>Adds the pipeline to <paramref name="builder"/>, configured from services when the client is first built.</summary>
    internal static IHttpResiliencePipelineBuilder AddIngestResilience(
        this IHttpClientBuilder builder, string pipelineName, Func<IServiceProvider, HttpResilienceSettings> settings)
    {
        return builder.AddResilienceHandler(pipelineName, (pipeline, context) =>
            {
                var s = settings(context.ServiceProvider);
                var logger = context.ServiceProvider.GetService<ILoggerFactory>()?.CreateLogger(typeof(HttpResilience).FullName!)
                    ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
                Configure(pipeline, s, logger);
            })
            // A breaker per host: one municipality's API going down must not stop the crawl of its website.
            .SelectPipelineByAuthority();
    }

    internal static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, HttpResilienceSettings settings, ILogger logger)
    {
        if (settings.MaxRetries > 0)
        {
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = settings.MaxRetries,
                Delay = settings.BaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                MaxDelay = settings.MaxDelay,

                // The library's own Retry-After handling waits as long as the server asks; ours caps it at MaxDelay.
                ShouldRetryAfterHeader = false,
                DelayGenerator = args => ValueTask.FromResult(RetryDelay(args.Outcome, args.Context, settings.MaxDelay)),
                OnRetry = args =>
                {
                    var request = args.Context.GetRequestMessage();
                    request?.Options.Set(AttemptsOption, args.AttemptNumber + 2);
                    var reason = args.Outcome.Result is { } response
                        ? $"HTTP {(int)response.StatusCode}"
                        : args.Outcome.Exception?.GetType().Name ?? "failure";
                    Log.Retrying(logger, request?.RequestUri?.AbsoluteUri ?? "", args.AttemptNumber + 2, (long)args.RetryDelay.TotalMilliseconds, reason);
                    return ValueTask.CompletedTask;
                },
            });
        }

        pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
        {
            // Opens only when a host fails most requests over a while, not on a few broken pages of a large site.
            FailureRatio = 0.5,
            MinimumThroughput = 20,
            SamplingDuration = TimeSpan.FromSeconds(30),
            BreakDuration = TimeSpan.FromSeconds(15),
        });
        pipeline.AddTimeout(new HttpTimeoutStrategyOptions { Timeout = settings.AttemptTimeout });
    }

    /// <summary>
    /// The delay before a retry: the server's Retry-After (seconds or a date) capped at <paramref name="maxDelay"/>,
    /// never less than the request's minimum; null leaves the exponential backoff in charge.
    /// </summary>
    internal static TimeSpan? RetryDelay(Outcome<HttpResponseMessage> outcome, ResilienceContext context, TimeSpan maxDelay)
    {
        var minimum = context.GetRequestMessage()?.Options.TryGetValue(MinimumRetryDelayOption, out var min) == true ? min : TimeSpan.Zero;
        var asked = RetryAfter(outcome.Result?.Headers.RetryAfter, DateTimeOffset.UtcNow);
        if (asked is null)
        {
            return minimum > TimeSpan.Zero ? minimum : null;
        }

        var capped = asked.Value < maxDelay ? asked.Value : maxDelay;
        return capped > minimum ? capped : minimum;
    }

    /// <summary>A Retry-After header as a delay from <paramref name="now"/>; a date in the past is no delay.</summary>
    internal static TimeSpan? RetryAfter(RetryConditionHeaderValue? header, DateTimeOffset now)
    {
        if (header?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - now;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }

    /// <summary>Attempts recorded on <paramref name="request"/> by the pipeline (1 when it was never retried).</summary>
    internal static int Attempts(HttpRequestMessage request) =>
        request.Options.TryGetValue(AttemptsOption, out var attempts) ? attempts : 1;

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Retrying {Url} (attempt {Attempt}) in {DelayMs} ms after {Reason}")]
        public static partial void Retrying(ILogger logger, string url, int attempt, long delayMs, string reason);
    }
}
