using Grpc.Core;
using Microsoft.Extensions.Logging;
using Qdrant.Client;
using Qdrant.Client.Grpc;

namespace KccAssistant.Stores.Qdrant;

/// <summary>
/// <see cref="IQdrantGateway"/> over <see cref="QdrantClient"/>. Every call gets the configured deadline and is retried
/// with exponential back-off on the errors that a restarting or overloaded server gives (unavailable, deadline
/// exceeded, resource exhausted, aborted); every write waits until it is applied, so what follows reads it.
/// </summary>
public sealed partial class QdrantGateway(QdrantClient client, QdrantStoreOptions options, ILogger<QdrantGateway> logger) : IQdrantGateway
{
    private const string DenseVector = QdrantVectors.Dense;
    private const string SparseVector = QdrantVectors.Sparse;

    /// <inheritdoc />
    public async Task<bool> IsHealthyAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await client.HealthAsync(cancellationToken);
            return true;
        }
        catch (RpcException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> ListCollectionsAsync(CancellationToken cancellationToken = default) =>
        RetryAsync<IReadOnlyList<string>>(async () => await client.ListCollectionsAsync(cancellationToken), cancellationToken);

    /// <inheritdoc />
    public Task<string?> ResolveAliasAsync(string alias, CancellationToken cancellationToken = default) =>
        RetryAsync(async () => (await client.ListAliasesAsync(cancellationToken)).FirstOrDefault(a => a.AliasName == alias)?.CollectionName, cancellationToken);

    /// <inheritdoc />
    public Task CreateGenerationCollectionAsync(string name, int dimensions, QdrantStoreOptions settings, IReadOnlyList<string> keywordIndexes, CancellationToken cancellationToken = default) =>
        RetryAsync(async () =>
        {
            ArgumentNullException.ThrowIfNull(settings);
            var request = new CreateCollection
            {
                CollectionName = name,
                VectorsConfig = new VectorsConfig
                {
                    ParamsMap = new VectorParamsMap { Map = { [DenseVector] = new VectorParams { Size = (ulong)dimensions, Distance = Distance.Cosine } } },
                },
                ShardNumber = (uint)settings.ShardNumber,
                ReplicationFactor = (uint)settings.ReplicationFactor,
            };
            if (settings.ScalarQuantization)
            {
                // Quantized vectors in memory, the float32 originals on disk for rescoring.
#pragma warning disable CS0612 // Marked obsolete in the generated client, still the documented switch of Qdrant 1.x.
                request.QuantizationConfig = new QuantizationConfig { Scalar = new ScalarQuantization { Type = QuantizationType.Int8, AlwaysRam = true } };
#pragma warning restore CS0612
            }

            if (settings.SparseVectors)
            {
                request.SparseVectorsConfig = new SparseVectorConfig { Map = { [SparseVector] = new SparseVectorParams { Modifier = Modifier.Idf } } };
            }

            if (!await client.CollectionExistsAsync(name, cancellationToken))
            {
                await client.CreateCollectionAsync(request, cancellationToken);
            }

            foreach (var field in keywordIndexes)
            {
                await client.CreatePayloadIndexAsync(name, field, PayloadSchemaType.Keyword, cancellationToken: cancellationToken);
            }

            return true;
        }, cancellationToken);

    /// <inheritdoc />
    public Task EnsureBookkeepingCollectionAsync(string name, CancellationToken cancellationToken = default) =>
        RetryAsync(async () =>
        {
            if (!await client.CollectionExistsAsync(name, cancellationToken))
            {
                try
                {
                    // A one-dimensional vector: Qdrant wants one, the records are only ever read by id or by filter.
                    await client.CreateCollectionAsync(name, new VectorParams { Size = 1, Distance = Distance.Dot }, cancellationToken: cancellationToken);
                }
                catch (RpcException exception) when (exception.StatusCode == StatusCode.AlreadyExists)
                {
                    // Another machine created it between the two calls.
                }
            }

            return true;
        }, cancellationToken);

    /// <inheritdoc />
    public Task DeleteCollectionAsync(string name, CancellationToken cancellationToken = default) =>
        RetryAsync(async () =>
        {
            if (await client.CollectionExistsAsync(name, cancellationToken))
            {
                await client.DeleteCollectionAsync(name, cancellationToken: cancellationToken);
            }

            return true;
        }, cancellationToken);

    /// <inheritdoc />
    public Task SwitchAliasAsync(string alias, string collection, bool aliasExists, CancellationToken cancellationToken = default) =>
        RetryAsync(async () =>
        {
            // Qdrant applies the operations of one request together: readers see the old collection or the new one.
            var operations = new List<AliasOperations>();
            if (aliasExists)
            {
                operations.Add(new AliasOperations { DeleteAlias = new DeleteAlias { AliasName = alias } });
            }

            operations.Add(new AliasOperations { CreateAlias = new CreateAlias { AliasName = alias, CollectionName = collection } });
            await client.UpdateAliasesAsync(operations, cancellationToken: cancellationToken);
            return true;
        }, cancellationToken);

    /// <inheritdoc />
    public Task UpsertAsync(string collection, IReadOnlyList<PointStruct> points, Filter? onlyIf = null, CancellationToken cancellationToken = default) =>
        RetryAsync(async () =>
        {
            if (onlyIf is null)
            {
                await client.UpsertAsync(collection, points, wait: true, cancellationToken: cancellationToken);
            }
            else
            {
                await client.UpsertAsync(collection, points, onlyIf, wait: true, cancellationToken: cancellationToken);
            }

            return true;
        }, cancellationToken);

    /// <inheritdoc />
    public Task DeleteAsync(string collection, Filter filter, CancellationToken cancellationToken = default) =>
        RetryAsync(async () =>
        {
            await client.DeleteAsync(collection, filter, wait: true, cancellationToken: cancellationToken);
            return true;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<RetrievedPoint>> RetrieveAsync(string collection, IReadOnlyList<PointId> ids, bool withVectors, CancellationToken cancellationToken = default) =>
        RetryAsync<IReadOnlyList<RetrievedPoint>>(
            async () => await client.RetrieveAsync(collection, ids, withPayload: true, withVectors: withVectors, cancellationToken: cancellationToken),
            cancellationToken);

    /// <inheritdoc />
    public Task<(IReadOnlyList<RetrievedPoint> Points, PointId? Next)> ScrollAsync(
        string collection, Filter filter, uint limit, PointId? offset, bool withVectors, CancellationToken cancellationToken = default) =>
        RetryAsync<(IReadOnlyList<RetrievedPoint>, PointId?)>(async () =>
        {
            var response = await client.ScrollAsync(collection, filter, limit, offset, payloadSelector: true, vectorsSelector: withVectors, cancellationToken: cancellationToken);
            return (response.Result, response.NextPageOffset);
        }, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<ScoredPoint>> QueryAsync(QueryPoints request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return RetryAsync<IReadOnlyList<ScoredPoint>>(async () => await client.QueryAsync(
            request.CollectionName,
            request.Query,
            request.Prefetch,
            request.HasUsing ? request.Using : null,
            request.Filter,
            limit: request.Limit,
            payloadSelector: request.WithPayload,
            vectorsSelector: request.WithVectors,
            cancellationToken: cancellationToken), cancellationToken);
    }

    private async Task<T> RetryAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(200);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (RpcException exception) when (IsTransient(exception.StatusCode) && attempt < options.MaxAttempts && !cancellationToken.IsCancellationRequested)
            {
                LogRetry(logger, exception.StatusCode.ToString(), attempt, options.MaxAttempts, delay.TotalMilliseconds);
                await Task.Delay(delay, cancellationToken);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 5000));
            }
        }
    }

    /// <summary>Errors that may pass when the call is made again.</summary>
    public static bool IsTransient(StatusCode status) =>
        status is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.ResourceExhausted or StatusCode.Aborted;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Qdrant answered {Status}; attempt {Attempt} of {MaxAttempts}, retrying in {DelayMs:F0} ms")]
    private static partial void LogRetry(ILogger logger, string status, int attempt, int maxAttempts, double delayMs);
}

/// <summary>The names of the vectors in a generation collection.</summary>
public static class QdrantVectors
{
    /// <summary>The embedding model's vector.</summary>
    public const string Dense = "dense";

    /// <summary>The Dutch analyzer's sparse vector (IDF applied by the server).</summary>
    public const string Sparse = "sparse";
}
