using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Net.Sockets;

namespace KccAssistant.Tests.Publish;

/// <summary>
/// The web app and the worker published once into a temp folder with no source tree above it, and the web app started
/// from there as an operator would on a new machine: another working directory, a fresh HOME, an API key in the
/// environment and an empty data directory that it fills from the bundled sample on first start.
/// </summary>
public sealed class PublishedAppFixture : IAsyncLifetime
{
    /// <summary>A 32-character key for <c>Auth:ApiKeys</c>; harmless where API keys are not checked.</summary>
    public const string ApiKey = "kcc-publish-test-key-0123456789a";

    private ChildProcess? _web;

    /// <summary>The temp folder holding everything: web/, worker/, home/, cwd/.</summary>
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "kcc-publish-tests", Guid.NewGuid().ToString("N"));

    public string WebFolder => Path.Combine(Root, "web");

    public string WorkerFolder => Path.Combine(Root, "worker");

    /// <summary>The web app's working directory: it must stay empty.</summary>
    public string WebWorkingDirectory => Path.Combine(Root, "web-cwd");

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>What the web app wrote to stdout and stderr, for failure messages.</summary>
    public string WebOutput => _web?.Output ?? "";

    public HttpClient CreateClient()
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        return client;
    }

    /// <summary>Starts a fresh HOME and working directory under <see cref="Root"/> and returns both.</summary>
    public (string Home, string WorkingDirectory) FreshMachine(string name)
    {
        var home = Path.Combine(Root, name + "-home");
        var cwd = Path.Combine(Root, name + "-cwd");
        Directory.CreateDirectory(home);
        Directory.CreateDirectory(cwd);
        return (home, cwd);
    }

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Root);
        if (PublishedApp.HasSourceTreeAbove(Root))
        {
            throw new InvalidOperationException($"The temp folder {Root} lies inside a source tree; set TMPDIR to a folder outside it.");
        }

        await PublishedApp.PublishAsync(Path.Combine("ingest", "KccAssistant.Ingest", "KccAssistant.Ingest.csproj"), WorkerFolder);
        await PublishedApp.PublishAsync(Path.Combine("src", "KccAssistant.Web", "KccAssistant.Web.csproj"), WebFolder);

        var (home, cwd) = FreshMachine("web");
        // A free loopback port chosen here rather than read from the log, which other settings may quieten.
        BaseAddress = new Uri($"http://127.0.0.1:{FreePort()}");
        _web = PublishedApp.Start(
            Path.Combine(WebFolder, "KccAssistant.Web.dll"),
            ["--urls", BaseAddress.AbsoluteUri.TrimEnd('/')],
            cwd,
            home,
            new Dictionary<string, string> { ["Auth__ApiKeys__0"] = ApiKey, ["ASPNETCORE_ENVIRONMENT"] = "Production" });
        await WaitUntilReadyAsync(TimeSpan.FromMinutes(6));
    }

    public Task DisposeAsync()
    {
        _web?.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return Task.CompletedTask;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// Waits until the index can answer: <c>/healthz/ready</c> where the app has it, otherwise a non-empty index in
    /// <c>/api/status</c> or <c>/healthz</c> (first-start ingestion publishes its generation only when complete).
    /// </summary>
    private async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        using var client = CreateClient();
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_web!.HasExited)
            {
                throw new InvalidOperationException($"The published web app exited:\n{_web.Output}");
            }

            try
            {
                using var ready = await client.GetAsync(new Uri("/healthz/ready", UriKind.Relative));
                if (ready.StatusCode == HttpStatusCode.OK
                    || await HasChunksAsync(client, "/api/status", json => json.TryGetProperty("index", out var index) ? index : default)
                    || await HasChunksAsync(client, "/healthz", json => json))
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(1000);
        }

        throw new TimeoutException($"The published web app did not become ready:\n{_web!.Output}");
    }

    private static async Task<bool> HasChunksAsync(HttpClient client, string path, Func<JsonElement, JsonElement> index)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        if (!response.IsSuccessStatusCode || response.Content.Headers.ContentType?.MediaType != "application/json")
        {
            return false;
        }

        var json = index(await response.Content.ReadFromJsonAsync<JsonElement>());
        return json.ValueKind == JsonValueKind.Object
            && json.TryGetProperty("chunks", out var chunks)
            && chunks.ValueKind == JsonValueKind.Number
            && chunks.GetInt32() > 0;
    }
}
