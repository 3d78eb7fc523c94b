using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using KccAssistant.Documents;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace KccAssistant.Stores.Embedded;

/// <summary>
/// The zero-setup store: one SQLite file in the data directory holds generations of documents and chunks with
/// their vectors; the serving generation is held in memory for search. A generation becomes visible in the
/// single transaction that marks it committed, so readers never see a half-written index, and a process killed
/// while writing leaves only an uncommitted generation that the next writer removes.
/// </summary>
public sealed partial class EmbeddedKnowledgeStore : IKnowledgeStore, IDisposable
{
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(1);

    // SQLite's primary result codes that mean the file cannot be used as it is.
    private const int SqliteIoError = 10;
    private const int SqliteCorrupt = 11;
    private const int SqliteCantOpen = 14;
    private const int SqliteNotADatabase = 26;
    private readonly string _connectionString;
    private readonly string _lockPath;
    private readonly ILogger<EmbeddedKnowledgeStore> _logger;
    private readonly SemaphoreSlim _loadLock = new(1, 1);
    private IndexSnapshot _snapshot = IndexSnapshot.Empty;
    private long _checkedAtTicks;
    private bool _schemaReady;
    private int _unavailableLogged;

    /// <summary>Opens (or creates) the store in <paramref name="dataDirectory"/>.</summary>
    public EmbeddedKnowledgeStore(string dataDirectory, ILogger<EmbeddedKnowledgeStore> logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        Directory.CreateDirectory(dataDirectory);
        DataDirectory = Path.GetFullPath(dataDirectory);
        DatabasePath = Path.Combine(DataDirectory, "kcc.db");
        _lockPath = Path.Combine(DataDirectory, "ingest.lock");
        _connectionString = new SqliteConnectionStringBuilder { DataSource = DatabasePath, DefaultTimeout = 30 }.ToString();
        _logger = logger;
    }

    /// <summary>The data directory.</summary>
    public string DataDirectory { get; }

    /// <summary>The SQLite file.</summary>
    public string DatabasePath { get; }

    /// <inheritdoc />
    public async Task<StoreInfo> GetInfoAsync(CancellationToken cancellationToken = default) =>
        (await GetSnapshotAsync(cancellationToken)).Info;

    /// <inheritdoc />
    public async Task<IReadOnlyList<ScoredChunk>> SearchDenseAsync(ReadOnlyMemory<float> vector, int top, ChunkFilter? filter = null, CancellationToken cancellationToken = default) =>
        (await GetSnapshotAsync(cancellationToken)).SearchDense(vector.Span, top, filter);

    /// <inheritdoc />
    public async Task<GenerationChunks> GetChunksAsync(CancellationToken cancellationToken = default)
    {
        var snapshot = await GetSnapshotAsync(cancellationToken);
        return new GenerationChunks(snapshot.Info, snapshot.Chunks);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<StoredDocument> ExportAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // The loaded snapshot has the chunks and vectors; the document rows add what re-ingestion compares. Both are read
        // for the snapshot's generation, so a commit in between cannot mix two generations.
        var snapshot = await GetSnapshotAsync(cancellationToken);
        if (snapshot.Info.IsEmpty)
        {
            yield break;
        }

        var records = await GuardAsync(() => ReadDocumentRecordsAsync(snapshot.Info.Generation, cancellationToken), parsesRows: true);
        var start = 0;
        while (start < snapshot.Chunks.Length)
        {
            var end = start;
            var documentId = snapshot.Chunks[start].DocumentId;
            while (end < snapshot.Chunks.Length && snapshot.Chunks[end].DocumentId == documentId)
            {
                end++;
            }

            if (records.TryGetValue(documentId, out var record))
            {
                var chunks = new List<EmbeddedChunk>(end - start);
                for (var i = start; i < end; i++)
                {
                    chunks.Add(new EmbeddedChunk(snapshot.Chunks[i], snapshot.Vector(i)));
                }

                yield return new StoredDocument(record, chunks);
            }

            start = end;
        }
    }

