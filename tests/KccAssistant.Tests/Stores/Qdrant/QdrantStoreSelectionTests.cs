using KccAssistant.Stores;
using KccAssistant.Stores.Embedded;
using KccAssistant.Stores.Qdrant;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KccAssistant.Tests.Stores.Qdrant;

/// <summary><c>AddKccCore</c> picks the store by <c>Kcc:Store:Provider</c> and checks the Qdrant options (no server needed: the gRPC channel connects lazily).</summary>
public sealed class QdrantStoreSelectionTests
{
    private static ServiceProvider Build(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)).Append(new("Kcc:DataDir", Path.Combine(Path.GetTempPath(), "kcc-tests", "selection"))))
            .Build();
        return new ServiceCollection().AddLogging().AddKccCore(configuration).BuildServiceProvider();
    }

    [Fact]
    public void AddKccCore_Default_EmbeddedStore()
    {
        using var services = Build();

        Assert.IsType<EmbeddedKnowledgeStore>(services.GetRequiredService<IKnowledgeStore>());
    }

    [Fact]
    public void AddKccCore_ProviderQdrant_QdrantStoreOfTheTenant()
    {
        using var services = Build(("Kcc:Store:Provider", "Qdrant"), ("Kcc:Store:Qdrant:Endpoint", "http://127.0.0.1:6334"), ("Kcc:Store:Qdrant:CollectionPrefix", "gem-"), ("Kcc:Tenant", "eikendaal"));

        var store = Assert.IsType<QdrantKnowledgeStore>(services.GetRequiredService<IKnowledgeStore>());
        Assert.Equal("gem-eikendaal", store.Names.Alias);
        Assert.Same(store, services.GetRequiredService<QdrantTenantStores>().For("eikendaal"));
        Assert.NotSame(store, services.GetRequiredService<QdrantTenantStores>().For("lindenhaven"));
    }

    [Fact]
    public void AddKccCore_QdrantEndpointWrong_StartRefusedNamingTheKey()
    {
        using var services = Build(("Kcc:Store:Provider", "Qdrant"), ("Kcc:Store:Qdrant:Endpoint", "qdrant:6334"));

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<StoreOptions>>().Value);
        Assert.Contains("Kcc:Store:Qdrant:Endpoint", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddKccCore_TenantLikeACollectionName_StartRefusedNamingTheKey()
    {
        using var services = Build(("Kcc:Tenant", "west-g2"));

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<KccAssistant.Configuration.KccOptions>>().Value);
        Assert.Contains("Kcc:Tenant", error.Message, StringComparison.Ordinal);
    }
}
