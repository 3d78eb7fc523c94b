using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KccAssistant.Ingest.Pipeline;
using KccAssistant.Ingest.Worker;
using KccAssistant.Stores;
using KccAssistant.Tests.Security;
using KccAssistant.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace KccAssistant.Tests.Worker;

/// <summary>The web app with <c>Kcc:Ingest:Mode</c> = Worker and an empty data directory, on the in-memory test server.</summary>
public sealed class WorkerModeWebAppFixture : IAsyncLifetime
{
    private readonly TempDirectory _data = new();

    public WebApplicationFactory<Program> Factory { get; private set; } = null!;

    public string DataDir => _data.Path;

    public Task InitializeAsync()
    {
        Factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Kcc:DataDir", _data.Path);
            builder.UseSetting("Kcc:Ingest:Mode", "Worker");
            builder.UseEnvironment("Development");
            builder.UseTestApiKeys();
        });
        _ = Factory.Server;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _data.Dispose();
    }
}

public sealed class WorkerModeWebTests : IClassFixture<WorkerModeWebAppFixture>
{
    private readonly WorkerModeWebAppFixture _app;

    public WorkerModeWebTests(WorkerModeWebAppFixture app)
    {
        _app = app;
        // Each test starts with an empty queue and no worker status.
        var queue = Path.Combine(app.DataDir, IngestQueue.FolderName);
        if (Directory.Exists(queue))
        {
            Directory.Delete(queue, recursive: true);
        }

        File.Delete(StatusFile.Path);
    }

    private IngestQueue Queue => IngestQueue.ForDataDirectory(_app.DataDir);

    private IngestStatusFile StatusFile => IngestStatusFile.ForDataDirectory(_app.DataDir);

    [Fact]
    public async Task Ingest_WorkerMode_QueuesARequestFileInsteadOfRunning()
    {
        using var client = _app.Factory.CreateAdminClient();

        using var response = await client.PostAsJsonAsync("/api/ingest", new { source = "kennisbank" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(body.GetProperty("queued").GetBoolean());
        var request = Assert.Single(await Queue.GetPendingAsync());
        Assert.Equal("kennisbank", request.Source);
        Assert.Equal("api", request.RequestedBy);
        Assert.False(_app.Factory.Services.GetRequiredService<IngestionStatus>().Running);
    }

    [Fact]
    public async Task Ingest_WorkerModeSameSourceTwice_OneRequestWaits()
    {
        using var client = _app.Factory.CreateAdminClient();
        using var first = await client.PostAsJsonAsync("/api/ingest", new { source = "website" });

        using var second = await client.PostAsJsonAsync("/api/ingest", new { source = "Website" });

        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.True((await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("alreadyQueued").GetBoolean());
        Assert.Equal("website", Assert.Single(await Queue.GetPendingAsync()).Source);
    }

    [Fact]
    public async Task Ingest_WorkerModeAllSources_SourceNullInTheRequest()
    {
        using var client = _app.Factory.CreateAdminClient();

        using var response = await client.PostAsJsonAsync("/api/ingest", new { });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Null(Assert.Single(await Queue.GetPendingAsync()).Source);
    }

    [Fact]
    public async Task Ingest_WorkerModeUnknownSource_NotFoundAndNothingQueued()
    {
        using var client = _app.Factory.CreateAdminClient();

        using var response = await client.PostAsJsonAsync("/api/ingest", new { source = "bestaat-niet" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(await Queue.GetPendingAsync());
    }

    [Fact]
    public async Task Status_WorkerRunInProgress_ApiAndHealthShowTheWorkersProgress()
    {
        await StatusFile.WriteAsync(new IngestionSnapshot
        {
            Running = true,
            Description = "website",
            Progress = new IngestProgress("website", 40, 120, 3, TimeSpan.FromSeconds(12), Generation: 6),
            LastReport = new IngestReport { Generation = 5, Committed = true, Documents = 80 },
            UpdatedAt = DateTimeOffset.UtcNow,
            ProcessId = 4242,
            MachineName = "worker-1",
            Worker = new WorkerInfo(4242, "worker-1", DateTimeOffset.UtcNow, "dagelijks om 02:00 (Europe/Amsterdam)", DateTimeOffset.UtcNow.AddHours(8)),
        });
        await Task.Delay(WorkerIngestionStatusSource.RefreshInterval);
        using var client = _app.Factory.CreateAdminClient();

        var status = await client.GetFromJsonAsync<JsonElement>("/api/status");
        var health = await client.GetFromJsonAsync<JsonElement>("/healthz");

        var ingestion = status.GetProperty("ingestion");
        Assert.Equal("Worker", ingestion.GetProperty("mode").GetString());
        Assert.True(ingestion.GetProperty("running").GetBoolean());
        Assert.Equal(120, ingestion.GetProperty("progress").GetProperty("chunksEmbedded").GetInt32());
        Assert.Equal(5, ingestion.GetProperty("lastReport").GetProperty("generation").GetInt32());
        Assert.Equal(4242, ingestion.GetProperty("worker").GetProperty("processId").GetInt32());
        Assert.True(health.GetProperty("ingesting").GetBoolean());
    }

    [Fact]
    public async Task SourcesPage_WorkerMode_ShowsTheWorkerTheQueueAndItsRun()
    {
        await StatusFile.WriteAsync(new IngestionSnapshot
        {
            Running = true,
            Description = "kennisbank",
            Progress = new IngestProgress("kennisbank", 7, 21, 0, TimeSpan.FromSeconds(4), Generation: 3),
            UpdatedAt = DateTimeOffset.UtcNow,
            Worker = new WorkerInfo(4242, "worker-1", DateTimeOffset.UtcNow, "dagelijks om 02:00 (Europe/Amsterdam)", DateTimeOffset.UtcNow.AddHours(8)),
        });
        await Queue.EnqueueAsync("website", "web");
        await Task.Delay(WorkerIngestionStatusSource.RefreshInterval);
        using var client = await _app.Factory.CreateSignedInClientAsync();

        var html = await client.GetStringAsync("/bronnen");

        Assert.Contains("dagelijks om 02:00", html, StringComparison.Ordinal);
        Assert.Contains("id=\"ingest-queue\"", html, StringComparison.Ordinal);
        Assert.Contains("Bezig met inlezen (kennisbank)", html, StringComparison.Ordinal);
        Assert.Contains("21 passages ingebed", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Startup_WorkerModeWithEmptyStore_DoesNotIngestInTheWebProcess()
    {
        await Task.Delay(500);

        Assert.False(_app.Factory.Services.GetRequiredService<IngestionStatus>().Running);
        Assert.True((await _app.Factory.Services.GetRequiredService<IKnowledgeStore>().GetInfoAsync()).IsEmpty);
        Assert.IsType<QueueIngestionTrigger>(_app.Factory.Services.GetRequiredService<IIngestionTrigger>());
    }
}