    private async Task<Dictionary<string, DocumentRecord>> ReadDocumentRecordsAsync(long generation, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var records = new Dictionary<string, DocumentRecord>(StringComparer.Ordinal);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT doc_id, source_name, source_type, title, url, content_hash, etag, http_last_modified, last_modified FROM documents
            WHERE generation = $g
            """;
        command.Parameters.AddWithValue("$g", generation);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = reader.GetString(0);
            records[id] = new DocumentRecord(id, reader.GetString(1), Enum.Parse<SourceType>(reader.GetString(2)), reader.GetString(3), reader.GetString(4),
                new DocumentState(
                    id,
                    reader.GetString(5),
                    reader.IsDBNull(6) ? null : reader.GetString(6),
                    reader.IsDBNull(7) ? null : reader.GetString(7),
                    reader.IsDBNull(8) ? null : DateTimeOffset.Parse(reader.GetString(8), System.Globalization.CultureInfo.InvariantCulture)));
        }

        return records;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Chunk>> GetDocumentChunksAsync(string documentId, CancellationToken cancellationToken = default) =>
        (await GetSnapshotAsync(cancellationToken)).DocumentChunks(documentId);

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<string, DocumentState>> GetDocumentStatesAsync(string sourceName, CancellationToken cancellationToken = default) =>
        GuardAsync(() => ReadDocumentStatesAsync(sourceName, cancellationToken), parsesRows: true);

    private async Task<IReadOnlyDictionary<string, DocumentState>> ReadDocumentStatesAsync(string sourceName, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var generation = await CommittedGenerationAsync(connection, cancellationToken);
        var states = new Dictionary<string, DocumentState>(StringComparer.Ordinal);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT doc_id, content_hash, etag, http_last_modified, last_modified FROM documents
            WHERE generation = $g AND source_name = $s
            """;
        command.Parameters.AddWithValue("$g", generation);
        command.Parameters.AddWithValue("$s", sourceName);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            states[reader.GetString(0)] = new DocumentState(
                reader.GetString(0),
                reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : DateTimeOffset.Parse(reader.GetString(4), System.Globalization.CultureInfo.InvariantCulture));
        }

