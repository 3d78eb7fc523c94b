using System.Numerics.Tensors;
using KccAssistant.Stores;
using KccAssistant.Stores.Qdrant;
using Qdrant.Client.Grpc;

namespace KccAssistant.Tests.Stores.Qdrant;

/// <summary>
/// A hand-written, in-memory stand-in for a Qdrant server behind <see cref="IQdrantGateway"/>: collections, aliases,
/// points, and the filters the store builds (must: keyword and any-of matches; should: keyword match or range below).
/// It lets the generation, alias and lease logic run without a server; it is not Qdrant, and the real-server tests
/// (<c>KCC_QDRANT_URL</c>) stay the proof that the store works against one.
/// </summary>
internal sealed class FakeQdrantGateway : IQdrantGateway
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Dictionary<string, PointStruct>> _collections = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _aliases = new(StringComparer.Ordinal);

    public List<string> Calls { get; } = [];

    public bool Healthy { get; set; } = true;

    public IReadOnlyDictionary<string, string> Aliases
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<string, string>(_aliases);
            }
        }
    }

    public Task<bool> IsHealthyAsync(CancellationToken cancellationToken = default) => Task.FromResult(Healthy);

    public Task<IReadOnlyList<string>> ListCollectionsAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<string>>([.. _collections.Keys.Order(StringComparer.Ordinal)]);
        }
    }

    public Task<string?> ResolveAliasAsync(string alias, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_aliases.GetValueOrDefault(alias));
        }
    }

    public Task CreateGenerationCollectionAsync(string name, int dimensions, QdrantStoreOptions settings, IReadOnlyList<string> keywordIndexes, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            Calls.Add($"create {name}");
            _collections.TryAdd(name, []);
        }

        return Task.CompletedTask;
    }

    public Task EnsureBookkeepingCollectionAsync(string name, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            _collections.TryAdd(name, []);
        }

        return Task.CompletedTask;
    }

    public Task DeleteCollectionAsync(string name, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            Calls.Add($"delete {name}");
            _collections.Remove(name);
        }

        return Task.CompletedTask;
    }

    public Task SwitchAliasAsync(string alias, string collection, bool aliasExists, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            Calls.Add($"alias {alias} -> {collection}");
            if (!_collections.ContainsKey(collection))
            {
                throw new InvalidOperationException($"Collection {collection} does not exist.");
            }

            if (aliasExists != _aliases.ContainsKey(alias))
            {
                throw new InvalidOperationException($"Alias {alias} exists: {_aliases.ContainsKey(alias)}, told {aliasExists}.");
            }

            _aliases[alias] = collection;
        }

        return Task.CompletedTask;
    }

    public Task UpsertAsync(string collection, IReadOnlyList<PointStruct> points, Filter? onlyIf = null, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var target = _collections[collection];
            foreach (var point in points)
            {
                var key = Key(point.Id);
                if (onlyIf is not null && target.TryGetValue(key, out var existing) && !Matches(existing, onlyIf))
                {
                    continue;
                }

                target[key] = point.Clone();
            }
        }

        return Task.CompletedTask;
    }

    public Task DeleteAsync(string collection, Filter filter, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var target = _collections[collection];
            foreach (var key in target.Where(p => Matches(p.Value, filter)).Select(p => p.Key).ToList())
            {
                target.Remove(key);
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<RetrievedPoint>> RetrieveAsync(string collection, IReadOnlyList<PointId> ids, bool withVectors, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var target = _collections[collection];
            return Task.FromResult<IReadOnlyList<RetrievedPoint>>(
                [.. ids.Select(id => target.GetValueOrDefault(Key(id))).Where(p => p is not null).Select(p => Retrieved(p!, withVectors))]);
        }
    }

    public Task<(IReadOnlyList<RetrievedPoint> Points, PointId? Next)> ScrollAsync(
        string collection, Filter filter, uint limit, PointId? offset, bool withVectors, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var ordered = _collections[collection].Values.Where(p => Matches(p, filter)).OrderBy(p => Key(p.Id), StringComparer.Ordinal).ToList();
            var start = offset is null ? 0 : ordered.FindIndex(p => Key(p.Id) == Key(offset));
            var page = ordered.Skip(start).Take((int)limit).Select(p => Retrieved(p, withVectors)).ToList();
            PointId? next = start + (int)limit < ordered.Count ? ordered[start + (int)limit].Id : null;
            return Task.FromResult<(IReadOnlyList<RetrievedPoint>, PointId?)>((page, next));
        }
    }

    public Task<IReadOnlyList<ScoredPoint>> QueryAsync(QueryPoints request, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            // Only the dense nearest-neighbour query the store sends to read; fusion is the server's and is not faked.
            Assert.Equal(QdrantVectors.Dense, request.Using);
            var query = request.Query.Nearest.Dense.Data.ToArray();
            var collection = _aliases.GetValueOrDefault(request.CollectionName) ?? request.CollectionName;
            var scored = _collections[collection].Values
                .Where(p => Matches(p, request.Filter))
                .Select(p =>
                {
                    var vector = p.Vectors.Vectors_.Vectors[QdrantVectors.Dense].Dense.Data.ToArray();
                    return new ScoredPoint { Id = p.Id, Score = TensorPrimitives.CosineSimilarity(vector, query), Payload = { p.Payload } };
                })
                .OrderByDescending(p => p.Score)
                .Take((int)request.Limit)
                .ToList();
            return Task.FromResult<IReadOnlyList<ScoredPoint>>(scored);
        }
    }

    private static string Key(PointId id) => id.HasUuid ? id.Uuid : id.Num.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static RetrievedPoint Retrieved(PointStruct point, bool withVectors)
    {
        var retrieved = new RetrievedPoint { Id = point.Id, Payload = { point.Payload } };
        if (withVectors && point.Vectors?.Vectors_ is { } named)
        {
            var output = new NamedVectorsOutput();
            foreach (var (name, vector) in named.Vectors)
            {
                output.Vectors[name] = vector.Dense is { } dense
                    ? new VectorOutput { Dense = new DenseVector { Data = { dense.Data } } }
                    : new VectorOutput { Sparse = new SparseVector { Values = { vector.Sparse.Values }, Indices = { vector.Sparse.Indices } } };
            }

            retrieved.Vectors = new VectorsOutput { Vectors = output };
        }

        return retrieved;
    }

    private static bool Matches(PointStruct point, Filter? filter)
    {
        if (filter is null)
        {
            return true;
        }

        return filter.Must.All(c => Matches(point, c)) && (filter.Should.Count == 0 || filter.Should.Any(c => Matches(point, c)));
    }

    private static bool Matches(PointStruct point, Condition condition)
    {
        var field = condition.Field ?? throw new NotSupportedException($"Condition {condition} is not faked.");
        point.Payload.TryGetValue(field.Key, out var value);
        if (field.Match is { } match)
        {
            return match.MatchValueCase switch
            {
                Match.MatchValueOneofCase.Keyword => value?.StringValue == match.Keyword,
                Match.MatchValueOneofCase.Keywords => value is not null && match.Keywords.Strings.Contains(value.StringValue),
                _ => throw new NotSupportedException($"Match {match} is not faked."),
            };
        }

        if (field.Range is { } range)
        {
            var number = value is null ? double.NaN : value.KindCase == Value.KindOneofCase.IntegerValue ? value.IntegerValue : value.DoubleValue;
            return range.HasLt && number < range.Lt;
        }

        throw new NotSupportedException($"Condition {condition} is not faked.");
    }
}
