using System.Text.Json;
using KccAssistant.Ingest.Pipeline;
using KccAssistant.Stores;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace KccAssistant.Web.Hosting;

/// <summary>
/// Liveness (<c>/healthz</c>: 200 while the process runs, with what the index holds when it can be read) and
/// readiness (<c>/healthz/ready</c>: 503 while the index is empty or cannot be read, 200 when it can answer).
/// Both are anonymous: load balancers and orchestrators call them without credentials.
/// </summary>
public static class KccHealthChecks
{
    private const string Live = "live";
    private const string Ready = "ready";

    /// <summary>Registers the index check for both endpoints.</summary>
    public static IServiceCollection AddKccHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<IndexLivenessCheck>("index", tags: [Live])
            .AddCheck<IndexReadinessCheck>("index-ready", tags: [Ready])
            .AddCheck<KccAssistant.Stores.Qdrant.QdrantHealthCheck>("store-server", tags: [Ready]);
        return services;
    }

    /// <summary>Maps <c>/healthz</c> and <c>/healthz/ready</c>.</summary>
    public static IEndpointRouteBuilder MapKccHealthChecks(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = c => c.Tags.Contains(Live), ResponseWriter = WriteAsync })
            .AllowAnonymous().DisableHttpMetrics();
        endpoints.MapHealthChecks("/healthz/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready), ResponseWriter = WriteAsync })
            .AllowAnonymous().DisableHttpMetrics();
        return endpoints;
    }

    // Today's fields (status, generation, chunks, ingesting) first, so existing clients keep working; then why.
    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        var body = new Dictionary<string, object?>
        {
            ["status"] = report.Status == HealthStatus.Unhealthy ? "unhealthy" : "ok",
        };
        foreach (var entry in report.Entries.Values)
        {
            foreach (var (key, value) in entry.Data)
            {
                body[key] = value;
            }
        }

        body["checks"] = report.Entries.Select(e => new { name = e.Key, status = e.Value.Status.ToString(), description = e.Value.Description });
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, JsonSerializerOptions.Web), context.RequestAborted);
    }

    /// <summary>Always healthy while the process runs; reports the index when it can be read, and why not otherwise.</summary>
    private sealed class IndexLivenessCheck(IKnowledgeStore store, IIngestionStatusSource status) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var data = new Dictionary<string, object>();
            try
            {
                var info = await store.GetInfoAsync(cancellationToken);
                data["generation"] = info.Generation;
                data["chunks"] = info.Chunks;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // A broken store is for readiness to report; a restart would not repair a file. Anonymous callers get
                // no message (it names local paths); the log has it.
                data["store"] = "unreadable: " + exception.GetType().Name;
            }

            try
            {
                data["ingesting"] = (await status.GetAsync(cancellationToken)).Running;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                data["ingestionStatus"] = "unreadable: " + exception.GetType().Name;
            }

            return HealthCheckResult.Healthy("Het proces draait.", data);
        }
    }

    /// <summary>Unhealthy while the index is empty or cannot be read: the app would answer nothing.</summary>
    private sealed class IndexReadinessCheck(IKnowledgeStore store) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            StoreInfo info;
            try
            {
                info = await store.GetInfoAsync(cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The exception goes to the log of the health check service, not into the anonymous response.
                return HealthCheckResult.Unhealthy(
                    $"De index kan niet worden gelezen ({exception.GetType().Name}); zie het log van de app.",
                    exception,
                    new Dictionary<string, object> { ["reason"] = "unreadable" });
            }

            var data = new Dictionary<string, object> { ["generation"] = info.Generation, ["chunks"] = info.Chunks };
            if (info.IsEmpty || info.Chunks == 0)
            {
                data["reason"] = "empty";
                return HealthCheckResult.Unhealthy("De index is leeg: er is nog niets ingelezen.", data: data);
            }

            return HealthCheckResult.Healthy($"Generatie {info.Generation} met {info.Chunks} passages kan antwoorden.", data);
        }
    }
}
