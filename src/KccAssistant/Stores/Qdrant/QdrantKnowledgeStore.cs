using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Grpc.Core;
using KccAssistant.Documents;
using Microsoft.Extensions.Logging;
using Qdrant.Client.Grpc;

namespace KccAssistant.Stores.Qdrant;

/// <summary>
/// The scale-out store on a Qdrant server. Each generation is its own collection (<c>{prefix}{tenant}-g{n}</c>) and
/// readers go through the alias <c>{prefix}{tenant}</c>, which a commit moves in one atomic alias update: readers
/// never see a half-written generation, and a run that dies leaves the alias where it was. Replaced collections stay for
/// a grace period and are removed by a later writer. One writer at a time per tenant, across machines, through a lease
/// point with an expiry in the tenant's bookkeeping collection.
/// </summary>
public sealed partial class QdrantKnowledgeStore : IKnowledgeStore, IDisposable
{
    private const uint PageSize = 512;
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(1);
    private static readonly Guid LeaseId = QdrantPointIds.FromName("lease");
    private readonly IQdrantGateway _gateway;
    private readonly QdrantNames _names;
    private readonly QdrantStoreOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Serving? _pinned;
    private readonly SemaphoreSlim _chunksLock = new(1, 1);
    private volatile Serving? _serving;
    private volatile GenerationChunks? _chunks;
    private int _unavailableLogged;

    /// <summary>The store of one tenant on the server behind <paramref name="gateway"/>.</summary>
    public QdrantKnowledgeStore(IQdrantGateway gateway, QdrantNames names, QdrantStoreOptions options, TimeProvider time, ILogger<QdrantKnowledgeStore> logger)
        : this(gateway, names, options, time, (ILogger)logger, pinned: null)
    {
    }

