using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace KccAssistant.Stores.Qdrant;

/// <summary>
/// Readiness of the store's server: with <c>Kcc:Store:Provider=Qdrant</c>, unhealthy while the Qdrant server does not
/// answer its health check, so a load balancer stops sending questions to an instance that cannot reach it. With the
/// embedded store there is no server and the check is healthy.
/// </summary>
public sealed class QdrantHealthCheck(IOptions<StoreOptions> options, IServiceProvider services) : IHealthCheck
{
    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (options.Value.Provider != StoreProvider.Qdrant)
        {
            return HealthCheckResult.Healthy("ingebedde store");
        }

        // Resolved here, not injected: an embedded deployment never builds a Qdrant client.
        var gateway = services.GetRequiredService<IQdrantGateway>();
        return await gateway.IsHealthyAsync(cancellationToken)
            ? HealthCheckResult.Healthy("Qdrant bereikbaar")
            : HealthCheckResult.Unhealthy("Qdrant onbereikbaar", data: new Dictionary<string, object> { ["reason"] = "unreadable" });
    }
}
