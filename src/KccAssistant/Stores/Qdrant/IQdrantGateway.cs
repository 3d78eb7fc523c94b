using Qdrant.Client.Grpc;

namespace KccAssistant.Stores.Qdrant;

/// <summary>
/// The few Qdrant operations the store uses, behind an interface of our own: the client's classes are sealed and not
/// mockable, and the generation and lease logic is worth testing without a server (with a hand-written fake).
/// <see cref="QdrantGateway"/> is the real one over gRPC.
/// </summary>
public interface IQdrantGateway
{
    /// <summary>Whether the server answers its health check.</summary>
    Task<bool> IsHealthyAsync(CancellationToken cancellationToken = default);

    /// <summary>Names of all collections on the server.</summary>
    Task<IReadOnlyList<string>> ListCollectionsAsync(CancellationToken cancellationToken = default);

    /// <summary>The collection an alias points to; null when there is no such alias.</summary>
    Task<string?> ResolveAliasAsync(string alias, CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates a generation collection: a named dense vector (cosine) and, optionally, a sparse vector with the IDF
    /// modifier, payload on disk, shards, replicas and quantization from <paramref name="settings"/>, plus keyword indexes.
    /// </summary>
    Task CreateGenerationCollectionAsync(string name, int dimensions, QdrantStoreOptions settings, IReadOnlyList<string> keywordIndexes, CancellationToken cancellationToken = default);

    /// <summary>Creates the small bookkeeping collection (lease, generation records) when it is missing.</summary>
    Task EnsureBookkeepingCollectionAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Removes a collection; nothing when it does not exist.</summary>
    Task DeleteCollectionAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Points <paramref name="alias"/> at <paramref name="collection"/> in one atomic alias update.</summary>
    Task SwitchAliasAsync(string alias, string collection, bool aliasExists, CancellationToken cancellationToken = default);

    /// <summary>Writes points and waits until they are applied; with <paramref name="onlyIf"/>, an existing point is only overwritten when it matches.</summary>
    Task UpsertAsync(string collection, IReadOnlyList<PointStruct> points, Filter? onlyIf = null, CancellationToken cancellationToken = default);

    /// <summary>Removes the points that match <paramref name="filter"/> and waits until that is applied.</summary>
    Task DeleteAsync(string collection, Filter filter, CancellationToken cancellationToken = default);

    /// <summary>Points by id, with payload and optionally vectors.</summary>
    Task<IReadOnlyList<RetrievedPoint>> RetrieveAsync(string collection, IReadOnlyList<PointId> ids, bool withVectors, CancellationToken cancellationToken = default);

    /// <summary>One page of points that match <paramref name="filter"/>, from <paramref name="offset"/> on; the next page's offset, or null at the end.</summary>
    Task<(IReadOnlyList<RetrievedPoint> Points, PointId? Next)> ScrollAsync(
        string collection, Filter filter, uint limit, PointId? offset, bool withVectors, CancellationToken cancellationToken = default);

    /// <summary>Runs a Query API request.</summary>
    Task<IReadOnlyList<ScoredPoint>> QueryAsync(QueryPoints request, CancellationToken cancellationToken = default);
}
