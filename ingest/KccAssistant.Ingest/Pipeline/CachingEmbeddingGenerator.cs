using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using KccAssistant.Embeddings;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KccAssistant.Ingest.Pipeline;

/// <summary>
/// Remembers embeddings by model and exact input text in a SQLite file, so re-ingesting unchanged or moved text
/// costs no model run. Counts the inputs it had to embed (<see cref="Misses"/>) for the run report.
/// </summary>
public sealed partial class CachingEmbeddingGenerator : DelegatingEmbeddingGenerator<string, Embedding<float>>
{
    private readonly string _connectionString;
    private readonly string _model;
    private int _misses;

    /// <summary>
    /// Wraps <paramref name="inner"/>; the cache file lives at <paramref name="databasePath"/>. A cache file that is
    /// corrupt or not a database is only a cache: it is deleted and rebuilt, with a warning.
    /// </summary>
    public CachingEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> inner, string databasePath, string model, ILogger? logger = null)
        : base(inner)
    {
        _connectionString = new SqliteConnectionStringBuilder { DataSource = databasePath, DefaultTimeout = 30 }.ToString();
        _model = model;
        try
        {
            Initialize();
        }
        catch (Exception exception) when (exception is SqliteException { SqliteErrorCode: 11 or 26 } or InvalidDataException)
        {
            // 11 = SQLITE_CORRUPT, 26 = SQLITE_NOTADB. Every vector in it can be computed again from the text.
            LogCacheRebuilt(logger ?? NullLogger.Instance, databasePath, exception.Message);
            using (var pooled = new SqliteConnection(_connectionString))
            {
                SqliteConnection.ClearPool(pooled);
            }

            foreach (var suffix in new[] { "", "-wal", "-shm", "-journal" })
            {
                File.Delete(databasePath + suffix);
            }

            Initialize();
        }
    }

    private void Initialize()
    {
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            PRAGMA journal_mode=WAL;
            CREATE TABLE IF NOT EXISTS embeddings (model TEXT NOT NULL, hash BLOB NOT NULL, vector BLOB NOT NULL, PRIMARY KEY (model, hash));
            """;
        command.ExecuteNonQuery();

        // A truncated file can open and still lose pages further on: quick_check reads them all, in one pass.
        using var quickCheck = connection.CreateCommand();
        quickCheck.CommandText = "PRAGMA quick_check(1)";
        var check = quickCheck.ExecuteScalar() as string;
        if (!string.Equals(check, "ok", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"quick_check: {check}");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The embedding cache {Path} is damaged ({Reason}); it is deleted and rebuilt, so this run embeds every passage again")]
    private static partial void LogCacheRebuilt(ILogger logger, string path, string reason);

    /// <summary>The wrapped generator is shared (a DI singleton serving questions too): it is not ours to dispose.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2215", Justification = "Disposing the base would dispose the shared inner generator.")]
    protected override void Dispose(bool disposing)
    {
    }

    /// <summary>Inputs that were not in the cache and went to the model.</summary>
    public int Misses => Volatile.Read(ref _misses);

    /// <inheritdoc />
    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var inputs = values.ToList();
        var kind = EmbeddingInputKind.IsQuery(options) ? EmbeddingInputKind.Query : EmbeddingInputKind.Passage;
        var hashes = inputs.Select(text => SHA256.HashData(Encoding.UTF8.GetBytes($"{kind}\u001f{text}"))).ToList();
        var results = new Embedding<float>?[inputs.Count];
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using (var lookup = connection.CreateCommand())
        {
            lookup.CommandText = "SELECT vector FROM embeddings WHERE model = $m AND hash = $h";
            var model = lookup.Parameters.AddWithValue("$m", _model);
            var hash = lookup.Parameters.Add(new SqliteParameter { ParameterName = "$h" });
            for (var i = 0; i < inputs.Count; i++)
            {
                hash.Value = hashes[i];
                if (await lookup.ExecuteScalarAsync(cancellationToken) is byte[] blob)
                {
                    results[i] = new Embedding<float>(MemoryMarshal.Cast<byte, float>(blob).ToArray());
                }
            }
        }

        var missing = Enumerable.Range(0, inputs.Count).Where(i => results[i] is null).ToList();
        if (missing.Count > 0)
        {
            var generated = await base.GenerateAsync(missing.Select(i => inputs[i]), options, cancellationToken);
            Interlocked.Add(ref _misses, missing.Count);
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT OR REPLACE INTO embeddings (model, hash, vector) VALUES ($m, $h, $v)";
            insert.Parameters.AddWithValue("$m", _model);
            var hash = insert.Parameters.Add(new SqliteParameter { ParameterName = "$h" });
            var vector = insert.Parameters.Add(new SqliteParameter { ParameterName = "$v" });
            for (var j = 0; j < missing.Count; j++)
            {
                results[missing[j]] = generated[j];
                hash.Value = hashes[missing[j]];
                vector.Value = MemoryMarshal.AsBytes(generated[j].Vector.Span).ToArray();
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        return new GeneratedEmbeddings<Embedding<float>>(results!);
    }
}
