using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace KccAssistant.Telemetry;

/// <summary>Exports <see cref="KccTelemetry"/> over OTLP, only when an operator configured where to.</summary>
public static class TelemetryServiceCollectionExtensions
{
    /// <summary>Configuration key of the collector's base address (the standard variable is read too).</summary>
    public const string EndpointKey = "OpenTelemetry:Otlp:Endpoint";

    /// <summary>
    /// Adds metrics and traces exported over OTLP to <c>OpenTelemetry:Otlp:Endpoint</c> or the standard
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>; protocol from <c>OpenTelemetry:Otlp:Protocol</c> or
    /// <c>OTEL_EXPORTER_OTLP_PROTOCOL</c> (<c>http/protobuf</c> by default, or <c>grpc</c>); metric export interval
    /// from <c>OTEL_METRIC_EXPORT_INTERVAL</c> (ms). Without an endpoint nothing is registered, so nothing is sent:
    /// the README promises that nothing leaves the machine unless an operator says so.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The app's configuration.</param>
    /// <param name="serviceName">Reported as <c>service.name</c>: which executable sends.</param>
    /// <param name="metrics">More meters for this executable (e.g. ASP.NET Core's).</param>
    /// <param name="tracing">More activity sources for this executable.</param>
    public static IServiceCollection AddKccTelemetry(
        this IServiceCollection services,
        IConfiguration configuration,
        string serviceName,
        Action<MeterProviderBuilder>? metrics = null,
        Action<TracerProviderBuilder>? tracing = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var (key, value) = configuration[EndpointKey] is { Length: > 0 } own
            ? (EndpointKey, own)
            : ("OTEL_EXPORTER_OTLP_ENDPOINT", configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        if (string.IsNullOrWhiteSpace(value))
        {
            return services;
        }

        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var endpoint) || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
        {
            throw new InvalidOperationException($"{key} must be an absolute http(s) URL of an OTLP collector, e.g. http://127.0.0.1:4318; got '{value}'.");
        }

        var protocolName = configuration["OpenTelemetry:Otlp:Protocol"] ?? configuration["OTEL_EXPORTER_OTLP_PROTOCOL"] ?? "http/protobuf";
        var protocol = protocolName.Trim().ToLowerInvariant() switch
        {
            "http/protobuf" => OtlpExportProtocol.HttpProtobuf,
            "grpc" => OtlpExportProtocol.Grpc,
            _ => throw new InvalidOperationException($"OpenTelemetry:Otlp:Protocol (or OTEL_EXPORTER_OTLP_PROTOCOL) must be http/protobuf or grpc; got '{protocolName}'."),
        };
        var interval = int.TryParse(configuration["OTEL_METRIC_EXPORT_INTERVAL"], out var ms) && ms > 0 ? ms : 60_000;

        // Over HTTP each signal has its own path under the base address; gRPC uses the base address itself.
        Uri Signal(string path) => protocol == OtlpExportProtocol.HttpProtobuf
            ? new Uri(endpoint.ToString().TrimEnd('/') + path)
            : endpoint;

        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithMetrics(builder =>
            {
                builder.AddMeter(KccTelemetry.Name);
                metrics?.Invoke(builder);
                builder.AddOtlpExporter((exporter, reader) =>
                {
                    exporter.Endpoint = Signal("/v1/metrics");
                    exporter.Protocol = protocol;
                    reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = interval;
                });
            })
            .WithTracing(builder =>
            {
                builder.AddSource(KccTelemetry.Name);
                tracing?.Invoke(builder);
                builder.AddOtlpExporter(exporter =>
                {
                    exporter.Endpoint = Signal("/v1/traces");
                    exporter.Protocol = protocol;
                });
            });
        return services;
    }
}
