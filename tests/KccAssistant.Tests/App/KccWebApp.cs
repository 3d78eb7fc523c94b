using KccAssistant.Tests.Security;
using KccAssistant.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace KccAssistant.Tests.App;

/// <summary>
/// One more instance of the real web app on Kestrel (loopback, free port) with its own data directory, for tests that
/// need another environment or configuration than <see cref="WebAppFixture"/>. No first-start ingestion unless a test
/// asks for it: these tests start from an empty or hand-made index.
/// </summary>
internal sealed class KccWebApp : IAsyncDisposable
{
    private readonly WebApplicationFactory<Program> _factory;
    private readonly TempDirectory? _ownData;

    private KccWebApp(WebApplicationFactory<Program> factory, TempDirectory? ownData, string dataDirectory)
    {
        _factory = factory;
        _ownData = ownData;
        DataDirectory = dataDirectory;
        var addresses = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseAddress = new Uri(addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal));
    }

    public Uri BaseAddress { get; }

    public string DataDirectory { get; }

    public IServiceProvider Services => _factory.Services;

    /// <summary>A client sending the Admin key: these tests are about something else than authorization.</summary>
    public HttpClient CreateClient()
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add(Security.TestAuth.Header, Security.TestAuth.AdminKey);
        return client;
    }

    /// <summary>A client signed in with "Lokaal aanmelden", for pages, that also sends the Admin key.</summary>
    public Task<HttpClient> CreateSignedInClientAsync() => Security.TestAuth.CreateSignedInClientAsync(BaseAddress, Security.TestAuth.AdminKey);

    /// <param name="environment">Production or Development.</param>
    /// <param name="settings">Configuration on top of appsettings.json.</param>
    /// <param name="dataDirectory">An existing data directory (the caller cleans it up), or null for a new empty one.</param>
    /// <param name="services">Test-only service replacements (e.g. a slowed ask service), applied last.</param>
    public static KccWebApp Start(string environment, IReadOnlyDictionary<string, string?>? settings = null, string? dataDirectory = null, Action<IServiceCollection>? services = null)
    {
        var own = dataDirectory is null ? new TempDirectory() : null;
        var data = dataDirectory ?? own!.Path;
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment(environment);
            builder.UseSetting("Kcc:DataDir", data);
            builder.UseSetting("Kcc:Ingest:IngestOnFirstStart", "false");
            builder.UseTestApiKeys();
            foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            {
                builder.UseSetting(key, value);
            }

            if (services is not null)
            {
                builder.ConfigureTestServices(services);
            }
        });
        factory.UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0));
        try
        {
            factory.StartServer();
        }
        catch
        {
            factory.Dispose();
            own?.Dispose();
            throw;
        }

        return new KccWebApp(factory, own, data);
    }

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _ownData?.Dispose();
    }
}