    private QdrantKnowledgeStore(IQdrantGateway gateway, QdrantNames names, QdrantStoreOptions options, TimeProvider time, ILogger logger, Serving? pinned)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _gateway = gateway;
        _names = names;
        _options = options;
        _time = time;
        _logger = logger;
        _pinned = pinned;
    }

    /// <summary>The names of this tenant's collections and alias.</summary>
    public QdrantNames Names => _names;

    /// <summary>Whether the server answers (for readiness).</summary>
    public Task<bool> IsHealthyAsync(CancellationToken cancellationToken = default) => _gateway.IsHealthyAsync(cancellationToken);

    /// <inheritdoc />
    public void Dispose() => _chunksLock.Dispose();

    /// <summary>Forces the next read to look up the alias again.</summary>
    public void Refresh() => _serving = null;

    /// <inheritdoc />
    public async Task<StoreInfo> GetInfoAsync(CancellationToken cancellationToken = default) => (await ServingAsync(cancellationToken)).Info;

    /// <inheritdoc />
    public async Task<IReadOnlyList<ScoredChunk>> SearchDenseAsync(ReadOnlyMemory<float> vector, int top, ChunkFilter? filter = null, CancellationToken cancellationToken = default)
    {
        var serving = await ServingAsync(cancellationToken);
        if (serving.Collection is null || top <= 0 || vector.Length != serving.Dimensions)
        {
            return [];
        }

        var request = new QueryPoints
        {
            CollectionName = serving.Collection,
            Query = vector.ToArray(),
            Using = QdrantVectors.Dense,
            Filter = QdrantPayload.Build(_names.Tenant, filter),
            Limit = (ulong)top,
            WithPayload = true,
        };
        var points = await GuardAsync(() => _gateway.QueryAsync(request, cancellationToken));
        return points.Select(p => new ScoredChunk(QdrantPayload.ToChunk(p.Payload), p.Score)).ToList();
    }

    /// <summary>
    /// Server-side hybrid search: the dense vector and the Dutch analyzer's sparse vector of <paramref name="question"/>
    /// (IDF applied by the server) as two prefetches fused by reciprocal rank fusion in one Query API request. The
    /// result carries the fused score only; coverage features come from the in-process lexical search.
    /// </summary>
    public async Task<IReadOnlyList<ScoredChunk>> SearchHybridAsync(ReadOnlyMemory<float> vector, string question, int top, ChunkFilter? filter = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(question);
        var serving = await ServingAsync(cancellationToken);
        if (serving.Collection is null || top <= 0 || vector.Length != serving.Dimensions)
        {
            return [];
        }

        var request = HybridQuery(serving.Collection, _names.Tenant, vector, DutchSparseVectors.ForQuery(question), top, filter, _options.SparseVectors);
        var points = await GuardAsync(() => _gateway.QueryAsync(request, cancellationToken));
        return points.Select(p => new ScoredChunk(QdrantPayload.ToChunk(p.Payload), p.Score)).ToList();
    }

    /// <summary>The Query API request of <see cref="SearchHybridAsync"/>: dense and sparse prefetch, fused by RRF.</summary>
    public static QueryPoints HybridQuery(string collection, string tenant, ReadOnlyMemory<float> vector, SparseTerms sparse, int top, ChunkFilter? filter, bool withSparse)
    {
        ArgumentNullException.ThrowIfNull(sparse);
        var tenantFilter = QdrantPayload.Build(tenant, filter);
        var candidates = (ulong)Math.Max(top * 4, 50);
        var request = new QueryPoints
        {
            CollectionName = collection,
            Query = Fusion.Rrf,
            Filter = tenantFilter,
            Limit = (ulong)top,
            WithPayload = true,
        };
        request.Prefetch.Add(new PrefetchQuery { Query = vector.ToArray(), Using = QdrantVectors.Dense, Filter = tenantFilter, Limit = candidates });
        if (withSparse && !sparse.IsEmpty)
        {
            request.Prefetch.Add(new PrefetchQuery { Query = (sparse.Values, sparse.Indices), Using = QdrantVectors.Sparse, Filter = tenantFilter, Limit = candidates });
        }

        return request;
    }

    /// <inheritdoc />
    public async Task<GenerationChunks> GetChunksAsync(CancellationToken cancellationToken = default)
    {
        var serving = await ServingAsync(cancellationToken);
        if (_chunks is { } cached && SameGeneration(cached.Info, serving.Info))
        {
            return cached;
        }

        await _chunksLock.WaitAsync(cancellationToken);
        try
        {
            if (_chunks is { } again && SameGeneration(again.Info, serving.Info))
            {
                return again;
            }

            var chunks = new List<Chunk>(serving.Info.Chunks);
            if (serving.Collection is not null)
            {
                await foreach (var point in ScrollAllAsync(serving.Collection, QdrantPayload.Build(_names.Tenant), withVectors: false, cancellationToken))
                {
                    chunks.Add(QdrantPayload.ToChunk(point.Payload));
                }
            }

            // The same order as the embedded store (by document id, then position), so the lexical index built over
            // these chunks breaks ties the same way on both stores.
            chunks.Sort(static (a, b) =>
            {
                var byDocument = string.CompareOrdinal(a.DocumentId, b.DocumentId);
                return byDocument != 0 ? byDocument : a.Ordinal.CompareTo(b.Ordinal);
            });
            var result = new GenerationChunks(serving.Info, chunks);
            _chunks = result;
            return result;
        }
        finally
        {
            _chunksLock.Release();
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Chunk>> GetDocumentChunksAsync(string documentId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documentId);
        var serving = await ServingAsync(cancellationToken);
        if (serving.Collection is null)
        {
            return [];
        }

        var chunks = new List<Chunk>();
        await foreach (var point in ScrollAllAsync(serving.Collection, QdrantPayload.Where(_names.Tenant, QdrantPayload.Keys.DocumentId, documentId), false, cancellationToken))
        {
            chunks.Add(QdrantPayload.ToChunk(point.Payload));
        }

        return [.. chunks.OrderBy(c => c.Ordinal)];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, DocumentState>> GetDocumentStatesAsync(string sourceName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sourceName);
        var serving = await ServingAsync(cancellationToken);
        var states = new Dictionary<string, DocumentState>(StringComparer.Ordinal);
        if (serving.Collection is null)
        {
            return states;
        }

        await foreach (var point in ScrollAllAsync(serving.Collection, QdrantPayload.Where(_names.Tenant, QdrantPayload.Keys.SourceName, sourceName), false, cancellationToken))
        {
            var record = QdrantPayload.ToDocument(point.Payload);
            states.TryAdd(record.Id, record.State);
        }

        return states;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<StoredDocument> ExportAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var serving = await ServingAsync(cancellationToken);
        if (serving.Collection is null)
        {
            yield break;
        }

        // One document at a time, so a large tenant is copied without holding all its vectors in memory.
        var documentIds = (await GetChunksAsync(cancellationToken)).Chunks.Select(c => c.DocumentId).Distinct(StringComparer.Ordinal).ToList();
        foreach (var documentId in documentIds)
        {
            var points = new List<RetrievedPoint>();
            await foreach (var point in ScrollAllAsync(serving.Collection, QdrantPayload.Where(_names.Tenant, QdrantPayload.Keys.DocumentId, documentId), true, cancellationToken))
            {
                points.Add(point);
            }

            if (points.Count == 0)
            {
                continue;
            }

            var chunks = points
                .Select(p => new EmbeddedChunk(QdrantPayload.ToChunk(p.Payload), DenseOf(p.Vectors)))
                .OrderBy(c => c.Chunk.Ordinal)
                .ToList();
            yield return new StoredDocument(QdrantPayload.ToDocument(points[0].Payload), chunks);
        }
    }

    /// <inheritdoc />
    public async Task<IGenerationWriter> BeginGenerationAsync(string embeddingModel, int dimensions, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(embeddingModel);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimensions);
        if (_pinned is not null)
        {
            throw new NotSupportedException("Een voorbeeldweergave van een generatie is alleen-lezen.");
        }

        await GuardAsync(() => _gateway.EnsureBookkeepingCollectionAsync(_names.LeaseCollection, cancellationToken));
        var owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
        var lastHandedOut = await AcquireLeaseAsync(owner, cancellationToken);
        try
        {
            Refresh();
            var serving = await ServingAsync(cancellationToken);
            var collections = await GuardAsync(() => _gateway.ListCollectionsAsync(cancellationToken));
            var generation = QdrantGenerations.Next(collections, _names, serving.Info.Generation, lastHandedOut);
            await RemoveOldCollectionsAsync(collections, serving.Info.Generation, generation, cancellationToken);
            await RenewLeaseAsync(owner, generation, cancellationToken);
            var collection = _names.Collection(generation);
            await GuardAsync(() => _gateway.CreateGenerationCollectionAsync(collection, dimensions, _options, QdrantPayload.IndexedKeywordFields, cancellationToken));
            await WriteRecordAsync(new GenerationRecord(generation, embeddingModel, dimensions, null, null, [], 0), cancellationToken);
            Log.GenerationStarted(_logger, _names.Tenant, generation, serving.Info.Generation);
            return new Writer(this, owner, generation, collection, serving, embeddingModel, dimensions);
        }
        catch
        {
            await ReleaseLeaseAsync(owner);
            throw;
        }
    }

    private static bool SameGeneration(StoreInfo a, StoreInfo b) => a.Generation == b.Generation && a.CommittedAt == b.CommittedAt;

    private async Task<Serving> ServingAsync(CancellationToken cancellationToken)
    {
        if (_pinned is not null)
        {
            return _pinned;
        }

        var now = _time.GetTimestamp();
        if (_serving is { } cached && _time.GetElapsedTime(cached.CheckedAt, now) < RefreshInterval)
        {
            return cached;
        }

        var collection = await GuardAsync(() => _gateway.ResolveAliasAsync(_names.Alias, cancellationToken));
        Serving serving;
        if (collection is null || _names.GenerationOf(collection) is not { } generation)
        {
            serving = new Serving(new StoreInfo(0, null, null, new Dictionary<string, int>(), 0), null, 0, now);
        }
        else if (_serving is { } previous && previous.Collection == collection)
        {
            serving = previous with { CheckedAt = now };
        }
        else
        {
            var record = await ReadRecordAsync(generation, cancellationToken)
                ?? throw new KnowledgeStoreUnavailableException(
                    $"De Qdrant-alias '{_names.Alias}' wijst naar generatie {generation}, maar {_names.LeaseCollection} kent die generatie niet; zet een snapshot van beide terug of lees opnieuw in.");
            serving = new Serving(
                new StoreInfo(generation, record.CommittedAt, record.Model, record.Documents, record.Chunks), collection, record.Dimensions, now);
        }

        _serving = serving;
        return serving;
    }

    private async IAsyncEnumerable<RetrievedPoint> ScrollAllAsync(string collection, Filter filter, bool withVectors, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        PointId? offset = null;
        do
        {
            var current = offset;
            var (points, next) = await GuardAsync(() => _gateway.ScrollAsync(collection, filter, PageSize, current, withVectors, cancellationToken));
            foreach (var point in points)
            {
                yield return point;
            }

            offset = next;
        }
        while (offset is not null);
    }

    private static ReadOnlyMemory<float> DenseOf(VectorsOutput vectors)
    {
        if (vectors?.Vectors?.Vectors is { } named && named.TryGetValue(QdrantVectors.Dense, out var output))
        {
            // Servers before 1.12 fill the deprecated Data field instead of Dense.
#pragma warning disable CS0612
            return output.Dense is { } dense ? dense.Data.ToArray() : output.Data.ToArray();
#pragma warning restore CS0612
        }

        throw new FormatException($"Een punt mist de vector '{QdrantVectors.Dense}'.");
    }

    /// <summary>The point of one chunk: the dense vector, the sparse vector from the Dutch analyzer and the payload.</summary>
    public static PointStruct ToPoint(string tenant, DocumentRecord document, EmbeddedChunk chunk, bool withSparse)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        var vectors = new Dictionary<string, Vector> { [QdrantVectors.Dense] = chunk.Vector.ToArray() };
        if (withSparse && DutchSparseVectors.ForChunk(chunk.Chunk) is { IsEmpty: false } sparse)
        {
            vectors[QdrantVectors.Sparse] = (sparse.Values, sparse.Indices);
        }

        var point = new PointStruct { Id = QdrantPointIds.FromChunkId(chunk.Chunk.Id), Vectors = vectors };
        foreach (var (key, value) in QdrantPayload.From(tenant, document, chunk.Chunk))
        {
            point.Payload[key] = value;
        }

        return point;
    }

    // ---- Lease: one writer per tenant across machines ----

    private Filter LeaseFree(string owner)
    {
        // Take it when it expired, or when it is ours already.
        var filter = new Filter();
        filter.Should.Add(Conditions.Range("expires_at", new global::Qdrant.Client.Grpc.Range { Lt = _time.GetUtcNow().ToUnixTimeMilliseconds() }));
        filter.Should.Add(Conditions.MatchKeyword("owner", owner));
        return filter;
    }

    private async Task<long> AcquireLeaseAsync(string owner, CancellationToken cancellationToken)
    {
        var existing = (await GuardAsync(() => _gateway.RetrieveAsync(_names.LeaseCollection, [LeaseId], false, cancellationToken))).FirstOrDefault();
        var lastHandedOut = existing is not null && existing.Payload.TryGetValue("last_generation", out var last) ? last.IntegerValue : 0;
        await WriteLeaseAsync(owner, lastHandedOut, cancellationToken);
        var holder = (await GuardAsync(() => _gateway.RetrieveAsync(_names.LeaseCollection, [LeaseId], false, cancellationToken))).FirstOrDefault();
        if (holder is null || !holder.Payload.TryGetValue("owner", out var current) || current.StringValue != owner)
        {
            var other = holder is not null && holder.Payload.TryGetValue("owner", out var who) ? who.StringValue : "?";
            throw new StoreBusyException($"Another ingestion run ({other}) holds the writer lease of '{_names.Alias}'.");
        }

        return lastHandedOut;
    }

    private Task WriteLeaseAsync(string owner, long lastGeneration, CancellationToken cancellationToken)
    {
        var point = new PointStruct { Id = LeaseId, Vectors = new[] { 0f } };
        point.Payload["kind"] = "lease";
        point.Payload["tenant"] = _names.Tenant;
        point.Payload["owner"] = owner;
        point.Payload["expires_at"] = _time.GetUtcNow().Add(_options.LeaseDuration).ToUnixTimeMilliseconds();
        point.Payload["last_generation"] = lastGeneration;
        // Conditional even when no lease point exists yet: of two machines that both saw none, the second write finds
        // the first one's unexpired lease and changes nothing.
        return GuardAsync(() => _gateway.UpsertAsync(_names.LeaseCollection, [point], LeaseFree(owner), cancellationToken));
    }

    private async Task RenewLeaseAsync(string owner, long lastGeneration, CancellationToken cancellationToken)
    {
        await WriteLeaseAsync(owner, lastGeneration, cancellationToken);
        var holder = (await GuardAsync(() => _gateway.RetrieveAsync(_names.LeaseCollection, [LeaseId], false, cancellationToken))).FirstOrDefault();
        if (holder is null || !holder.Payload.TryGetValue("owner", out var current) || current.StringValue != owner)
        {
            throw new StoreBusyException($"The writer lease of '{_names.Alias}' expired and was taken over; this run's generation is not committed.");
        }
    }

    private async Task ReleaseLeaseAsync(string owner)
    {
        try
        {
            var point = new PointStruct { Id = LeaseId, Vectors = new[] { 0f } };
            var holder = (await _gateway.RetrieveAsync(_names.LeaseCollection, [LeaseId], false, CancellationToken.None)).FirstOrDefault();
            point.Payload["kind"] = "lease";
            point.Payload["tenant"] = _names.Tenant;
            point.Payload["owner"] = "";
            point.Payload["expires_at"] = 0L;
            point.Payload["last_generation"] = holder is not null && holder.Payload.TryGetValue("last_generation", out var last) ? last.IntegerValue : 0L;
            var mine = new Filter();
            mine.Must.Add(Conditions.MatchKeyword("owner", owner));
            await _gateway.UpsertAsync(_names.LeaseCollection, [point], mine, CancellationToken.None);
        }
        catch (RpcException exception)
        {
            // The lease then expires by itself.
            Log.LeaseNotReleased(_logger, _names.Alias, exception.StatusCode.ToString());
        }
    }

    // ---- Generation records: what a generation holds, kept beside the lease ----

    private sealed record GenerationRecord(
        long Generation, string Model, int Dimensions, DateTimeOffset? CommittedAt, DateTimeOffset? ReplacedAt, Dictionary<string, int> Documents, int Chunks);

    private Task WriteRecordAsync(GenerationRecord record, CancellationToken cancellationToken)
    {
        var point = new PointStruct { Id = QdrantPointIds.FromName($"generation:{record.Generation}"), Vectors = new[] { 0f } };
        point.Payload["kind"] = "generation";
        point.Payload["tenant"] = _names.Tenant;
        point.Payload["generation"] = record.Generation;
        point.Payload["record"] = JsonSerializer.Serialize(record);
        return GuardAsync(() => _gateway.UpsertAsync(_names.LeaseCollection, [point], null, cancellationToken));
    }

    private async Task<GenerationRecord?> ReadRecordAsync(long generation, CancellationToken cancellationToken)
    {
        var id = QdrantPointIds.FromName($"generation:{generation}");
        var point = (await GuardAsync(() => _gateway.RetrieveAsync(_names.LeaseCollection, [id], false, cancellationToken))).FirstOrDefault();
        return point is not null && point.Payload.TryGetValue("record", out var json) && point.Payload.TryGetValue("tenant", out var tenant) && tenant.StringValue == _names.Tenant
            ? JsonSerializer.Deserialize<GenerationRecord>(json.StringValue)
            : null;
    }

    private async Task RemoveOldCollectionsAsync(IReadOnlyList<string> collections, long serving, long writing, CancellationToken cancellationToken)
    {
        var replaced = new Dictionary<long, DateTimeOffset?>();
        foreach (var generation in collections.Select(_names.GenerationOf).Where(g => g is not null && g < serving).Select(g => g!.Value))
        {
            replaced[generation] = (await ReadRecordAsync(generation, cancellationToken))?.ReplacedAt;
        }

        var remove = QdrantGenerations.CollectionsToRemove(collections, _names, serving, writing, g => replaced.GetValueOrDefault(g), _time.GetUtcNow(), _options.GracePeriod);
        foreach (var collection in remove)
        {
            await GuardAsync(() => _gateway.DeleteCollectionAsync(collection, cancellationToken));
            Log.CollectionRemoved(_logger, collection);
        }
    }

    private async Task<T> GuardAsync<T>(Func<Task<T>> operation)
    {
        try
        {
            var result = await operation();
            Volatile.Write(ref _unavailableLogged, 0);
            return result;
        }
        catch (RpcException exception) when (exception.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Unauthenticated or StatusCode.PermissionDenied or StatusCode.Internal)
        {
            if (Interlocked.Exchange(ref _unavailableLogged, 1) == 0)
            {
                Log.StoreUnavailable(_logger, _names.Alias, exception.StatusCode.ToString());
            }

            throw new KnowledgeStoreUnavailableException(
                $"De Qdrant-store '{_names.Alias}' is niet te gebruiken ({exception.StatusCode}); controleer Kcc:Store:Qdrant:Endpoint en Kcc:Store:Qdrant:ApiKey en of de server draait.", exception);
        }
    }

    private Task GuardAsync(Func<Task> operation) => GuardAsync(async () =>
    {
        await operation();
        return true;
    });

    private sealed record Serving(StoreInfo Info, string? Collection, int Dimensions, long CheckedAt);

    private sealed class Writer : IGenerationWriter, IGenerationPreview
    {
        private readonly QdrantKnowledgeStore _store;
        private readonly string _owner;
        private readonly string _collection;
        private readonly Serving _serving;
        private readonly string _model;
        private readonly int _dimensions;
        private readonly List<PointStruct> _pending = [];
        private readonly Dictionary<string, (string Source, int Chunks)> _documents = new(StringComparer.Ordinal);
        private readonly ITimer _renewal;
        private volatile bool _leaseLost;
        private bool _committed;

        public Writer(QdrantKnowledgeStore store, string owner, long generation, string collection, Serving serving, string model, int dimensions)
        {
            _store = store;
            _owner = owner;
            Generation = generation;
            _collection = collection;
            _serving = serving;
            _model = model;
            _dimensions = dimensions;
            var every = store._options.LeaseDuration / 3;
            _renewal = store._time.CreateTimer(_ => _ = RenewAsync(), null, every, every);
        }

        public long Generation { get; }

        private async Task RenewAsync()
        {
            try
            {
                await _store.RenewLeaseAsync(_owner, Generation, CancellationToken.None);
            }
            catch (Exception exception) when (exception is StoreBusyException or KnowledgeStoreUnavailableException or RpcException)
            {
                // Commit checks the lease once more and refuses; until then the run goes on.
                _leaseLost = exception is StoreBusyException;
                Log.LeaseRenewalFailed(_store._logger, _store._names.Alias, exception.Message);
            }
        }

        public Task AddDocumentAsync(SourceDocument document, IReadOnlyList<EmbeddedChunk> chunks, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(document);
            return WriteAsync(DocumentRecord.From(document), chunks, cancellationToken);
        }

        public Task ImportDocumentAsync(StoredDocument document, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(document);
            return WriteAsync(document.Document, document.Chunks, cancellationToken);
        }

        private async Task WriteAsync(DocumentRecord document, IReadOnlyList<EmbeddedChunk> chunks, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(chunks);
            foreach (var chunk in chunks)
            {
                if (chunk.Vector.Length != _dimensions)
                {
                    throw new InvalidOperationException($"Chunk '{chunk.Chunk.Id}' has {chunk.Vector.Length} dimensions; this generation has {_dimensions}.");
                }
            }

            if (_documents.ContainsKey(document.Id))
            {
                // The same id twice in one run keeps the last one: its earlier chunks may be more than the new ones.
                await FlushAsync(cancellationToken);
                await _store.GuardAsync(() => _store._gateway.DeleteAsync(_collection, QdrantPayload.Where(_store._names.Tenant, QdrantPayload.Keys.DocumentId, document.Id), cancellationToken));
            }

            _documents[document.Id] = (document.SourceName, chunks.Count);
            foreach (var chunk in chunks)
            {
                _pending.Add(ToPoint(_store._names.Tenant, document, chunk, _store._options.SparseVectors));
                if (_pending.Count >= _store._options.BatchSize)
                {
                    await FlushAsync(cancellationToken);
                }
            }
        }

        private async Task FlushAsync(CancellationToken cancellationToken)
        {
            if (_pending.Count == 0)
            {
                return;
            }

            var batch = _pending.ToArray();
            _pending.Clear();
            await _store.GuardAsync(() => _store._gateway.UpsertAsync(_collection, batch, null, cancellationToken));
        }

        public async Task<bool> KeepDocumentAsync(string documentId, CancellationToken cancellationToken = default) =>
            await CopyAsync(QdrantPayload.Keys.DocumentId, documentId, cancellationToken) > 0;

        public Task<int> KeepSourceAsync(string sourceName, CancellationToken cancellationToken = default) =>
            CopyAsync(QdrantPayload.Keys.SourceName, sourceName, cancellationToken);

        private async Task<int> CopyAsync(string key, string value, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(value);
            if (_serving.Collection is null)
            {
                return 0;
            }

            // The stored vectors travel as they are: nothing is embedded again.
            var copied = new Dictionary<string, (string Source, int Chunks)>(StringComparer.Ordinal);
            await foreach (var point in _store.ScrollAllAsync(_serving.Collection, QdrantPayload.Where(_store._names.Tenant, key, value), true, cancellationToken))
            {
                var chunk = new EmbeddedChunk(QdrantPayload.ToChunk(point.Payload), DenseOf(point.Vectors));
                var record = QdrantPayload.ToDocument(point.Payload);
                _pending.Add(ToPoint(_store._names.Tenant, record, chunk, _store._options.SparseVectors));
                copied[record.Id] = (record.SourceName, copied.GetValueOrDefault(record.Id).Chunks + 1);
                if (_pending.Count >= _store._options.BatchSize)
                {
                    await FlushAsync(cancellationToken);
                }
            }

            foreach (var (id, entry) in copied)
            {
                _documents[id] = entry;
            }

            return copied.Count;
        }

        public async Task<IKnowledgeStore> PreviewAsync(CancellationToken cancellationToken = default)
        {
            await FlushAsync(cancellationToken);
            var info = new StoreInfo(Generation, null, _model, DocumentsPerSource(), _documents.Values.Sum(d => d.Chunks));
            var pinned = new Serving(info, _collection, _dimensions, 0);
            return new QdrantKnowledgeStore(_store._gateway, _store._names, _store._options, _store._time, _store._logger, pinned);
        }

        private Dictionary<string, int> DocumentsPerSource() =>
            _documents.Values.GroupBy(d => d.Source, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

        public async Task CommitAsync(CancellationToken cancellationToken = default)
        {
            await FlushAsync(cancellationToken);
            if (_leaseLost)
            {
                throw new StoreBusyException($"The writer lease of '{_store._names.Alias}' was lost; generation {Generation} is not committed.");
            }

            // Checked (and extended) right before the switch: a run whose lease was taken over must not move the alias.
            await _store.RenewLeaseAsync(_owner, Generation, cancellationToken);
            var now = _store._time.GetUtcNow();
            await _store.WriteRecordAsync(new GenerationRecord(Generation, _model, _dimensions, now, null, DocumentsPerSource(), _documents.Values.Sum(d => d.Chunks)), cancellationToken);
            await _store.GuardAsync(() => _store._gateway.SwitchAliasAsync(_store._names.Alias, _collection, _serving.Collection is not null, cancellationToken));
            _committed = true;
            Log.GenerationCommitted(_store._logger, _store._names.Tenant, Generation);
            if (_serving.Collection is not null && await _store.ReadRecordAsync(_serving.Info.Generation, cancellationToken) is { } previous)
            {
                await _store.WriteRecordAsync(previous with { ReplacedAt = now }, cancellationToken);
            }

            try
            {
                var collections = await _store.GuardAsync(() => _store._gateway.ListCollectionsAsync(cancellationToken));
                await _store.RemoveOldCollectionsAsync(collections, Generation, 0, cancellationToken);
            }
            catch (KnowledgeStoreUnavailableException)
            {
                // The next writer removes them.
            }

            _store.Refresh();
        }

        public async ValueTask DisposeAsync()
        {
            await _renewal.DisposeAsync();
            if (!_committed)
            {
                // Best effort: the alias never pointed here; what stays behind is removed by the next writer.
                try
                {
                    await _store._gateway.DeleteCollectionAsync(_collection, CancellationToken.None);
                    Log.GenerationAbandoned(_store._logger, _store._names.Tenant, Generation);
                }
                catch (RpcException)
                {
                }
            }

            await _store.ReleaseLeaseAsync(_owner);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Qdrant tenant {Tenant}: writing generation {Generation} (serving {Current})")]
        public static partial void GenerationStarted(ILogger logger, string tenant, long generation, long current);

        [LoggerMessage(Level = LogLevel.Information, Message = "Qdrant tenant {Tenant}: committed generation {Generation}; the alias points to it")]
        public static partial void GenerationCommitted(ILogger logger, string tenant, long generation);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Qdrant tenant {Tenant}: abandoned generation {Generation}; the previous generation keeps serving")]
        public static partial void GenerationAbandoned(ILogger logger, string tenant, long generation);

        [LoggerMessage(Level = LogLevel.Information, Message = "Removed Qdrant collection {Collection}")]
        public static partial void CollectionRemoved(ILogger logger, string collection);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Could not release the writer lease of {Alias} ({Status}); it expires by itself")]
        public static partial void LeaseNotReleased(ILogger logger, string alias, string status);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Could not renew the writer lease of {Alias}: {Reason}")]
        public static partial void LeaseRenewalFailed(ILogger logger, string alias, string reason);

        [LoggerMessage(Level = LogLevel.Error, Message = "The Qdrant store {Alias} cannot be used ({Status}); check Kcc:Store:Qdrant:Endpoint and ApiKey")]
        public static partial void StoreUnavailable(ILogger logger, string alias, string status);
    }
}
