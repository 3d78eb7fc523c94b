using System.Net;
using System.Net.Http.Json;
using KccAssistant.Tests.App;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace KccAssistant.Tests.Telemetry;

/// <summary>
/// The real app exporting to a real Kestrel server that plays the OTLP/HTTP collector: it counts the protobuf POSTs
/// to /v1/metrics and /v1/traces.
/// </summary>
public sealed class OtlpExportTests
{
    [Fact]
    public async Task Ask_OtlpEndpointConfigured_CollectorReceivesMetricsAndTraces()
    {
        await using var collector = await FakeCollector.StartAsync(port: 0);
        await using var app = KccWebApp.Start("Production", new Dictionary<string, string?>
        {
            ["OpenTelemetry:Otlp:Endpoint"] = collector.Address.ToString(),
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
        });
        using var client = app.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/ask", new { question = "wat kost een paspoort" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((collector.Metrics == 0 || collector.Traces == 0) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        Assert.True(collector.Metrics > 0, $"metrics exports: {collector.Metrics}");
        Assert.True(collector.Traces > 0, $"trace exports: {collector.Traces}");
        Assert.Equal("application/x-protobuf", collector.ContentType);
    }

    [Fact]
    public async Task Ask_NoOtlpEndpoint_NothingRegisteredAndCollectorReceivesNothing()
    {
        // On the exporter's default port when it is free: that is where a registered exporter would send.
        await using var collector = await FakeCollector.StartAsync(port: 4318);
        await using var app = KccWebApp.Start("Production", new Dictionary<string, string?>
        {
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
        });
        using var client = app.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/ask", new { question = "wat kost een paspoort" });
        await Task.Delay(TimeSpan.FromSeconds(3));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(app.Services.GetService<MeterProvider>());
        Assert.Null(app.Services.GetService<TracerProvider>());
        Assert.Equal(0, collector.Metrics + collector.Traces + collector.Other);
    }

    private sealed class FakeCollector : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private int _metrics;
        private int _traces;
        private int _other;

        private FakeCollector(WebApplication app) => _app = app;

        public Uri Address { get; private set; } = null!;

        public int Metrics => Volatile.Read(ref _metrics);

        public int Traces => Volatile.Read(ref _traces);

        public int Other => Volatile.Read(ref _other);

        public string? ContentType { get; private set; }

        public static async Task<FakeCollector> StartAsync(int port)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, port));
            var app = builder.Build();
            var collector = new FakeCollector(app);
            app.Run(async context =>
            {
                await context.Request.Body.CopyToAsync(Stream.Null);
                collector.ContentType = context.Request.ContentType;
                switch (context.Request.Path.Value)
                {
                    case "/v1/metrics" when HttpMethods.IsPost(context.Request.Method):
                        Interlocked.Increment(ref collector._metrics);
                        break;
                    case "/v1/traces" when HttpMethods.IsPost(context.Request.Method):
                        Interlocked.Increment(ref collector._traces);
                        break;
                    default:
                        Interlocked.Increment(ref collector._other);
                        break;
                }

                // An empty ExportServiceResponse is a success.
                context.Response.ContentType = "application/x-protobuf";
            });
            try
            {
                await app.StartAsync();
            }
            catch (IOException) when (port != 0)
            {
                // The default port is taken (another collector or test): a free port still proves nothing is sent there.
                await app.DisposeAsync();
                return await StartAsync(0);
            }

            collector.Address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            return collector;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