        return states;
    }

    /// <inheritdoc />
    public Task<IGenerationWriter> BeginGenerationAsync(string embeddingModel, int dimensions, CancellationToken cancellationToken = default) =>
        GuardAsync(() => StartGenerationAsync(embeddingModel, dimensions, cancellationToken));

    private async Task<IGenerationWriter> StartGenerationAsync(string embeddingModel, int dimensions, CancellationToken cancellationToken)
    {
        // One writer at a time, across processes. The OS releases the lock when a killed process dies, which is
        // what makes abandoned 'writing' generations safe to delete below.
        FileStream lockFile;
        try
        {
            lockFile = new FileStream(_lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (IOException exception)
        {
            throw new StoreBusyException($"Another ingestion run is writing to '{DataDirectory}'.", exception);
        }

        try
        {
            var connection = await OpenAsync(cancellationToken);
            await ExecuteAsync(connection, """
                DELETE FROM chunks WHERE generation IN (SELECT id FROM generations WHERE state <> 'committed');
                DELETE FROM documents WHERE generation IN (SELECT id FROM generations WHERE state <> 'committed');
                DELETE FROM generations WHERE state <> 'committed';
                """, cancellationToken);
            var current = await CommittedGenerationAsync(connection, cancellationToken);
            await using var insert = connection.CreateCommand();
            insert.CommandText = """
                INSERT INTO generations (state, started_at, model, dimensions) VALUES ('writing', $t, $m, $d);
                SELECT last_insert_rowid();
                """;
            insert.Parameters.AddWithValue("$t", DateTimeOffset.UtcNow.ToString("O"));
            insert.Parameters.AddWithValue("$m", embeddingModel);
            insert.Parameters.AddWithValue("$d", dimensions);
            var generation = (long)(await insert.ExecuteScalarAsync(cancellationToken))!;
            Log.GenerationStarted(_logger, generation, current);
            return new GenerationWriter(this, connection, lockFile, generation, current, dimensions);
        }
        catch
        {
            await lockFile.DisposeAsync();
            throw;
        }
    }

    private Task<IndexSnapshot> GetSnapshotAsync(CancellationToken cancellationToken) =>
        GuardAsync(() => ReadSnapshotAsync(cancellationToken), parsesRows: true);

    private async Task<IndexSnapshot> ReadSnapshotAsync(CancellationToken cancellationToken)
    {
        var snapshot = _snapshot;
        var now = Environment.TickCount64;
        if (snapshot.Info.Generation != 0 && now - Interlocked.Read(ref _checkedAtTicks) < RefreshInterval.TotalMilliseconds)
        {
            return snapshot;
        }

        await _loadLock.WaitAsync(cancellationToken);
        try
        {
            if (_snapshot != snapshot && now - Interlocked.Read(ref _checkedAtTicks) < RefreshInterval.TotalMilliseconds)
            {
                return _snapshot;
            }

            await using var connection = await OpenAsync(cancellationToken);
            var generation = await CommittedGenerationAsync(connection, cancellationToken);
            if (generation != _snapshot.Info.Generation)
            {
                _snapshot = await LoadAsync(connection, generation, cancellationToken);
            }

            Interlocked.Exchange(ref _checkedAtTicks, Environment.TickCount64);
            return _snapshot;
        }
        finally
        {
            _loadLock.Release();
        }
    }

    /// <summary>A read-only view of the serving generation, with all its chunks.</summary>
    public async Task<IndexView> ViewAsync(CancellationToken cancellationToken = default) => new(await GetSnapshotAsync(cancellationToken));

    /// <summary>Forces the next read to look for a newer committed generation.</summary>
    public void Refresh() => Interlocked.Exchange(ref _checkedAtTicks, 0);

    private async Task<IndexSnapshot> LoadAsync(SqliteConnection connection, long generation, CancellationToken cancellationToken)
    {
        if (generation == 0)
        {
            return IndexSnapshot.Empty;
        }

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        string? model = null;
        var dimensions = 0;
        DateTimeOffset? committedAt = null;
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT model, dimensions, committed_at FROM generations WHERE id = $g";
            command.Parameters.AddWithValue("$g", generation);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                model = reader.GetString(0);
                dimensions = reader.GetInt32(1);
                // A generation being written (previewed before it commits) has no commit time yet.
                committedAt = reader.IsDBNull(2) ? null : DateTimeOffset.Parse(reader.GetString(2), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        var chunks = new List<Chunk>();
        var vectors = new List<float>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                SELECT chunk_id, doc_id, ordinal, source_name, source_type, title, url, section, anchor, question, keywords, text, last_modified, vector
                FROM chunks WHERE generation = $g ORDER BY doc_id, ordinal
                """;
            command.Parameters.AddWithValue("$g", generation);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                chunks.Add(new Chunk
                {
                    Id = reader.GetString(0),
                    DocumentId = reader.GetString(1),
                    Ordinal = reader.GetInt32(2),
                    SourceName = reader.GetString(3),
                    SourceType = Enum.Parse<SourceType>(reader.GetString(4)),
                    Title = reader.GetString(5),
                    Url = reader.GetString(6),
                    Section = reader.GetString(7),
                    Anchor = reader.IsDBNull(8) ? null : reader.GetString(8),
                    Question = reader.IsDBNull(9) ? null : reader.GetString(9),
                    Keywords = reader.GetString(10).Split('\u001f', StringSplitOptions.RemoveEmptyEntries),
                    Text = reader.GetString(11),
                    LastModified = reader.IsDBNull(12) ? null : DateTimeOffset.Parse(reader.GetString(12), System.Globalization.CultureInfo.InvariantCulture),
                });
                var blob = (byte[])reader.GetValue(13);
                vectors.AddRange(MemoryMarshal.Cast<byte, float>(blob));
            }
        }

        var documents = chunks
            .GroupBy(c => c.SourceName, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(c => c.DocumentId).Distinct(StringComparer.Ordinal).Count(), StringComparer.Ordinal);
        var info = new StoreInfo(generation, committedAt, model, documents, chunks.Count);
        var snapshot = new IndexSnapshot(info, [.. chunks], [.. vectors], dimensions);
        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        Log.GenerationLoaded(_logger, generation, chunks.Count, elapsed);
        return snapshot;
    }

    /// <summary>
    /// Runs a database operation and turns the errors that mean the file itself cannot be used (not a database,
    /// corrupt, truncated, unreadable) into <see cref="KnowledgeStoreUnavailableException"/> naming the file;
    /// busy and locked stay as they are, because waiting helps there. With <paramref name="parsesRows"/>, rows that
    /// do not parse (text where a date, a source type or a vector should be) count as corrupt too: in those reads
    /// nothing else can raise such errors.
    /// </summary>
    private async Task<T> GuardAsync<T>(Func<Task<T>> operation, bool parsesRows = false)
    {
        try
        {
            var result = await operation();
            Volatile.Write(ref _unavailableLogged, 0);
            return result;
        }
        catch (Exception exception) when (UnavailableReason(exception, parsesRows) is { } reason)
        {
            if (Interlocked.Exchange(ref _unavailableLogged, 1) == 0)
            {
                Log.StoreUnavailable(_logger, DatabasePath, reason);
            }

            throw new KnowledgeStoreUnavailableException(DatabasePath, reason, exception);
        }
    }

    private static string? UnavailableReason(Exception exception, bool parsesRows) => exception switch
    {
        SqliteException sqlite when sqlite.SqliteErrorCode is SqliteIoError or SqliteCorrupt or SqliteCantOpen or SqliteNotADatabase => sqlite.Message,
        FormatException or InvalidCastException or OverflowException or ArgumentException when parsesRows && exception is not ArgumentNullException =>
            $"onleesbare inhoud: {exception.Message}",
        _ => null,
    };

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;", cancellationToken);
        if (!_schemaReady)
        {
            await ExecuteAsync(connection, """
                CREATE TABLE IF NOT EXISTS generations (
                    id INTEGER PRIMARY KEY AUTOINCREMENT, state TEXT NOT NULL, started_at TEXT NOT NULL, committed_at TEXT,
                    model TEXT NOT NULL, dimensions INTEGER NOT NULL);
                CREATE TABLE IF NOT EXISTS documents (
                    generation INTEGER NOT NULL, doc_id TEXT NOT NULL, source_name TEXT NOT NULL, source_type TEXT NOT NULL,
                    title TEXT NOT NULL, url TEXT NOT NULL, content_hash TEXT NOT NULL, etag TEXT, http_last_modified TEXT,
                    last_modified TEXT, chunk_count INTEGER NOT NULL, PRIMARY KEY (generation, doc_id));
                CREATE INDEX IF NOT EXISTS documents_source ON documents (generation, source_name);
                CREATE TABLE IF NOT EXISTS chunks (
                    generation INTEGER NOT NULL, chunk_id TEXT NOT NULL, doc_id TEXT NOT NULL, ordinal INTEGER NOT NULL,
                    source_name TEXT NOT NULL, source_type TEXT NOT NULL, title TEXT NOT NULL, url TEXT NOT NULL,
                    section TEXT NOT NULL, anchor TEXT, question TEXT, keywords TEXT NOT NULL, text TEXT NOT NULL,
                    last_modified TEXT, vector BLOB NOT NULL, PRIMARY KEY (generation, chunk_id));
                CREATE INDEX IF NOT EXISTS chunks_doc ON chunks (generation, doc_id);
                CREATE INDEX IF NOT EXISTS chunks_source ON chunks (generation, source_name);
                """, cancellationToken);
            _schemaReady = true;
        }

        return connection;
    }

    private static async Task<long> CommittedGenerationAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(MAX(id), 0) FROM generations WHERE state = 'committed'";
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken, SqliteTransaction? transaction = null)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc />
    public void Dispose() => _loadLock.Dispose();

    private sealed class GenerationWriter(
        EmbeddedKnowledgeStore store, SqliteConnection connection, FileStream lockFile, long generation, long current, int dimensions) : IGenerationWriter, IGenerationPreview
    {
        private SqliteTransaction? _batch;
        private int _batchSize;
        private bool _committed;

        public long Generation => generation;

        private async Task<SqliteTransaction> BatchAsync(CancellationToken cancellationToken)
        {
            // Committing every few hundred documents keeps memory flat; invisible to readers until the generation commits.
            if (_batch is not null && _batchSize >= 200)
            {
                await _batch.CommitAsync(cancellationToken);
                await _batch.DisposeAsync();
                _batch = null;
            }

            if (_batch is null)
            {
                _batch = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
                _batchSize = 0;
            }

            _batchSize++;
            return _batch;
        }

        public Task AddDocumentAsync(SourceDocument document, IReadOnlyList<EmbeddedChunk> chunks, CancellationToken cancellationToken = default) =>
            store.GuardAsync(async () =>
            {
                await WriteDocumentAsync(document, chunks, cancellationToken);
                return true;
            });

        public Task ImportDocumentAsync(StoredDocument document, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(document);
            return store.GuardAsync(async () =>
            {
                await WriteDocumentAsync(document.Document, document.Chunks, cancellationToken);
                return true;
            });
        }

        private Task WriteDocumentAsync(SourceDocument document, IReadOnlyList<EmbeddedChunk> chunks, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(document);
            return WriteDocumentAsync(DocumentRecord.From(document), chunks, cancellationToken);
        }

        private async Task WriteDocumentAsync(DocumentRecord document, IReadOnlyList<EmbeddedChunk> chunks, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(chunks);
            var transaction = await BatchAsync(cancellationToken);
            await using (var delete = connection.CreateCommand())
            {
                // The same id twice in one run (e.g. two readers of one source) keeps the last one.
                delete.Transaction = transaction;
                delete.CommandText = "DELETE FROM chunks WHERE generation = $g AND doc_id = $d; DELETE FROM documents WHERE generation = $g AND doc_id = $d;";
                delete.Parameters.AddWithValue("$g", generation);
                delete.Parameters.AddWithValue("$d", document.Id);
                await delete.ExecuteNonQueryAsync(cancellationToken);
            }

            await using (var insert = connection.CreateCommand())
            {
                insert.Transaction = transaction;
                insert.CommandText = """
                    INSERT INTO documents (generation, doc_id, source_name, source_type, title, url, content_hash, etag, http_last_modified, last_modified, chunk_count)
                    VALUES ($g, $d, $s, $t, $title, $url, $h, $etag, $hlm, $lm, $n)
                    """;
                insert.Parameters.AddWithValue("$g", generation);
                insert.Parameters.AddWithValue("$d", document.Id);
                insert.Parameters.AddWithValue("$s", document.SourceName);
                insert.Parameters.AddWithValue("$t", document.Type.ToString());
                insert.Parameters.AddWithValue("$title", document.Title);
                insert.Parameters.AddWithValue("$url", document.Url);
                insert.Parameters.AddWithValue("$h", document.State.ContentHash);
                insert.Parameters.AddWithValue("$etag", (object?)document.State.ETag ?? DBNull.Value);
                insert.Parameters.AddWithValue("$hlm", (object?)document.State.HttpLastModified ?? DBNull.Value);
                insert.Parameters.AddWithValue("$lm", (object?)document.State.LastModified?.ToString("O") ?? DBNull.Value);
                insert.Parameters.AddWithValue("$n", chunks.Count);
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }

            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                INSERT INTO chunks (generation, chunk_id, doc_id, ordinal, source_name, source_type, title, url, section, anchor, question, keywords, text, last_modified, vector)
                VALUES ($g, $id, $d, $o, $s, $t, $title, $url, $section, $anchor, $q, $k, $text, $lm, $v)
                """;
            var parameters = new[] { "$g", "$id", "$d", "$o", "$s", "$t", "$title", "$url", "$section", "$anchor", "$q", "$k", "$text", "$lm", "$v" }
                .ToDictionary(name => name, name => command.Parameters.Add(new SqliteParameter { ParameterName = name }));
            foreach (var (chunk, vector) in chunks)
            {
                if (vector.Length != dimensions)
                {
                    throw new InvalidOperationException($"Chunk '{chunk.Id}' has {vector.Length} dimensions; this generation has {dimensions}.");
                }

                parameters["$g"].Value = generation;
                parameters["$id"].Value = chunk.Id;
                parameters["$d"].Value = chunk.DocumentId;
                parameters["$o"].Value = chunk.Ordinal;
                parameters["$s"].Value = chunk.SourceName;
                parameters["$t"].Value = chunk.SourceType.ToString();
                parameters["$title"].Value = chunk.Title;
                parameters["$url"].Value = chunk.Url;
                parameters["$section"].Value = chunk.Section;
                parameters["$anchor"].Value = (object?)chunk.Anchor ?? DBNull.Value;
                parameters["$q"].Value = (object?)chunk.Question ?? DBNull.Value;
                parameters["$k"].Value = string.Join('\u001f', chunk.Keywords);
                parameters["$text"].Value = chunk.Text;
                parameters["$lm"].Value = (object?)chunk.LastModified?.ToString("O") ?? DBNull.Value;
                parameters["$v"].Value = MemoryMarshal.AsBytes(vector.Span).ToArray();
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        public async Task<bool> KeepDocumentAsync(string documentId, CancellationToken cancellationToken = default) =>
            await CopyAsync("doc_id", documentId, cancellationToken) > 0;

        public Task<int> KeepSourceAsync(string sourceName, CancellationToken cancellationToken = default) =>
            CopyAsync("source_name", sourceName, cancellationToken);

        private Task<int> CopyAsync(string column, string value, CancellationToken cancellationToken) =>
            store.GuardAsync(() => CopyRowsAsync(column, value, cancellationToken));

        private async Task<int> CopyRowsAsync(string column, string value, CancellationToken cancellationToken)
        {
            var transaction = await BatchAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"""
                INSERT OR REPLACE INTO documents SELECT $new, doc_id, source_name, source_type, title, url, content_hash, etag, http_last_modified, last_modified, chunk_count
                FROM documents WHERE generation = $cur AND {column} = $v;
                INSERT OR REPLACE INTO chunks SELECT $new, chunk_id, doc_id, ordinal, source_name, source_type, title, url, section, anchor, question, keywords, text, last_modified, vector
                FROM chunks WHERE generation = $cur AND {column} = $v;
                """;
            command.Parameters.AddWithValue("$new", generation);
            command.Parameters.AddWithValue("$cur", current);
            command.Parameters.AddWithValue("$v", value);
            await command.ExecuteNonQueryAsync(cancellationToken);
            await using var count = connection.CreateCommand();
            count.Transaction = transaction;
            count.CommandText = $"SELECT COUNT(*) FROM documents WHERE generation = $new AND {column} = $v";
            count.Parameters.AddWithValue("$new", generation);
            count.Parameters.AddWithValue("$v", value);
            return (int)(long)(await count.ExecuteScalarAsync(cancellationToken))!;
        }

        public Task<IKnowledgeStore> PreviewAsync(CancellationToken cancellationToken = default) =>
            store.GuardAsync<IKnowledgeStore>(async () =>
            {
                if (_batch is not null)
                {
                    await _batch.CommitAsync(cancellationToken);
                    await _batch.DisposeAsync();
                    _batch = null;
                }

                return new IndexView(await store.LoadAsync(connection, generation, cancellationToken));
            });

        public Task CommitAsync(CancellationToken cancellationToken = default) =>
            store.GuardAsync(async () =>
            {
                await CommitGenerationAsync(cancellationToken);
                return true;
            });

        private async Task CommitGenerationAsync(CancellationToken cancellationToken)
        {
            if (_batch is not null)
            {
                await _batch.CommitAsync(cancellationToken);
                await _batch.DisposeAsync();
                _batch = null;
            }

            await using (var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken))
            {
                await ExecuteAsync(connection, $"""
                    UPDATE generations SET state = 'committed', committed_at = '{DateTimeOffset.UtcNow:O}' WHERE id = {generation};
                    DELETE FROM chunks WHERE generation < {generation};
                    DELETE FROM documents WHERE generation < {generation};
                    DELETE FROM generations WHERE id < {generation};
                    """, cancellationToken, transaction);
                await transaction.CommitAsync(cancellationToken);
            }

            _committed = true;
            await ExecuteAsync(connection, "PRAGMA wal_checkpoint(TRUNCATE);", cancellationToken);
            Log.GenerationCommitted(store._logger, generation);
            store.Refresh();
        }

        public async ValueTask DisposeAsync()
        {
            if (_batch is not null)
            {
                await _batch.DisposeAsync();
            }

            if (!_committed)
            {
                // Best effort: what stays behind is removed by the next writer.
                try
                {
                    await ExecuteAsync(connection, $"""
                        DELETE FROM chunks WHERE generation = {generation};
                        DELETE FROM documents WHERE generation = {generation};
                        DELETE FROM generations WHERE id = {generation};
                        """, CancellationToken.None);
                    Log.GenerationAbandoned(store._logger, generation);
                }
                catch (SqliteException)
                {
                }
            }

            await connection.DisposeAsync();
            await lockFile.DisposeAsync();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Writing generation {Generation} (serving {Current})")]
        public static partial void GenerationStarted(ILogger logger, long generation, long current);

        [LoggerMessage(Level = LogLevel.Information, Message = "Committed generation {Generation}")]
        public static partial void GenerationCommitted(ILogger logger, long generation);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Abandoned generation {Generation}; the previous generation keeps serving")]
        public static partial void GenerationAbandoned(ILogger logger, long generation);

        [LoggerMessage(Level = LogLevel.Information, Message = "Loaded generation {Generation}: {Chunks} chunks in {Milliseconds:F0} ms")]
        public static partial void GenerationLoaded(ILogger logger, long generation, int chunks, double milliseconds);

        [LoggerMessage(Level = LogLevel.Error, Message = "The index database {Path} cannot be used ({Reason}); restore a backup of it, or move it away and ingest again")]
        public static partial void StoreUnavailable(ILogger logger, string path, string reason);
    }
}
