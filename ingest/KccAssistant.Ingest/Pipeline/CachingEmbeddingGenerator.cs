using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using KccAssistant.Embeddings;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.AI;

namespace KccAssistant.Ingest.Pipeline;

/// <summary>
/// Remembers embeddings by model and exact input text in a SQLite file, so re-ingesting unchanged or moved text
/// costs no model run. Counts the inputs it had to embed (<see cref="Misses"/>) for the run report.
/// </summary>
public sealed class CachingEmbeddingGenerator : DelegatingEmbeddingGenerator<string, Embedding<float>>
{
    private readonly string _connectionString;
    private readonly string _model;
    private int _misses;

    /// <summary>Wraps <paramref name="inner"/>; the cache file lives at <paramref name="databasePath"/>.</summary>
    public CachingEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> inner, string databasePath, string model)
        : base(inner)
    {
        _connectionString = new SqliteConnectionStringBuilder { DataSource = databasePath, DefaultTimeout = 30 }.ToString();
        _model = model;
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            PRAGMA journal_mode=WAL;
            CREATE TABLE IF NOT EXISTS embeddings (model TEXT NOT NULL, hash BLOB NOT NULL, vector BLOB NOT NULL, PRIMARY KEY (model, hash));
            """;
        command.ExecuteNonQuery();
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

    /// <summary>
    /// Leaves the inner generator alone: it is the application's shared model (the web app's query embedder, the
    /// worker's next run), owned by the container, while a cache lives for one run.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2215:Dispose methods should call base class dispose", Justification = "The base would dispose the shared inner generator, which this cache does not own.")]
    protected override void Dispose(bool disposing)
    {
    }
}
