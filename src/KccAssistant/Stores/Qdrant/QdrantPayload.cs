using System.Globalization;
using Google.Protobuf.Collections;
using KccAssistant.Documents;
using Qdrant.Client.Grpc;

namespace KccAssistant.Stores.Qdrant;

/// <summary>
/// How a chunk and its document's state are stored as a point's payload, and the filters over it. Every point carries
/// its tenant, and every filter built here requires it: even a collection name mix-up cannot return another
/// municipality's chunks.
/// </summary>
public static class QdrantPayload
{
    /// <summary>Payload keys.</summary>
    public static class Keys
    {
#pragma warning disable CS1591 // The names say it; they are the payload's field names on the server.
        public const string Tenant = "tenant";
        public const string ChunkId = "chunk_id";
        public const string DocumentId = "doc_id";
        public const string Ordinal = "ordinal";
        public const string SourceName = "source_name";
        public const string SourceType = "source_type";
        public const string Title = "title";
        public const string Url = "url";
        public const string Section = "section";
        public const string Anchor = "anchor";
        public const string Question = "question";
        public const string Keywords = "keywords";
        public const string Text = "text";
        public const string LastModified = "last_modified";
        public const string DocumentTitle = "doc_title";
        public const string DocumentUrl = "doc_url";
        public const string DocumentType = "doc_type";
        public const string ContentHash = "content_hash";
        public const string ETag = "etag";
        public const string HttpLastModified = "http_last_modified";
        public const string DocumentLastModified = "doc_last_modified";
#pragma warning restore CS1591
    }

    /// <summary>The fields with a payload index: what filters and document look-ups match on.</summary>
    public static IReadOnlyList<string> IndexedKeywordFields { get; } = [Keys.Tenant, Keys.SourceName, Keys.SourceType, Keys.DocumentId];

    /// <summary>The payload of one chunk of <paramref name="document"/>.</summary>
    public static Dictionary<string, Value> From(string tenant, DocumentRecord document, Chunk chunk)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(chunk);
        var payload = new Dictionary<string, Value>(StringComparer.Ordinal)
        {
            [Keys.Tenant] = tenant,
            [Keys.ChunkId] = chunk.Id,
            [Keys.DocumentId] = chunk.DocumentId,
            [Keys.Ordinal] = (long)chunk.Ordinal,
            [Keys.SourceName] = chunk.SourceName,
            [Keys.SourceType] = chunk.SourceType.ToString(),
            [Keys.Title] = chunk.Title,
            [Keys.Url] = chunk.Url,
            [Keys.Section] = chunk.Section,
            [Keys.Keywords] = chunk.Keywords.ToArray(),
            [Keys.Text] = chunk.Text,
            [Keys.DocumentTitle] = document.Title,
            [Keys.DocumentUrl] = document.Url,
            [Keys.DocumentType] = document.Type.ToString(),
            [Keys.ContentHash] = document.State.ContentHash,
        };
        SetOptional(payload, Keys.Anchor, chunk.Anchor);
        SetOptional(payload, Keys.Question, chunk.Question);
        SetOptional(payload, Keys.LastModified, chunk.LastModified?.ToString("O", CultureInfo.InvariantCulture));
        SetOptional(payload, Keys.ETag, document.State.ETag);
        SetOptional(payload, Keys.HttpLastModified, document.State.HttpLastModified);
        SetOptional(payload, Keys.DocumentLastModified, document.State.LastModified?.ToString("O", CultureInfo.InvariantCulture));
        return payload;
    }

    /// <summary>The chunk a payload describes.</summary>
    public static Chunk ToChunk(IReadOnlyDictionary<string, Value> payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        return new Chunk
        {
            Id = Text(payload, Keys.ChunkId),
            DocumentId = Text(payload, Keys.DocumentId),
            Ordinal = checked((int)payload[Keys.Ordinal].IntegerValue),
            SourceName = Text(payload, Keys.SourceName),
            SourceType = Enum.Parse<SourceType>(Text(payload, Keys.SourceType)),
            Title = Text(payload, Keys.Title),
            Url = Text(payload, Keys.Url),
            Section = OptionalText(payload, Keys.Section) ?? "",
            Anchor = OptionalText(payload, Keys.Anchor),
            Question = OptionalText(payload, Keys.Question),
            Keywords = payload.TryGetValue(Keys.Keywords, out var keywords) && keywords.KindCase == Value.KindOneofCase.ListValue
                ? keywords.ListValue.Values.Select(v => v.StringValue).ToArray()
                : [],
            Text = Text(payload, Keys.Text),
            LastModified = Date(payload, Keys.LastModified),
        };
    }

    /// <summary>The document record a chunk's payload carries.</summary>
    public static DocumentRecord ToDocument(IReadOnlyDictionary<string, Value> payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var id = Text(payload, Keys.DocumentId);
        return new DocumentRecord(
            id,
            Text(payload, Keys.SourceName),
            Enum.Parse<SourceType>(Text(payload, Keys.DocumentType)),
            Text(payload, Keys.DocumentTitle),
            Text(payload, Keys.DocumentUrl),
            new DocumentState(id, Text(payload, Keys.ContentHash), OptionalText(payload, Keys.ETag), OptionalText(payload, Keys.HttpLastModified), Date(payload, Keys.DocumentLastModified)));
    }

    /// <summary>A read-only view of a point's payload map.</summary>
    public static IReadOnlyDictionary<string, Value> View(MapField<string, Value> payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        return payload;
    }

    /// <summary>The tenant's chunks that pass <paramref name="filter"/>: the filter of every search and scroll.</summary>
    public static Filter Build(string tenant, ChunkFilter? filter = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        var built = new Filter();
        built.Must.Add(Conditions.MatchKeyword(Keys.Tenant, tenant));
        if (filter is null)
        {
            return built;
        }

        if (filter.SourceNames is { Count: > 0 } sources)
        {
            built.Must.Add(Conditions.Match(Keys.SourceName, sources.Order(StringComparer.Ordinal).ToList()));
        }

        if (filter.SourceTypes is { Count: > 0 } types)
        {
            built.Must.Add(Conditions.Match(Keys.SourceType, types.Select(t => t.ToString()).Order(StringComparer.Ordinal).ToList()));
        }

        if (filter.DocumentIds is { Count: > 0 } documents)
        {
            built.Must.Add(Conditions.Match(Keys.DocumentId, documents.Order(StringComparer.Ordinal).ToList()));
        }

        return built;
    }

    /// <summary>The tenant's chunks whose <paramref name="key"/> equals <paramref name="value"/> (one document, one source).</summary>
    public static Filter Where(string tenant, string key, string value)
    {
        var built = Build(tenant);
        built.Must.Add(Conditions.MatchKeyword(key, value));
        return built;
    }

    private static void SetOptional(Dictionary<string, Value> payload, string key, string? value)
    {
        if (value is not null)
        {
            payload[key] = value;
        }
    }

    private static string Text(IReadOnlyDictionary<string, Value> payload, string key) =>
        payload.TryGetValue(key, out var value) && value.KindCase == Value.KindOneofCase.StringValue
            ? value.StringValue
            : throw new FormatException($"Het veld '{key}' ontbreekt in de payload of is geen tekst.");

    private static string? OptionalText(IReadOnlyDictionary<string, Value> payload, string key) =>
        payload.TryGetValue(key, out var value) && value.KindCase == Value.KindOneofCase.StringValue ? value.StringValue : null;

    private static DateTimeOffset? Date(IReadOnlyDictionary<string, Value> payload, string key) =>
        OptionalText(payload, key) is { } text ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind) : null;
}
