using System.Net;
using KccAssistant.QuestionLog;
using KccAssistant.Stores;
using KccAssistant.Tests.Generative;
using KccAssistant.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace KccAssistant.Tests.Security;

/// <summary>
/// The real web app on Kestrel (loopback, free port) with the test API keys, no identity provider and no first-start
/// ingestion: a small seeded index and a hash embedding, so the authorization tests start in seconds.
/// </summary>
public sealed class SecuredAppFixture : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private WebApplicationFactory<Program>? _factory;

    public Uri BaseAddress { get; private set; } = null!;

    public IServiceProvider Services => _factory!.Services;

    /// <summary>Id of a seeded document, for <c>/bron/{id}</c>.</summary>
    public string DocumentId { get; private set; } = null!;

    public HttpClient CreateClient(string? key) => TestAuth.CreateClient(BaseAddress, key);

    public async Task InitializeAsync()
    {
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("Kcc:DataDir", _data.Path);
            builder.UseSetting("Kcc:Ingest:IngestOnFirstStart", "false");
            builder.UseSetting("Kcc:Retrieval:MinLexicalShare", "0.05");
            builder.UseSetting("urls", "http://127.0.0.1:0");
            builder.UseTestApiKeys();
            builder.ConfigureTestServices(services =>
            {
                services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(new HashEmbeddingGenerator());
                // The content-gap export reads the question log; TryAdd keeps the app's own log once it registers one.
                services.TryAddSingleton<IQuestionLog>(new InMemoryQuestionLog());
            });
        });
        _factory.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        _factory.StartServer();
        BaseAddress = new Uri(_factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        var store = _factory.Services.GetRequiredService<IKnowledgeStore>();
        await GenerationDocuments.SeedAsync(store);
        DocumentId = GenerationDocuments.All[0].Id;
    }

    public async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        _data.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class SecuredAppCollection : ICollectionFixture<SecuredAppFixture>
{
    public const string Name = "secured web app";
}
