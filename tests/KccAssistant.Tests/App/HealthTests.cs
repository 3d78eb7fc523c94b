using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KccAssistant.Ingest.Pipeline;
using KccAssistant.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace KccAssistant.Tests.App;

/// <summary>Liveness and readiness of the real app over an empty, a filled and an unreadable store.</summary>
public sealed class HealthTests
{
    [Fact]
    public async Task Ready_EmptyDataDirectory_UnavailableUntilIngestedThenOk()
    {
        await using var app = KccWebApp.Start("Production");
        using var client = app.CreateClient();

        using (var empty = await client.GetAsync("/healthz/ready"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, empty.StatusCode);
            var body = await empty.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("unhealthy", body.GetProperty("status").GetString());
            Assert.Equal("empty", body.GetProperty("reason").GetString());
            Assert.Contains("leeg", body.GetProperty("checks")[0].GetProperty("description").GetString(), StringComparison.Ordinal);
        }

        var live = await client.GetFromJsonAsync<JsonElement>("/healthz");
        Assert.Equal("ok", live.GetProperty("status").GetString());
        Assert.Equal(0, live.GetProperty("generation").GetInt64());

        // The smaller sample source is enough to make the index answer.
        var started = await app.Services.GetRequiredService<IIngestionTrigger>().TriggerAsync("kennisbank", "test");
        Assert.Equal(IngestTriggerOutcome.Started, started.Outcome);
        var status = app.Services.GetRequiredService<IngestionStatus>();
        var deadline = DateTime.UtcNow.AddMinutes(4);
        HttpStatusCode ready;
        do
        {
            await Task.Delay(300);
            using var response = await client.GetAsync("/healthz/ready");
            ready = response.StatusCode;
        }
        while (ready != HttpStatusCode.OK && DateTime.UtcNow < deadline && (status.Running || status.LastError is null));

        Assert.True(ready == HttpStatusCode.OK, $"ready {ready}, ingestion error: {status.LastError}");
        var readyBody = await client.GetFromJsonAsync<JsonElement>("/healthz/ready");
        Assert.Equal("ok", readyBody.GetProperty("status").GetString());
        Assert.True(readyBody.GetProperty("chunks").GetInt32() > 0, readyBody.ToString());
    }

    [Fact]
    public async Task Ready_GarbageStoreFile_UnavailableWhileLivenessStaysOk()
    {
        using var data = new TempDirectory();
        var garbage = new byte[64 * 1024];
        new Random(8).NextBytes(garbage);
        await File.WriteAllBytesAsync(Path.Combine(data.Path, "kcc.db"), garbage);
        await using var app = KccWebApp.Start("Production", dataDirectory: data.Path);
        using var client = app.CreateClient();

        using var ready = await client.GetAsync("/healthz/ready");
        using var live = await client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var readyBody = await ready.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("unreadable", readyBody.GetProperty("reason").GetString());
        Assert.DoesNotContain(data.Path, readyBody.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        var liveBody = await live.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("ok", liveBody.GetProperty("status").GetString());
        Assert.StartsWith("unreadable", liveBody.GetProperty("store").GetString(), StringComparison.Ordinal);
    }
}
