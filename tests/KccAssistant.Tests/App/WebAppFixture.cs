using System.Net.Http.Json;
using KccAssistant.Ingest.Pipeline;
using KccAssistant.Tests.Security;
using KccAssistant.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace KccAssistant.Tests.App;

/// <summary>
/// The real web app on Kestrel (loopback, free port) with an empty data directory: it ingests the sample
/// municipality on first start, as a new user would see it. Shared by the API and browser tests.
/// </summary>
public sealed class WebAppFixture : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private WebApplicationFactory<Program>? _factory;

    public Uri BaseAddress { get; private set; } = null!;

    public string DataDirectory => _data.Path;

    public IServiceProvider Services => _factory!.Services;

    /// <summary>A client that sends the Admin key: for tests about something else than authorization.</summary>
    public HttpClient CreateClient() => TestAuth.CreateClient(BaseAddress, TestAuth.AdminKey);

    /// <summary>A client that sends <paramref name="key"/>, or no key when null; redirects are not followed.</summary>
    public HttpClient CreateClient(string? key) => TestAuth.CreateClient(BaseAddress, key);

    public async Task InitializeAsync()
    {
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Kcc:DataDir", _data.Path);
            builder.UseSetting("urls", "http://127.0.0.1:0");
            builder.UseEnvironment("Development");
            builder.UseTestApiKeys();
        });
        // Explicitly loopback with a free port: UseKestrel(0) ended up on the default localhost:5000, which a
        // concurrent test run on the same machine can hold.
        _factory.UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0));
        _factory.StartServer();
        var addresses = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseAddress = new Uri(addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal));

        // First start with an empty store ingests the configured sample sources; wait for it.
        var status = _factory.Services.GetRequiredService<IngestionStatus>();
        var deadline = DateTime.UtcNow.AddMinutes(8);
        using var client = CreateClient();
        while (DateTime.UtcNow < deadline)
        {
            var health = await client.GetFromJsonAsync<Health>("/healthz");
            if (health is { Generation: > 0 } && !status.Running)
            {
                return;
            }

            if (!status.Running && status.LastError is { } error)
            {
                throw new InvalidOperationException($"First-start ingestion failed: {error}");
            }

            await Task.Delay(500);
        }

        throw new TimeoutException("First-start ingestion did not finish in time.");
    }

    public async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _data.Dispose();
    }

    private sealed record Health(string Status, long Generation, int Chunks, bool Ingesting);
}

[CollectionDefinition(Name)]
public sealed class WebAppCollection : ICollectionFixture<WebAppFixture>
{
    public const string Name = "web app";
}
